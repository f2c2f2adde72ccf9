"""Data audit: the inventory of a workspace, and twin datasets matched with known answers."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from analysis.cli.main import cli
from analysis.errors import InputError
from analysis.planning.audit import AuditParams, Source, Twin, audit, find_twins, match_points
from analysis.workspace import DatasetKind, Workspace

X0, Y0 = 560_000.0, 380_000.0
CRS = "EPSG:2180"
CITY_DATE, OSM_DATE = date(2026, 6, 30), date(2026, 11, 2)


def points(xy: list[tuple[float, float]], **columns: list) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        columns, geometry=shapely.points([(X0 + x, Y0 + y) for x, y in xy]), crs=CRS
    )


def lines(coords: list[list[tuple[float, float]]], **columns: list) -> gpd.GeoDataFrame:
    geoms = [shapely.LineString([(X0 + x, Y0 + y) for x, y in c]) for c in coords]
    return gpd.GeoDataFrame(columns, geometry=geoms, crs=CRS)


def twin_row(a: Source, b: Source, **params: float) -> tuple[dict, gpd.GeoDataFrame]:
    result = audit([], [Twin(a, b, "bike racks")], AuditParams(**params))
    return result.tables["twins"].to_dict("records"), result.tables["unmatched"]


def test_racks_from_two_sources_match_one_to_one_within_30_m() -> None:
    shared = [(0, 0), (200, 0), (400, 0), (600, 0), (800, 0)]
    offsets = [(5, 0), (0, 12), (-20, 0), (15, 20), (0, -29)]  # all within 30 m
    city = points([*shared, (0, 500), (300, 500)], liczba_miejsc=[8, 10, 6, 4, 12, 5, 5])
    osm = points(
        [(x + dx, y + dy) for (x, y), (dx, dy) in zip(shared, offsets, strict=True)]
        + [(800, 800), (900, 900), (1000, 1000)],
        capacity=[8, 10, 6, 4, 10, 2, 2, 2],
    )
    rows, unmatched = twin_row(Source("stojaki", city, CITY_DATE), Source("osm", osm, OSM_DATE))
    count, places = rows
    assert (count["indicator"], count["value_a"], count["value_b"], count["difference"]) == (
        "points",
        7,
        8,
        1,
    )
    assert (count["matched"], count["only_a"], count["only_b"]) == (5, 2, 3)
    assert "source dates differ: A 2026-06-30, B 2026-11-02 (125 days apart)" in count["reason"]
    assert (places["value_a"], places["value_b"], places["only_a"], places["only_b"]) == (
        50,
        44,
        10,
        6,
    )
    assert "the matched points hold 40 places in A and 38 in B" in places["reason"]
    assert places["matched"] == 40  # A's places at matched points: value_a = matched + only_a
    assert unmatched.groupby("source")["feature"].apply(list).to_dict() == {
        "A": [5, 6],
        "B": [5, 6, 7],
    }
    assert unmatched["layer"].tolist() == ["stojaki"] * 2 + ["osm"] * 3
    assert unmatched["nearest_m"].iloc[0] == pytest.approx(500.0, abs=0.1)  # (0, 500) to (5, 0)
    far = twin_row(Source("stojaki", city), Source("osm", osm), point_tolerance_m=10.0)[0][0]
    assert (far["matched"], far["only_a"], far["only_b"]) == (1, 6, 7)  # only the one 5 m off
    assert "source date" not in far["reason"]  # neither has one


def test_matching_is_one_to_one_nearest_pairs_first() -> None:
    a = shapely.points([(0, 0), (12, 0)])
    b = shapely.points([(10, 0), (30, 0)])
    # b0 is nearest to both; a1 takes it (2 m), a0 gets b1 (30 m, within the tolerance)
    assert match_points(a, b, 30.0).tolist() == [[1, 0], [0, 1]]
    assert match_points(a, b, 29.0).tolist() == [[1, 0]]


@pytest.mark.parametrize("seed", range(5))
def test_matching_equals_taking_the_shortest_pairs_first(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = shapely.points(rng.uniform(0, 500, (300, 2)))
    b = shapely.points(rng.uniform(0, 500, (280, 2)))
    ia, ib = shapely.STRtree(b).query(a, predicate="dwithin", distance=30.0)
    used_a, used_b, expected = set(), set(), set()
    for k in np.lexsort((ib, ia, shapely.distance(a[ia], b[ib]))):
        if ia[k] not in used_a and ib[k] not in used_b:
            used_a.add(ia[k])
            used_b.add(ib[k])
            expected.add((ia[k], ib[k]))
    assert set(map(tuple, match_points(a, b, 30.0).tolist())) == expected
    assert len(expected) > 100


def test_single_racks_against_one_stand_are_named_as_a_definition_difference() -> None:
    racks = points([(0, 0), (3, 0), (6, 0), (9, 0), (500, 0)])
    stands = points([(4, 1), (500, 2)])
    row = twin_row(Source("stojaki", racks), Source("osm", stands, OSM_DATE))[0][0]
    assert (row["matched"], row["only_a"], row["only_b"]) == (2, 3, 0)
    assert "3 of A's unmatched points lie within 30 m of a matched point" in row["reason"]
    assert "A has no source date" in row["reason"]


def test_partial_coverage_is_named() -> None:
    a = points([(0, 0), (1000, 0), (0, 1000), (1000, 1000)])
    b = points([(0, 0), (500, 0), (0, 1000), (500, 1000)])
    row = twin_row(Source("a", a, CITY_DATE), Source("b", b, CITY_DATE))[0][0]
    assert row["coverage_pct"] == 50.0
    assert row["reason"] == "B covers only 50% of A's extent"
    same = twin_row(Source("a", a, CITY_DATE), Source("b", a, CITY_DATE))[0][0]
    assert same["reason"] == "the sources agree" and same["matched"] == 4


def test_cycleways_km_matched_within_a_buffer() -> None:
    city = lines(
        [[(0, 0), (1000, 0)], [(0, 500), (500, 500)]],
        typ=["droga dla rowerów", "ciąg pieszo-rowerowy"],
    )
    osm = lines([[(0, 5), (1000, 5)], [(0, 2000), (300, 2000)]], highway=["cycleway"] * 2)
    rows, unmatched = twin_row(Source("drogi", city, CITY_DATE), Source("osm", osm, OSM_DATE))
    (km,) = rows
    assert (km["indicator"], km["unit"]) == ("length", "km")
    assert km["value_a"] == pytest.approx(1.5) and km["value_b"] == pytest.approx(1.3)
    assert km["difference"] == pytest.approx(-0.2)
    assert km["matched"] == pytest.approx(1.0)
    assert km["only_a"] == pytest.approx(0.5) and km["only_b"] == pytest.approx(0.3)
    assert (
        "shared foot/cycle paths: 0.50 km in A (0.50 km of them not in B), 0.00 km in B"
        in (km["reason"])
    )
    assert unmatched["length_m"].tolist() == pytest.approx([500.0, 300.0])
    assert unmatched["feature"].tolist() == [1, 1]
    narrow = twin_row(Source("drogi", city), Source("osm", osm), line_buffer_m=4.0)[0][0]
    assert narrow["matched"] == 0 and narrow["only_b"] == pytest.approx(1.3)


def test_twins_must_be_comparable() -> None:
    racks, ways = points([(0, 0)]), lines([[(0, 0), (10, 0)]])
    with pytest.raises(InputError, match="'a' holds points but 'b' lines"):
        twin_row(Source("a", racks), Source("b", ways))
    with pytest.raises(InputError, match="'b' has no CRS"):
        twin_row(Source("a", racks), Source("b", racks.set_crs(None, allow_override=True)))
    with pytest.raises(InputError, match="'b' has no features"):
        twin_row(Source("a", racks), Source("b", racks.iloc[:0]))
    polygons = racks.set_geometry(racks.buffer(5))
    with pytest.raises(InputError, match="'a' holds polygon: the audit compares point or line"):
        twin_row(Source("a", polygons), Source("b", polygons))


@pytest.mark.slow
def test_inventory_of_the_sample_city(city_workspace: Workspace) -> None:
    entries = city_workspace.entries()
    today = CITY_DATE + timedelta(days=100)
    result = audit(entries, params=AuditParams(today=today))
    table = result.tables["inventory"].set_index("name")
    assert table.index.tolist() == [e.name for e in entries]
    for e in entries:
        row = table.loc[e.name]
        assert row["kind"] == e.kind.value and row["crs"] == e.crs == "EPSG:2180"
        assert row["feature_count"] == e.feature_count and row["source_files"] == len(e.sources)
        if e.source_date:
            assert row["age_days"] == (today - e.source_date).days
        else:
            assert pd.isna(row["age_days"]) and pd.isna(row["source_date"])
    datasets = table[table["kind"] == "dataset"]
    assert len(datasets) == 8 and set(datasets["source_date"]) == {"2026-06-30"}
    assert (datasets["age_days"] == 100).all()
    assert table.loc["stojaki_rowerowe", "feature_count"] == 150
    assert "axes_swapped" in table.loc["stojaki_rowerowe", "flags"]
    assert json.loads(table.loc["stojaki_rowerowe", "quality"])["decimal_comma_numbers"] == [
        "X",
        "Y",
    ]
    assert "no source date: activities, activity_points" in result.describe()
    assert result.tables["twins"].empty  # one layer per role in the sample city
    assert "name a pair with --twin A B" in result.describe()


def osm_copy(racks: gpd.GeoDataFrame, seed: int = 7) -> tuple[gpd.GeoDataFrame, int, int]:
    """The rack register as OSM might hold it: 10% gone, 5 new, positions off by 5 m.

    Racks removed are ones with no other rack within 70 m and the new ones are
    more than 70 m from any, so the expected matches are exact by construction.
    """
    rng = np.random.default_rng(seed)
    geoms = racks.geometry.values
    nearest = shapely.distance(
        geoms,
        geoms[shapely.STRtree(geoms).query_nearest(geoms, exclusive=True, all_matches=False)[1]],
    )
    gone = rng.choice(np.flatnonzero(nearest > 70.0), size=len(racks) // 10, replace=False)
    kept = racks.drop(index=racks.index[gone]).reset_index(drop=True)
    angle = rng.uniform(0, 2 * np.pi, len(kept))
    moved = shapely.points(kept.geometry.x + 5 * np.cos(angle), kept.geometry.y + 5 * np.sin(angle))
    new = []
    minx, miny, maxx, maxy = racks.total_bounds
    while len(new) < 5:
        p = shapely.Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if shapely.distance(p, geoms).min() > 70.0:
            new.append(p)
    osm = gpd.GeoDataFrame(
        {"capacity": list(kept["liczba_miejsc"]) + [2] * 5},
        geometry=list(moved) + new,
        crs=racks.crs,
    )
    return osm, len(gone), len(new)


@pytest.mark.slow
def test_the_sample_city_against_an_osm_copy_through_the_command_line(
    city_workspace: Workspace, truth: dict, tmp_path: Path
) -> None:
    shutil.copy(city_workspace.path, tmp_path / "ws.gpkg")
    ws = Workspace.open(tmp_path / "ws.gpkg")
    racks, cycleways = ws.read_layer("stojaki_rowerowe"), ws.read_layer("drogi_rowerowe")
    osm, gone, added = osm_copy(racks)
    separate = cycleways[cycleways["typ"] != "ciąg pieszo-rowerowy"]
    shifted = separate.set_geometry(separate.translate(4.0, 0.0))
    with ws.transaction() as tx:
        tx.write_layer(osm, "osm_bicycle_parking", DatasetKind.DATASET, source_date=OSM_DATE)
        tx.write_layer(shifted, "osm_cycleways", DatasetKind.DATASET, source_date=OSM_DATE)
    assert find_twins(ws) == [
        ("bike racks", "stojaki_rowerowe", "osm_bicycle_parking"),
        ("cycleways", "drogi_rowerowe", "osm_cycleways"),
    ]
    run = CliRunner().invoke(cli, ["analyze", "audit", "-w", str(ws.path)])
    assert run.exit_code == 0, run.output
    twins = ws.read_layer("audit_twins").set_index(["layer_a", "indicator"])
    count = twins.loc[("stojaki_rowerowe", "points")]
    assert count["value_a"] == truth["counts"]["racks"] == 150
    assert count["value_b"] == 150 - gone + added == 140
    assert (count["matched"], count["only_a"], count["only_b"]) == (135, 15, 5)
    assert "source dates differ: A 2026-06-30, B 2026-11-02 (125 days apart)" in count["reason"]
    assert twins.loc[("stojaki_rowerowe", "places"), "value_b"] == osm["capacity"].sum()
    km = twins.loc[("drogi_rowerowe", "length")]
    assert km["value_a"] == pytest.approx(truth["counts"]["cycleways_km"], abs=0.05)
    assert km["value_b"] == pytest.approx(separate.length.sum() / 1e3)
    assert km["only_b"] == pytest.approx(0.0, abs=1e-6)  # 4 m off, inside the 15 m buffer
    assert km["value_b"] <= km["matched"] < km["value_b"] + 0.3  # plus shared paths' ends
    assert "shared foot/cycle paths" in km["reason"]
    unmatched = ws.read_layer("audit_unmatched")
    racks_only = unmatched[unmatched["pair"] == "stojaki_rowerowe / osm_bicycle_parking"]
    assert racks_only["source"].value_counts().to_dict() == {"A": 15, "B": 5}
    assert (racks_only["nearest_m"] > 60.0).all()
    inventory = ws.read_layer("audit_inventory").set_index("name")
    assert inventory.loc["osm_bicycle_parking", "age_days"] == (date.today() - OSM_DATE).days
    assert "135, only A 15, only B 5" in run.output
    named = ["analyze", "audit", "-w", str(ws.path), "--twin", "osm_cycleways", "drogi_rowerowe"]
    run = CliRunner().invoke(cli, named)
    assert run.exit_code == 0, run.output
    twins = ws.read_layer("audit_twins")
    assert twins["role"].tolist() == ["named"] and twins["layer_a"].tolist() == ["osm_cycleways"]
    assert twins["only_a"].iloc[0] == pytest.approx(0.0, abs=1e-6)
    run = CliRunner().invoke(cli, [*named[:-1], "stojaki_rowerowe"])
    assert run.exit_code == 1
    assert "'osm_cycleways' holds lines but 'stojaki_rowerowe' points" in run.output
