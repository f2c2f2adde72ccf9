"""Bike-path gap analysis: covered streets, candidates, links, corridors and their score."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from click.testing import CliRunner

from analysis import registry
from analysis.errors import InputError
from analysis.planning.gaps import GapParams, asks_for_cycling, covered_share, gap_analysis
from analysis.workspace import Workspace

X0, Y0 = 560_000.0, 380_000.0
NAMES = {
    ("h", 0): "ul. Dolna",
    ("h", 200): "ul. Środkowa",
    ("h", 400): "ul. Górna",
    ("v", 0): "ul. Zachodnia",
    ("v", 200): "ul. Szkolna",
    ("v", 400): "ul. Wschodnia",
}


def lines(*coords: list[tuple[float, float]]) -> np.ndarray:
    return shapely.linestrings([[(X0 + x, Y0 + y) for x, y in c] for c in coords])


def grid(users_per_day: dict[str, float]) -> gpd.GeoDataFrame:
    """Twelve 200 m segments of a 3 x 3 grid of named streets, with usage per street name."""
    rows, geometry = [], []
    for line in (0, 200, 400):
        for start in (0, 200):
            for axis in ("h", "v"):
                a, b = (start, line), (start + 200, line)
                geometry.append([a, b] if axis == "h" else [a[::-1], b[::-1]])
                name = NAMES[(axis, line)]
                per_day = users_per_day.get(name, 0.0)
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "nazwa": name,
                        "users_per_day": per_day,
                        "users": int(per_day * 8),
                    }
                )
    return gpd.GeoDataFrame(rows, geometry=lines(*geometry), crs="EPSG:2180")


def cycleways(*coords: list[tuple[float, float]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": range(1, len(coords) + 1)}, geometry=lines(*coords), crs="EPSG:2180"
    )


def reports() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "category": ["other", "pothole", "missing_bike_rack"],
            "description": [
                "Brak ścieżki rowerowej na Szkolnej",
                "Dziura w jezdni",
                "Brak stojaka",
            ],
        },
        geometry=shapely.points([(X0 + 210, Y0 + 100), (X0 + 210, Y0 + 300), (X0 + 190, Y0 + 300)]),
        crs="EPSG:2180",
    )


def test_busy_bare_street_is_the_corridor_and_the_covered_one_is_not() -> None:
    streets = grid({"ul. Środkowa": 5.0, "ul. Dolna": 8.0, "ul. Wschodnia": 0.5})
    result = gap_analysis(streets, cycleways([(0, 7), (400, 7)]))
    corridors = result.tables["corridors"]
    assert corridors["street"].tolist() == ["ul. Środkowa"]
    row = corridors.iloc[0]
    assert (row["length_m"], row["users_per_day"], row["users"], row["reports"]) == (
        400.0,
        5.0,
        40,
        0,
    )
    assert (row["demand_term"], row["score"], row["rank"]) == (1.0, 0.6, 1)
    assert row["user_km_per_day"] == pytest.approx(2.0)
    assert sorted(result.tables["segments"]["id"]) == sorted(
        streets.loc[streets["nazwa"] == "ul. Środkowa", "id"]
    )
    assert result.summary["covered_km"] == pytest.approx(0.4)
    assert result.summary["bare_user_km_share"] == pytest.approx(
        (5 * 400 + 0.5 * 400) / (5 * 400 + 8 * 400 + 0.5 * 400), abs=1e-4
    )


def test_covered_share_of_a_street_beside_and_across_a_cycleway() -> None:
    streets = lines([(0, 0), (400, 0)], [(0, 0), (0, 200)], [(0, 200), (400, 200)])
    share = covered_share(streets, lines([(0, 7), (400, 7)]), GapParams())
    # The crossing street is within 15 m of the cycleway for its first 22 m (sampled at 5 m).
    assert share == pytest.approx([1.0, 0.1, 0.0])


def test_two_components_are_joined_by_the_shortest_street_link() -> None:
    streets = grid({"ul. Środkowa": 0.5})
    network = cycleways([(-7, 0), (-7, 200)], [(407, 200), (407, 400)])
    result = gap_analysis(streets, network, params=GapParams(min_component_m=100))
    links = result.tables["links"]
    assert len(links) == 1
    link = links.iloc[0]
    assert (link["kind"], link["length_m"], link["bare_m"]) == ("street", 400.0, 400.0)
    assert {link["from_component"], link["to_component"]} == {0, 1}
    assert shapely.equals(link.geometry, lines([(0, 200), (400, 200)])[0])
    corridor = result.tables["corridors"].iloc[0]
    assert (corridor["street"], corridor["length_m"], corridor["connects"]) == (
        "ul. Środkowa",
        400.0,
        "0-1",
    )
    assert (corridor["connectivity_term"], corridor["demand_term"], corridor["score"]) == (
        1.0,
        1.0,
        0.8,
    )


def test_pieces_nearly_meeting_are_joined_by_a_gap_link() -> None:
    streets = grid({"ul. Środkowa": 2.0})
    result = gap_analysis(
        streets,
        cycleways([(0, 7), (195, 7)], [(205, 7), (400, 7)]),
        params=GapParams(min_component_m=100),
    )
    links = result.tables["links"]
    assert links[["kind", "length_m"]].to_dict("records") == [{"kind": "gap", "length_m": 10.0}]
    assert result.summary["network"]["components"] == 2


def test_reports_asking_for_cycling_make_a_corridor() -> None:
    streets = grid({"ul. Środkowa": 5.0})
    result = gap_analysis(streets, cycleways([(0, 7), (400, 7)]), reports())
    corridors = result.tables["corridors"].set_index("street")
    assert corridors.loc["ul. Szkolna", "reports"] == 1  # not the pothole, nor the rack request
    assert corridors.loc["ul. Szkolna", "length_m"] == 200.0  # the segment asked about
    assert corridors.loc["ul. Szkolna", "reports_term"] == 1.0
    assert corridors["rank"].to_dict() == {"ul. Środkowa": 1, "ul. Szkolna": 2}
    reranked = gap_analysis(
        streets,
        cycleways([(0, 7), (400, 7)]),
        reports(),
        GapParams(demand_weight=0.1, reports_weight=1.0),
    )
    assert reranked.tables["corridors"]["street"].tolist() == ["ul. Szkolna", "ul. Środkowa"]


@pytest.mark.parametrize(
    ("category", "text", "asks"),
    [
        ("other", "Brak ścieżki rowerowej", True),
        ("other", "Proszę o drogę dla rowerów do szkoły", True),
        ("other", "We need a bike lane here", True),
        ("other", "Nie ma gdzie przypiąć roweru", False),  # a rack, for analyze racks
        ("missing_bike_rack", "", False),
        ("pothole", "Dziura w jezdni", False),
        ("other", "Rowerzysta na chodniku", False),
    ],
)
def test_reports_that_ask_for_cycling_infrastructure(category: str, text: str, asks: bool) -> None:
    table = gpd.GeoDataFrame(
        {"category": [category], "description": [text]},
        geometry=shapely.points([(X0, Y0)]),
        crs="EPSG:2180",
    )
    assert asks_for_cycling(table, GapParams()).tolist() == [asks]


def bad_inputs() -> list[tuple[str, gpd.GeoDataFrame, gpd.GeoDataFrame, str]]:
    streets = grid({"ul. Środkowa": 5.0})
    network = cycleways([(0, 7), (400, 7)])
    return [
        ("no CRS", streets.set_crs(None, allow_override=True), network, "no CRS"),
        ("degrees", streets.to_crs(4326), network.to_crs(4326), "degrees"),
        ("other CRS", streets, network.to_crs(2177), "reproject"),
        (
            "no usage columns",
            streets.drop(columns=["users", "users_per_day"]),
            network,
            "urbanista usage",
        ),
        ("no usage", grid({}), network, "no street segment has cycling usage"),
        ("empty cycleways", streets, network.iloc[:0], "cycleway layer is empty"),
        ("points", streets.set_geometry(streets.centroid), network, "must hold"),
    ]


@pytest.mark.parametrize(
    ("streets", "network", "message"),
    [case[1:] for case in bad_inputs()],
    ids=[case[0] for case in bad_inputs()],
)
def test_bad_input_is_named(
    streets: gpd.GeoDataFrame, network: gpd.GeoDataFrame, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        gap_analysis(streets, network)


@pytest.fixture(scope="module")
def city_gaps(city_workspace: Workspace, city: Path, tmp_path_factory: pytest.TempPathFactory):
    """A copy of the sample city with reports, run through the CLI before usage is stored
    (counted on the fly) and through the function after."""
    from analysis.cli.main import cli
    from analysis.heatmap.filters import ActivityFilter
    from analysis.heatmap.usage import UsageParams
    from analysis.io.reports import import_reports

    path = tmp_path_factory.mktemp("gaps") / "przykladowo.gpkg"
    shutil.copy(city_workspace.path, path)
    ws = Workspace.open(path)
    import_reports(ws, [city / "reports"])
    cli_run = CliRunner().invoke(cli, ["analyze", "gaps", "-w", str(path), "--json"])
    registry.run_on_workspace(ws, "usage", UsageParams(filters=ActivityFilter(types=("cycling",))))
    result = gap_analysis(
        ws.read_layer("usage_cycling_segments"),
        ws.read_layer("drogi_rowerowe"),
        ws.read_layer("reports"),
    )
    return ws, cli_run, result


@pytest.mark.slow
def test_sample_city_planted_corridor_is_in_the_top_three(city_gaps, truth: dict) -> None:
    _, _, result = city_gaps
    corridors = result.tables["corridors"]
    planted = set(truth["corridor"]["street_ids"])
    top = corridors.head(3)
    overlap = [len(planted & {int(i) for i in ids.split(",")}) for ids in top["street_ids"]]
    best = int(np.argmax(overlap))
    assert overlap[best] >= 0.8 * len(planted)
    row = top.iloc[best]
    assert row["street"] == truth["corridor"]["street"]
    assert row["length_m"] == pytest.approx(truth["corridor"]["length_m"], rel=0.35)
    assert row["users_per_day"] > 3 * corridors["users_per_day"].median()


@pytest.mark.slow
def test_sample_city_network_checks_and_links(city_gaps, truth: dict) -> None:
    _, _, result = city_gaps
    issues = result.tables["issues"]
    for kind, metres in (
        ("stops_short_of_junction", "gap_m"),
        ("overshoots_junction", "overshoot_m"),
    ):
        found = issues[issues["type"] == kind]
        assert found["cycleway_id"].tolist() == [truth["cycleway_defects"][kind]["id"]]
        assert found["metres"].iloc[0] == pytest.approx(
            truth["cycleway_defects"][kind][metres], abs=1.0
        )
    links = result.tables["links"]
    components = result.summary["network"]["components"]
    assert len(links) == components - 1  # every component is long enough and within reach
    assert (links["length_m"] <= GapParams().max_link_m).all()
    # The piece stopping 15 m short leaves a gap of about that much to the next one.
    gap = links[links["kind"] == "gap"]
    assert gap["length_m"].tolist() == pytest.approx([15.0], abs=1.0)


@pytest.mark.slow
def test_sample_city_cli_stores_the_tables(city_gaps) -> None:
    import json

    ws, cli_run, result = city_gaps
    assert cli_run.exit_code == 0, cli_run.output
    assert "counting cycling usage from the tracks now" in cli_run.stderr
    summary = json.loads(cli_run.stdout)
    assert summary["layers"] == [
        "gaps_corridors",
        "gaps_segments",
        "gaps_links",
        "gaps_components",
        "gaps_issues",
        "gaps_summary",
    ]
    assert summary["summary"]["top_corridor"] == result.summary["top_corridor"]
    stored = ws.read_layer("gaps_corridors")
    assert len(stored) == summary["tables"]["corridors"] == len(result.tables["corridors"])
    assert stored.iloc[0]["street"] == result.tables["corridors"].iloc[0]["street"]
    assert set(ws.read_layer("gaps_issues")["type"]) >= {"dead_end", "missing_tags"}
    figures = ws.read_layer("gaps_summary").set_index("figure")["value"]
    assert figures["network.components"] == str(result.summary["network"]["components"])
    # Counted on the fly: no usage layer read, the streets it was counted on named.
    layers = {k: v for k, v in summary["parameters"].items() if k.startswith("layer.")}
    assert layers == {
        "layer.usage": "",
        "layer.streets": "ulice",
        "layer.cycleways": "drogi_rowerowe",
        "layer.reports": "reports",
    }
    assert ws.entry("gaps_corridors").quality["layer.streets"] == "ulice"


def test_a_usage_layer_without_the_counts_is_named_with_the_columns_it_lacks() -> None:
    periods = grid({"ul. Środkowa": 5.0}).drop(columns="users_per_day")
    with pytest.raises(
        InputError,
        match=r"^the usage layer 'usage_cycling_periods' has no "
        r"users_per_day column: give the usage layer",
    ):
        gap_analysis(
            periods,
            cycleways([(0, 7), (400, 7)]),
            layer_names={"usage": "usage_cycling_periods", "streets": ""},
        )


def test_the_layers_read_are_parameters_left_out_ones_empty() -> None:
    names = {"usage": "usage_cycling_segments", "streets": "", "cycleways": "ddr", "reports": ""}
    result = gap_analysis(
        grid({"ul. Środkowa": 5.0}), cycleways([(0, 7), (400, 7)]), layer_names=names
    )
    assert {k: v for k, v in result.parameters.items() if k.startswith("layer.")} == {
        "layer.usage": "usage_cycling_segments",
        "layer.streets": "",
        "layer.cycleways": "ddr",
        "layer.reports": "",
    }


def test_multi_line_cycleways_are_split_into_their_parts() -> None:
    streets = grid({"ul. Środkowa": 2.0})
    network = gpd.GeoDataFrame(
        {"id": [7]},
        geometry=[shapely.multilinestrings(list(lines([(0, 7), (190, 7)], [(210, 7), (400, 7)])))],
        crs="EPSG:2180",
    )
    result = gap_analysis(streets, network, params=GapParams(min_component_m=100))
    assert result.summary["network"]["components"] == 2
    dead = result.tables["issues"].query("type == 'dead_end'")
    assert dead["cycleway_id"].tolist() == [7] * 4
    assert result.tables["links"]["length_m"].tolist() == [20.0]


def test_cancelling_stops_the_analysis() -> None:
    from analysis.errors import Cancelled

    class Stop:
        def report(self, fraction: float, message: str = "") -> None:
            pass

        def is_cancelled(self) -> bool:
            return True

    with pytest.raises(Cancelled):
        gap_analysis(grid({"ul. Środkowa": 2.0}), cycleways([(0, 7), (400, 7)]), progress=Stop())


def test_parameters_refused_as_input_errors_the_cli_prints_in_one_line() -> None:
    from analysis.errors import InputError
    from analysis.planning.gaps import GapParams

    with pytest.raises(InputError, match="--weights: the weights must not all be zero"):
        GapParams(demand_weight=0.0, reports_weight=0.0, connectivity_weight=0.0)
