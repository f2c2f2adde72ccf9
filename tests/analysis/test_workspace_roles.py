"""Finding the layer that plays a part: named by the user, or guessed from names and geometry."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from analysis.errors import InputError
from analysis.workspace import DatasetKind, Workspace
from analysis.workspace.roles import STREETS, find_layer


def lines(n: int) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        geometry=[
            shapely.LineString([(560_000 + i, 380_000), (560_100 + i, 380_000)]) for i in range(n)
        ],
        crs="EPSG:2180",
    )


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    with ws.transaction() as tx:
        tx.write_layer(lines(3), "ulice_osiedla", DatasetKind.DATASET)
        tx.write_layer(lines(7), "siec_gminna", DatasetKind.DATASET, title="Drogi gminne")
        tx.write_layer(lines(50), "drogi_rowerowe", DatasetKind.DATASET)
        tx.write_layer(
            lines(1).set_geometry(lines(1).centroid), "ulice_punkty", DatasetKind.DATASET
        )
    return ws


def test_the_largest_layer_that_looks_like_streets_is_chosen(ws: Workspace) -> None:
    assert find_layer(ws, STREETS) == "siec_gminna"  # cycleways and points are not streets


def test_a_named_layer_is_taken_if_it_holds_lines(ws: Workspace) -> None:
    assert find_layer(ws, STREETS, "ulice_osiedla") == "ulice_osiedla"
    with pytest.raises(InputError, match="POINT, but the street network layer must hold line"):
        find_layer(ws, STREETS, "ulice_punkty")
    with pytest.raises(InputError, match="has no dataset 'brak'"):
        find_layer(ws, STREETS, "brak")


def test_no_candidate_is_an_error_listing_the_line_layers(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "pusty.gpkg")
    with ws.transaction() as tx:
        tx.write_layer(lines(2), "trasy_rowerowe", DatasetKind.DATASET)
    with pytest.raises(InputError, match=r"no layer looks like the street network.*trasy_rowerowe"):
        find_layer(ws, STREETS)


def test_roles_find_the_sample_city_layers(city_workspace: Workspace) -> None:
    from analysis.workspace import roles

    found = {
        role.label: find_layer(city_workspace, role)
        for role in (
            roles.STREETS,
            roles.CYCLEWAYS,
            roles.RACKS,
            roles.SCHOOLS,
            roles.BUS_STOPS,
            roles.PARKS,
            roles.DISTRICTS,
        )
    }
    assert found == {
        "street network": "ulice",
        "cycleways": "drogi_rowerowe",
        "bike racks": "stojaki_rowerowe",
        "schools": "szkoly",
        "public transport stops": "przystanki",
        "parks": "parki",
        "districts": "dzielnice",
    }


def test_an_optional_role_is_none_when_absent_but_a_named_layer_must_exist(ws: Workspace) -> None:
    from analysis.workspace.roles import DISTRICTS, find_optional_layer

    assert find_optional_layer(ws, DISTRICTS) is None
    assert find_optional_layer(ws, STREETS) == "siec_gminna"
    with pytest.raises(InputError, match="has no dataset 'brak'"):
        find_optional_layer(ws, DISTRICTS, "brak")
