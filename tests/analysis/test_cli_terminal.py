"""What the terminal shows: names from files escaped, library warnings through logging."""

from __future__ import annotations

import json
import logging
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import click
import numpy as np
import pytest
from click.testing import CliRunner, Result

from analysis.cli import cli
from analysis.printable import printable, printable_json
from analysis.workspace import DatasetKind, Workspace
from tests.analysis.conftest import points_2180

NAMES = {
    "newline": ("dane\nnowe", "dane\\nnowe"),
    "ansi": ("czerwony\x1b[31m\x1b]0;tytul\x07", "czerwony\\x1b[31m\\x1b]0;tytul\\x07"),
    "bidi": ("parki\u202exoc", "parki\\u202exoc"),
    "carriage return": ("stare\rnowe", "stare\\rnowe"),
}
"""A name holding each kind of character that steers a terminal, and how it is shown."""

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
"""What must never reach the terminal raw (newlines are checked line by line)."""


def run(*args: str) -> Result:
    """The CLI as on a terminal: click strips no escape sequence of its own."""
    return CliRunner().invoke(cli, list(args), color=True)


def clean(text: str) -> str:
    assert not RAW.search(text), repr(text)
    return text


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path / "miasto.gpkg")


def named(folder: Path, stem: str, suffix: str, text: str) -> Path:
    """``folder/stem+suffix`` holding ``text``; a skip where the file system refuses the name."""
    path = folder / f"{stem}{suffix}"
    try:
        path.write_text(text, encoding="utf-8")
    except (OSError, ValueError) as exc:
        pytest.skip(f"this file system refuses {stem!r}: {exc}")
    return path


def points(n: int) -> str:
    """A CSV of ``n`` points in the workspace's area (read without GDAL, which cannot open
    a name holding a newline)."""
    wgs84 = points_2180(n).to_crs("EPSG:4326")
    return "lon;lat\n" + "".join(f"{p.x:.6f};{p.y:.6f}\n" for p in wgs84.geometry)


def test_printable_escapes_controls_and_format_characters_and_keeps_letters() -> None:
    text = "a\nb\r\t\x1b[2J\x07\x85\x9b\u202e\u200b\u2028\udcff żółć\xa0C:\\dane\\x.csv"
    assert printable(text) == (
        "a\\nb\\r\\t\\x1b[2J\\x07\\x85\\x9b\\u202e\\u200b\\u2028\\udcff żółć\xa0C:\\dane\\x.csv"
    )
    assert printable("Łódź, ul. Piotrkowska 1") == "Łódź, ul. Piotrkowska 1"
    data = {"path": text, "n": 1}
    shown = printable_json(data)
    assert json.loads(shown) == data  # the same JSON, only spelled with escapes
    assert "żółć" in shown and "\\u202e" in shown and "\\u009b" in shown
    clean(shown.replace("\n", ""))


@pytest.mark.parametrize("kind", NAMES)
def test_an_import_shows_bad_names_escaped_one_line_each(
    kind: str, ws: Workspace, tmp_path: Path
) -> None:
    raw, shown = NAMES[kind]
    folder = tmp_path / "dane"
    folder.mkdir()
    named(folder, raw, " dobry.csv", points(3))
    named(folder, raw, " zly.csv", "nazwa;opis\nrower;stojak\n")
    result = run("import", "dataset", str(folder), "-w", str(ws.path))
    assert result.exit_code == 0, result.output
    out, err = clean(result.stdout), clean(result.stderr)
    assert out.splitlines()[0].startswith("datasets: 3 imported, 0 skipped")
    [rejected] = [line for line in out.splitlines() if line.startswith("  rejected")]
    assert f"{printable(folder)}/{shown} zly.csv: no coordinate columns" in rejected
    assert f"{shown} zly.csv" in err  # the progress line of the file
    assert len(err.splitlines()) == 3  # each file, then done: one line each
    assert ws.entry(ws.entries()[0].name).feature_count == 3


