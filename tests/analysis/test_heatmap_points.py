from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import rasterio
import shapely

from analysis.errors import InputError
from analysis.heatmap.inputs import LayerRef, parse_input
from analysis.heatmap.points import PointHeatmapParams, point_heatmap
from analysis.io.gpkg_points import read_points
from analysis.kernels.grid import Grid
from analysis.kernels.kde import KdeParams, density


def write_points(
    path: Path, n: int = 500, crs: str = "EPSG:2180", layer: str = "pts"
) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(0)
    gdf = gpd.GeoDataFrame(
        {"waga": rng.uniform(0.5, 2.0, n), "typ": rng.choice(["rower", "bieg"], n)},
        geometry=shapely.points(rng.normal(561_000, 200, n), rng.normal(381_000, 150, n)),
        crs="EPSG:2180",
    ).to_crs(crs)
    pyogrio.write_dataframe(gdf, path, layer=layer, append=path.exists())
    return gdf


def test_fast_reader_matches_gdal(tmp_path: Path) -> None:
    gdf = write_points(tmp_path / "p.gpkg")
    pts = read_points(tmp_path / "p.gpkg", "pts", ("waga",))
    np.testing.assert_array_equal(pts.x, gdf.geometry.x)
    np.testing.assert_array_equal(pts.y, gdf.geometry.y)
    np.testing.assert_allclose(pts.columns["waga"], gdf["waga"], rtol=1e-14)
    assert (pts.crs, pts.projected) == ("EPSG:2180", True)
    rower = read_points(tmp_path / "p.gpkg", "pts", where="typ = ?", params=("rower",))
    assert len(rower.x) == (gdf["typ"] == "rower").sum()


def test_reader_falls_back_to_gdal_for_other_layouts(tmp_path: Path) -> None:
    path = tmp_path / "mixed.gpkg"
    gdf = gpd.GeoDataFrame(
        {"a": [1, 2, 3]}, geometry=[shapely.Point(1, 2), shapely.Point(3, 4, 5), None], crs=2180
    )
    pyogrio.write_dataframe(gdf, path, layer="pts")
    pts = read_points(path, "pts")
    assert pts.x.tolist() == [1.0, 3.0] and pts.y.tolist() == [2.0, 4.0]


def test_reader_errors_name_the_file_and_layer(tmp_path: Path) -> None:
    write_points(tmp_path / "p.gpkg")
    with pytest.raises(InputError, match=r"p\.gpkg has no point layer 'inne' \(it has: pts\)"):
        read_points(tmp_path / "p.gpkg", "inne")
    lines = gpd.GeoDataFrame(geometry=[shapely.LineString([(0, 0), (1, 1)])], crs=2180)
    pyogrio.write_dataframe(lines, tmp_path / "l.gpkg", layer="linie")
    with pytest.raises(InputError, match="LINESTRING geometries, not points"):
        read_points(tmp_path / "l.gpkg", "linie")


def test_inputs_split_at_the_last_colon_only_before_a_layer(tmp_path: Path) -> None:
    folder = tmp_path / "dane:2026"
    folder.mkdir()
    write_points(folder / "miasto.gpkg", layer="a")
    write_points(folder / "miasto.gpkg", layer="b")
    assert parse_input(f"{folder}/miasto.gpkg:b") == LayerRef(folder / "miasto.gpkg", "b")
    with pytest.raises(InputError, match="several layers"):
        parse_input(f"{folder}/miasto.gpkg")
    with pytest.raises(InputError, match="has no layer 'c'"):
        parse_input(f"{folder}/miasto.gpkg:c")
    write_points(folder / "jeden.gpkg")
    assert parse_input(str(folder / "jeden.gpkg")) == LayerRef(folder / "jeden.gpkg", "pts")


def test_point_heatmap_equals_the_kernel_on_the_qgis_grid(tmp_path: Path) -> None:
    gdf = write_points(tmp_path / "p.gpkg")
    result = point_heatmap(
        [LayerRef(tmp_path / "p.gpkg", "pts")], PointHeatmapParams(weight_field="waga")
    )
    x, y = gdf.geometry.x.to_numpy(), gdf.geometry.y.to_numpy()
    grid = Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), 5.0, 100.0)
    assert result.grid == grid and result.crs == "EPSG:2180"
    expected = density(x, y, grid, KdeParams(100.0, 5.0), weights=gdf["waga"].to_numpy())
    np.testing.assert_allclose(np.nan_to_num(result.values), expected, rtol=1e-6, atol=1e-9)


def test_wgs84_points_are_projected_and_sources_combined(tmp_path: Path) -> None:
    a = write_points(tmp_path / "a.geojson", n=100, crs="EPSG:4326")
    b = write_points(tmp_path / "b.gpkg", n=50)
    result = point_heatmap(
        [LayerRef(tmp_path / "a.geojson", None), LayerRef(tmp_path / "b.gpkg", "pts")],
        PointHeatmapParams(density=True),
    )
    assert result.crs == "EPSG:2180" and result.stats["points"] == len(a) + len(b)
    total = np.nansum(result.values) * (5.0 * 5.0) / 1e6  # points per km2 x cell area
    assert total == pytest.approx(150, rel=0.02)
    assert result.unit == "points per km2"


def test_cli_writes_a_geotiff_with_units(tmp_path: Path) -> None:
    write_points(tmp_path / "p.gpkg")
    out = tmp_path / "heat.tif"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "heatmap",
            f"{tmp_path / 'p.gpkg'}:pts",
            "-o",
            str(out),
            "--radius",
            "80",
            "--pixel",
            "4",
            "--kernel",
            "epanechnikov",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "points 500," in proc.stdout
    with rasterio.open(out) as src:
        assert src.crs.to_epsg() == 2180 and src.dtypes == ("float32",) and src.nodata == -9999
        assert src.tags()["UNIT"] == "kernel-weighted points (QGIS raw)" and src.units == (
            "kernel-weighted points (QGIS raw)",
        )
        side = min(src.width, src.height)
        assert src.overviews(1) == [f for f in (2, 4, 8, 16, 32) if side // f >= 64] != []
        assert src.res == (4.0, 4.0)
        values = src.read(1, masked=True)
    assert float(values.max()) > 1.0 and values.mask.any()


def test_cli_reports_a_missing_layer_in_one_line(tmp_path: Path) -> None:
    write_points(tmp_path / "p.gpkg")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "heatmap",
            f"{tmp_path}/p.gpkg:x",
            "-o",
            str(tmp_path / "h.tif"),
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert (
        proc.returncode == 1
        and "has no layer 'x'" in proc.stderr
        and "Traceback" not in proc.stderr
    )
