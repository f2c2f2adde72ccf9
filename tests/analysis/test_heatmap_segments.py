"""Per-segment usage: hand-made streets and tracks with known answers, and the sample city."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from analysis.cli.main import cli
from analysis.errors import InputError
from analysis.heatmap.segments import SegmentUsageParams, segment_usage
from analysis.workspace import DatasetKind, Workspace

X0, Y0 = 560_000.0, 380_000.0
OPEN = SegmentUsageParams(min_users=0)


def streets() -> gpd.GeoDataFrame:
    """An east-west street of three 100 m segments and a north-south one crossing at x=100."""
    lines = [
        [(0, 0), (100, 0)],
        [(100, 0), (200, 0)],
        [(200, 0), (300, 0)],
        [(100, -100), (100, 0)],
        [(100, 0), (100, 100)],
    ]
    return gpd.GeoDataFrame(
        {"name": ["A1", "A2", "A3", "B1", "B2"]},
        geometry=[shapely.LineString([(X0 + x, Y0 + y) for x, y in line]) for line in lines],
        crs="EPSG:2180",
    )


def tracks(rows: list[tuple[str, str, list[tuple[float, float]]]]) -> gpd.GeoDataFrame:
    """Tracks from (user, local start time, vertices relative to the streets' origin)."""
    return gpd.GeoDataFrame(
        {
            "user_id": [user for user, _, _ in rows],
            "start": pd.to_datetime([t for _, t, _ in rows])
            .tz_localize("Europe/Warsaw")
            .tz_convert("UTC"),
        },
        geometry=[shapely.LineString([(X0 + x, Y0 + y) for x, y in xy]) for _, _, xy in rows],
        crs="EPSG:2180",
    )


def by_name(result) -> pd.DataFrame:
    return result.segments.set_index("name")


def test_tracks_count_on_the_segments_they_ride_along_in_their_direction() -> None:
    result = segment_usage(
        tracks(
            [
                ("anna", "2026-05-04 07:00", [(0, 3), (300, -2)]),  # along A, eastward
                ("bartek", "2026-05-04 08:00", [(300, 4), (150, 2), (0, -3)]),  # along A, westward
                ("celina", "2026-05-04 09:00", [(98, -100), (102, 100)]),  # along B, crossing A
                (
                    "daria",
                    "2026-05-04 10:00",
                    [(0, 2), (100, 0), (101, 100)],
                ),  # A1, then turns onto B2
                ("ewa", "2026-05-04 11:00", [(150, 0), (550, 0)]),  # half of A2, all of A3
            ]
        ),
        streets(),
        OPEN,
    )
    seg = by_name(result)
    assert seg["trips"].tolist() == [3, 3, 3, 1, 2]
    assert seg["users"].tolist() == [3, 3, 3, 1, 2]
    assert seg["trips_forward"].tolist() == [2, 2, 2, 1, 2]
    assert seg["trips_backward"].tolist() == [1, 1, 1, 0, 0]
    assert seg["users_backward"].tolist() == [1, 1, 1, 0, 0]
    assert result.summary["trips"] == 5 and result.summary["segments_shown"] == 5


def test_a_track_riding_a_segment_twice_counts_once_and_a_short_touch_not_at_all() -> None:
    result = segment_usage(
        tracks(
            [
                (
                    "anna",
                    "2026-05-04 07:00",
                    [(0, 0), (100, 0), (0, 1), (100, 1)],
                ),  # A1 three times
                ("bartek", "2026-05-04 08:00", [(100, -100), (100, 0), (130, 0)]),  # 30 m into A2
            ]
        ),
        streets(),
        OPEN,
    )
    seg = by_name(result)
    assert seg.loc["A1", "trips"] == 1 and seg.loc["A1", "users"] == 1
    assert seg.loc["A2", "trips"] == 0 and seg.loc["B1", "trips"] == 1


def test_counts_of_fewer_than_k_users_are_withheld_each_on_its_own() -> None:
    # Minutes apart: rides of one route at one moment would be taken for one ride's copies.
    riders = [(f"u{i}", f"2026-05-04 07:{5 * i:02}", [(0, 0), (100, 0)]) for i in range(6)]
    riders += [("back", "2026-05-04 07:50", [(100, 0), (0, 0)])]
    riders += [(f"v{i}", f"2026-05-04 07:{5 * i:02}", [(200, 0), (300, 0)]) for i in range(3)]
    result = segment_usage(tracks(riders), streets(), SegmentUsageParams(min_users=5))
    seg = by_name(result)
    a1 = seg.loc["A1"]
    assert (a1["trips"], a1["users"]) == (7, 7)
    # One rider back: the total less the forward count would tell it, so neither is shown.
    assert a1[["trips_forward", "users_forward", "trips_backward", "users_backward"]].isna().all()
    assert pd.isna(seg.loc["A3", "trips"]) and pd.isna(seg.loc["A3", "users_per_day"])
    # Nobody rode A2: empty like A3, or A3's emptiness would tell that someone rode it.
    assert pd.isna(seg.loc["A2", "trips"]) and pd.isna(seg.loc["B1", "trips"])
    assert result.summary["segments_shown"] == 1
    assert (result.periods["users"] >= 5).all()
    assert set(result.periods["segment"]) == {0}


def test_directions_show_where_both_have_k_people() -> None:
    riders = [(f"u{i}", f"2026-05-04 07:{5 * i:02}", [(0, 0), (100, 0)]) for i in range(6)]
    riders += [(f"b{i}", f"2026-05-04 08:{5 * i:02}", [(100, 0), (0, 0)]) for i in range(5)]
    seg = by_name(segment_usage(tracks(riders), streets(), SegmentUsageParams(min_users=5)))
    a1 = seg.loc["A1"]
    assert (a1["trips"], a1["trips_forward"], a1["trips_backward"]) == (11, 6, 5)


def test_periods_split_by_local_month_and_strava_day_part() -> None:
    along_a1 = [(0, 0), (100, 0)]
    result = segment_usage(
        tracks(
            [
                ("anna", "2026-05-04 06:00", along_a1),  # morning in May
                ("anna", "2026-05-05 21:30", along_a1),  # night in May
                ("bartek", "2026-06-01 00:30", along_a1),  # night in June (22:30 UTC on 31 May)
                ("celina", "2026-06-02 12:00", along_a1),  # midday in June
            ]
        ),
        streets(),
        OPEN,
    )
    got = {(r.month, r.day_part): r.trips for r in result.periods.itertuples()}
    assert got == {(5, "morning"): 1, (5, "night"): 1, (6, "night"): 1, (6, "midday"): 1}
    assert result.periods.crs == "EPSG:2180" and result.periods.geometry.notna().all()


def test_users_per_day_counts_each_person_once_a_day() -> None:
    along_a1 = [(0, 0), (100, 0)]
    result = segment_usage(
        tracks(
            [
                ("anna", "2026-05-04 07:00", along_a1),
                ("anna", "2026-05-04 17:00", along_a1),
                ("anna", "2026-05-05 07:00", along_a1),
                ("bartek", "2026-05-05 08:00", along_a1),
            ]
        ),
        streets(),
        SegmentUsageParams(min_users=0, days=10),
    )
    a1 = by_name(result).loc["A1"]
    assert a1["trips"] == 4 and a1["users"] == 2
    assert a1["users_per_day"] == pytest.approx(3 / 10)  # anna twice, bartek once, in 10 days


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t, s: (t, s.iloc[:0]), "street layer is empty"),
        (lambda t, s: (t, s.set_crs(None, allow_override=True)), "street layer has no CRS"),
        (lambda t, s: (t.to_crs(4326), s.to_crs(4326)), "in degrees"),
        (lambda t, s: (t, s.to_crs(2177)), "reproject one"),
        (lambda t, s: (t, s.set_geometry(s.translate(5_000, 0))), "no track runs along a street"),
        (lambda t, s: (t, s.set_geometry(s.centroid)), "must hold lines"),
    ],
)
def test_bad_layers_are_refused_with_a_clear_message(change, message: str) -> None:
    t, s = change(tracks([("anna", "2026-05-04 07:00", [(0, 0), (300, 0)])]), streets())
    with pytest.raises(InputError, match=message):
        segment_usage(t, s, OPEN)


