"""The differencing attack: subtract two outputs made with different filters, look for a person.

An attacker picks pairs of filter settings the product allows (dates, months,
weekday or weekend, day parts, types), makes both heatmaps or usage tables of
the sample city at k = 5, and subtracts them. Wherever the two differ, the
difference must be made by at least k people: the residents whose activities
one filter takes and the other leaves, and whose tracks pass that place.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest
import rasterio
import shapely

from analysis.errors import InputError
from analysis.heatmap.activity import ActivityHeatmapParams, activity_heatmap
from analysis.heatmap.filters import ActivityFilter
from analysis.heatmap.segments import SegmentUsageParams, match_tracks, segment_usage
from analysis.kernels.grid import Grid
from analysis.kernels.lines import cells_crossed
from analysis.workspace import Workspace

pytestmark = pytest.mark.slow
K = 5
PIXEL = 20.0

TYPES = [(), ("cycling",), ("running",), ("cycling", "running"), ("nordic_walking",)]
DAYS = ["all", "weekday", "weekend"]
PARTS = [(), ("morning",), ("evening",), ("morning", "evening"), ("midday",)]
MONTHS = [(), (4,), (5,), (4, 5), (6,)]
DATES = [
    (None, None),
    (date(2026, 4, 1), date(2026, 5, 31)),
    (date(2026, 4, 2), date(2026, 5, 31)),
    (date(2026, 5, 15), None),
    (None, date(2026, 5, 14)),
]


def settings(count: int, seed: int) -> list[ActivityFilter]:
    """``count`` filter settings drawn from every combination, and the pair of the issue."""
    rng = np.random.default_rng(seed)
    every = list(itertools.product(TYPES, DAYS, PARTS, MONTHS, DATES))
    picked = [every[i] for i in rng.choice(len(every), count, replace=False)]
    # The pair of the issue: dates one day apart, all else equal.
    picked += [((), "all", (), (), DATES[1]), ((), "all", (), (), DATES[2])]
    return [
        ActivityFilter(
            types=types,
            days=days,
            day_parts=parts,
            months=months,  # type: ignore[arg-type]
            date_from=start,
            date_to=end,
        )
        for types, days, parts, months, (start, end) in picked
    ]


def truly_selected(tracks: pd.DataFrame, f: ActivityFilter) -> np.ndarray:
    """The activities a filter takes, computed here from its options (dates as widened)."""
    local = pd.to_datetime(tracks["start"], utc=True).dt.tz_convert("Europe/Warsaw")
    keep = np.ones(len(tracks), dtype=bool)
    if f.types:
        keep &= tracks["type"].isin(f.types).to_numpy()
    if f.days != "all":
        weekend = (local.dt.day_of_week >= 5).to_numpy()
        keep &= weekend if f.days == "weekend" else ~weekend
    if f.day_parts:
        hour = local.dt.hour.to_numpy()
        bounds = {"morning": (5, 10), "midday": (10, 15), "evening": (15, 20)}
        keep &= np.any([(hour >= bounds[p][0]) & (hour < bounds[p][1]) for p in f.day_parts], 0)
    if f.months:
        keep &= local.dt.month.isin(f.months).to_numpy()
    start, end = f.date_from, f.date_to
    day = local.dt.date
    if start:
        keep &= (day >= start).to_numpy()
    if end:
        keep &= (day <= end).to_numpy()
    return keep


@pytest.fixture(scope="module")
def incidence(city_workspace: Workspace) -> tuple[pd.DataFrame, Grid, np.ndarray, np.ndarray]:
    """Every activity, and which cell of one fixed grid each passes through."""
    tracks = pyogrio.read_dataframe(
        city_workspace.path, layer="activities", columns=["user_id", "type", "start"]
    )
    xy, index = shapely.get_coordinates(tracks.geometry.to_numpy(), return_index=True)
    offsets = np.concatenate([[0], np.cumsum(np.bincount(index, minlength=len(tracks)))])
    grid = Grid.covering(*tracks.total_bounds, PIXEL, margin=4 * PIXEL)
    line, cell = cells_crossed(xy[:, 0], xy[:, 1], offsets, grid)
    return tracks, grid, line, cell


def on_grid(values: np.ndarray, own: Grid, grid: Grid) -> np.ndarray:
    """A heatmap (aligned to multiples of the pixel) placed on the fixed ``grid``."""
    out = np.zeros(grid.shape)
    col0 = round((own.left - grid.left) / grid.pixel)
    row0 = round((grid.top - own.top) / grid.pixel)
    out[row0 : row0 + own.rows, col0 : col0 + own.cols] = np.nan_to_num(values)
    return out


def people_behind(
    difference: np.ndarray, line: np.ndarray, cell: np.ndarray, users: np.ndarray
) -> np.ndarray:
    """For each cell, the distinct people among the activities in ``difference`` passing it."""
    pick = difference[line]
    pairs = np.unique(np.c_[cell[pick], users[line[pick]]], axis=0)
    return np.bincount(pairs[:, 0], minlength=cell.max() + 1) if len(pairs) else np.zeros(1, int)


@pytest.mark.parametrize("measure", ["activities", "users"])
def test_no_pair_of_heatmaps_differs_by_fewer_than_k_people(
    city_workspace: Workspace, incidence: tuple, measure: str
) -> None:
    tracks, grid, line, cell = incidence
    users = pd.factorize(tracks["user_id"])[0]
    maps, taken, filters, grids = [], [], [], set()
    for f in settings(24, seed=13 if measure == "activities" else 14):
        try:
            result = activity_heatmap(
                city_workspace.path,
                ActivityHeatmapParams(measure=measure, pixel_m=PIXEL, min_users=K, filters=f),
            )  # type: ignore[arg-type]
        except InputError:  # no activity passes: nothing to subtract
            continue
        grids.add(result.grid)
        maps.append(on_grid(result.values, result.grid, grid).ravel())
        taken.append(truly_selected(tracks, f))
        filters.append(f)
    assert len(maps) >= 15
    assert len(grids) == 1  # one grid whatever the filter: no extent drawn by a selection
    pairs = differing = 0
    for i, j in itertools.combinations(range(len(maps)), 2):
        differs = maps[i] != maps[j]
        pairs += 1
        if not differs.any():
            continue
        behind = people_behind(taken[i] ^ taken[j], line, cell, users)
        behind = np.pad(behind, (0, grid.rows * grid.cols - len(behind)))
        exposed = np.flatnonzero(differs & (behind < K))
        assert not len(exposed), (
            f"{filters[i].describe()} vs {filters[j].describe()}: {len(exposed)} cells differ "
            f"by fewer than {K} people (e.g. {behind[exposed[0]]} at cell {exposed[0]})"
        )
        differing += int(differs.sum())
    assert pairs >= 100 and differing > 1_000  # the search compared real, different outputs


def test_usage_tables_of_any_two_filters_differ_by_k_or_more_people(
    city_workspace: Workspace,
) -> None:
    tracks = pyogrio.read_dataframe(
        city_workspace.path, layer="activities", columns=["user_id", "type", "start"]
    )
    streets = city_workspace.read_layer("ulice")
    hits = match_tracks(
        tracks.geometry.to_numpy(), streets.geometry.to_numpy(), SegmentUsageParams()
    )
    users = pd.factorize(tracks["user_id"])[0]
    tables, taken = [], []
    for f in settings(10, seed=7):
        pick = truly_selected(tracks, f)
        if not pick.any():
            continue
        usage = segment_usage(tracks[pick], streets, SegmentUsageParams(min_users=K))
        columns = ["trips", "trips_forward", "trips_backward"]
        tables.append(usage.segments[columns].astype("Float64").fillna(0).to_numpy(float))
        taken.append(pick)
    for i, j in itertools.combinations(range(len(tables)), 2):
        differs = np.flatnonzero((tables[i] != tables[j]).any(axis=1))
        pick = (taken[i] ^ taken[j])[hits.track]
        for segment in differs:
            people = np.unique(users[hits.track[pick & (hits.segment == segment)]])
            assert len(people) >= K, f"segment {segment} differs by {len(people)} people"


def test_heatmaps_whose_dates_differ_by_one_day_are_the_same(
    city_workspace: Workspace, tmp_path: Path
) -> None:
    """The attack of the issue: k = 5, dates differing by one day, through the CLI."""
    outputs = []
    for last in ("2026-05-14", "2026-05-15"):
        out = tmp_path / f"to-{last}.tif"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "analysis",
                "heatmap",
                str(city_workspace.path),
                "--mode",
                "lines",
                "--from",
                "2026-04-01",
                "--to",
                last,
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        with rasterio.open(out) as src:
            outputs.append((src.read(1), src.transform, json.dumps(src.tags(), sort_keys=True)))
    (a, ta, tags_a), (b, tb, tags_b) = outputs
    assert tags_a == tags_b
    assert ta == tb and np.array_equal(a, b, equal_nan=True)
    assert np.isfinite(a).sum() > 1_000
    assert "2026-04 to 2026-05" in tags_a  # both widened to whole months
