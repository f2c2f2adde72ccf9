from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import rasterio
from affine import Affine

from analysis.errors import InputError, WorkspaceError
from analysis.workspace import DatasetKind, SourceFile, Workspace
from analysis.workspace.catalogue import CATALOGUE_TABLE, META_TABLE
from tests.analysis.conftest import points_2180


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_workspace_is_a_geopackage_with_an_empty_catalogue(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "w.gpkg")
    assert ws.crs == "EPSG:2180"
    assert ws.entries() == []
    with sqlite3.connect(ws.path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        registered = {r[0] for r in conn.execute("SELECT table_name FROM gpkg_contents")}
    assert registered == {CATALOGUE_TABLE, META_TABLE}
    assert Workspace.open(ws.path) == ws


@pytest.mark.parametrize("crs", ["EPSG:2177", "2180", "EPSG:2176", "EPSG:32618", "EPSG:25834"])
def test_workspace_in_another_metric_crs(tmp_path: Path, crs: str) -> None:
    ws = Workspace.create(tmp_path / "w.gpkg", crs)
    assert ws.crs == f"EPSG:{crs.removeprefix('EPSG:')}"
    assert Workspace.open(ws.path).crs == ws.crs


@pytest.mark.parametrize(
    ("crs", "message"),
    [
        ("EPSG:4326", "not projected"),
        ("EPSG:2263", "units"),
        ("EPSG:99999", "unknown CRS"),
        ("EPSG:3857", "Mercator"),
    ],
)
def test_workspace_needs_a_metric_crs(tmp_path: Path, crs: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        Workspace.create(tmp_path / "w.gpkg", crs)
    assert not (tmp_path / "w.gpkg").exists()


def test_create_refuses_to_overwrite(workspace: Workspace) -> None:
    before = sha256(workspace.path)
    with pytest.raises(WorkspaceError, match="exists already"):
        Workspace.create(workspace.path)
    assert sha256(workspace.path) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no workspace at"), (b"hello", "not a GeoPackage"), (b"", "not a GeoPackage")],
)
def test_open_rejects_what_is_not_a_workspace(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "x.gpkg"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(WorkspaceError, match=message):
        Workspace.open(path)


def test_open_rejects_a_plain_geopackage(tmp_path: Path) -> None:
    path = tmp_path / "plain.gpkg"
    pyogrio.write_dataframe(points_2180(2), path)
    with pytest.raises(WorkspaceError, match="not an Urbanista workspace"):
        Workspace.open(path)


def test_write_layer_catalogues_it(workspace: Workspace, tmp_path: Path) -> None:
    src = tmp_path / "source.csv"
    src.write_text("a;b\n1;2\n", encoding="utf-8")
    with workspace.transaction() as tx:
        tx.write_layer(
            points_2180(3, x0=561_000),
            "inne",
            DatasetKind.REPORTS,
            sources=(SourceFile.from_path(src),),
            quality={"duplicates": 2},
        )
    names = [e.name for e in workspace.entries()]
    assert names == ["punkty", "inne"]
    entry = workspace.entry("inne")
    assert entry.kind is DatasetKind.REPORTS
    assert entry.feature_count == 3
    assert entry.extent == (561_000.0, 380_000.0, 561_020.0, 380_010.0)
    assert entry.sources[0].sha256 == hashlib.sha256(b"a;b\n1;2\n").hexdigest()
    assert entry.quality == {"duplicates": 2}
    gdf = workspace.read_layer("inne")
    assert list(gdf["label"]) == ["punkt 0 żółć", "punkt 1 żółć", "punkt 2 żółć"]
    assert gdf.crs.to_epsg() == 2180


def test_write_layer_replaces_a_layer_of_the_same_name(workspace: Workspace) -> None:
    with workspace.transaction() as tx:
        tx.write_layer(points_2180(9), "punkty", DatasetKind.DATASET)
    assert len(workspace.read_layer("punkty")) == 9
    assert [e.name for e in workspace.entries()] == ["punkty"]
    assert workspace.entry("punkty").feature_count == 9


def test_write_layer_reprojects_to_the_workspace_crs(workspace: Workspace) -> None:
    wgs84 = points_2180(2).to_crs(4326)
    with workspace.transaction() as tx:
        tx.write_layer(wgs84, "wgs", DatasetKind.DATASET)
    back = workspace.read_layer("wgs")
    assert back.crs.to_epsg() == 2180
    np.testing.assert_allclose(back.geometry.x, [560_000.0, 560_010.0], atol=1e-3)


@pytest.mark.parametrize(
    "name", ["", "1abc", "a-b", "Ulice", "urbanista_catalogue", "gpkg_contents", "zółw", "a" * 64]
)
def test_bad_layer_names_are_refused(workspace: Workspace, name: str) -> None:
    before = sha256(workspace.path)
    with pytest.raises(InputError), workspace.transaction() as tx:
        tx.write_layer(points_2180(1), name, DatasetKind.DATASET)
    assert sha256(workspace.path) == before


def test_an_error_inside_a_transaction_changes_nothing(workspace: Workspace) -> None:
    before = sha256(workspace.path)
    with pytest.raises(RuntimeError), workspace.transaction() as tx:
        tx.write_layer(points_2180(50), "nowe", DatasetKind.DATASET)
        raise RuntimeError("boom")
    assert sha256(workspace.path) == before
    assert [e.name for e in workspace.entries()] == ["punkty"]
    assert not list(workspace.path.parent.glob("*.staging.gpkg"))


def test_unknown_dataset_names_the_ones_there(workspace: Workspace) -> None:
    with pytest.raises(InputError, match=r"has no dataset 'nic'.*punkty"):
        workspace.read_layer("nic")


def test_one_entry_equals_its_row_of_the_catalogue(workspace: Workspace) -> None:
    with workspace.transaction() as tx:
        tx.write_layer(points_2180(3, x0=561_000), "inne", DatasetKind.REPORTS, title="Inne")
    by_name = {e.name: e for e in workspace.entries()}
    assert list(by_name) == ["punkty", "inne"]
    assert workspace.entry("inne") == by_name["inne"]
    assert workspace.entry("punkty") == by_name["punkty"]


def test_reading_the_catalogue_does_not_load_pandas(workspace: Workspace) -> None:
    """The desktop shows a workspace's catalogue before its map: 0.4 s less to wait."""
    import subprocess
    import sys

    code = (
        "import sys; from analysis.workspace import Workspace; "
        f"w = Workspace.open({str(workspace.path)!r}); w.entries(); w.entry('punkty'); "
        "print(sorted(m for m in ('pandas', 'geopandas', 'sqlite_utils') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _geotiff(path: Path, value: float) -> Path:
    data = np.full((4, 5), value, dtype="float32")
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=5,
        height=4,
        count=1,
        dtype="float32",
        crs="EPSG:2180",
        transform=Affine(10, 0, 560_000, 0, -10, 380_040),
        nodata=-1,
    ) as dst:
        dst.write(data, 1)
    return path


def test_rasters_live_beside_the_geopackage(workspace: Workspace, tmp_path: Path) -> None:
    with workspace.transaction() as tx:
        tx.add_raster(_geotiff(tmp_path / "a.tif", 1.0), "heat", title="Mapa ciepła")
    entry = workspace.entry("heat")
    assert entry.kind is DatasetKind.RASTER
    assert entry.extent == (560_000.0, 380_000.0, 560_050.0, 380_040.0)
    tif = workspace.raster_file("heat")
    assert tif.parent == workspace.raster_dir
    with rasterio.open(tif) as src:
        assert src.read(1).sum() == 20.0
    # Replacing the raster removes the old file once the new catalogue is committed.
    with workspace.transaction() as tx:
        tx.add_raster(_geotiff(tmp_path / "b.tif", 2.0), "heat")
    assert not tif.exists()
    assert [p.name for p in workspace.raster_dir.iterdir()] == [workspace.raster_file("heat").name]


def test_a_failed_raster_write_leaves_no_file(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), workspace.transaction() as tx:
        tx.add_raster(_geotiff(tmp_path / "a.tif", 1.0), "heat")
        raise RuntimeError("boom")
    assert list(workspace.raster_dir.glob("*.tif")) == []
    with pytest.raises(InputError):
        workspace.entry("heat")


def test_info_is_json_ready(workspace: Workspace) -> None:
    import json

    info = json.loads(json.dumps(workspace.info()))
    assert info["crs"] == "EPSG:2180"
    assert [d["name"] for d in info["datasets"]] == ["punkty"]
    assert info["datasets"][0]["licence"] == "CC0"


def test_a_workspace_is_a_gpkg_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"must end in \.gpkg"):
        Workspace.create(tmp_path / "miasto.sqlite")


def test_layers_of_empty_geometries_have_no_extent(workspace: Workspace) -> None:
    import geopandas as gpd
    import shapely

    empty = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point()], crs="EPSG:2180")
    with workspace.transaction() as tx:
        entry = tx.write_layer(empty, "puste", DatasetKind.DATASET)
    assert entry.extent is None
    json.dumps(workspace.info(), allow_nan=False)


