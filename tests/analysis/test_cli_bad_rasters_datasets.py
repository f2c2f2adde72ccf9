"""Bad rasters, GeoPackages and GeoJSON never crash, hang or cost the good files beside them.

Each class of bad input is built here, small, and goes through ``urbanista``
as a user would run it (issue 14).
"""

from __future__ import annotations

import json
import sqlite3
import time
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.crs import CRS
from rasterio.warp import calculate_default_transform

from analysis.errors import InputError, ParameterError
from analysis.io.datasets import DatasetImportParams, import_datasets
from analysis.io.gpkg_catalogue import deadline
from analysis.io.rasters import (
    MAX_VALUES,
    WINDOW_PIXELS,
    RasterImportParams,
    _windows,
    import_rasters,
)
from analysis.workspace import Workspace
from tests.analysis.conftest import points_2180
from tests.analysis.test_cli_import import urbanista
from tests.analysis.test_import_datasets import rejections
from tests.analysis.test_rasters import write_tif
from tests.analysis.test_workspace import sha256

LOCAL_CS = 'LOCAL_CS["arbitrary",UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]]'


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path / "miasto.gpkg")


def unchanged(ws: Workspace) -> tuple[str, list[str]]:
    """What a refused import must leave as it was: the file and the rasters folder."""
    folder = ws.raster_dir
    return sha256(ws.path), sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def huge_tif(path: Path, side: int = 1_000_000) -> Path:
    """A GeoTIFF of a few hundred bytes whose header declares ``side`` x ``side`` pixels."""
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
        blockysize=side,
        sparse_ok=True,
        BIGTIFF="YES",
    ):
        pass
    return path


def good_tif(path: Path, crs: str | CRS | None = "EPSG:2180") -> Path:
    return write_tif(path, np.arange(400, dtype=np.float32).reshape(20, 20), crs=crs)  # type: ignore[arg-type]


def squares(n: int, unclosed: int | None = None) -> dict:
    """A GeoJSON of ``n`` squares, ids ``f0``...; square ``unclosed`` lacks its closing point."""

    def ring(i: int) -> list[list[float]]:
        x = 560_000.0 + 20 * i
        points = [[x, 380_000.0], [x + 10, 380_000.0], [x + 10, 380_010.0], [x, 380_010.0]]
        return points if i == unclosed else [*points, points[0]]

    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2180"}},
        "features": [
            {
                "type": "Feature",
                "id": f"f{i}",
                "properties": {"n": i},
                "geometry": {"type": "Polygon", "coordinates": [ring(i)]},
            }
            for i in range(n)
        ],
    }


def write_json(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def gpkg_with_recursive_view(path: Path) -> Path:
    """A GeoPackage of 5 points (layer ``dobra``) and a recursive SQL view registered as a layer."""
    points_2180(5).to_file(path, layer="dobra", driver="GPKG")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE VIEW petla AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) "
            "SELECT i AS fid, (SELECT geom FROM dobra LIMIT 1) AS geom FROM r"
        )
        conn.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
            "VALUES ('petla', 'features', 'petla', 2180)"
        )
        conn.execute(
            "INSERT INTO gpkg_geometry_columns VALUES ('petla', 'geom', 'POINT', 2180, 0, 0)"
        )
    return path


def not_a_gpkg(path: Path, kind: str) -> Path:
    """A file named ``.gpkg`` that is random bytes, empty, or a ZIP archive."""
    if kind == "random":
        path.write_bytes(np.random.default_rng(14).bytes(4096))
    elif kind == "empty":
        path.write_bytes(b"")
    else:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("dane.txt", "nie GeoPackage")
    return path


NOT_A_GPKG = {"random": "not an SQLite database", "empty": "empty", "zip": "a ZIP archive"}


# -- rasters ----------------------------------------------------------------------------------


