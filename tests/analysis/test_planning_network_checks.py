"""Cycle network quality checks: components, dead ends, junction defects, missing tags."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from analysis.planning.cycle_network import (
    NetworkParams,
    check_network,
    cycleway_components,
    street_graph,
    tag_columns,
)

X0, Y0 = 560_000.0, 380_000.0


def lines(*coords: list[tuple[float, float]]) -> np.ndarray:
    return shapely.linestrings([[(X0 + x, Y0 + y) for x, y in c] for c in coords])


def grid(size: int = 3, step: float = 200.0) -> gpd.GeoDataFrame:
    """A size x size grid of street segments; its inner border nodes join three segments."""
    segments = []
    for i in range(size):
        for j in range(size - 1):
            segments.append([(i * step, j * step), (i * step, (j + 1) * step)])
            segments.append([(j * step, i * step), ((j + 1) * step, i * step)])
    return gpd.GeoDataFrame(geometry=lines(*segments), crs="EPSG:2180")


@pytest.fixture(scope="module")
def network() -> gpd.GeoDataFrame:
    """Three cycleways 7 m beside grid streets: one stops 15 m short of the junction at
    (200, 0), one overshoots the junction at (200, 400) by 12 m, one ends at (400, 200)."""
    return gpd.GeoDataFrame(
        {
            "id": [11, 12, 13],
            "nawierzchnia": ["asfalt", None, " "],
            "oswietlenie": [None, None, None],
            "szerokosc_m": [2.0, 2.0, 2.5],
        },
        geometry=lines([(0, 7), (185, 7)], [(0, 407), (212, 407)], [(407, 0), (407, 200)]),
        crs="EPSG:2180",
    )


def test_street_graph_merges_ends_and_counts_junctions() -> None:
    graph = street_graph(grid().geometry.to_numpy(), 0.5)
    assert len(graph.node_xy) == 9
    degree = np.sort(graph.degree())
    assert degree.tolist() == [2, 2, 2, 2, 3, 3, 3, 3, 4]


def test_short_and_overshooting_ends_are_measured_along_the_cycleway(
    network: gpd.GeoDataFrame,
) -> None:
    issues = check_network(network, grid(), NetworkParams()).issues
    short = issues[issues["type"] == "stops_short_of_junction"]
    over = issues[issues["type"] == "overshoots_junction"]
    assert short["cycleway_id"].tolist() == [11]
    assert short["metres"].iloc[0] == pytest.approx(15.0, abs=0.01)
    assert shapely.get_coordinates(short.geometry).tolist() == [[X0 + 185, Y0 + 7]]
    assert over["cycleway_id"].tolist() == [12]
    assert over["metres"].iloc[0] == pytest.approx(12.0, abs=0.01)


def test_dead_ends_name_the_distance_to_the_nearest_other_cycleway(
    network: gpd.GeoDataFrame,
) -> None:
    issues = check_network(network, grid(), NetworkParams()).issues
    dead = issues[issues["type"] == "dead_end"].sort_values(["cycleway", "metres"])
    assert len(dead) == 6  # three lone pieces, two ends each
    # Piece 11's end at (185, 7) is nearest to piece 13 at x = 407.
    end = dead[dead.geometry.x == X0 + 185]
    assert end["metres"].iloc[0] == pytest.approx(222.0)


def test_components_and_their_length(network: gpd.GeoDataFrame) -> None:
    quality = check_network(network, grid(), NetworkParams())
    assert quality.summary["components"] == 3
    assert quality.components["length_km"].tolist() == pytest.approx([0.212, 0.2, 0.185])
    assert quality.component.tolist() == [2, 0, 1]


@pytest.mark.parametrize(("gap_m", "components"), [(2.0, 1), (5.0, 2)])
def test_ends_within_the_snapping_tolerance_connect(gap_m: float, components: int) -> None:
    pieces = lines([(0, 0), (100, 0)], [(100 + gap_m, 0), (300, 0)])
    assert cycleway_components(pieces, snap_m=3.0).max() + 1 == components


def test_crossing_and_touching_pieces_connect() -> None:
    pieces = lines(
        [(0, 0), (100, 0)], [(50, -50), (50, 50)], [(50, 51), (50, 150)], [(500, 0), (600, 0)]
    )
    assert cycleway_components(pieces, snap_m=3.0).tolist() == [0, 0, 0, 1]


def test_missing_tags_as_a_share_of_length(network: gpd.GeoDataFrame) -> None:
    quality = check_network(network, grid(), NetworkParams())
    total = 185 + 212 + 200
    assert quality.summary["missing_share"] == pytest.approx(
        {"surface": round(412 / total, 4), "lighting": 1.0, "width": 0.0}
    )
    tags = quality.issues[quality.issues["type"] == "missing_tags"].sort_values("cycleway_id")
    assert tags["detail"].tolist() == ["lighting", "surface, lighting", "surface, lighting"]


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ["id", "nawierzchnia", "oswietlenie", "szerokosc_m"],
            {"surface": "nawierzchnia", "lighting": "oswietlenie", "width": "szerokosc_m"},
        ),
        (
            ["surface", "lit", "width", "highway"],
            {"surface": "surface", "lighting": "lit", "width": "width"},
        ),
        (
            ["Rodzaj_nawierzchni", "Oświetlenie", "SZEROKOSC"],
            {"surface": "Rodzaj_nawierzchni", "lighting": "Oświetlenie", "width": "SZEROKOSC"},
        ),
        (["id", "typ", "split"], {"surface": None, "lighting": None, "width": None}),
    ],
)
def test_tag_columns_in_polish_english_and_osm(columns: list[str], expected: dict) -> None:
    assert tag_columns(pd.Index(columns)) == expected


def test_a_layer_without_a_tag_column_misses_it_everywhere(network: gpd.GeoDataFrame) -> None:
    quality = check_network(network.drop(columns="szerokosc_m"), grid(), NetworkParams())
    assert quality.summary["missing_share"]["width"] == 1.0
    assert quality.summary["tag_columns"]["width"] is None


@pytest.mark.slow
def test_sample_city_defects_are_found(city: Path, truth: dict) -> None:
    streets = gpd.read_file(city / "datasets" / "ulice.gpkg")
    cycleways = gpd.read_file(city / "datasets" / "drogi_rowerowe.geojson").to_crs(streets.crs)
    quality = check_network(cycleways, streets, NetworkParams())
    issues = quality.issues
    defects = truth["cycleway_defects"]
    short = issues[issues["type"] == "stops_short_of_junction"]
    over = issues[issues["type"] == "overshoots_junction"]
    assert short["cycleway_id"].tolist() == [defects["stops_short_of_junction"]["id"]]
    assert short["metres"].iloc[0] == pytest.approx(
        defects["stops_short_of_junction"]["gap_m"], abs=1.0
    )
    assert over["cycleway_id"].tolist() == [defects["overshoots_junction"]["id"]]
    assert over["metres"].iloc[0] == pytest.approx(
        defects["overshoots_junction"]["overshoot_m"], abs=1.0
    )
    length = cycleways.geometry.length
    assert quality.summary["missing_share"]["surface"] == pytest.approx(
        length[cycleways["nawierzchnia"].isna()].sum() / length.sum(), abs=1e-4
    )
    assert quality.summary["components"] >= 2
    assert sum(quality.summary["component_km"]) == pytest.approx(length.sum() / 1000, abs=0.05)