def test_a_finished_transaction_refuses_writes(workspace: Workspace) -> None:
    with workspace.transaction() as tx:
        pass
    with pytest.raises(WorkspaceError, match="transaction has ended"):
        tx.write_layer(points_2180(1), "pozno", DatasetKind.DATASET)


def test_nested_transactions_fail_at_once(workspace: Workspace) -> None:
    with (
        workspace.transaction(),
        pytest.raises(WorkspaceError, match="already being written"),
        workspace.transaction(lock_timeout_s=60),
    ):
        pass


def test_a_second_program_waits_for_the_writer(workspace: Workspace) -> None:
    import os
    import subprocess
    import sys
    import time

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom analysis.workspace import Workspace\n"
            f"with Workspace.open({str(workspace.path)!r}).transaction():\n"
            "    print('holding', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        started = time.perf_counter()
        with (
            pytest.raises(WorkspaceError, match="being written by another program"),
            workspace.transaction(lock_timeout_s=0.5),
        ):
            pass
        assert 0.4 < time.perf_counter() - started < 5
    finally:
        holder.kill()
        holder.wait()
    with workspace.transaction(lock_timeout_s=5):  # the dead holder's lock is free again
        pass


def test_append_in_batches_and_catalogue_the_result(workspace: Workspace) -> None:
    with workspace.transaction() as tx:
        assert tx.column_values("partie", "value") == set()
        tx.append_layer(points_2180(3), "partie")
        tx.append_layer(points_2180(4, x0=561_000), "partie")
        assert tx.column_values("partie", "value") == {0, 1, 2, 3}
        entry = tx.catalogue_layer("partie", DatasetKind.TRACKS, title="Partie")
    assert entry.feature_count == 7
    assert entry.extent == (560_000.0, 380_000.0, 561_030.0, 380_015.0)
    assert workspace.entry("partie") == entry
    assert len(workspace.read_layer("partie")) == 7


