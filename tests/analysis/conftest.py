from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from analysis.workspace import DatasetKind, Workspace


@pytest.fixture(scope="session")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default sample city, generated once per test session."""
    from analysis.samplecity import generate

    return generate(tmp_path_factory.mktemp("city") / "przykladowo").folder


@pytest.fixture(scope="session")
def truth(city: Path) -> dict:
    return json.loads((city / "truth.json").read_text(encoding="utf-8"))


def points_2180(n: int, x0: float = 560_000.0, y0: float = 380_000.0) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"value": list(range(n)), "label": [f"punkt {i} żółć" for i in range(n)]},
        geometry=shapely.points([(x0 + 10.0 * i, y0 + 5.0 * i) for i in range(n)]),
        crs="EPSG:2180",
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A workspace holding one layer of 5 points."""
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    with ws.transaction() as tx:
        tx.write_layer(points_2180(5), "punkty", DatasetKind.DATASET, title="Punkty", licence="CC0")
    return ws


@pytest.fixture(scope="session")
def city_workspace(city: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A workspace holding the sample city's datasets and tracks (imported once)."""
    from analysis.io.datasets import import_datasets
    from analysis.io.tracks import import_tracks

    ws = Workspace.create(tmp_path_factory.mktemp("city_ws") / "przykladowo.gpkg")
    import_datasets(ws, [city / "datasets"])
    import_tracks(ws, [city / "tracks"])
    return ws