def test_a_raster_declaring_a_million_by_a_million_pixels_is_refused_from_its_header(
    ws: Workspace, tmp_path: Path
) -> None:
    huge = huge_tif(tmp_path / "ogromny.tif")
    assert huge.stat().st_size < 32_000
    good_tif(tmp_path / "dobry.tif")
    result = urbanista(
        "import", "raster", str(huge), str(tmp_path / "dobry.tif"), "-w", str(ws.path), "--json"
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["datasets"] == ["dobry"]
    (refusal,) = next(f["rejected"] for f in summary["files"] if f["path"].endswith("ogromny.tif"))
    assert "1,000,000 x 1,000,000 pixels" in refusal["reason"]
    assert (
        f"{10**12:,} values" in refusal["reason"]
        and f"limit of {MAX_VALUES:,}" in refusal["reason"]
    )
    tracemalloc.start()  # and before any memory is taken
    import_rasters(ws, [huge], RasterImportParams(layer="znowu"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20e6


def test_the_size_once_warped_is_checked_too(ws: Workspace, tmp_path: Path) -> None:
    path = write_tif(
        tmp_path / "wgs.tif",
        np.ones((1000, 10), np.float32),
        crs="EPSG:4326",
        origin=(19.0, 52.1),
        pixel=0.1,
    )
    with rasterio.open(path, "r+") as dst:  # 0.1 x 0.0001 degree pixels
        dst.transform = Affine(0.1, 0.0, 19.0, 0.0, -0.0001, 52.1)
    _, cols, rows = calculate_default_transform(
        "EPSG:4326", "EPSG:2180", 10, 1000, 19.0, 52.0, 20.0, 52.1
    )
    assert cols * rows > 5 * 10_000  # warped, it is larger than the limit below; as read, not
    summary = import_rasters(ws, [path], RasterImportParams(reproject=True, max_values=50_000))
    ((_, reason),) = rejections(summary)["wgs.tif"]
    assert f"{cols:,} x {rows:,} pixels x 1 band(s) once warped to EPSG:2180" in reason
    assert import_rasters(ws, [path], RasterImportParams(max_values=50_000)).imported == 1


def test_windows_stay_bounded_across_a_very_wide_raster(tmp_path: Path) -> None:
    with rasterio.open(huge_tif(tmp_path / "szeroki.tif", side=100_000)) as src:
        windows = _windows(src)
    assert max(w.width * w.height for w in windows) <= WINDOW_PIXELS
    assert sum(w.width * w.height for w in windows) == 100_000 * 100_000


@pytest.mark.parametrize("crs", [None, CRS.from_wkt(LOCAL_CS)], ids=["none", "local"])
def test_a_geotiff_without_crs_is_refused_with_crs_offered_then_imported_with_it(
    ws: Workspace, tmp_path: Path, crs: CRS | None
) -> None:
    path = good_tif(tmp_path / "bez_ukladu.tif", crs=crs)
    before = unchanged(ws)
    refused = urbanista("import", "raster", str(path), "-w", str(ws.path))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"rejected {path}: the GeoTIFF has no CRS" in refused.stdout
    assert "--crs EPSG:" in refused.stdout
    assert ("'arbitrary'" in refused.stdout) == (crs is not None)
    assert unchanged(ws) == before
    given = urbanista("import", "raster", str(path), "-w", str(ws.path), "--crs", "EPSG:2180")
    assert given.returncode == 0, given.stderr
    (entry,) = Workspace.open(ws.path).entries()
    assert entry.name == "bez_ukladu" and entry.quality["crs_given"] == "EPSG:2180"


def test_raster_limits_are_parameters() -> None:
    with pytest.raises(ParameterError, match="max_values"):
        RasterImportParams(max_values=0)
    with pytest.raises(ParameterError, match="gpkg_budget_s"):
        DatasetImportParams(gpkg_budget_s=float("nan"))


# -- GeoPackages --------------------------------------------------------------------------------


def test_a_recursive_sql_view_is_skipped_and_the_good_layer_and_file_beside_are_imported(
    ws: Workspace, tmp_path: Path
) -> None:
    gpkg = gpkg_with_recursive_view(tmp_path / "z_widokiem.gpkg")
    beside = write_json(tmp_path / "obok.geojson", squares(3))
    start = time.monotonic()
    result = urbanista("import", "dataset", str(gpkg), str(beside), "-w", str(ws.path), "--json")
    assert time.monotonic() - start < 60
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["imported"] == 5 + 3
    (view,) = next(f["rejected"] for f in summary["files"] if f["path"] == str(gpkg))
    assert view["where"] == "layer petla" and "SQL view" in view["reason"]
    counts = {e.name: e.feature_count for e in Workspace.open(ws.path).entries()}
    assert counts == {"z_widokiem": 5, "obok": 3}
    heat = urbanista("heatmap", f"{gpkg}:petla", "-o", str(tmp_path / "h.tif"))
    assert heat.returncode == 1 and f"{gpkg}:petla: an SQL view" in heat.stderr


def test_a_geopackage_whose_own_table_is_a_view_is_refused_before_gdal_opens_it(
    ws: Workspace, tmp_path: Path
) -> None:
    gpkg = gpkg_with_recursive_view(tmp_path / "wrogi.gpkg")
    with sqlite3.connect(gpkg) as conn:
        conn.execute("ALTER TABLE gpkg_contents RENAME TO contents")
        conn.execute(
            "CREATE VIEW gpkg_contents AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL "
            "SELECT i + 1 FROM r) SELECT contents.* FROM contents, r"
        )
    summary = import_datasets(ws, [gpkg])
    assert rejections(summary)["wrogi.gpkg"] == [
        (
            "",
            "its GeoPackage table gpkg_contents is an SQL view, which a GeoPackage never "
            "needs; refused",
        )
    ]


def test_a_query_past_its_deadline_is_aborted(tmp_path: Path) -> None:
    conn = sqlite3.connect(":memory:")
    endless = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT max(i) FROM r"
    start = time.monotonic()
    late = r"plik\.gpkg: reading it took more than 0\.2 s"
    with pytest.raises(InputError, match=late), deadline(conn, 0.2, "plik.gpkg"):
        conn.execute(endless).fetchone()
    assert time.monotonic() - start < 5
    assert conn.execute("SELECT 1").fetchone() == (1,)  # the handler is gone


@pytest.mark.parametrize("kind", NOT_A_GPKG)
def test_heatmap_of_a_file_named_gpkg_that_is_none_names_it(tmp_path: Path, kind: str) -> None:
    path = not_a_gpkg(tmp_path / "punkty.gpkg", kind)
    result = urbanista("heatmap", str(path), "-o", str(tmp_path / "h.tif"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{path}: " in result.stderr and NOT_A_GPKG[kind] in result.stderr
    assert not (tmp_path / "h.tif").exists()


@pytest.mark.parametrize("kind", NOT_A_GPKG)
def test_import_dataset_of_a_file_named_gpkg_that_is_none_names_it_and_goes_on(
    ws: Workspace, tmp_path: Path, kind: str
) -> None:
    path = not_a_gpkg(tmp_path / "zly.gpkg", kind)
    beside = write_json(tmp_path / "obok.geojson", squares(2))
    result = urbanista("import", "dataset", str(path), str(beside), "-w", str(ws.path))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert f"rejected {path}: " in result.stdout and NOT_A_GPKG[kind] in result.stdout
    assert [e.name for e in Workspace.open(ws.path).entries()] == ["obok"]


# -- GeoJSON features -------------------------------------------------------------------------


def test_one_unclosed_ring_rejects_its_feature_by_number_and_id_and_the_rest_is_imported(
    ws: Workspace, tmp_path: Path
) -> None:
    path = write_json(tmp_path / "kwadraty.geojson", squares(5, unclosed=2))
    result = urbanista("import", "dataset", str(path), "-w", str(ws.path), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["imported"] == 4
    (refusal,) = summary["files"][0]["rejected"]
    assert refusal["where"] == "feature 3 (id 'f2')"
    assert "invalid geometry" in refusal["reason"] and "closed" in refusal["reason"]
    stored = Workspace.open(ws.path).read_layer("kwadraty")
    assert sorted(stored["n"]) == [0, 1, 3, 4]


def test_all_or_nothing_refuses_the_whole_file_and_leaves_the_workspace_as_it_was(
    ws: Workspace, tmp_path: Path
) -> None:
    path = write_json(tmp_path / "kwadraty.geojson", squares(5, unclosed=2))
    before = unchanged(ws)
    result = urbanista("import", "dataset", str(path), "-w", str(ws.path), "--all-or-nothing")
    assert result.returncode == 1, result.stderr
    assert f"rejected {path} feature 3 (id 'f2'): invalid geometry" in result.stdout
    assert "--all-or-nothing refuses the whole file" in result.stdout
    assert unchanged(ws) == before


def test_a_self_intersecting_polygon_is_still_repaired_not_rejected(
    ws: Workspace, tmp_path: Path
) -> None:
    data = squares(3)
    bow_tie = [
        [560_000, 380_000],
        [560_010, 380_010],
        [560_010, 380_000],
        [560_000, 380_010],
        [560_000, 380_000],
    ]
    data["features"][1]["geometry"]["coordinates"] = [bow_tie]
    summary = import_datasets(ws, [write_json(tmp_path / "motyl.geojson", data)])
    assert summary.imported == 3 and summary.rejected == 0
    (entry,) = ws.entries()
    assert entry.quality["geometries_repaired"] == 1


# -- one bad file among good ones --------------------------------------------------------------


def test_bad_vector_files_never_cost_the_good_ones_and_a_full_refusal_changes_nothing(
    ws: Workspace, tmp_path: Path
) -> None:
    good = write_json(tmp_path / "dobry.geojson", squares(4))
    text = json.dumps(squares(4))
    bad = {
        "uciety.geojson": text[: len(text) // 2].encode(),
        "smieci.geojson": np.random.default_rng(1).bytes(2000),
        "pierscien.geojson": json.dumps(squares(1, unclosed=0)).encode(),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    gpkg = gpkg_with_recursive_view(tmp_path / "uciety.gpkg")
    gpkg.write_bytes(gpkg.read_bytes()[:8192])
    paths = [str(tmp_path / name) for name in bad] + [str(gpkg)]
    before = unchanged(ws)
    refused = urbanista("import", "dataset", *paths, "-w", str(ws.path), "--json")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert unchanged(ws) == before
    summary = json.loads(
        urbanista("import", "dataset", str(good), *paths, "-w", str(ws.path), "--json").stdout
    )
    assert summary["datasets"] == ["dobry"] and summary["imported"] == 4
    named = {Path(f["path"]).name for f in summary["files"] if f["rejected"]}
    assert named == {*bad, "uciety.gpkg"}


def test_bad_rasters_never_cost_the_good_one_and_a_full_refusal_changes_nothing(
    ws: Workspace, tmp_path: Path
) -> None:
    good = good_tif(tmp_path / "dobry.tif")
    whole = good.read_bytes()
    (tmp_path / "uciety.tif").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "smieci.tif").write_bytes(np.random.default_rng(2).bytes(2000))
    huge_tif(tmp_path / "ogromny.tif")
    good_tif(tmp_path / "bez_ukladu.tif", crs=None)
    bad = ["uciety.tif", "smieci.tif", "ogromny.tif", "bez_ukladu.tif"]
    paths = [str(tmp_path / name) for name in bad]
    before = unchanged(ws)
    refused = urbanista("import", "raster", *paths, "-w", str(ws.path), "--json")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert unchanged(ws) == before
    summary = json.loads(
        urbanista("import", "raster", *paths, str(good), "-w", str(ws.path), "--json").stdout
    )
    assert summary["datasets"] == ["dobry"]
    named = {
        Path(f["path"]).name: f["rejected"][0]["reason"] for f in summary["files"] if f["rejected"]
    }
    assert set(named) == set(bad)


@pytest.mark.parametrize("name", ["zgłoszenia;maj.geojson", "nowe!.geojson", "dwie\nlinie.geojson"])
def test_a_name_gdal_would_read_as_an_address_is_refused_not_another_file_opened(
    ws: Workspace, tmp_path: Path, name: str
) -> None:
    # pyogrio reads 'zgłoszenia;maj.geojson' as the file 'zgłoszenia' ('!' splits an
    # archive off, line breaks are dropped): that other file must not be imported instead.
    decoy = tmp_path / name.replace(";maj", "").replace("!", "").replace("\n", "")
    write_json(decoy, squares(7))
    odd = write_json(tmp_path / name, squares(2))
    good = write_json(tmp_path / "dobre.geojson", squares(3))
    done = urbanista("import", "dataset", str(odd), str(good), "-w", str(ws.path), "--json")
    summary = json.loads(done.stdout)
    assert done.returncode == 0 and summary["imported"] == 3, done.stderr
    [refused] = [f for f in summary["files"] if f["rejected"]]
    assert refused["path"] == str(odd) and "rename the file" in refused["rejected"][0]["reason"]
    heat = urbanista("heatmap", str(odd), "-o", str(tmp_path / "h.tif"))
    assert heat.returncode == 1 and "rename the file" in heat.stderr
    assert not (tmp_path / "h.tif").exists()
