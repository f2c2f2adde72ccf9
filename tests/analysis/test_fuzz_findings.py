"""What the importer fuzz test found, each kept as a small file built here (issue 14).

Every damaged file is imported beside a good one through ``urbanista``: the
damaged one is rejected with its reason, the good one imported.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from analysis.errors import InputError
from analysis.io.rasters import MAX_BANDS
from analysis.io.reports.readers import ReadLimits, read_xlsx
from analysis.workspace import Workspace
from tests.analysis.test_cli_bad_rasters_datasets import good_tif, squares, write_json
from tests.analysis.test_cli_import import urbanista
from tests.analysis.test_cli_reports_bad_input import XLSX_HEADER, workbook
from tests.analysis.test_rasters import write_tif

ROWS = [[i, "dziura", "02.01.2026 09:05", 51.32 + i / 1e4, 19.95] for i in range(1, 6)]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return Workspace.create(tmp_path / "miasto.gpkg").path


def imported(kind: str, ws: Path, *paths: Path) -> tuple[int, dict[str, str]]:
    """``urbanista import KIND PATHS --json``: features imported, {file name: first reason}."""
    done = urbanista("import", kind, *map(str, paths), "-w", str(ws), "--json")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    summary = json.loads(done.stdout)
    reasons = {
        Path(f["path"]).name: f["rejected"][0]["reason"] for f in summary["files"] if f["rejected"]
    }
    return summary["imported"], reasons


def rezipped(path: Path, change: dict[str, bytes]) -> Path:
    """``path`` written again with the members in ``change`` replaced."""
    with zipfile.ZipFile(path) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in {**members, **change}.items():
            zf.writestr(name, data)
    return path


def test_a_workbook_whose_content_types_lack_an_attribute_is_rejected(
    ws: Path, tmp_path: Path
) -> None:
    bad = workbook(tmp_path / "zle.xlsx", [("Dane", [XLSX_HEADER, *ROWS], "visible")])
    with zipfile.ZipFile(bad) as zf:
        types = zf.read("[Content_Types].xml").decode()
    rezipped(bad, {"[Content_Types].xml": types.replace(' ContentType="', ' Kind="').encode()})
    good = workbook(tmp_path / "dobre.xlsx", [("Dane", [XLSX_HEADER, *ROWS], "visible")])
    count, reasons = imported("reports", ws, bad, good)
    assert count == 5 and "not a readable XLSX workbook" in reasons["zle.xlsx"]


def test_a_workbook_cut_short_inside_a_member_is_rejected(ws: Path, tmp_path: Path) -> None:
    # Bytes gone from the first member: zipfile seeks before the file's start (EINVAL).
    bad = workbook(tmp_path / "zle.xlsx", [("Dane", [XLSX_HEADER, *ROWS], "visible")])
    data = bytearray(bad.read_bytes())
    del data[60:300]
    bad.write_bytes(bytes(data))
    good = workbook(tmp_path / "dobre.xlsx", [("Dane", [XLSX_HEADER, *ROWS], "visible")])
    count, reasons = imported("reports", ws, bad, good)
    assert count == 5 and "cannot be read from the ZIP" in reasons["zle.xlsx"]


def test_too_many_rows_in_a_workbook_say_so_not_damaged(tmp_path: Path) -> None:
    path = workbook(tmp_path / "duzo.xlsx", [("Dane", [XLSX_HEADER, *ROWS], "visible")])
    with pytest.raises(InputError, match=r"more than 3 records; split the file") as caught:
        list(read_xlsx(path, "duzo.xlsx", ReadLimits(max_rows=3)).rows)
    assert "damaged" not in str(caught.value)


def test_a_geotiff_of_too_many_bands_is_refused_from_its_header(ws: Path, tmp_path: Path) -> None:
    many = write_tif(tmp_path / "pasma.tif", np.ones((MAX_BANDS + 1, 2, 2), np.float32))
    good = good_tif(tmp_path / "dobry.tif")
    count, reasons = imported("raster", ws, many, good)
    assert count == 1
    assert f"has {MAX_BANDS + 1} bands, more than the limit of {MAX_BANDS}" in reasons["pasma.tif"]


def test_a_geojson_whose_name_is_not_utf8_is_rejected(ws: Path, tmp_path: Path) -> None:
    text = json.dumps({**squares(2), "name": "NAME"}).encode()
    bad = tmp_path / "zla.geojson"
    bad.write_bytes(text.replace(b"NAME", b"stojaki \xb3\xf3d\xbf"))  # cp1250 bytes
    good = write_json(tmp_path / "dobra.geojson", squares(3))
    count, reasons = imported("dataset", ws, bad, good)
    assert count == 3 and "cannot read it as a vector dataset" in reasons["zla.geojson"]
