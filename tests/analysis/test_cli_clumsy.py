"""What a newcomer tried on the demo: each once broke a promise of the README."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.errors import InputError, WorkspaceError
from analysis.export.web_layers import extract_mbtiles
from analysis.workspace import DatasetKind, Workspace
from tests.analysis.conftest import points_2180
from tests.analysis.test_cli_import import urbanista
from tests.analysis.test_cli_names import _geojson
from tests.analysis.test_workspace import _geotiff, sha256


def test_the_demo_never_deletes_a_workspace_it_did_not_write(tmp_path: Path) -> None:
    mine = Workspace.create(tmp_path / "przykladowo.gpkg")
    before = sha256(mine.path)
    result = urbanista("demo", "--out", str(tmp_path), "--no-gui")
    assert result.returncode == 1
    assert "did not write" in result.stderr and "--out" in result.stderr
    assert sha256(mine.path) == before


def test_the_demo_never_deletes_a_workspace_being_written(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "przykladowo.gpkg")
    (tmp_path / ".urbanista-demo").write_text("", encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, filelock; "
            "l = filelock.FileLock(sys.argv[1]); l.acquire(); print('held', flush=True); "
            "time.sleep(60)",
            str(ws.path) + ".lock",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = urbanista("demo", "--out", str(tmp_path), "--no-gui")
        assert result.returncode == 1 and "being written by another program" in result.stderr
        assert Workspace.open(ws.path).entries() == []
    finally:
        holder.kill()
        holder.wait()


def test_a_workspace_sharing_a_rasters_folder_is_refused_and_never_sweeps_it(
    tmp_path: Path,
) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    with ws.transaction() as tx:
        tx.add_raster(_geotiff(tmp_path / "a.tif", 1.0), "cieplo")
    with pytest.raises(WorkspaceError, match="share its rasters folder"):
        Workspace.create(tmp_path / "miasto.GPKG")
    copy = tmp_path / "miasto.bak"
    copy.write_bytes(ws.path.read_bytes())
    with ws.transaction() as tx:  # a raster the copy's catalogue does not name
        tx.add_raster(_geotiff(tmp_path / "b.tif", 2.0), "drugi")
    with Workspace.open(copy).transaction() as tx:
        tx.write_layer(points_2180(2), "punkty", DatasetKind.DATASET)
    assert ws.raster_file("drugi").exists() and ws.raster_file("cieplo").exists()


def test_a_file_dropped_into_the_rasters_folder_is_kept(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    ws.raster_dir.mkdir()
    mine = ws.raster_dir / "ortofoto.tif"
    mine.write_bytes(b"not Urbanista's")
    with ws.transaction() as tx:
        tx.write_layer(points_2180(2), "punkty", DatasetKind.DATASET)
    assert mine.exists()


def test_a_heatmap_is_written_only_as_a_geotiff(tmp_path: Path) -> None:
    report = tmp_path / "raport.xlsx"
    report.write_bytes(b"the mayor's workbook")
    points = _geojson(tmp_path / "punkty.geojson", 20)
    result = urbanista("heatmap", str(points), "-o", str(report))
    assert result.returncode == 2 and ".tif" in result.stderr
    assert report.read_bytes() == b"the mayor's workbook"


def test_mbtiles_cannot_write_outside_the_tiles_folder(tmp_path: Path) -> None:
    mbtiles = tmp_path / "zle.mbtiles"
    with sqlite3.connect(mbtiles) as conn:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute("INSERT INTO metadata VALUES ('format', 'png')")
        conn.execute("CREATE TABLE tiles (zoom_level, tile_column, tile_row, tile_data BLOB)")
        conn.execute("INSERT INTO tiles VALUES (1, '../../uciekl', 0, x'89504e47')")
    target = tmp_path / "mapa" / "mapa_tiles"
    target.mkdir(parents=True)
    with pytest.raises(InputError, match="not whole numbers"):
        extract_mbtiles(mbtiles, target, target.parent)
    assert not (tmp_path / "uciekl").exists() and not any(target.iterdir())


def test_a_reserved_sqlite_name_is_one_rejected_file_among_good_ones(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    folder = tmp_path / "dane"
    folder.mkdir()
    _geojson(folder / "sqlite_master.geojson", 2)
    _geojson(folder / "parki.geojson", 3)
    result = urbanista("import", "dataset", str(folder), "-w", str(ws.path), "--json")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    assert summary["datasets"] == ["parki"]
    [reason] = [r["reason"] for f in summary["files"] for r in f["rejected"]]
    assert "reserved" in reason and "--replace" not in reason


def test_a_workspace_imported_into_itself_is_rejected_with_the_reason(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    result = urbanista("import", "dataset", str(ws.path), "-w", str(ws.path))
    assert result.returncode == 1
    assert "workspace itself" in result.stdout and "1 rejected" in result.stdout
    assert ws.entries() == []
