"""``urbanista import dataset`` with CSV files whose lines mix UTF-8 and cp1250, as stitched
exports do: decoded line by line, as the reports import does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.workspace import Workspace
from tests.analysis.test_cli_import import urbanista

HEADER = "nr;ulica;liczba_miejsc;lon;lat"
STREETS = ["Żółkiewskiego", "Świętokrzyska", "Łódzka", "Źródlana"]


def line(number: int, street: str) -> str:
    return f"{number};ul. {street};8;{19.95 + number / 1000:.4f};{51.32 + number / 1000:.4f}\n"


def mixed_csv(path: Path, bad: bytes = b"") -> Path:
    """Header and two stands in UTF-8, two in cp1250, then ``bad`` and a last stand in UTF-8."""
    utf8 = HEADER + "\n" + line(1, STREETS[0]) + line(2, STREETS[1])
    cp1250 = line(3, STREETS[2]) + line(4, STREETS[3])
    path.write_bytes(utf8.encode() + cp1250.encode("cp1250") + bad + line(5, "Wodna").encode())
    return path


def run(path: Path, ws: Path) -> tuple[int, dict]:
    result = urbanista("import", "dataset", str(path), "-w", str(ws), "--json")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


def streets(ws: Path) -> dict[str, str]:
    layer = Workspace.open(ws).read_layer("stojaki")
    return dict(zip(layer["nr"].astype(str), layer["ulica"], strict=True))


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return Workspace.create(tmp_path / "miasto.gpkg").path


def test_polish_street_names_in_utf8_and_cp1250_lines_all_come_out_right(
    ws: Path, tmp_path: Path
) -> None:
    code, summary = run(mixed_csv(tmp_path / "stojaki.csv"), ws)
    assert code == 0 and (summary["imported"], summary["rejected"]) == (5, 0)
    assert streets(ws) == {str(i): f"ul. {s}" for i, s in enumerate([*STREETS, "Wodna"], 1)}


def test_a_line_neither_utf8_nor_cp1250_is_left_out_by_number_and_the_rest_imported(
    ws: Path, tmp_path: Path
) -> None:
    path = mixed_csv(tmp_path / "stojaki.csv", bad=b"9;ul. \x81\x98;8;19.9500;51.3200\n")
    code, summary = run(path, ws)
    assert code == 0 and (summary["imported"], summary["rejected"]) == (5, 1)
    [rejected] = summary["files"][0]["rejected"]
    assert rejected["where"] == "line 6"
    assert sorted(streets(ws)) == ["1", "2", "3", "4", "5"]
    assert streets(ws)["3"] == "ul. Łódzka"


def test_a_header_neither_utf8_nor_cp1250_refuses_the_file_naming_the_line(
    ws: Path, tmp_path: Path
) -> None:
    path = tmp_path / "stojaki.csv"
    path.write_bytes(b"nr;ulica\x81;lon;lat\n" + line(1, STREETS[0]).encode())
    before = ws.read_bytes()
    code, summary = run(path, ws)
    assert code == 1
    assert [r["reason"] for r in summary["files"][0]["rejected"]] == [
        "line 1 (the header): the line is neither utf-8 nor cp1250 text; save the file as "
        "'CSV UTF-8' and import it again"
    ]
    assert ws.read_bytes() == before


def test_the_catalogue_and_the_summary_say_the_lines_in_cp1250_and_why_one_was_left_out(
    ws: Path, tmp_path: Path
) -> None:
    path = mixed_csv(tmp_path / "stojaki.csv", bad=b"9;ul. \x81\x98;8;19.9500;51.3200\n")
    code, summary = run(path, ws)
    assert code == 0
    assert summary["files"][0]["rejected"] == [
        {"where": "line 6", "reason": "the line is neither utf-8 nor cp1250 text"}
    ]
    assert summary["files"][0]["notes"] == ["3 line(s) not UTF-8, read as cp1250"]
    quality = Workspace.open(ws).entry("stojaki").quality
    assert quality["text_encoding"] == "utf-8, 3 line(s) in cp1250"