KEY = "0123456789abcdef"


def test_an_interrupted_resumable_job_continues(workspace: Workspace) -> None:
    before = sha256(workspace.path)
    with pytest.raises(KeyboardInterrupt), workspace.transaction(resume=KEY) as tx:
        tx.append_layer(points_2180(3), "partie")
        raise KeyboardInterrupt
    assert sha256(workspace.path) == before  # nothing committed
    with workspace.transaction(resume=KEY) as tx:
        assert tx.column_values("partie", "value") == {0, 1, 2}  # the first batch survived
        tx.append_layer(points_2180(5, x0=562_000), "partie")
        tx.catalogue_layer("partie", DatasetKind.TRACKS)
    assert workspace.entry("partie").feature_count == 8
    leftovers = [p.name for p in workspace.path.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_a_resumable_job_starts_afresh_if_the_workspace_changed(workspace: Workspace) -> None:
    with pytest.raises(KeyboardInterrupt), workspace.transaction(resume=KEY) as tx:
        tx.append_layer(points_2180(3), "partie")
        raise KeyboardInterrupt
    with workspace.transaction() as tx:  # someone else writes in between
        tx.write_layer(points_2180(2), "inne", DatasetKind.DATASET)
    with workspace.transaction(resume=KEY) as tx:
        assert not tx.has_layer("partie")
        assert tx.has_layer("inne")
    assert [p for p in workspace.path.parent.iterdir() if p.name.startswith(".")] == []


def test_resume_keys_are_hex(workspace: Workspace) -> None:
    with pytest.raises(ValueError, match="hex"), workspace.transaction(resume="../../etc"):
        pass


def test_save_as_copies_layers_and_rasters_into_the_copy_s_own_folder(
    workspace: Workspace, tmp_path: Path
) -> None:
    with workspace.transaction() as tx:
        tx.add_raster(_geotiff(tmp_path / "a.tif", 3.0), "heat", title="Mapa ciepła")
    before = workspace.path.read_bytes()
    (tmp_path / "kopia").mkdir()
    copy = workspace.save_as(tmp_path / "kopia" / "nowe_miasto.gpkg")
    assert copy.path.name == "nowe_miasto.gpkg"
    assert [e.name for e in copy.entries()] == [e.name for e in workspace.entries()]
    assert len(copy.read_layer("punkty")) == 5
    raster = copy.raster_file("heat")
    assert raster.parent == copy.raster_dir and raster.parent.name == "nowe_miasto.rasters"
    with rasterio.open(raster) as src:
        assert src.read(1).max() == 3.0
    assert workspace.path.read_bytes() == before  # the original is untouched
    assert workspace.raster_file("heat").is_file()
    with pytest.raises(WorkspaceError, match="is this workspace"):
        workspace.save_as(workspace.path)


def test_a_workspace_renamed_with_its_raster_folder_keeps_its_rasters(
    workspace: Workspace, tmp_path: Path
) -> None:
    import shutil

    with workspace.transaction() as tx:
        tx.add_raster(_geotiff(tmp_path / "a.tif", 4.0), "heat")
    moved = tmp_path / "inne" / "miasto_kopia.gpkg"
    moved.parent.mkdir()
    shutil.copy(workspace.path, moved)
    shutil.copytree(workspace.raster_dir, moved.with_name("miasto_kopia.rasters"))
    renamed = Workspace.open(moved)
    with renamed.transaction() as tx:  # the next writer sweeps unnamed GeoTIFFs
        tx.write_layer(points_2180(2), "nowe", DatasetKind.DATASET)
    assert renamed.raster_file("heat").parent.name == "miasto_kopia.rasters"
    with rasterio.open(renamed.raster_file("heat")) as src:
        assert src.read(1).max() == 4.0

    alone = tmp_path / "sam" / "miasto.gpkg"  # the GeoPackage without its folder
    alone.parent.mkdir()
    shutil.copy(workspace.path, alone)
    with pytest.raises(InputError, match=r"keep the folder miasto\.rasters beside miasto\.gpkg"):
        Workspace.open(alone).raster_file("heat")
