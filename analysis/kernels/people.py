"""Who is behind which activity, when files do not say: probable people and repeated files.

k-anonymity counts people, not files. When nothing in a file identifies its
athlete, the trimmed track's end points still tell where its recording began
and ended (a home, a workplace) to within the privacy trim. An unidentified
activity is joined to every activity with an end point within ``radius_m`` of
one of its own, and joins are transitive ("when in doubt, merge"). Two
identified athletes are never joined directly, only through an unidentified
activity near both. The number of probable people is a lower bound of the real
number as long as nobody has two identities and each unidentified activity
starts or ends within ``radius_m`` of another activity of its athlete.

Pairs are found with a grid hash (sorted cell keys, neighbour cells looked up
with ``searchsorted``) and joined with a vectorised union-find: no Python loop
runs over activities or pairs.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

import numpy as np

PAIRS_PER_CHUNK = 1 << 22
"""Candidate pairs examined at once: bounds memory (about 300 MB) on dense data."""


def probable_people(
    known: np.ndarray, ends: np.ndarray, radius_m: float, same: np.ndarray | None = None
) -> np.ndarray:
    """A person code (0 .. m-1, in order of first appearance) for each activity.

    Parameters
    ----------
    known
        int64 code of the identified athlete of each activity, -1 when unidentified.
    ends
        float (n, 4): start x, start y, end x, end y of each trimmed activity, in
        a metric CRS; NaN for an activity without a line (it joins nothing by place).
    radius_m
        An unidentified activity joins every activity with an end point (start
        or end) within this distance of one of its own.
    same
        Optional int (k, 2) pairs of activities known to share a person (a file
        and its copy): they are joined whatever their codes.

    Returns
    -------
    numpy.ndarray
        int64 person code per activity.
    """
    known = np.asarray(known, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.float64).reshape(-1, 4)
    if len(ends) != len(known):
        raise ValueError(f"ends has {len(ends)} rows for {len(known)} activities")
    if not (np.isfinite(radius_m) and radius_m > 0):
        raise ValueError(f"radius_m must be a positive number, got {radius_m!r}")
    n = len(known)
    parent = np.arange(n, dtype=np.int64)
    _union(parent, *_same_code(known))
    if same is not None:
        pairs = np.asarray(same, dtype=np.int64).reshape(-1, 2)
        _union(parent, pairs[:, 0], pairs[:, 1])

    x = np.concatenate([ends[:, 0], ends[:, 2]])
    y = np.concatenate([ends[:, 1], ends[:, 3]])
    owner = np.concatenate([np.arange(n), np.arange(n)])
    placed = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    if not len(placed):
        return _codes(parent)
    # In cells of side radius / sqrt(2) any two points are within the radius, so a cell
    # holding an unidentified end point is one person; cells up to two apart may touch.
    side = radius_m / np.sqrt(2.0)
    cells = _Cells(
        np.column_stack([np.floor(x[placed] / side), np.floor(y[placed] / side)]),
        first=known[owner[placed]] < 0,
    )
    point = placed[cells.order]  # end points in cell order, unidentified ones first
    owner, x, y = owner[point], x[point], y[point]
    loose = np.add.reduceat((known[owner] < 0).astype(np.int64), cells.start)
    crowded = np.repeat(loose > 0, cells.count)
    _union(parent, owner[crowded], owner[np.repeat(cells.start, cells.count)][crowded])
    fixed_start, fixed = cells.start + loose, cells.count - loose
    for shift in _half_shifts(2, 2):
        root = parent[owner]
        low, high = np.minimum.reduceat(root, cells.start), np.maximum.reduceat(root, cells.start)
        a, b = cells.pairs(shift)
        settled = (low[a] == high[a]) & (low[b] == high[b]) & (low[a] == low[b])
        a, b = a[~settled], b[~settled]
        # Unidentified points of a with all of b, identified points of a with unidentified of b.
        for i, j in chain(
            _expand(cells.start[a], loose[a], cells.start[b], cells.count[b]),
            _expand(fixed_start[a], fixed[a], cells.start[b], loose[b]),
        ):
            apart = parent[owner[i]] != parent[owner[j]]
            i, j = i[apart], j[apart]
            near = np.hypot(x[i] - x[j], y[i] - y[j]) <= radius_m
            _union(parent, owner[i[near]], owner[j[near]])
    return _codes(parent)


def repeated_pairs(
    start_s: np.ndarray,
    ends: np.ndarray,
    distance_m: np.ndarray,
    time_tol_s: float,
    place_tol_m: float,
    length_tol: float,
) -> np.ndarray:
    """Pairs (earlier, later) of activities that are the same recording, by input order.

    Two activities are the same when they start within ``time_tol_s`` of each
    other, their starts and their ends lie within ``place_tol_m``, and their
    distances differ by at most ``length_tol`` of the longer. NaN anywhere (an
    unknown start time, no line) never matches.

    Returns
    -------
    numpy.ndarray
        int64 (k, 2), each row ``i < j``.
    """
    start_s = np.asarray(start_s, dtype=np.float64)
    ends = np.asarray(ends, dtype=np.float64).reshape(-1, 4)
    distance_m = np.asarray(distance_m, dtype=np.float64)
    if not len(start_s) == len(ends) == len(distance_m):
        raise ValueError("start_s, ends and distance_m must have one row per activity")
    for name, value in (
        ("time_tol_s", time_tol_s),
        ("place_tol_m", place_tol_m),
        ("length_tol", length_tol),
    ):
        if not (np.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a positive number, got {value!r}")
    rows = np.flatnonzero(
        np.isfinite(start_s) & np.isfinite(ends).all(axis=1) & np.isfinite(distance_m)
    )
    cells = _Cells(
        np.column_stack(
            [
                np.floor(start_s[rows] / time_tol_s),
                np.floor(ends[rows, 0] / place_tol_m),
                np.floor(ends[rows, 1] / place_tol_m),
            ]
        )
    )
    rows = rows[cells.order]
    found = [np.empty((0, 2), dtype=np.int64)]
    for shift in [(0, 0, 0), *_half_shifts(1, 3)]:
        ca, cb = cells.pairs(shift)
        for i, j in _expand(cells.start[ca], cells.count[ca], cells.start[cb], cells.count[cb]):
            if not any(shift):  # a cell with itself: each pair twice, and (i, i)
                i, j = i[i < j], j[i < j]
            a, b = np.minimum(rows[i], rows[j]), np.maximum(rows[i], rows[j])
            longer = np.maximum(distance_m[a], distance_m[b])
            same = (
                (np.abs(start_s[a] - start_s[b]) <= time_tol_s)
                & (np.hypot(*(ends[a, :2] - ends[b, :2]).T) <= place_tol_m)
                & (np.hypot(*(ends[a, 2:] - ends[b, 2:]).T) <= place_tol_m)
                & (np.abs(distance_m[a] - distance_m[b]) <= length_tol * longer)
            )
            found.append(np.column_stack([a[same], b[same]]))
    return np.concatenate(found)


def _same_code(known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs joining each identified activity to the first one with its code."""
    rows = np.flatnonzero(known >= 0)
    _, first, inverse = np.unique(known[rows], return_index=True, return_inverse=True)
    return rows, rows[first][inverse.reshape(-1)]


