"""Heatmaps of residents' activities from a workspace's track layers, private by design.

Two modes:

- ``lines``: per cell, the number of distinct activities (and distinct users)
  whose track passes through it: "how many people ride here". Tracks are
  rasterised as lines, so sparse GPS sampling leaves no gaps.
- ``points``: kernel density of the recorded points, without the points where
  the athlete stood still (traffic lights, cafés).

Cells that reflect fewer than ``min_users`` distinct users are left empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from analysis.errors import InputError
from analysis.heatmap.filters import ActivityFilter, moving_mask
from analysis.heatmap.points import Heatmap
from analysis.kernels.grid import Grid
from analysis.kernels.kde import KdeParams, density
from analysis.kernels.lines import distinct_per_cell
from analysis.kernels.privacy import suppress_below, users_within_radius_lower_bound

ACTIVITIES = "activities"
POINTS = "activity_points"


@dataclass(frozen=True)
class ActivityHeatmapParams:
    """What to map and how privately."""

    mode: Literal["lines", "points"] = "lines"
    measure: Literal["activities", "users"] = "activities"
    """Lines mode: count distinct activities or distinct users per cell."""
    pixel_m: float = 10.0
    radius_m: float = 50.0
    """Points mode: kernel radius."""
    min_users: int = 5
    """k-anonymity: cells reflecting fewer distinct users are left empty (0 disables)."""
    filters: ActivityFilter = field(default_factory=ActivityFilter)
    drop_stops: bool = True
    """Points mode: leave out points recorded while standing still."""


def activity_heatmap(workspace: str | Path, params: ActivityHeatmapParams) -> Heatmap:
    """The heatmap of the activities in ``workspace`` that pass ``params.filters``.

    Raises
    ------
    InputError
        If the workspace has no tracks, or none pass the filters.
    """
    if params.mode == "lines":
        return _lines(Path(workspace), params)
    return _points(Path(workspace), params)


def read_tracks(path: Path, filters: ActivityFilter) -> Any:
    """The workspace's activity lines (user_id, type, start) that pass ``filters``.

    Raises
    ------
    InputError
        If the workspace has no tracks, or none pass the filters.
    """
    import pyogrio
    from pyogrio.errors import DataLayerError

    try:
        tracks = pyogrio.read_dataframe(
            path, layer=ACTIVITIES, columns=["user_id", "type", "start"]
        )
    except DataLayerError as exc:
        raise InputError(
            f"{path} holds no tracks (layer {ACTIVITIES!r}); import some first"
        ) from exc
    keep = filters.mask(tracks["start"].to_numpy(), tracks["type"].to_numpy())
    tracks = tracks[keep & ~(tracks.geometry.isna() | tracks.geometry.is_empty)]
    if tracks.empty:
        raise InputError(f"{path}: no activity passes the filters ({filters.describe()})")
    return tracks


def _lines(path: Path, params: ActivityHeatmapParams) -> Heatmap:
    import shapely

    tracks = read_tracks(path, params.filters)
    xy, index = shapely.get_coordinates(tracks.geometry.to_numpy(), return_index=True)
    offsets = np.concatenate([[0], np.cumsum(np.bincount(index, minlength=len(tracks)))])
    minx, miny, maxx, maxy = tracks.total_bounds
    grid = Grid.covering(minx, miny, maxx, maxy, params.pixel_m, margin=params.pixel_m)
    users = np.unique(tracks["user_id"].to_numpy(), return_inverse=True)[1]
    activities, people = distinct_per_cell(xy[:, 0], xy[:, 1], offsets, grid, users)
    counts = activities if params.measure == "activities" else people
    values = np.where(counts > 0, counts, np.nan).astype(np.float32)
    if params.min_users:
        values = suppress_below(values, people, params.min_users)
    unit = f"{params.measure} per {params.pixel_m:g} m cell"
    return Heatmap(values, grid, str(tracks.crs.to_string()), unit, _stats(tracks, values, params))


def _points(path: Path, params: ActivityHeatmapParams) -> Heatmap:
    from analysis.io.gpkg_points import read_points

    f = params.filters
    where, args = [], []
    if f.types:
        where.append(f"type IN ({', '.join('?' * len(f.types))})")
        args += list(f.types)
    try:
        pts = read_points(
            path, POINTS, where=" AND ".join(where), params=tuple(args),
            expressions={
                "activity": "DENSE_RANK() OVER (ORDER BY activity_id)",
                "user": "DENSE_RANK() OVER (ORDER BY user_id)",
                "seconds": "CAST(strftime('%s', time) AS INTEGER)",
            },
        )  # fmt: skip
    except InputError as exc:
        raise InputError(f"{path} holds no activity points; import tracks first ({exc})") from exc
    seconds = pts.columns["seconds"]
    keep = f.mask(seconds.astype("datetime64[s]"))
    if params.drop_stops:
        keep &= moving_mask(pts.columns["activity"], seconds, pts.x, pts.y)
    x, y, user = pts.x[keep], pts.y[keep], pts.columns["user"][keep]
    if not len(x):
        raise InputError(f"{path}: no activity point passes the filters ({f.describe()})")
    grid = Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), params.pixel_m, params.radius_m)
    values = density(x, y, grid, KdeParams(params.radius_m, params.pixel_m, scaled=True)) * 1e6
    values = np.where(values > 0, values, np.nan).astype(np.float32)
    if params.min_users:
        bound = users_within_radius_lower_bound(x, y, user, grid, params.radius_m)
        values = suppress_below(values, bound, params.min_users)
    stats = {"points": len(x), "stops_dropped": int((~keep).sum()), "filters": f.describe()}
    return Heatmap(values, grid, pts.crs or "", "points per km2", stats)


def _stats(tracks: Any, values: np.ndarray, params: ActivityHeatmapParams) -> dict[str, Any]:
    return {
        "activities": len(tracks),
        "users": int(tracks["user_id"].nunique()),
        "filters": params.filters.describe(),
        "cells_shown": int(np.isfinite(values).sum()),
        "min_users": params.min_users,
    }
