"""``import reports|raster --file-timeout``: a file past its time budget is rejected, not the rest.

The clock is looked at every so many rows (reports) or windows (rasters), so a
small file passes even a budget of a millisecond, while a large one is given
up where it was reached.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rasterio
from affine import Affine

from analysis.io.rasters import WINDOW_PIXELS
from analysis.io.reports.records import CHECK_EVERY
from analysis.workspace import Workspace
from tests.analysis.test_cli_bad_rasters_datasets import good_tif, unchanged
from tests.analysis.test_cli_import import urbanista
from tests.analysis.test_cli_reports_bad_input import HEADER, row
from tests.analysis.test_workspace import sha256

BUDGET = "0.001"


def write_reports(path: Path, n: int) -> Path:
    lines = [HEADER, *(row(i, "Dziura w jezdni", shift=(i % 100) * 1e-4) for i in range(1, n + 1))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sparse_tif(path: Path, side: int) -> Path:
    """A ``side`` x ``side`` GeoTIFF of a few hundred bytes (its blocks unwritten: zeros)."""
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=side,
        height=side,
        count=1,
        dtype="uint8",
        crs="EPSG:2180",
        transform=Affine(1.0, 0.0, 560_000.0, 0.0, -1.0, 388_000.0),
        tiled=True,
        blockxsize=256,
        blockysize=256,
        sparse_ok=True,
    ):
        pass
    return path


def test_a_reports_file_past_its_budget_is_rejected_at_the_row_reached_and_the_other_imported(
    tmp_path: Path,
) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg").path
    slow = write_reports(tmp_path / "duzy.csv", 200_000)
    good = write_reports(tmp_path / "maly.csv", 3)
    result = urbanista(
        "import", "reports", str(slow), str(good), "-w", str(ws), "--json", "--file-timeout", BUDGET
    )
    assert result.returncode == 0, result.stderr
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert files[str(slow)]["imported"] == 0
    assert [r["reason"] for r in files[str(slow)]["rejected"]] == [
        f"line {CHECK_EVERY + 1}: reading it took more than {BUDGET} s (the time budget per "
        "file, --file-timeout); abandoned"
    ]
    assert files[str(good)]["imported"] == 3 and files[str(good)]["rejected"] == []
    layer = Workspace.open(ws).read_layer("reports")
    assert sorted(layer["report_id"]) == ["1", "2", "3"]
    assert set(layer["source"]) == {"maly.csv"}


def test_a_raster_past_its_budget_is_rejected_at_the_row_reached_and_the_other_imported(
    tmp_path: Path,
) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    side = 4096
    slow = sparse_tif(tmp_path / "duzy.tif", side)
    good = good_tif(tmp_path / "maly.tif")
    result = urbanista(
        "import",
        "raster",
        str(slow),
        str(good),
        "-w",
        str(ws.path),
        "--json",
        "--file-timeout",
        BUDGET,
    )
    assert result.returncode == 0, result.stderr
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    rows = WINDOW_PIXELS // side  # the first window's rows
    assert [r["reason"] for r in files[str(slow)]["rejected"]] == [
        f"row {rows:,} of {side:,} (checking values): reading it took more than {BUDGET} s "
        "(the time budget per file, --file-timeout); abandoned"
    ]
    assert files[str(good)]["imported"] == 1
    assert [e.name for e in Workspace.open(ws.path).entries()] == ["maly"]


@pytest.mark.parametrize("command", ["reports", "raster"])
@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1"])
def test_a_file_timeout_that_is_no_budget_is_refused_naming_the_option(
    tmp_path: Path, command: str, value: str
) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    given = (
        write_reports(tmp_path / "z.csv", 1)
        if command == "reports"
        else good_tif(tmp_path / "z.tif")
    )
    before = unchanged(ws), sha256(ws.path)
    result = urbanista("import", command, str(given), "-w", str(ws.path), "--file-timeout", value)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "invalid value for --file-timeout: " in result.stderr
    assert (unchanged(ws), sha256(ws.path)) == before
