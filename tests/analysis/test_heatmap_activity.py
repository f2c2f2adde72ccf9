"""Activity heatmaps on the sample city: the planted corridor glows, nobody is exposed."""

from __future__ import annotations

import os
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

from analysis.heatmap.activity import ActivityHeatmapParams, activity_heatmap
from analysis.heatmap.filters import ActivityFilter, moving_mask
from analysis.kernels.lines import distinct_per_cell
from analysis.privacy.people import people_of
from analysis.workspace import Workspace

pytestmark = pytest.mark.slow


def cells_along(line: shapely.LineString, grid, n: int = 300) -> tuple[np.ndarray, np.ndarray]:
    d = np.linspace(0, line.length, n)
    pts = shapely.line_interpolate_point(line, d)
    col = np.floor((shapely.get_x(pts) - grid.left) / grid.pixel).astype(int)
    row = np.floor((grid.top - shapely.get_y(pts)) / grid.pixel).astype(int)
    return row, col


def test_the_planted_corridor_is_among_the_hottest_cycling_cells(
    city_workspace: Workspace, truth: dict
) -> None:
    params = ActivityHeatmapParams(filters=ActivityFilter(types=("cycling",)), pixel_m=10.0)
    result = activity_heatmap(city_workspace.path, params)
    values = np.nan_to_num(result.values)
    row, col = cells_along(shapely.from_wkt(truth["corridor"]["wkt"]), result.grid)
    along = values[row, col]
    # Among every cell a cycling track passes (withheld ones count 0), not only those shown.
    tracks = pyogrio.read_dataframe(city_workspace.path, layer="activities", columns=["type"])
    tracks = tracks[tracks["type"] == "cycling"]
    xy, index = shapely.get_coordinates(tracks.geometry.to_numpy(), return_index=True)
    offsets = np.concatenate([[0], np.cumsum(np.bincount(index, minlength=len(tracks)))])
    (passed,) = distinct_per_cell(xy[:, 0], xy[:, 1], offsets, result.grid)
    hottest = np.percentile(values[passed > 0], 99)
    assert np.median(along) >= hottest  # the corridor's typical cell is in the top 1%
    assert result.unit == "activities per 10 m cell"


def test_no_shown_cell_reflects_fewer_than_k_users(city_workspace: Workspace) -> None:
    k = 5
    result = activity_heatmap(city_workspace.path, ActivityHeatmapParams(min_users=k))
    tracks = pyogrio.read_dataframe(city_workspace.path, layer="activities", columns=["user_id"])
    xy, index = shapely.get_coordinates(tracks.geometry.to_numpy(), return_index=True)
    offsets = np.concatenate([[0], np.cumsum(np.bincount(index, minlength=len(tracks)))])
    users = np.unique(tracks["user_id"], return_inverse=True)[1]
    _, people = distinct_per_cell(xy[:, 0], xy[:, 1], offsets, result.grid, users)
    shown = np.isfinite(result.values)
    assert shown.sum() > 1_000
    assert people[shown].min() >= k
    assert ((people > 0) & (people < k)).sum() > 0  # there were cells to hide


def test_filters_agree_with_an_independent_count(city_workspace: Workspace) -> None:
    tracks = pyogrio.read_dataframe(city_workspace.path, layer="activities")
    copy = people_of(tracks).duplicate  # one ride recorded by two apps counts once
    local = pd.to_datetime(tracks["start"], utc=True).dt.tz_convert("Europe/Warsaw")
    cases = {
        ActivityFilter(types=("running",), days="weekend"): (tracks["type"] == "running")
        & (local.dt.day_of_week >= 5),
        ActivityFilter(day_parts=("morning",), months=(5,)): local.dt.hour.between(5, 9)
        & (local.dt.month == 5),
        # Dates are widened to whole months: this is April's weekdays.
        ActivityFilter(
            date_from=date(2026, 4, 10), date_to=date(2026, 4, 20), days="weekday"
        ): local.dt.date.between(date(2026, 4, 1), date(2026, 4, 30)) & (local.dt.day_of_week < 5),
    }
    for filters, expected in cases.items():
        result = activity_heatmap(
            city_workspace.path, ActivityHeatmapParams(filters=filters, min_users=0)
        )
        assert result.stats["activities"] == int((expected & ~copy).sum()) > 0, filters.describe()


def test_points_mode_drops_stops_and_hides_sparse_cells(city_workspace: Workspace) -> None:
    result = activity_heatmap(
        city_workspace.path, ActivityHeatmapParams(mode="points", pixel_m=20.0, radius_m=60.0)
    )
    assert result.unit == "points per km2"
    assert result.stats["stops_dropped"] > 500
    assert np.isfinite(result.values).sum() > 0 and np.isnan(result.values).sum() > 0


def test_moving_mask_finds_a_traffic_light_stop() -> None:
    t = np.arange(0, 200, 2.0)
    x = np.where(t < 60, t * 5, np.where(t < 100, 300, 300 + (t - 100) * 5))  # 40 s at x=300
    keep = moving_mask(
        np.zeros(len(t)), t, x + np.random.default_rng(0).normal(0, 2, len(t)), 0 * t
    )
    stopped = ~keep
    assert stopped[(t >= 70) & (t <= 90)].all()  # the middle of the 40 s stop
    assert keep[(t < 45) | (t > 115)].all()  # riding at 5 m/s


def test_cli_saves_the_heatmap_into_the_workspace(
    city_workspace: Workspace, tmp_path: Path
) -> None:
    copy = tmp_path / "ws.gpkg"
    copy.write_bytes(city_workspace.path.read_bytes())
    out = tmp_path / "rower.tif"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "heatmap",
            str(copy),
            "--mode",
            "lines",
            "--type",
            "cycling",
            "--pixel",
            "10",
            "-o",
            str(out),
            "--save",
            "heatmap_cycling",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    entry = Workspace.open(copy).entry("heatmap_cycling")
    assert entry.quality["unit"] == "activities per 10 m cell"
    with rasterio.open(Workspace.open(copy).raster_file("heatmap_cycling")) as src:
        assert (
            src.tags()["UNIT"] == "activities per 10 m cell" and src.tags()["FILTERS"] == "cycling"
        )


def test_cli_warns_when_min_users_empties_the_heatmap(
    city_workspace: Workspace, tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}

    def run(min_users: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "analysis",
                "heatmap",
                str(city_workspace.path),
                "--mode",
                "lines",
                "--type",
                "cycling",
                "--pixel",
                "50",
                "--min-users",
                str(min_users),
                "-o",
                str(tmp_path / f"k{min_users}.tif"),
            ],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )

    assert "warning" not in run(5).stderr
    assert "heatmap is empty: the filters or --min-users 100000 leave" in run(100_000).stderr
