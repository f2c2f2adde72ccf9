"""Heatmaps partition by partition on a Dask cluster, for cities that outgrow one machine.

The numpy kernels run unchanged on each partition of a Dask DataFrame, on the
workers that hold it. Grids (and, for distinct users, (user, cell) pairs) travel
between the workers; the points stay where they are, and only the final grids
reach the client.

- Kernel density is linear in the points, so each partition's density is
  computed on the whole grid where the partition lives, and the grids are
  summed in a tree, ``split_every`` at a time. Each partition costs one FFT of
  the grid: give partitions millions of points, not thousands.
- Distinct activities per cell add up across partitions when each activity lies
  in one partition (checked). Distinct users do not: one user's activities may
  lie in several partitions. Each partition therefore emits its distinct
  (user, cell) pairs, which Dask de-duplicates (a hash shuffle) before counting,
  so users need no particular partitioning.

Dask is optional (``pip install "urbanista[dask]"``) and imported only when these
functions run. They use the current scheduler: the default ``distributed.Client``
if one is connected, else Dask's threads. Grids are held to the single machine's
limit (:data:`~analysis.heatmap.limits.MAX_CELLS`): every worker holds a whole one.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import ParameterError
from analysis.heatmap.limits import check_grid
from analysis.kernels.grid import Grid
from analysis.kernels.kde import DensityAccumulator, KdeParams
from analysis.kernels.lines import cells_crossed

if TYPE_CHECKING:
    from types import ModuleType

    import dask.dataframe as dd
    import pandas as pd

INSTALL = 'pip install "urbanista[dask]"'


def _dask() -> ModuleType:
    """The ``dask`` module, or an ImportError that says how to install it."""
    try:
        import dask.dataframe
    except ImportError as exc:
        raise ImportError(f"Heatmaps on a Dask cluster need dask[dataframe]: {INSTALL}") from exc
    return dask


def _require(frame: dd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"the Dask DataFrame has no column {missing[0]!r} "
            f"(columns: {', '.join(map(str, frame.columns))})"
        )


def dask_extent(points: dd.DataFrame) -> tuple[float, float, float, float]:
    """``(xmin, ymin, xmax, ymax)`` of the ``x`` and ``y`` columns, in one pass.

    Raises
    ------
    ValueError
        If there is no column ``x`` or ``y``, or no row with both finite.
    """
    dask = _dask()
    _require(points, ["x", "y"])
    xy = points[["x", "y"]]
    low, high = dask.compute(xy.min(), xy.max())
    extent = (float(low["x"]), float(low["y"]), float(high["x"]), float(high["y"]))
    if not np.isfinite(extent).all():
        raise ValueError("the Dask DataFrame holds no point with finite x and y")
    return extent


def dask_heatmap_grid(points: dd.DataFrame, pixel_m: float, radius_m: float) -> Grid:
    """The grid QGIS's heatmap makes for ``points`` (:meth:`Grid.qgis_heatmap`), in one pass.

    Parameters
    ----------
    points
        A Dask DataFrame with ``x`` and ``y`` columns in a metric CRS.
    pixel_m
        Cell size, metres.
    radius_m
        Kernel radius, metres (the largest, for per-point radii).

    Raises
    ------
    ParameterError
        If ``pixel_m`` or ``radius_m`` is not a finite number above 0, or the grid
        and its kernel's border would pass :data:`~analysis.heatmap.limits.MAX_CELLS`
        (checked before the grid is made, from the points' extent).
    """
    for name, value in (("pixel_m", pixel_m), ("radius_m", radius_m)):
        if not (math.isfinite(value) and value > 0):
            raise ParameterError(name, None, f"must be a finite number above 0, got {value}")
    xmin, ymin, xmax, ymax = dask_extent(points)
    check_grid(
        xmax - xmin,
        ymax - ymin,
        ("pixel_m", None),
        pixel_m,
        np.array([radius_m]),
        ("radius_m", None),
    )  # as point_heatmap does
    return Grid.qgis_heatmap(xmin, ymin, xmax, ymax, pixel_m, radius_m)


def dask_density(
    points: dd.DataFrame,
    grid: Grid,
    params: KdeParams,
    weight: str | None = None,
    radius: str | None = None,
    split_every: int = 8,
) -> np.ndarray:
    """Kernel density of a Dask DataFrame's points, partition by partition on the workers.

    Equal to :func:`analysis.kernels.kde.density` of all the points at once (to
    float32 rounding): each partition's points are binned and convolved on the
    whole ``grid`` where the partition lives, and the grids are summed in a tree.
    Points farther outside ``grid`` than their radius add nothing, as there.

    Parameters
    ----------
    points
        A Dask DataFrame with ``x`` and ``y`` columns in the metric CRS of ``grid``.
    grid
        The cells, e.g. :func:`dask_heatmap_grid`.
    params
        The kernel; with ``match_qgis`` one more pass finds the points' lowest y.
    weight
        Column of point weights (default: 1 each).
    radius
        Column of per-point radii in metres (default: ``params.radius_m``).
    split_every
        How many grids one task of the tree sums.

    Returns
    -------
    numpy.ndarray
        Float32 ``grid.shape``, the only thing that reaches the client.

    Raises
    ------
    ValueError
        If a column is missing, or ``match_qgis`` is asked for no points.
    ParameterError
        If ``grid`` (with the kernel's border) passes :data:`~analysis.heatmap.limits.MAX_CELLS`.
    """
    dask = _dask()
    _require(points, ["x", "y", *(c for c in (weight, radius) if c)])
    _check_cells(grid, None if radius else params.radius_m)
    if split_every < 2:
        raise ValueError(f"split_every must be at least 2, got {split_every}")
    qgis_ymin = _qgis_ymin(dask, points, params, radius) if params.match_qgis else None
    partial = dask.delayed(_partition_density, pure=True)
    parts = points.to_delayed()  # type: ignore[no-untyped-call]
    grids = [partial(part, grid, params, weight, radius, qgis_ymin) for part in parts]
    while len(grids) > 1:
        grids = [
            dask.delayed(_sum_grids, pure=True)(grids[i : i + split_every])
            for i in range(0, len(grids), split_every)
        ]
    (total,) = dask.compute(grids[0])
    return np.asarray(total, dtype=np.float32)


def _check_cells(grid: Grid, radius_m: float | None = None) -> None:
    """Refuse a ``grid`` (with a kernel border of ``radius_m``) that every worker could not hold."""
    radii = None if radius_m is None else np.array([radius_m])
    check_grid(
        grid.cols * grid.pixel,
        grid.rows * grid.pixel,
        ("grid", None),
        grid.pixel,
        radii,
        ("params.radius_m", None),
    )


def _qgis_ymin(
    dask: ModuleType, points: dd.DataFrame, params: KdeParams, radius: str | None
) -> float:
    """The bottom of QGIS's bounds, as :func:`analysis.kernels.kde.density` takes it."""
    ymin, largest = dask.compute(
        points["y"].min(), points[radius].max() if radius else params.radius_m
    )
    if not np.isfinite(ymin):
        raise ValueError("match_qgis needs at least one point")
    return float(ymin) - float(largest)


def _partition_density(
    part: pd.DataFrame,
    grid: Grid,
    params: KdeParams,
    weight: str | None,
    radius: str | None,
    qgis_ymin: float | None,
) -> np.ndarray:
    """One partition's density on the whole grid (runs on a worker)."""
    acc = DensityAccumulator(grid, params, qgis_ymin)
    if len(part):
        acc.add(
            part["x"].to_numpy(dtype=float),
            part["y"].to_numpy(dtype=float),
            part[weight].to_numpy(dtype=float) if weight else None,
            part[radius].to_numpy(dtype=float) if radius else None,
        )
    return acc.result()


def _sum_grids(grids: list[np.ndarray]) -> np.ndarray:
    """The sum of a few grids, in float64 (one node of the tree)."""
    total = np.array(grids[0], dtype=np.float64)
    for g in grids[1:]:
        total += g
    return total


def dask_track_counts(
    vertices: dd.DataFrame,
    grid: Grid,
    activity: str = "activity_id",
    user: str = "user_id",
    order: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct activities and distinct users whose tracks pass through each cell.

    Equal to :func:`analysis.kernels.lines.distinct_per_cell` of the tracks with
    the users as the group, computed partition by partition on the workers.

    Parameters
    ----------
    vertices
        One row per track vertex: ``x``, ``y`` (the metric CRS of ``grid``),
        ``activity``, ``user``. **All the rows of an activity must lie in one
        partition** (checked; e.g. read one file of tracks per partition, or
        ``vertices.shuffle(activity)`` with ``order``); they may interleave with
        other activities'.
        An activity's user is taken from its first row.
    grid
        The cells, e.g. ``Grid.covering(*dask_extent(vertices), pixel, margin=pixel)``.
    activity, user
        The columns naming each vertex's activity and user (any hashable values).
    order
        A column giving the vertex order within an activity (the workspace's
        ``seq``); without it, an activity's rows are taken in their order.

    Returns
    -------
    activities, users
        Int32 ``grid.shape`` arrays.

    Raises
    ------
    ValueError
        If a column is missing, or an activity has rows in more than one partition
        (its track would be cut where the partitions meet).
    ParameterError
        If ``grid`` passes :data:`~analysis.heatmap.limits.MAX_CELLS`.
    """
    import pandas as pd

    dask = _dask()
    _require(vertices, ["x", "y", activity, user, *([order] if order else [])])
    _check_cells(grid)
    ids = vertices[activity].map_partitions(pd.Series.drop_duplicates)
    pairs = vertices.map_partitions(  # type: ignore[no-untyped-call]
        _partition_pairs,
        grid,
        activity,
        user,
        order,
        meta={"user": vertices[user].dtype, "cell": np.int64},
    )
    # Each activity lies in one partition, so its (activity, cell) pairs are distinct already.
    per_activity = pairs["cell"].value_counts()
    per_user = pairs.drop_duplicates()["cell"].value_counts()
    rows, distinct, activities, users = dask.compute(
        ids.size, ids.nunique(), per_activity, per_user
    )
    if rows > distinct:
        raise ValueError(
            f"{rows - distinct} activities have rows in more than one partition of the Dask "
            f"DataFrame; put each activity's rows in one partition, e.g. with "
            f"vertices.shuffle({activity!r}) and order= the column of vertex order"
        )
    return _counts_grid(activities, grid), _counts_grid(users, grid)


def _partition_pairs(
    part: pd.DataFrame, grid: Grid, activity: str, user: str, order: str | None
) -> pd.DataFrame:
    """Every (user, cell) pair of one partition's tracks, once per activity (runs on a worker)."""
    import pandas as pd

    part = part.sort_values([activity, order] if order else [activity], kind="stable")
    ids = part[activity].to_numpy()
    first = np.ones(len(ids), dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    starts = np.flatnonzero(first)
    offsets = np.append(starts, len(ids)).astype(np.int64)
    line, cell = cells_crossed(
        part["x"].to_numpy(dtype=float), part["y"].to_numpy(dtype=float), offsets, grid
    )
    return pd.DataFrame({"user": part[user].iloc[starts[line]].array, "cell": cell})


def _counts_grid(counts: Any, grid: Grid) -> np.ndarray:
    """A ``value_counts`` Series (cell -> count) as an int32 ``grid.shape`` array."""
    out = np.zeros(grid.rows * grid.cols, dtype=np.int32)
    out[counts.index.to_numpy(dtype=np.int64)] = counts.to_numpy()
    return out.reshape(grid.shape)
