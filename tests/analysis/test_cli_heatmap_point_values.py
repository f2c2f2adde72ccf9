"""Point heatmaps refuse weights and radii that are missing, infinite or negative,
naming the file, the feature and the field, and a weight field with nothing positive."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import rasterio
import shapely
from click.testing import CliRunner, Result

from analysis.cli import cli

N = 20


def geojson(path: Path, values: list[object]) -> Path:
    """Points 10 m apart near Warsaw, each with ``w`` from ``values``."""
    features = [
        {
            "type": "Feature",
            "properties": {"w": value},
            "geometry": {"type": "Point", "coordinates": [21.0 + i * 1.5e-4, 52.2]},
        }
        for i, value in enumerate(values)
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features})
    path.write_text(text.replace('"INF"', "Infinity"), encoding="utf-8")  # as Python writes it
    return path


def heatmap(*args: str) -> Result:
    return CliRunner().invoke(cli, ["heatmap", *args])


@pytest.mark.parametrize("option", ["--weight", "--radius-field"])
@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        (None, "missing or not a number"),
        ("dużo", "missing or not a number"),
        (-2.5, "-2.5"),
        ("INF", "inf"),
    ],
)
def test_a_bad_value_refuses_the_heatmap_naming_the_feature(
    option: str, bad: object, shown: str, tmp_path: Path
) -> None:
    values: list[object] = [30.0] * N
    values[6] = values[11] = bad
    path = geojson(tmp_path / "punkty.geojson", values)
    out = tmp_path / "cieplo.tif"
    result = heatmap(str(path), option, "w", "-o", str(out))
    assert result.exit_code == 1, result.output
    role = "weight" if option == "--weight" else "radius"
    assert result.stderr == (
        f"urbanista: error: {path}: feature 7 (and 1 other feature): the {role} 'w' is "
        f"{shown}; each point needs a finite value of 0 or more: correct the data or leave "
        "the option out\n"
    )
    assert not out.exists()


def test_weights_none_of_them_positive_refuse_the_heatmap(tmp_path: Path) -> None:
    path = geojson(tmp_path / "zero.geojson", [0] * N)
    out = tmp_path / "z.tif"
    result = heatmap(str(path), "--weight", "w", "-o", str(out))
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"urbanista: error: {path}: no point has a positive weight in 'w': "
        "the heatmap would be empty\n"
    )
    assert "nan" not in result.output and not out.exists()


def test_a_zero_weight_is_a_point_that_counts_for_nothing(tmp_path: Path) -> None:
    values = [float((i + 1) % 3) for i in range(N)]  # every third point weighs 0, not the ends
    both = geojson(tmp_path / "wszystkie.geojson", values)
    gdf = gpd.read_file(both)
    pyogrio.write_dataframe(gdf[gdf["w"] > 0], tmp_path / "dodatnie.gpkg", layer="pts")
    rasters = []
    for source in (str(both), f"{tmp_path / 'dodatnie.gpkg'}:pts"):
        out = tmp_path / f"{len(rasters)}.tif"
        result = heatmap(source, "--weight", "w", "--pixel", "2", "-o", str(out))
        assert result.exit_code == 0, result.output
        assert "max nan" not in result.stdout
        with rasterio.open(out) as src:
            rasters.append(src.read(1))
    assert (rasters[0] > 0).sum() > 1000
    np.testing.assert_allclose(rasters[0], rasters[1], rtol=1e-5)


def test_a_geopackage_feature_is_named_by_its_id(tmp_path: Path) -> None:
    gdf = gpd.GeoDataFrame(
        {"w": [1.0, 2.0, np.nan, 1.0]},
        geometry=shapely.points(np.arange(4) * 10.0 + 561_000, np.full(4, 381_000.0)),
        crs="EPSG:2180",
    )
    path = tmp_path / "punkty.gpkg"
    pyogrio.write_dataframe(gdf, path, layer="pts")
    result = heatmap(f"{path}:pts", "--weight", "w", "-o", str(tmp_path / "x.tif"))
    assert result.exit_code == 1, result.output
    assert f"{path}:pts: feature 3: the weight 'w' is missing or not a number" in result.stderr
