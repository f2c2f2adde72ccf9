"""Quality flags, attribute tidying and personal data of imported datasets."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from analysis.io.datasets import DatasetImportParams, import_datasets
from analysis.workspace import Workspace
from tests.analysis.conftest import points_2180
from tests.analysis.test_import_datasets import rejections


@pytest.fixture
def empty_ws(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path / "miasto.gpkg")


def square(x: float, y: float, size: float = 100.0) -> shapely.Polygon:
    return shapely.box(x, y, x + size, y + size)


def test_invalid_geometries_are_repaired_and_counted(empty_ws: Workspace, tmp_path: Path) -> None:
    bow_tie = shapely.Polygon(
        [(560_000, 380_000), (560_100, 380_100), (560_100, 380_000), (560_000, 380_100)]
    )
    spike = shapely.Polygon(
        [
            (561_000, 380_000),
            (561_100, 380_000),
            (561_100, 380_100),
            (561_050, 380_100),
            (561_050, 380_300),
            (561_050, 380_100),
            (561_000, 380_100),
        ]
    )
    gdf = gpd.GeoDataFrame(
        {"nazwa": ["kokarda", "kolec", "dobry"]},
        geometry=[bow_tie, spike, square(562_000, 380_000)],
        crs="EPSG:2180",
    )
    assert not gdf.is_valid[:2].any()
    pyogrio.write_dataframe(gdf, tmp_path / "parki.gpkg")
    import_datasets(empty_ws, [tmp_path / "parki.gpkg"])
    assert empty_ws.entry("parki").quality == {"geometries_repaired": 2}
    layer = empty_ws.read_layer("parki")
    assert layer.is_valid.all()
    assert set(layer.geom_type) <= {"Polygon", "MultiPolygon"}
    assert layer.area.tolist() == pytest.approx([5_000.0, 10_000.0, 10_000.0])


def test_features_without_geometry_are_rejected_by_number(
    empty_ws: Workspace, tmp_path: Path
) -> None:
    features = [
        {
            "type": "Feature",
            "geometry": None
            if i in (1, 3)
            else {"type": "Point", "coordinates": [19.86 + i / 1000, 51.28]},
            "properties": {"nr": i},
        }
        for i in range(5)
    ]
    path = tmp_path / "punkty.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    summary = import_datasets(empty_ws, [path])
    assert rejections(summary)["punkty.geojson"] == [
        ("feature 2", "no geometry"),
        ("feature 4", "no geometry"),
    ]
    assert summary.imported == 3
    assert empty_ws.read_layer("punkty")["nr"].tolist() == [0, 2, 4]
    assert empty_ws.entry("punkty").quality["features_left_out"] == 2


def test_duplicates_and_empty_fields_are_flagged(empty_ws: Workspace, tmp_path: Path) -> None:
    gdf = points_2180(4)
    gdf = gpd.GeoDataFrame(
        pd_concat([gdf, gdf.iloc[[1, 1, 2]]]).assign(uwagi=None, kod=" ", opis="x"),
        crs=gdf.crs,
    )
    pyogrio.write_dataframe(gdf, tmp_path / "lawki.gpkg")
    import_datasets(empty_ws, [tmp_path / "lawki.gpkg"])
    quality = empty_ws.entry("lawki").quality
    assert quality == {"duplicates": 3, "empty_fields": ["uwagi", "kod"]}  # " " is no value
    assert empty_ws.entry("lawki").feature_count == 7  # flagged, not dropped


def pd_concat(frames: list) -> gpd.GeoDataFrame:
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def test_features_outside_the_workspace_area_are_counted(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The fixture workspace holds points at (560 km, 380 km): its area is them + 5 km."""
    near, far = points_2180(3), points_2180(2, x0=600_000.0, y0=420_000.0)
    pyogrio.write_dataframe(gpd.pd.concat([near, far]), tmp_path / "mix.gpkg")
    import_datasets(workspace, [tmp_path / "mix.gpkg"])
    assert workspace.entry("mix").quality == {"outside_area": 2}


def test_a_file_wholly_outside_the_workspace_area_is_rejected(
    workspace: Workspace, tmp_path: Path
) -> None:
    pyogrio.write_dataframe(points_2180(3, x0=300_000.0), tmp_path / "daleko.gpkg")
    summary = import_datasets(workspace, [tmp_path / "daleko.gpkg"])
    [(_, reason)] = rejections(summary)["daleko.gpkg"]
    assert reason.startswith("the coordinates fit no known CRS in this workspace's area")