def test_the_json_summary_holds_the_real_names_and_shows_them_escaped(
    ws: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "dane"
    folder.mkdir()
    paths = [named(folder, raw, ".csv", points(2)) for raw, _ in NAMES.values()]
    result = run("import", "dataset", *map(str, paths), "-w", str(ws.path), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(clean(result.stdout))  # only the JSON; progress went to stderr
    assert sorted(f["path"] for f in summary["files"]) == sorted(map(str, paths))
    assert summary["imported"] == 2 * len(paths)


@pytest.mark.parametrize("kind", NAMES)
def test_an_error_naming_a_bad_file_is_one_escaped_line(kind: str, tmp_path: Path) -> None:
    raw, shown = NAMES[kind]
    empty = named(tmp_path, raw, ".geojson", '{"type": "FeatureCollection", "features": []}')
    result = run("heatmap", str(empty), "-o", str(tmp_path / "cieplo.tif"))
    assert result.exit_code == 1
    [line] = clean(result.stderr).splitlines()
    assert line.startswith("urbanista: error: ") and f"{shown}.geojson" in line
    assert not (tmp_path / "cieplo.tif").exists()


def test_a_usage_error_naming_a_missing_file_is_escaped(ws: Workspace, tmp_path: Path) -> None:
    missing = tmp_path / "nie\x1b[2Jma\nplik\u202e.csv"
    result = run("import", "reports", str(missing), "-w", str(ws.path))
    assert result.exit_code == 2
    err = clean(result.stderr)
    assert "nie\\x1b[2Jma\\nplik\\u202e.csv" in err and "does not exist" in err


def test_workspace_info_shows_a_layers_names_escaped(ws: Workspace) -> None:
    with ws.transaction() as tx:  # licences and titles come from files and other cities
        tx.write_layer(
            points_2180(2),
            "punkty",
            DatasetKind.DATASET,
            title="Punkty\u202e",
            licence="CC\x1b[31m BY\n4.0",
        )
    result = run("workspace", "info", str(ws.path))
    assert result.exit_code == 0, result.output
    [row] = [line for line in clean(result.stdout).splitlines() if "punkty" in line]
    assert "CC\\x1b[31m BY\\n4.0" in row
    info = run("workspace", "info", str(ws.path), "--json")
    assert json.loads(clean(info.stdout.replace("\n", "")))["datasets"][0]["licence"] == (
        "CC\x1b[31m BY\n4.0"
    )


@pytest.fixture
def noisy() -> Iterator[click.Command]:
    """A command whose work makes numpy warn and logs as Urbanista and a library do."""

    @click.command("noisy")
    def command() -> None:
        np.divide(np.zeros(3), np.zeros(3))  # invalid value encountered in divide
        logging.getLogger("analysis.io.example").warning("read %s", "zły\nplik\x1b[31m.csv")
        logging.getLogger("rasterio._env").warning("a library's chatter")

    root = logging.getLogger()
    level = root.level
    cli.add_command(command)
    yield command
    del cli.commands["noisy"]
    root.setLevel(level)


def test_library_warnings_go_through_logging_shown_with_debug(noisy: click.Command) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("default")  # as outside pytest
        quiet = run("noisy")
        loud = run("--debug", "noisy")
    assert quiet.exit_code == 0 and loud.exit_code == 0
    assert clean(quiet.stderr).splitlines() == [
        "WARNING analysis.io.example: read zły\\nplik\\x1b[31m.csv"
    ]
    lines = clean(loud.stderr).splitlines()
    assert "RuntimeWarning" not in quiet.stderr
    assert "WARNING rasterio._env: a library's chatter" in lines
    [warned] = [line for line in lines if "RuntimeWarning" in line]
    assert warned.startswith("WARNING py.warnings: RuntimeWarning: invalid value encountered")
    source = Path(__file__).read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(source, 1) if "np.divide(np.zeros" in text)
    assert warned.endswith(f"({__file__}:{line})")  # where the warning came from
