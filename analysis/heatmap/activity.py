"""Heatmaps of residents' activities from a workspace's track layers, private by design.

Two modes:

- ``lines``: per cell, the number of distinct activities (and distinct users)
  whose track passes through it: "how many people ride here". Tracks are
  rasterised as lines, so sparse GPS sampling leaves no gaps.
- ``points``: kernel density of the recorded points, without the points where
  the athlete stood still (traffic lights, cafés).

What a cell shows is counted only from the activities of release groups
(month, day type, day part, activity type) that at least ``min_users`` people
share there (:mod:`analysis.privacy.release`): a cell of fewer is empty, and no
two heatmaps differ by fewer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from analysis.errors import InputError
from analysis.heatmap.filters import ActivityFilter, moving_mask
from analysis.heatmap.limits import check_crossings, check_grid
from analysis.heatmap.points import Heatmap
from analysis.io.tracks.store import ACTIVITIES, POINTS, read_copies
from analysis.kernels.grid import Grid
from analysis.kernels.kde import KdeParams, density
from analysis.kernels.lines import cells_crossed, unique_sorted
from analysis.kernels.privacy import users_within_radius_lower_bound
from analysis.params import check, param
from analysis.planning.inputs import Inputs
from analysis.planning.result import AnalysisResult, Raster, parameters_of
from analysis.privacy.people import COLUMNS as PEOPLE_COLUMNS
from analysis.privacy.release import GROUP, PERSON, k_safe, with_release_groups
from analysis.progress import Progress, check_cancelled
from analysis.registry import N_, Analysis

TRACK_COLUMNS = ("activity_id", "type", *PEOPLE_COLUMNS)
PIXEL = ("pixel_m", "--pixel")


@dataclass(frozen=True)
class ActivityHeatmapParams:
    """What to map and how privately."""

    mode: Literal["lines", "points"] = param("lines", flag="--mode")
    """lines: the activities whose tracks cross each cell; points: the density of their points."""
    measure: Literal["activities", "users"] = param("activities", flag="--measure")
    """Lines mode: count distinct activities or distinct users per cell."""
    pixel_m: float = param(10.0, unit="m", at_least=0.5, at_most=1_000, flag="--pixel")
    """Cell size."""
    radius_m: float = param(50.0, unit="m", at_least=1, at_most=5_000, flag="--radius")
    """Points mode: kernel radius."""
    min_users: int = param(5, at_least=0, at_most=1_000_000, flag="--min-users")
    """k-anonymity: a cell counts only release groups of this many people there (0 disables)."""
    filters: ActivityFilter = field(default_factory=ActivityFilter)
    """Which activities count."""
    drop_stops: bool = True
    """Points mode: leave out points recorded while standing still."""

    def __post_init__(self) -> None:
        check(self)


def activity_heatmap(workspace: str | Path, params: ActivityHeatmapParams) -> Heatmap:
    """The heatmap of the activities in ``workspace`` that pass ``params.filters``.

    Raises
    ------
    InputError
        If the workspace has no tracks, or none pass the filters.
    ParameterError
        If the grid, its kernel's border or the cells the tracks cross would
        pass the limits of :mod:`analysis.heatmap.limits`.
    """
    if params.mode == "lines":
        return _lines(Path(workspace), params)
    return _points(Path(workspace), params)


def read_tracks(path: Path, filters: ActivityFilter) -> tuple[Any, dict[str, int]]:
    """The workspace's activity lines that pass ``filters``, with their people and release groups.

    People and duplicates are worked out over all the activities, before the
    filters (:func:`analysis.privacy.release.with_release_groups`), so that
    who is who does not change with the filter; the copies the import did not
    store tie their identities too. Returns the lines and the people summary.

    Raises
    ------
    InputError
        If the workspace has no tracks, or none pass the filters.
    """
    import pyogrio
    from pyogrio.errors import DataLayerError

    try:
        tracks = pyogrio.read_dataframe(path, layer=ACTIVITIES, columns=list(TRACK_COLUMNS))
    except DataLayerError as exc:
        raise InputError(
            f"{path} holds no tracks (layer {ACTIVITIES!r}); import some first"
        ) from exc
    tracks = tracks[~(tracks.geometry.isna() | tracks.geometry.is_empty)]
    tracks, people = with_release_groups(tracks.reset_index(drop=True), copies=read_copies(path))
    keep = filters.mask(tracks["start"].to_numpy(), tracks["type"].to_numpy())
    tracks = tracks[keep].reset_index(drop=True)
    if tracks.empty:
        raise InputError(f"{path}: no activity passes the filters ({filters.describe()})")
    return tracks, people


def _lines(path: Path, params: ActivityHeatmapParams) -> Heatmap:
    import shapely

    tracks, people = read_tracks(path, params.filters)
    bounds = _all_bounds(path)
    _check_grid(bounds, params)
    xy, index = shapely.get_coordinates(tracks.geometry.to_numpy(), return_index=True)
    check_crossings(xy, index, params.pixel_m, PIXEL)
    offsets = np.concatenate([[0], np.cumsum(np.bincount(index, minlength=len(tracks)))])
    grid = Grid.covering(*bounds, params.pixel_m, margin=params.pixel_m)
    line, cell = cells_crossed(xy[:, 0], xy[:, 1], offsets, grid)
    keep = k_safe(cell, line, tracks, params.min_users)
    line, cell = line[keep], cell[keep]
    cells = grid.rows * grid.cols
    person = tracks[PERSON].to_numpy(dtype=np.int64)
    if params.measure == "activities":
        counts = np.bincount(cell, minlength=cells)
    else:
        counts = np.bincount(unique_sorted(person[line] * cells + cell) % cells, minlength=cells)
    values = np.where(counts > 0, counts, np.nan).astype(np.float32).reshape(grid.shape)
    unit = f"{params.measure} per {params.pixel_m:g} m cell"
    stats = {
        "activities": len(np.unique(line)),
        "users": len(np.unique(person[line])),
        "filters": params.filters.describe(),
        "cells_shown": int(np.isfinite(values).sum()),
        "min_users": params.min_users,
    }
    return Heatmap(values, grid, str(tracks.crs.to_string()), unit, stats | people)


def _points(path: Path, params: ActivityHeatmapParams) -> Heatmap:
    import pandas as pd

    from analysis.io.gpkg_points import read_points

    tracks, people = read_tracks(path, params.filters)
    bounds = _all_bounds(path)
    _check_grid(bounds, params, radius=True)
    try:
        pts = read_points(
            path,
            POINTS,
            expressions={
                "activity": "DENSE_RANK() OVER (ORDER BY activity_id)",
                "seconds": "CAST(strftime('%s', time) AS INTEGER)",
            },
        )
    except InputError as exc:
        raise InputError(f"{path} holds no activity points; import tracks first ({exc})") from exc
    row = _track_rows(path, pts.columns["activity"], tracks)
    # Only groups of k people may show anything: counts of the others are not told either.
    group, person = tracks[GROUP].to_numpy(), tracks[PERSON].to_numpy()
    sizes = pd.Series(person).groupby(group).nunique()
    shared = sizes.index[sizes >= params.min_users].to_numpy()
    taken = row >= 0
    taken[taken] = np.isin(group[row[taken]], shared)
    keep = taken.copy()
    if params.drop_stops:
        keep &= moving_mask(pts.columns["activity"], pts.columns["seconds"], pts.x, pts.y)
    x, y, row = pts.x[keep], pts.y[keep], row[keep]
    about = params.filters.describe()
    grid = Grid.covering(*bounds, params.pixel_m, margin=params.radius_m)
    kde = KdeParams(params.radius_m, params.pixel_m, scaled=True)
    if not len(x):
        values = np.zeros(grid.shape)
    elif params.min_users:
        values = _released_density(x, y, row, tracks, grid, kde, params.min_users)
    else:
        values = density(x, y, grid, kde)
    values = np.where(values > 0, values * 1e6, np.nan).astype(np.float32)
    stats = {
        "points": len(x),
        "stops_dropped": int((taken & ~keep).sum()),
        "filters": about,
        "min_users": params.min_users,
    } | people
    return Heatmap(values, grid, pts.crs or "", "points per km2", stats)


def _check_grid(
    bounds: tuple[float, float, float, float], params: ActivityHeatmapParams, radius: bool = False
) -> None:
    """Refuse a grid over ``bounds`` past the limits, before the tracks are read."""
    left, bottom, right, top = bounds
    radii = np.array([params.radius_m]) if radius else None
    check_grid(right - left, top - bottom, PIXEL, params.pixel_m, radii, ("radius_m", "--radius"))


def _all_bounds(path: Path) -> tuple[float, float, float, float]:
    """The extent of all the workspace's activities: one grid whatever the filter selects.

    A grid fitted to the activities a filter selects would draw their extent,
    even when k hides every cell.
    """
    import pyogrio

    info = pyogrio.read_info(path, layer=ACTIVITIES, force_total_bounds=True)
    left, bottom, right, top = (float(v) for v in info["total_bounds"])
    return left, bottom, right, top


def _track_rows(path: Path, rank: np.ndarray, tracks: Any) -> np.ndarray:
    """The row of ``tracks`` of each point (its activity's ``DENSE_RANK``), -1 if none."""
    import pandas as pd

    from analysis.workspace.storage import connect

    with connect(path, readonly=True) as conn:
        ids = [
            r[0]
            for r in conn.execute(
                f'SELECT DISTINCT activity_id FROM "{POINTS}" ORDER BY activity_id'
            )
        ]
    row_of_rank = pd.Index(tracks["activity_id"]).get_indexer(ids)
    return np.asarray(row_of_rank[rank.astype(np.int64) - 1], dtype=np.int64)


def _released_density(
    x: np.ndarray, y: np.ndarray, row: np.ndarray, tracks: Any, grid: Grid, kde: KdeParams, k: int
) -> np.ndarray:
    """The density summed over release groups, each where ``k`` or more people shape it.

    A group's density shows in a cell only if its lower bound of people within
    the kernel radius reaches ``k`` (:func:`users_within_radius_lower_bound`).
    """
    group = tracks[GROUP].to_numpy(dtype=np.int64)[row]
    person = tracks[PERSON].to_numpy(dtype=np.int64)[row]
    total = np.zeros(grid.shape, dtype=np.float64)
    for g in np.unique(group):
        pick = group == g
        if len(np.unique(person[pick])) < k:
            continue
        bound = users_within_radius_lower_bound(x[pick], y[pick], person[pick], grid, kde.radius_m)
        if (bound >= k).any():
            total += np.where(bound >= k, density(x[pick], y[pick], grid, kde), 0.0)
    return total


KEY = "heatmap"


def heatmap_name(filters: ActivityFilter) -> str:
    """The raster's name: ``heatmap_cycling`` for one type, ``heatmap_all`` for every type."""
    return f"{KEY}_" + ("_".join(filters.types) or "all")


def run(inputs: Inputs, params: ActivityHeatmapParams, progress: Progress) -> AnalysisResult:
    """:func:`activity_heatmap` of the workspace's tracks, as the raster :func:`heatmap_name`.

    ``activity_heatmap`` takes no progress: cancelling works before it starts
    and after it ends, not while it runs.
    """
    from analysis.export.titles import stored_heatmap_title

    check_cancelled(progress)
    progress.report(0.05, "drawing the heatmap")
    heat = activity_heatmap(inputs.workspace.path, params)
    check_cancelled(progress)
    progress.report(1.0, "heatmap drawn")
    about = params.filters.describe()
    stats = {k: v for k, v in heat.stats.items() if k != "filters"}
    shown = f"{stats['cells_shown']} cells shown" if "cells_shown" in stats else "drawn"
    raster = Raster(
        heat.values,
        heat.grid,
        heat.crs,
        heat.unit,
        tags={"mode": params.mode, "radius_m": params.radius_m, **heat.stats},
        description=f"Urbanista heatmap ({params.mode})",
    )
    return AnalysisResult(
        KEY,
        summary={"unit": heat.unit, **heat.stats},
        parameters=parameters_of(params),
        lines=(f"Heatmap of {about}: {shown}; unit: {heat.unit}.",),
        titles={"": stored_heatmap_title(about)},
        rasters={"": raster},
        prefix=heatmap_name(params.filters),
        facts={"": {"unit": heat.unit, **stats}},
    )


ANALYSIS = Analysis(
    key=KEY,
    title=N_("Activity heatmap"),
    description=N_(
        "Map the workspace's activities on a grid of square cells: in lines mode the "
        "distinct activities (or people) whose tracks cross each cell, in points mode the "
        "density of their recorded points, without stops. A cell counts only the activities "
        "of a month, day type, day part and type that enough distinct people share there."
    ),
    params=ActivityHeatmapParams,
    run=run,
    prefix_flag="--save-as",
    in_report=False,
)
"""The activity heatmap in the registry (:mod:`analysis.registry`): it reads the tracks
itself, no layer slots; stored as the raster ``heatmap_<types>``, or under ``--save-as``."""
