"""k-anonymity: count nothing that reflects fewer than k distinct people.

:func:`k_safe_rows` keeps the rows (one activity in one place) whose place and
release group hold k or more people, before anything is counted: every analysis
of residents' activities counts from those (:mod:`analysis.privacy.release`).

For a count raster (distinct users per cell) a cell's rule is a comparison. For a kernel
density a cell reflects every user with a point within the kernel radius of its
centre. We count a lower bound of them: each user's points are placed on a
coarse grid (a quarter of the radius), and a user counts for a cell when one of
their coarse cells lies wholly within the radius of the cell's centre, wherever
that centre is. Cells whose bound is below k are hidden. The rule never shows a
cell with fewer than k users; it may hide a cell whose extra users only pass
near the edge of its radius.
"""

from __future__ import annotations

import math

import numpy as np

from analysis.kernels.grid import Grid
from analysis.kernels.lines import unique_sorted

COARSE_PER_RADIUS = 4
"""Coarse cells per kernel radius: finer bounds cost more offsets."""


def suppress_below(values: np.ndarray, users: np.ndarray, k: int) -> np.ndarray:
    """``values`` with NaN where ``users`` (distinct users per cell) is below ``k``."""
    out = np.asarray(values, dtype=np.float32).copy()
    out[np.asarray(users) < k] = np.nan
    return out


def users_within_radius_lower_bound(
    x: np.ndarray, y: np.ndarray, user: np.ndarray, grid: Grid, radius: float
) -> np.ndarray:
    """A lower bound of the distinct users with a point within ``radius`` of each cell centre.

    Returns int32 ``grid.shape``.
    """
    size = radius / COARSE_PER_RADIUS
    left, bottom, right, top = grid.bounds
    coarse = Grid.covering(left, bottom, right, top, size, margin=radius)
    col = np.floor((np.asarray(x, float) - coarse.left) / size).astype(np.int64)
    row = np.floor((coarse.top - np.asarray(y, float)) / size).astype(np.int64)
    inside = (col >= 0) & (col < coarse.cols) & (row >= 0) & (row < coarse.rows)
    cells = coarse.rows * coarse.cols
    occupied = unique_sorted(
        np.asarray(user, dtype=np.int64)[inside] * cells + row[inside] * coarse.cols + col[inside]
    )
    who, where = occupied // cells, occupied % cells
    r0, c0 = where // coarse.cols, where % coarse.cols

    # A user reaches every coarse cell T from which one of their coarse cells lies wholly
    # within the radius, wherever in T the fine cell's centre is.
    reach = math.floor(radius / size)
    reached = []
    for di in range(-reach, reach + 1):
        for dj in range(-reach, reach + 1):
            if ((abs(di) + 1) ** 2 + (abs(dj) + 1) ** 2) * size * size > radius * radius:
                continue
            r, c = r0 - di, c0 - dj
            ok = (r >= 0) & (r < coarse.rows) & (c >= 0) & (c < coarse.cols)
            reached.append(who[ok] * cells + r[ok] * coarse.cols + c[ok])
    per_coarse = np.bincount(unique_sorted(np.concatenate(reached)) % cells, minlength=cells)
    per_coarse = per_coarse.reshape(coarse.shape)

    cx, cy = grid.centres()
    ccol = np.floor((cx - coarse.left) / size).astype(np.int64)
    crow = np.floor((coarse.top - cy) / size).astype(np.int64)
    return per_coarse[np.ix_(crow, ccol)].astype(np.int32)


def k_safe_rows(unit: np.ndarray, group: np.ndarray, person: np.ndarray, k: int) -> np.ndarray:
    """Which rows may be counted: those whose ``(unit, group)`` holds ``k`` or more people.

    Each row puts one person's activity into a place (``unit``: a cell, a street
    segment, a district) and a release group (``group``: the activity's month,
    day part, day type and activity type). A row whose place and group are
    shared by fewer than ``k`` distinct ``person`` codes is left out before
    anything is counted, and so is every row of ``person < 0`` (a duplicate).
    Any figure summed or counted over the kept rows, for any set of groups, then
    differs from another such figure only by groups of at least ``k`` people.
    Returns a bool mask over the rows.
    """
    unit = np.asarray(unit, dtype=np.int64)
    group = np.asarray(group, dtype=np.int64)
    person = np.asarray(person, dtype=np.int64)
    keep = np.zeros(len(unit), dtype=bool)
    valid = np.flatnonzero(person >= 0)
    if not len(valid) or k <= 0:
        keep[valid] = True
        return keep
    order = valid[np.lexsort((person[valid], group[valid], unit[valid]))]
    u, g, p = unit[order], group[order], person[order]
    new_place = np.concatenate([[True], (u[1:] != u[:-1]) | (g[1:] != g[:-1])])
    new_person = new_place | np.concatenate([[True], p[1:] != p[:-1]])
    place = np.cumsum(new_place) - 1
    people = np.bincount(place, weights=new_person).astype(np.int64)
    keep[order] = people[place] >= k
    return keep
