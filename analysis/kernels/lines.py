"""Which cells do lines pass through? Distinct tracks (or users) per cell.

Each segment is rasterised exactly (a "supercover"): its start cell, plus the
cell it enters at every crossing of a grid line, found in closed form and with
no per-segment loop. Sparse sampling leaves no gaps, as it would with points;
a line that visits a cell twice still counts once for its track.
"""

from __future__ import annotations

import numpy as np

from analysis.kernels.grid import Grid


def _crossings(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each interval, the integers k with lo < k <= hi: (interval index, k)."""
    first = np.floor(lo).astype(np.int64) + 1
    count = np.maximum(np.floor(hi).astype(np.int64) - first + 1, 0)
    owner = np.repeat(np.arange(len(lo)), count)
    starts = np.cumsum(count) - count
    k = first[owner] + (np.arange(len(owner)) - starts[owner])
    return owner, k


def cells_crossed(
    x: np.ndarray, y: np.ndarray, offsets: np.ndarray, grid: Grid
) -> tuple[np.ndarray, np.ndarray]:
    """Every (line, cell) pair where line passes through cell, each pair once.

    Parameters
    ----------
    x, y
        Vertices of all lines, one line after another.
    offsets
        Where each line starts in ``x``/``y``, plus the total length at the end
        (``len(offsets) == lines + 1``, as in a CSR matrix).
    grid
        The cells; a cell is ``row * grid.cols + col``.

    Returns
    -------
    line, cell
        Two int64 arrays of equal length, sorted by line then cell. Parts of
        lines outside the grid are ignored.
    """
    u = (np.asarray(x, dtype=float) - grid.left) / grid.pixel
    v = (grid.top - np.asarray(y, dtype=float)) / grid.pixel
    offsets = np.asarray(offsets, dtype=np.int64)
    line_of_vertex = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    # Segments join consecutive vertices of the same line.
    seg = (
        np.flatnonzero(line_of_vertex[:-1] == line_of_vertex[1:])
        if len(u) > 1
        else np.empty(0, int)
    )
    u0, v0, u1, v1 = u[seg], v[seg], u[seg + 1], v[seg + 1]
    du, dv = u1 - u0, v1 - v0

    # A line is in its first vertex's cell and in every cell it enters by crossing a grid line.
    first = offsets[:-1][np.diff(offsets) > 0]
    parts_line = [line_of_vertex[first]]
    parts_row = [np.floor(v[first])]
    parts_col = [np.floor(u[first])]
    # Crossing the vertical grid line u = k enters column k (moving right) or k - 1.
    owner, k = _crossings(np.minimum(u0, u1), np.maximum(u0, u1))
    if len(owner):
        t = (k - u0[owner]) / du[owner]
        parts_line.append(line_of_vertex[seg[owner]])
        parts_row.append(np.floor(v0[owner] + t * dv[owner]))
        parts_col.append(np.where(du[owner] > 0, k, k - 1).astype(float))
    # Crossing the horizontal grid line v = k enters row k (moving down) or k - 1.
    owner, k = _crossings(np.minimum(v0, v1), np.maximum(v0, v1))
    if len(owner):
        t = (k - v0[owner]) / dv[owner]
        parts_line.append(line_of_vertex[seg[owner]])
        parts_row.append(np.where(dv[owner] > 0, k, k - 1).astype(float))
        parts_col.append(np.floor(u0[owner] + t * du[owner]))

    line = np.concatenate(parts_line)
    row = np.concatenate(parts_row)
    col = np.concatenate(parts_col)
    inside = (row >= 0) & (row < grid.rows) & (col >= 0) & (col < grid.cols)
    cells = grid.rows * grid.cols
    key = unique_sorted(
        line[inside] * cells + (row[inside] * grid.cols + col[inside]).astype(np.int64)
    )
    return key // cells, key % cells


def unique_sorted(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort and a comparison: faster than ``np.unique`` here)."""
    keys = np.sort(keys)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


def distinct_per_cell(
    x: np.ndarray,
    y: np.ndarray,
    offsets: np.ndarray,
    grid: Grid,
    *groups: np.ndarray,
) -> list[np.ndarray]:
    """How many distinct lines, and distinct groups of lines, pass through each cell.

    Each of ``groups`` gives every line a group (its user, say); for each, a
    cell counts the distinct groups whose lines pass through it. Returns int32
    ``(rows, cols)`` arrays: lines first, then one per group, in order.
    """
    line, cell = cells_crossed(x, y, offsets, grid)
    cells = grid.rows * grid.cols
    counts = [np.bincount(cell, minlength=cells)]
    for group in groups:
        key = unique_sorted(np.asarray(group, dtype=np.int64)[line] * cells + cell)
        counts.append(np.bincount(key % cells, minlength=cells))
    return [c.reshape(grid.shape).astype(np.int32) for c in counts]
