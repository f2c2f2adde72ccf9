"""Bike-stand siting: hand-made streets with known answers, the sample city, the CLI.

Trip starts and ends count once per person, cell and type, and only in cells of
``min_users`` people (see :mod:`analysis.planning.racks`); the attack of one
frequent rider on the sample city is in ``test_privacy_racks.py``.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from analysis.cli.main import cli
from analysis.errors import Cancelled, InputError
from analysis.planning.racks import RackInputs, RackParams, site_racks
from analysis.planning.result import AnalysisResult
from analysis.workspace import DatasetKind, Workspace

X0, Y0 = 560_000.0, 380_000.0
CRS = "EPSG:2180"


def _gdf(geoms: list[shapely.Geometry], crs: str | None = CRS, **cols: list) -> gpd.GeoDataFrame:
    moved = [shapely.transform(g, lambda xy: xy + np.array([X0, Y0])) for g in geoms]
    return gpd.GeoDataFrame(cols, geometry=moved, crs=crs)


def _street() -> gpd.GeoDataFrame:
    """One street 1 km long, east from the origin, in pieces of 100 m."""
    return _gdf([shapely.LineString([(x, 0) for x in range(0, 1001, 100)])])


def _town() -> RackInputs:
    """A rack at x = 100 with a school beside it; 10 rides of 5 users from it end at x = 800,
    where 3 residents reported a missing rack; a bus stop at x = 450; a run ends at x = 400.

    Each user rides twice: their trip ends count once per cell, 5 starts and 5 ends.
    """
    rides = [shapely.LineString([(100, 10), (450, 10 + i), (800, 5 + i)]) for i in range(10)]
    run = shapely.LineString([(600, 10), (400, 10)])
    return RackInputs(
        streets=_street(),
        racks=_gdf([shapely.Point(100, 5)]),
        activities=_gdf(
            [*rides, run],
            type=["cycling"] * 10 + ["running"],
            user_id=[f"u{i % 5}" for i in range(10)] + ["u0"],
        ),
        reports=_gdf(
            [shapely.Point(820, 10)] * 3 + [shapely.Point(300, 5)],
            category=["missing_bike_rack"] * 3 + ["pothole"],
        ),
        pois={"school": _gdf([shapely.Point(100, 20)]), "bus_stop": _gdf([shapely.Point(450, 10)])},
    )


def _cells(result: AnalysisResult, size_m: float = 100.0) -> dict[tuple[float, float], dict]:
    """The ``uncovered`` cells by their south-west corner from the origin, nulls as None."""
    table = result.tables["uncovered"]
    assert table.crs == CRS and set(table.geom_type) <= {"Polygon"}
    assert np.allclose(table.area, size_m**2)
    assert not {"source", "user", "user_id"} & set(table.columns)
    corners = zip(table.bounds["minx"] - X0, table.bounds["miny"] - Y0, strict=True)
    rows = table.drop(columns="geometry").to_dict("records")
    return {
        xy: {k: None if pd.isna(v) else v for k, v in row.items()}
        for xy, row in zip(corners, rows, strict=True)
    }


def _cell(
    weight: float,
    trip_ends: int | None = None,
    trip_users: int | None = None,
    near_street_share: float = 1.0,
    **counts: int,
) -> dict:
    """An expected ``uncovered`` row; counts not given are 0."""
    kinds = ("reports", "schools", "bus_stops", "shops", "parks")
    return {
        "weight": weight,
        "trip_ends": trip_ends,
        "trip_users": trip_users,
        **{k: counts.get(k, 0) for k in kinds},
        "near_street_share": near_street_share,
    }


def test_one_new_stand_goes_to_the_uncovered_cluster() -> None:
    result = site_racks(_town(), RackParams(new_sites=1))
    s = result.summary
    # 5 people's starts + 5 people's ends + 3 reports x 5 + school 20 + bus stop 3;
    # the run does not count.
    assert s["demand_total"] == 48.0 and s["demand_points"] == 15
    assert s["demand_by_source"] == {
        "bus_stop": 3.0,
        "report": 15.0,
        "school": 20.0,
        "trip_end": 5.0,
        "trip_start": 5.0,
    }
    assert s["trip_ends_recorded"] == 20 and s["trip_ends_merged"] == 10
    assert s["trip_ends_withheld"] == 0 and s["probable_people"] == 5
    assert s["covered_before"] == 25.0 and s["covered_before_pct"] == pytest.approx(52.08)
    assert s["covered_after"] == 45.0 and s["covered_after_pct"] == pytest.approx(93.75)
    assert s["optimal"] and s["optimality_gap_pct"] == 0.0 and s["greedy_gap_pct"] == 0.0
    sites = result.tables["sites"]
    assert sites["rank"].tolist() == [1] and sites["covered_demand"].tolist() == [20.0]
    x = sites.geometry.x.iloc[0] - X0
    assert 680 <= x <= 945 and sites.geometry.y.iloc[0] == pytest.approx(Y0)
    # Only the bus stop is left, in the cell from x = 400 to 500; no trip end is uncovered.
    assert _cells(result) == {(400.0, 0.0): _cell(3.0, bus_stops=1)}
    assert s["uncovered_cells"] == 1 and s["uncovered_shown"] == 3.0
    assert s["uncovered_trip_ends_withheld"] == 0.0
    assert result.tables["sites"].crs == CRS and len(result.lines) >= 3


def test_two_stands_cover_everything_and_existing_racks_count_before() -> None:
    result = site_racks(_town(), RackParams(new_sites=2))
    assert result.summary["covered_after_pct"] == 100.0
    assert result.tables["sites"]["covered_demand"].tolist() == [20.0, 3.0]
    assert result.tables["uncovered"].empty
    more = site_racks(_town(), RackParams(new_sites=5))  # three more would add nothing
    assert more.summary["new_sites"] == 2 and more.summary["covered_after_pct"] == 100.0
    without_rack = site_racks(replace(_town(), racks=None), RackParams(new_sites=2))
    assert without_rack.summary["covered_before"] == 0.0
    assert without_rack.tables["sites"]["covered_demand"].tolist() == [25.0, 20.0]


def test_weights_and_types_are_parameters() -> None:
    params = RackParams(
        new_sites=1,
        activity_types=("cycling", "running"),
        report_weight=0.0,
        school_weight=1.0,
        bus_stop_weight=40.0,
    )
    result = site_racks(_town(), params)
    # The one runner's start and end are no demand: too few people run there.
    assert result.summary["demand_by_source"] == {
        "bus_stop": 40.0,
        "school": 1.0,
        "trip_end": 5.0,
        "trip_start": 5.0,
    }
    assert result.summary["trip_ends_withheld"] == 2
    # The bus stop (40) now outweighs the ride ends.
    assert result.tables["sites"]["covered_demand"].tolist() == [40.0]
    assert abs(result.tables["sites"].geometry.x.iloc[0] - X0 - 450) <= 150
    # The ride ends at x = 800, of five users, are shown at k = 5; the reports weigh 0.
    assert _cells(result) == {(800.0, 0.0): _cell(5.0, trip_ends=5, trip_users=5)}
    # At k = 6 no trip end is demand at all: nothing is left to withhold when uncovered.
    fewer = site_racks(_town(), replace(params, min_users=6))
    assert fewer.tables["uncovered"].empty
    assert fewer.summary["demand_by_source"] == {"bus_stop": 40.0, "school": 1.0}
    assert fewer.summary["trip_ends_withheld"] == 22
    assert fewer.summary["uncovered_trip_ends_withheld"] == 0.0


def test_set_covering_reaches_the_target() -> None:
    for target, sites in ((50.0, 0), (90.0, 1), (100.0, 2)):
        result = site_racks(_town(), RackParams(target_pct=target))
        s = result.summary
        assert s["model"] == "LSCP" and s["new_sites"] == s["exact_sites"] == sites
        assert s["covered_after_pct"] >= target
    greedy = site_racks(_town(), RackParams(target_pct=90.0, method="greedy"))
    assert greedy.summary["new_sites"] == 1 and "exact_sites" not in greedy.summary


def test_a_river_without_a_bridge_keeps_the_rack_from_covering() -> None:
    # The rack is 50 m from the report across the river; the bridge is 175 m east.
    banks = _gdf(
        [
            shapely.LineString([(-500, 0), (0, 0), (175, 0), (500, 0)]),
            shapely.LineString([(-500, 50), (0, 50), (175, 50), (500, 50)]),
            shapely.LineString([(175, 0), (175, 50)]),
        ]
    )
    report = _gdf([shapely.Point(0, 50)], category=["missing_bike_rack"])
    inputs = RackInputs(streets=banks, racks=_gdf([shapely.Point(0, 0)]), reports=report)
    result = site_racks(inputs, RackParams(new_sites=1))
    assert result.summary["covered_before"] == 0.0
    assert result.summary["covered_after"] == 5.0
    site = result.tables["sites"].geometry.iloc[0]
    assert site.y - Y0 == pytest.approx(50.0) and abs(site.x - X0) <= 150
    across = site_racks(inputs, RackParams(new_sites=1, walk_m=401.0))
    assert across.summary["covered_before"] == 5.0 and across.summary["new_sites"] == 0


def test_polygons_are_reached_from_their_edge() -> None:
    park = shapely.box(300, 20, 700, 400)  # its centre is 210 m from the street, its edge 20
    inputs = RackInputs(streets=_street(), pois={"park": _gdf([park])})
    result = site_racks(inputs, RackParams(new_sites=1, walk_m=50.0))
    assert result.summary["covered_after"] == 10.0


def test_bad_inputs_say_what_is_wrong() -> None:
    town = _town()
    cases = [
        ({"streets": _street().set_crs(None, allow_override=True)}, "streets layer has no CRS"),
        ({"streets": _street().to_crs("EPSG:4326")}, "not in metres"),
        ({"streets": _street().iloc[:0]}, "street layer is empty"),
        ({"activities": None, "reports": None, "pois": {}}, "there is no demand"),
        ({"reports": town.reports.drop(columns="category")}, "no 'category' column"),
        ({"activities": town.activities.drop(columns="type")}, "no 'type' column"),
        ({"activities": town.activities.drop(columns="user_id")}, "no 'user_id' column"),
        ({"pois": {"hospital": town.pois["school"]}}, "unknown kind of place 'hospital'"),
    ]
    for change, message in cases:
        with pytest.raises(InputError, match=message):
            site_racks(replace(town, **change), RackParams())
    far = RackInputs(streets=_street(), pois={"school": _gdf([shapely.Point(500, 900)])})
    with pytest.raises(InputError, match="no demand point is within 100 m of a street"):
        site_racks(far, RackParams())
    # A second school 90 m from the street is beyond a 60 m walk: 45 of 65 can be covered.
    schools = _gdf([shapely.Point(100, 20), shapely.Point(500, 90)])
    remote = replace(town, pois={"school": schools})
    with pytest.raises(InputError, match=r"at most 69\.2% of demand"):
        site_racks(remote, RackParams(target_pct=80.0, walk_m=60.0))
    assert site_racks(remote, RackParams(target_pct=69.0, walk_m=60.0)).summary["new_sites"] == 1
    for bad, message in (
        ({"new_sites": 0}, "--new: .* at least 1"),
        ({"target_pct": 120.0}, "--target-pct: must be at most 100 %"),
        ({"walk_m": 0.0}, "--walk: must be greater than 0 m"),
        ({"uncovered_cell_m": 0.0}, "--cell: must be at least 1 m"),
        ({"min_users": -1}, "--min-users: must be at least 0"),
        ({"school_weight": -1.0}, "--school-weight: .* at least 0"),
    ):
        with pytest.raises(InputError, match=message):
            RackParams(**bad)  # type: ignore[arg-type]


def test_other_crs_layers_are_reprojected() -> None:
    town = _town()
    moved = replace(town, reports=town.reports.to_crs("EPSG:2177"))
    assert site_racks(moved, RackParams(new_sites=1)).summary["covered_after"] == 45.0


def test_cancelled_before_the_model_is_built() -> None:
    class Stop:
        def report(self, fraction: float, message: str = "") -> None:
            pass

        def is_cancelled(self) -> bool:
            return True

    with pytest.raises(Cancelled):
        site_racks(_town(), RackParams(), Stop())


def test_a_multipart_activity_counts_its_first_and_last_point() -> None:
    ride = shapely.MultiLineString([[(100, 10), (300, 10)], [(300, 10), (800, 10)]])
    activities = _gdf([ride] * 5, type=["cycling"] * 5, user_id=[f"u{i}" for i in range(5)])
    inputs = RackInputs(streets=_street(), activities=activities)
    result = site_racks(inputs, RackParams(new_sites=1))
    assert result.summary["demand_by_source"] == {"trip_end": 5.0, "trip_start": 5.0}
    # The stand serves one end; the other's five people are shown, at x = 100 or at x = 800.
    assert _cells(result) in ({(100.0, 0.0): _cell(5.0, 5, 5)}, {(800.0, 0.0): _cell(5.0, 5, 5)})
    # One resident's ride alone is no demand at the default k = 5, and the error says so...
    alone = replace(inputs, activities=activities.iloc[:1])
    message = r"no demand.*; 2 trip starts and ends lie in cells of fewer than 5 people"
    with pytest.raises(InputError, match=message):
        site_racks(alone, RackParams(new_sites=1))
    # ...but it is there: without k-anonymity it is one start and one end.
    shown = site_racks(alone, RackParams(new_sites=1, min_users=1))
    assert shown.summary["demand_by_source"] == {"trip_end": 1.0, "trip_start": 1.0}
    assert _cells(shown) in ({(100.0, 0.0): _cell(1.0, 1, 1)}, {(800.0, 0.0): _cell(1.0, 1, 1)})


def test_a_frequent_rider_counts_as_one_person() -> None:
    # Five people end rides in the cell from x = 800 to 900: four once each at x = 805, one
    # 80 times at x = 895, beyond a 40 m walk of the others. Each starts somewhere alone,
    # and a sixth person rides from x = 500 to x = 100.
    rides = [shapely.LineString([(150 * i, 10), (805, 10)]) for i in range(4)]
    rides += [shapely.LineString([(600, 10), (895, 10 + i % 3)]) for i in range(80)]
    rides.append(shapely.LineString([(500, 10), (100, 10)]))
    users = ["a", "b", "c", "d"] + ["often"] * 80 + ["f"]
    activities = _gdf(rides, type=["cycling"] * len(rides), user_id=users)
    result = site_racks(
        RackInputs(streets=_street(), activities=activities), RackParams(new_sites=1, walk_m=40.0)
    )
    s = result.summary
    # The five count once each; no start has company, nor has the sixth person's end.
    assert s["demand_by_source"] == {"trip_end": 5.0}
    assert s["trip_ends_recorded"] == 170 and s["trip_ends_withheld"] == 86
    assert s["trip_ends_merged"] == 79
    # The stand serves the four at x = 805, not the one who rode there 80 times.
    sites = result.tables["sites"]
    assert abs(sites.geometry.x.iloc[0] - X0 - 805) <= 40
    # Four people are fewer than k = 5: the site's figures leave their demand out.
    assert s["covered_after"] == 4.0
    assert sites[["covered_demand", "demand_within_walk"]].values.tolist() == [[0.0, 0.0]]
    assert sites[["points_within_walk", "trip_ends", "trip_users"]].values.tolist() == [[0, 0, 0]]
    k4 = site_racks(
        RackInputs(streets=_street(), activities=activities),
        RackParams(new_sites=1, walk_m=40.0, min_users=4),
    ).tables["sites"]
    assert k4["covered_demand"].tolist() == [4.0] and k4["trip_users"].tolist() == [4]
    assert k4["trip_ends"].tolist() == [4] and k4.geom_equals(sites).all()


def _market(with_places: bool = False) -> RackInputs:
    """Three reports and a school at x = 100 (35) draw the one stand; five rides of four
    users (10 trip ends) lie in the cell from x = 800 to 900. ``with_places``: that cell
    also holds a report and a shop, a bus stop stands at x = 450 and a park lies 120 m
    north of the street, beyond the snapping distance.
    """
    rides = [shapely.LineString([(850, 20 + i), (880, 40 + i)]) for i in range(5)]
    reports = [shapely.Point(100, 10)] * 3 + [shapely.Point(860, 50)] * with_places
    pois = {"school": _gdf([shapely.Point(120, 10)])}
    if with_places:
        pois |= {
            "shop": _gdf([shapely.Point(870, 60)]),
            "bus_stop": _gdf([shapely.Point(450, 10)]),
            "park": _gdf([shapely.box(280, 120, 320, 160)]),
        }
    return RackInputs(
        streets=_street(),
        activities=_gdf(rides, type=["cycling"] * 5, user_id=["a", "a", "b", "c", "d"]),
        reports=_gdf(reports, category=["missing_bike_rack"] * len(reports)),
        pois=pois,
    )


def test_trip_ends_of_fewer_than_k_people_are_no_demand() -> None:
    k5 = site_racks(_market(), RackParams(new_sites=1))
    # The ten trip ends of four users are no demand at k = 5: nothing sees them.
    assert k5.summary["demand_by_source"] == {"report": 15.0, "school": 20.0}
    assert k5.summary["covered_after"] == 35.0 and k5.summary["demand_total"] == 35.0
    assert k5.tables["uncovered"].empty
    assert k5.summary["uncovered_cells"] == 0 and k5.summary["uncovered_shown"] == 0.0
    assert k5.summary["trip_ends_withheld"] == 10
    assert k5.summary["uncovered_trip_ends_withheld"] == 0.0
    assert (
        "Trip starts and ends count once per person, 100 m cell and activity type: "
        "10 recorded, 0 repeats merged, 10 left out (cells of fewer than 5 people)."
    ) in k5.lines
    # At k = 4 they count, user a's two rides as one start and one end.
    k4 = site_racks(_market(), RackParams(new_sites=1, min_users=4))
    assert k4.summary["demand_by_source"] == {
        "report": 15.0,
        "school": 20.0,
        "trip_end": 4.0,
        "trip_start": 4.0,
    }
    assert k4.summary["trip_ends_merged"] == 2 and k4.summary["trip_ends_withheld"] == 0
    assert _cells(k4) == {(800.0, 0.0): _cell(8.0, trip_ends=8, trip_users=4)}
    assert k4.summary["uncovered_trip_ends_withheld"] == 0.0
    # Here they are too few to move the stand.
    assert k4.summary["covered_after"] == k5.summary["covered_after"]
    assert k4.tables["sites"].equals(k5.tables["sites"])


def test_uncovered_trip_ends_of_fewer_than_k_people_are_withheld() -> None:
    # Five people ride from the rack at x = 100 into the cell from x = 800 to 900, three
    # to x = 805 and two to x = 895: five people there, so all are demand. The stand
    # serves the three (a 40 m walk); the two ends left are withheld from the uncovered
    # table, and the three from the site's figures.
    rides = [
        shapely.LineString([(100 + i, 10), (805 + i if i < 3 else 895, 10 + i)]) for i in range(5)
    ]
    inputs = RackInputs(
        streets=_street(),
        racks=_gdf([shapely.Point(100, 5)]),
        activities=_gdf(rides, type=["cycling"] * 5, user_id=list("abcde")),
    )
    params = RackParams(new_sites=1, walk_m=40.0)
    result = site_racks(inputs, params)
    s = result.summary
    assert s["demand_by_source"] == {"trip_end": 5.0, "trip_start": 5.0}
    assert s["covered_after"] == 8.0 and s["trip_ends_withheld"] == 0
    assert result.tables["uncovered"].empty and s["uncovered_trip_ends_withheld"] == 2.0
    assert "trip ends worth 2 withheld (cells with fewer than 5 users)." in result.lines[-1]
    site = result.tables["sites"]
    assert abs(site.geometry.x.iloc[0] - X0 - 805) <= 40
    assert site["covered_demand"].tolist() == [0.0] and site["trip_users"].tolist() == [0]
    # The display cell does not change which trip ends are demand: 1 km cells, the same.
    big = site_racks(inputs, replace(params, uncovered_cell_m=1000.0))
    assert big.summary == {**s, "uncovered_shown": 0.0}
    assert big.tables["sites"].equals(result.tables["sites"])
    two = site_racks(inputs, replace(params, min_users=2))
    assert _cells(two) == {(800.0, 0.0): _cell(2.0, trip_ends=2, trip_users=2)}
    assert two.tables["sites"]["covered_demand"].tolist() == [3.0]
    assert two.tables["sites"]["trip_users"].tolist() == [3]


def test_reports_and_places_are_shown_whatever_k() -> None:
    k5 = site_racks(_market(with_places=True), RackParams(new_sites=1))
    assert _cells(k5) == {
        (800.0, 0.0): _cell(15.0, reports=1, shops=1),
        (300.0, 100.0): _cell(10.0, parks=1, near_street_share=0.0),
        (400.0, 0.0): _cell(3.0, bus_stops=1),
    }
    k4 = site_racks(_market(with_places=True), RackParams(new_sites=1, min_users=4))
    assert _cells(k4)[(800.0, 0.0)] == _cell(23.0, 8, 4, reports=1, shops=1)
    big = site_racks(_market(with_places=True), RackParams(new_sites=1, uncovered_cell_m=1000))
    assert _cells(big, 1000.0) == {
        (0.0, 0.0): _cell(28.0, near_street_share=0.643, reports=1, shops=1, bus_stops=1, parks=1)
    }


def test_uncovered_cells_and_withheld_demand_add_up_to_the_uncovered() -> None:
    for params in (
        RackParams(new_sites=1),
        RackParams(new_sites=1, min_users=4),
        RackParams(new_sites=1, uncovered_cell_m=30.0),
    ):
        s = site_racks(_market(with_places=True), params).summary
        # 35 covered of 63, and of 71 where the 8 trip starts and ends of 4 users count;
        # 10 of what is left is a park off the streets.
        trips = 8.0 if params.min_users == 4 else 0.0
        assert s["demand_total"] == 63.0 + trips and s["covered_after"] == 35.0
        assert s["demand_far_from_streets"] == 10.0
        assert s["uncovered_shown"] + s["uncovered_trip_ends_withheld"] == 28.0 + trips
        assert s["trip_ends_withheld"] == (0 if params.min_users == 4 else 10)


def test_cli_on_a_small_workspace(tmp_path: Path) -> None:
    town = _town()
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    with ws.transaction() as tx:
        for gdf, name, kind in (
            (town.streets, "ulice", DatasetKind.DATASET),
            (town.racks, "stojaki_rowerowe", DatasetKind.DATASET),
            (town.pois["school"], "szkoly", DatasetKind.DATASET),
            (town.pois["bus_stop"], "przystanki", DatasetKind.DATASET),
            (town.reports, "zgloszenia", DatasetKind.REPORTS),
            (town.activities, "activities", DatasetKind.TRACKS),
        ):
            tx.write_layer(gdf, name, kind)
    runner = CliRunner()
    result = runner.invoke(cli, ["analyze", "racks", "-w", str(ws.path), "--new", "1", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout[result.stdout.index("{") :])
    assert out["summary"]["demand_total"] == 48.0 and out["summary"]["covered_after"] == 45.0
    assert out["tables"] == {"sites": 1, "uncovered": 1}
    cell = ws.read_layer("racks_uncovered")
    assert cell["bus_stops"].tolist() == [1] and cell["trip_ends"].isna().all()
    assert cell.area.tolist() == [10_000.0] and cell.crs == CRS
    # At k = 6 the rides and the run, of five users, are no demand even in 1 km cells.
    args = [
        "--new",
        "1",
        "--type",
        "all",
        "--report-weight",
        "0",
        "--bus-stop-weight",
        "40",
        "--cell",
        "1000",
        "--min-users",
        "6",
        "--json",
    ]
    private = runner.invoke(cli, ["analyze", "racks", "-w", str(ws.path), *args])
    assert private.exit_code == 0, private.output
    out = json.loads(private.stdout[private.stdout.index("{") :])
    assert out["summary"]["trip_ends_withheld"] == 22
    assert out["summary"]["demand_by_source"] == {"bus_stop": 40.0, "school": 20.0}
    assert out["tables"]["uncovered"] == 0
    assert out["parameters"]["uncovered_cell_m"] == 1000.0 and out["parameters"]["min_users"] == 6
    assert ws.read_layer("racks_uncovered").empty
    args = ["--type", "all", "--bus-stop-weight", "0", "--schools", "przystanki", "--json"]
    every = runner.invoke(cli, ["analyze", "racks", "-w", str(ws.path), *args])
    assert every.exit_code == 0, every.output
    by_source = json.loads(every.stdout[every.stdout.index("{") :])["summary"]["demand_by_source"]
    assert by_source == {"report": 15.0, "school": 20.0, "trip_end": 5.0, "trip_start": 5.0}
    assert ws.read_layer("racks_sites").crs == CRS


def test_cli_weight_defaults_are_the_parameters_defaults() -> None:
    from analysis.cli.analysis_command import analysis_command
    from analysis.planning.racks import ANALYSIS

    shown = {o.opts[0]: o.default for o in analysis_command(ANALYSIS).params}
    flags = {
        "trip_end_weight": "--trip-weight",
        "report_weight": "--report-weight",
        "school_weight": "--school-weight",
        "bus_stop_weight": "--bus-stop-weight",
        "shop_weight": "--shop-weight",
        "park_weight": "--park-weight",
    }
    weights = {f: getattr(RackParams(), f) for f in vars(RackParams()) if f.endswith("_weight")}
    assert {f: shown[flag] for f, flag in flags.items()} == weights


# The sample city


@pytest.fixture(scope="module")
def city_racks(
    city: Path, city_workspace: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Workspace, dict]:
    """The sample city with its reports, after ``urbanista analyze racks --json``."""
    from analysis.io.reports import import_reports

    path = tmp_path_factory.mktemp("racks") / "przykladowo.gpkg"
    shutil.copy(city_workspace.path, path)
    ws = Workspace.open(path)
    import_reports(ws, [city / "reports"])
    result = CliRunner().invoke(cli, ["analyze", "racks", "-w", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return ws, json.loads(result.stdout[result.stdout.index("{") :])


@pytest.mark.slow
def test_sample_city_gets_a_stand_at_the_market(
    city_racks: tuple[Workspace, dict], truth: dict
) -> None:
    ws, out = city_racks
    market = shapely.Point(truth["rack_demand"]["x"], truth["rack_demand"]["y"])
    sites = ws.read_layer("racks_sites")
    assert out["layers"] == ["racks_sites", "racks_uncovered"]
    assert len(sites) == out["tables"]["sites"] == 10 and sites.crs == CRS
    assert sites.distance(market).min() <= 150.0
    s = out["summary"]
    assert s["covered_after_pct"] > s["covered_before_pct"] > 0
    assert s["optimal"] and s["optimality_gap_pct"] == 0.0 and s["greedy_gap_pct"] <= 1.0
    cycling = (ws.read_layer("activities", columns=["type"])["type"] == "cycling").sum()
    assert cycling > 0.9 * sum(a["type"] == "cycling" for a in truth["activities"])
    # Trip starts and ends count once per person and cell, where 5 or more people have some.
    by_source = s["demand_by_source"]
    assert s["trip_ends_recorded"] <= 2 * cycling
    counted = by_source["trip_start"] + by_source["trip_end"]  # the trip-end weight is 1
    assert s["trip_ends_recorded"] == counted + s["trip_ends_merged"] + s["trip_ends_withheld"]
    assert 0 < by_source["trip_start"] < cycling and 0 < by_source["trip_end"] < cycling
    assert s["existing_racks"] == truth["counts"]["racks"]
    assert s["demand_by_source"]["school"] == 20.0 * truth["counts"]["schools"]
    assert ws.entry("racks_sites").kind is DatasetKind.ANALYSIS
    assert ws.entry("racks_sites").quality["walk_m"] == 150.0
    # The market's demand: trip ends and reports near it, none served by a rack before.
    # The new stand serves all within 150 m: every uncovered cell reaches farther out.
    uncovered = ws.read_layer("racks_uncovered")
    assert uncovered.hausdorff_distance(market).min() > 150.0
    # Cells of 100 m, trip ends shown only where at least 5 users are behind them.
    assert np.allclose(uncovered.area, 10_000.0) and len(uncovered) == out["tables"]["uncovered"]
    shown = uncovered["trip_ends"].notna()
    assert shown.any() and (uncovered["trip_users"][shown] >= 5).all()
    assert uncovered["trip_users"][~shown].isna().all()
    withheld = s["uncovered_trip_ends_withheld"]
    assert withheld > 0 and s["uncovered_shown"] == pytest.approx(uncovered["weight"].sum())
    assert s["uncovered_shown"] + withheld == pytest.approx(s["demand_total"] - s["covered_after"])
    trip_ends = uncovered["trip_ends"].sum() + withheld  # the trip-end weight is 1
    assert trip_ends <= s["demand_by_source"]["trip_end"] + s["demand_by_source"]["trip_start"]
    # The market's reports (all but a few within the walk); trip ends are 200 m away, trimmed.
    reports = truth["rack_demand"]["missing_rack_reports"]
    assert sites["covered_demand"].iloc[0] >= 0.9 * 5.0 * reports


@pytest.mark.slow
def test_sample_city_demand_around_the_market_was_uncovered(
    city_racks: tuple[Workspace, dict], truth: dict
) -> None:
    ws, _ = city_racks
    demand = truth["rack_demand"]
    params = RackParams(
        new_sites=1, method="greedy", school_weight=0, bus_stop_weight=0, park_weight=0
    )
    inputs = RackInputs(
        streets=ws.read_layer("ulice"),
        racks=ws.read_layer("stojaki_rowerowe"),
        activities=ws.read_layer("activities", columns=["type", "user_id"]),
        reports=ws.read_layer("reports", columns=["category"]),
    )
    result = site_racks(inputs, params)
    market = shapely.Point(demand["x"], demand["y"])
    site = result.tables["sites"].geometry.iloc[0]
    assert site.distance(market) <= 150.0
    gained = result.tables["sites"]["covered_demand"].iloc[0]
    assert gained >= 0.9 * 5.0 * demand["missing_rack_reports"]
    # The site's figure leaves out trip ends of fewer than 5 people: it may be less.
    assert result.summary["covered_before"] + gained <= result.summary["covered_after"]


@pytest.mark.slow
def test_cli_set_covering_and_bad_layer(city_racks: tuple[Workspace, dict]) -> None:
    ws, before = city_racks
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["analyze", "racks", "-w", str(ws.path), "--target-pct", "50", "--walk", "200", "--json"],
    )
    assert result.exit_code == 0, result.output
    s = json.loads(result.stdout[result.stdout.index("{") :])["summary"]
    assert s["model"] == "LSCP" and s["covered_after_pct"] >= 50.0
    assert s["new_sites"] == s["exact_sites"] <= s["greedy_sites"]
    assert s["covered_before_pct"] > before["summary"]["covered_before_pct"]  # a longer walk
    bad = runner.invoke(cli, ["analyze", "racks", "-w", str(ws.path), "--racks", "brak"])
    assert bad.exit_code == 1 and "brak" in bad.stderr and "Traceback" not in bad.stderr
    text = runner.invoke(
        cli,
        [
            "analyze",
            "racks",
            "-w",
            str(ws.path),
            "--new",
            "3",
            "--method",
            "greedy",
            "--school-weight",
            "0",
        ],
    )
    assert text.exit_code == 0, text.output
    assert "3 new stands (MCLP)" in text.stdout and "stored racks_sites" in text.stdout
    assert len(ws.read_layer("racks_sites")) == 3
    both = runner.invoke(
        cli, ["analyze", "racks", "-w", str(ws.path), "--new", "3", "--target-pct", "50"]
    )
    assert both.exit_code == 2 and "not both" in both.stderr
    assert len(ws.read_layer("racks_sites")) == 3  # nothing stored


def test_an_activity_type_nobody_recorded_leaves_the_other_demand() -> None:
    town = _town()
    with_type = site_racks(town, RackParams(activity_types=("swimming",)))
    sources = set(with_type.summary["demand_by_source"])
    assert "trip_end" not in sources and "trip_start" not in sources and sources


def test_the_types_nobody_recorded_are_said_with_the_types_recorded() -> None:
    result = site_racks(_town(), RackParams(activity_types=("rower", "cycling")))
    assert result.summary["unrecorded_activity_types"] == ["rower"]
    assert result.summary["recorded_activity_types"] == ["cycling", "running"]
    assert (
        "No activity has the type rower: no trip ends of it are demand (types recorded: "
        "cycling, running)."
    ) in result.lines
    assert result.to_json()["summary"]["unrecorded_activity_types"] == ["rower"]
    recorded = site_racks(_town(), RackParams(activity_types=("cycling",)))
    assert "unrecorded_activity_types" not in recorded.summary
    assert not any(line.startswith("No activity has") for line in recorded.lines)


def test_cli_records_the_layers_read_and_an_empty_name_leaves_one_out(tmp_path: Path) -> None:
    town = _town()
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    with ws.transaction() as tx:
        for gdf, name, kind in (
            (town.streets, "ulice", DatasetKind.DATASET),
            (town.racks, "stojaki_rowerowe", DatasetKind.DATASET),
            (town.pois["school"], "szkoly", DatasetKind.DATASET),
            (town.activities, "activities", DatasetKind.TRACKS),
        ):
            tx.write_layer(gdf, name, kind)
    runner = CliRunner()

    def layers(*args: str) -> dict[str, str]:
        run = runner.invoke(cli, ["analyze", "racks", "-w", str(ws.path), "--json", *args])
        assert run.exit_code == 0, run.output
        out = json.loads(run.stdout[run.stdout.index("{") :])
        stored = ws.entry("racks_sites").quality
        assert {k: v for k, v in stored.items() if k.startswith("layer.")} == {
            k: v for k, v in out["parameters"].items() if k.startswith("layer.")
        }
        return {
            k[len("layer.") :]: v for k, v in out["parameters"].items() if k.startswith("layer.")
        }

    assert layers() == {
        "streets": "ulice",
        "racks": "stojaki_rowerowe",
        "activities": "activities",
        "reports": "",
        "schools": "szkoly",
        "bus_stops": "",
        "shops": "",
        "parks": "",
    }
    assert layers("--racks", "")["racks"] == ""
    help_text = " ".join(runner.invoke(cli, ["analyze", "racks", "--help"]).output.split())
    # Every slot but the streets, which are needed: the activities too (an option of its own
    # since the command is built from the analysis' slots).
    assert help_text.count('An empty name ("") leaves it out.') == 7
    assert layers("--activities", "")["activities"] == ""
    text = runner.invoke(cli, ["analyze", "racks", "-w", str(ws.path), "--type", "rower"])
    assert text.exit_code == 0, text.output
    assert (
        "No activity has the type rower: no trip ends of it are demand (types recorded: "
        "cycling, running)."
    ) in text.stdout