def _codes(parent: np.ndarray) -> np.ndarray:
    """Sets numbered 0 .. m-1 in order of their smallest member."""
    return np.asarray(np.unique(parent, return_inverse=True)[1], dtype=np.int64).reshape(-1)


def _half_shifts(reach: int, dims: int) -> list[tuple[int, ...]]:
    """Cell shifts within ``reach`` on every axis, one of each +/- pair, nearest first."""
    axes = np.meshgrid(*[np.arange(-reach, reach + 1)] * dims, indexing="ij")
    every = np.stack(axes, -1).reshape(-1, dims)
    first = every[np.arange(len(every)), np.argmax(every != 0, axis=1)]
    half = every[first > 0]
    nearest = half[np.argsort((half**2).sum(axis=1), kind="stable")]
    return [tuple(int(v) for v in shift) for shift in nearest]


class _Cells:
    """Points grouped by integer grid cell, with look-ups of neighbouring cells.

    Shifts of up to two cells on every axis are supported. Within a cell,
    points marked in ``first`` come first, the others keep their order.

    Attributes
    ----------
    order
        The points sorted by cell: positions ``start[c] .. start[c] + count[c]``
        of ``order`` are the points of cell ``c``.
    key, start, count
        One entry per occupied cell, sorted by ``key``.
    """

    def __init__(self, cells: np.ndarray, first: np.ndarray | None = None) -> None:
        dims = cells.shape[1]
        cell = (cells - (cells.min(axis=0) if len(cells) else 0)).astype(np.int64) + 2
        size = (cell.max(axis=0) if len(cells) else np.zeros(dims, np.int64)) + 5
        if float(np.prod(size.astype(np.float64))) >= 2.0**62:
            raise ValueError("too many cells: the search distance is too small for the extent")
        self._radix = np.cumprod(np.concatenate([[1], size[:-1]])).astype(np.int64)
        key = cell @ self._radix
        self.order = (
            np.lexsort((~first, key)) if first is not None else np.argsort(key, kind="stable")
        )
        self.key, self.start, self.count = np.unique(
            key[self.order], return_index=True, return_counts=True
        )

    def pairs(self, shift: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Cells ``a`` and ``b`` (indices into ``key``) with ``b`` = ``a`` + ``shift``."""
        target = self.key + int(np.dot(shift, self._radix))
        b = np.minimum(np.searchsorted(self.key, target), max(len(self.key) - 1, 0))
        found = np.flatnonzero(self.key[b] == target) if len(self.key) else b
        return found, b[found]


def _expand(
    start_a: np.ndarray, count_a: np.ndarray, start_b: np.ndarray, count_b: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Chunks of every pair (i, j), i in ``start_a[k] + range(count_a[k])``, j likewise in b."""
    size = count_a * count_b
    total = np.cumsum(size)
    first = 0
    while first < len(size):
        done = int(total[first - 1]) if first else 0
        stop = max(int(np.searchsorted(total, done + PAIRS_PER_CHUNK, side="right")), first + 1)
        n = size[first:stop]
        pair = np.repeat(np.arange(first, stop), n)
        t = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
        width = count_b[pair]
        yield start_a[pair] + t // width, start_b[pair] + t % width
        first = stop


def _union(parent: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
    """Join the sets of ``a[k]`` and ``b[k]`` for every k, in place.

    ``parent`` is kept flat (every entry a root) and each root is its set's
    smallest index: each round hooks the larger root of every still-split pair
    onto the smaller and then compresses the paths.
    """
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    while len(a):
        ra, rb = parent[a], parent[b]
        split = ra != rb
        a, b, ra, rb = a[split], b[split], ra[split], rb[split]
        if not len(a):
            return
        parent[np.maximum(ra, rb)] = np.minimum(ra, rb)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent[:] = grand