def test_an_old_source_date_is_flagged_stale(empty_ws: Workspace, tmp_path: Path) -> None:
    pyogrio.write_dataframe(points_2180(2), tmp_path / "stare.gpkg")
    pyogrio.write_dataframe(points_2180(2), tmp_path / "nowe.gpkg")
    (tmp_path / "metadata.json").write_text(
        json.dumps(
            {
                "stare.gpkg": {"source_date": "2015-03-01"},
                "nowe.gpkg": {"source_date": "2099-01-01"},
            }
        ),
        encoding="utf-8",
    )
    import_datasets(empty_ws, [tmp_path])
    assert empty_ws.entry("stare").quality == {"stale_source": True}
    assert empty_ws.entry("nowe").quality == {}


def attributes_frame() -> gpd.GeoDataFrame:
    gdf = points_2180(3)
    gdf["X"] = ["6541655,25537", "6541802,5", None]
    gdf["numer"] = ["27/29", "1,5", "3"]  # not all numbers: stays text
    gdf["Dostep"] = ["mały", None, None]
    gdf["DOSTEP"] = [None, "duży", None]
    gdf["fid"] = ["a", "b", "c"]
    gdf["tagi"] = [["a", "b"], [], ["ż"]]
    gdf["Autor zgłoszenia"] = ["Jan Kowalski", "Anna Nowak", "Ewa Lis"]
    gdf["kontakt"] = ["jan@example.pl", "+48 601 234 567", None]
    gdf["opis"] = ["dzwonić 601 234 567", "ok", "pisać: ewa.lis@example.pl"]
    return gdf


def write_attributes(tmp_path: Path) -> Path:
    path = tmp_path / "atrybuty.geojson"
    gdf = attributes_frame().to_crs(4326)
    features = json.loads(gdf.to_json())
    path.write_text(json.dumps(features, ensure_ascii=False), encoding="utf-8")
    return path


def test_attributes_are_tidied_and_personal_data_kept_out(
    empty_ws: Workspace, tmp_path: Path
) -> None:
    import_datasets(empty_ws, [write_attributes(tmp_path)])
    layer = empty_ws.read_layer("atrybuty")
    assert layer["X"].tolist()[:2] == pytest.approx([6541655.25537, 6541802.5])
    assert np.isnan(layer["X"][2])
    assert layer["numer"].tolist() == ["27/29", "1,5", "3"]
    assert layer["Dostep"].fillna("").tolist() == ["mały", "duży", ""]
    assert layer["source_fid"].tolist() == ["a", "b", "c"]
    assert json.loads(layer["tagi"][2]) == ["ż"]
    assert "Autor zgłoszenia" not in layer and "kontakt" not in layer
    assert layer["opis"].tolist() == ["dzwonić [usunięto]", "ok", "pisać: [usunięto]"]
    quality = empty_ws.entry("atrybuty").quality
    assert quality["decimal_comma_numbers"] == ["X"]
    assert quality["columns_merged"] == ["Dostep"]
    assert quality["personal_columns_removed"] == ["Autor zgłoszenia", "kontakt"]
    assert quality["personal_data_redacted_in_text"] == 2
    data = empty_ws.path.read_bytes()
    for secret in ("Kowalski", "jan@example.pl", "601 234 567", "ewa.lis@"):
        assert secret.encode() not in data


def test_keep_personal_keeps_the_columns(empty_ws: Workspace, tmp_path: Path) -> None:
    import_datasets(empty_ws, [write_attributes(tmp_path)], DatasetImportParams(keep_personal=True))
    layer = empty_ws.read_layer("atrybuty")
    assert layer["Autor zgłoszenia"].tolist() == ["Jan Kowalski", "Anna Nowak", "Ewa Lis"]
    assert layer["opis"][0] == "dzwonić 601 234 567"
    assert "personal_columns_removed" not in empty_ws.entry("atrybuty").quality


def test_quality_flags_are_short_json(empty_ws: Workspace, tmp_path: Path) -> None:
    import_datasets(empty_ws, [write_attributes(tmp_path)])
    for value in empty_ws.entry("atrybuty").quality.values():
        assert isinstance(value, bool | int | str | list)
        assert len(json.dumps(value)) < 200