@pytest.mark.slow
def test_sample_city_corridor_is_the_busiest_street_without_a_cycleway(
    city_workspace: Workspace, truth: dict, tmp_path: Path
) -> None:
    path = tmp_path / "city.gpkg"
    shutil.copy(city_workspace.path, path)
    result = CliRunner().invoke(
        cli, ["usage", "-w", str(path), "--type", "cycling", "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output[result.output.index("{") :])
    ws = Workspace.open(path)
    layers = {e.name: e for e in ws.entries()}
    assert out["layers"] == [f"usage_cycling_{t}" for t in ("segments", "periods", "hexagons")]
    for name in out["layers"]:
        assert layers[name].kind is DatasetKind.ANALYSIS and layers[name].feature_count
    assert out["summary"]["streets"] == "ulice" and out["summary"]["filters"] == "cycling"

    segments = ws.read_layer("usage_cycling_segments")
    cycleways = ws.read_layer("drogi_rowerowe")
    middle = shapely.line_interpolate_point(segments.geometry.values, 0.5, normalized=True)
    bare = segments[~shapely.dwithin(middle, shapely.union_all(cycleways.geometry.values), 15.0)]
    ranked = bare.sort_values("users", ascending=False, na_position="last")
    corridor = set(truth["corridor"]["street_ids"])
    assert ranked["id"].iloc[0] in corridor
    assert corridor <= set(ranked["id"].iloc[:15]), "the corridor is the top 0.5% of bare streets"
    shown = ranked["users"].dropna()
    assert ((shown == 0) | (shown >= 5)).all(), "no count reflects 1 to 4 people"

    hexagons = ws.read_layer("usage_cycling_hexagons")
    busiest = hexagons.geometry.iloc[int(np.argmax(hexagons["users"]))]
    on_corridor = segments[segments["id"].isin(corridor)].geometry
    assert on_corridor.intersects(busiest).any()
    assert (hexagons["users"] >= 5).all()
