"""Line rasterisation against a dense brute-force walk along every segment."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.kernels.grid import Grid
from analysis.kernels.lines import cells_crossed, distinct_per_cell

GRID = Grid(left=1_000.0, top=2_000.0, pixel=10.0, cols=30, rows=20)


def walked_cells(x: np.ndarray, y: np.ndarray, grid: Grid) -> set[int]:
    """Cells visited when stepping along the polyline in 1/1000 of a cell."""
    found = set()
    for a, b in zip(range(len(x) - 1), range(1, len(x)), strict=True):
        t = np.linspace(0, 1, 20_000)
        px, py = x[a] + t * (x[b] - x[a]), y[a] + t * (y[b] - y[a])
        col = np.floor((px - grid.left) / grid.pixel).astype(int)
        row = np.floor((grid.top - py) / grid.pixel).astype(int)
        ok = (col >= 0) & (col < grid.cols) & (row >= 0) & (row < grid.rows)
        found |= set((row[ok] * grid.cols + col[ok]).tolist())
    return found


coordinate = st.floats(900.0, 1_400.0, allow_nan=False)
polyline = st.lists(st.tuples(coordinate, st.floats(1_750.0, 2_050.0)), min_size=2, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(polyline, min_size=1, max_size=4))
def test_supercover_equals_a_dense_walk(lines: list[list[tuple[float, float]]]) -> None:
    x = np.array([p[0] for line in lines for p in line])
    y = np.array([p[1] for line in lines for p in line])
    offsets = np.cumsum([0] + [len(line) for line in lines])
    line, cell = cells_crossed(x, y, offsets, GRID)
    for i in range(len(lines)):
        a, b = offsets[i], offsets[i + 1]
        dense = walked_cells(x[a:b], y[a:b], GRID)
        exact = set(cell[line == i].tolist())
        # The walk can only miss cells a segment clips by less than its step.
        assert dense <= exact
        assert len(exact - dense) <= 0.02 * len(exact) + 1


def test_a_track_that_returns_counts_once_and_users_are_distinct() -> None:
    # Track 0 goes east and comes back along the same row; track 1 (same user) crosses it.
    x = np.array([1_005.0, 1_095.0, 1_005.0, 1_045.0, 1_045.0])
    y = np.array([1_995.0, 1_995.0, 1_995.0, 2_000.0 - 0.1, 1_951.0])
    offsets = np.array([0, 3, 5])
    tracks, users = distinct_per_cell(x, y, offsets, GRID, np.array([7, 7]))
    assert tracks[0, :11].tolist() == [1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 0]
    assert tracks.sum() == 10 + 5  # track 0: columns 0-9 of row 0; track 1: rows 0-4 of column 4
    assert users[0, 4] == 1 and users.sum() == 10 + 4


def test_sparse_vertices_leave_no_gaps() -> None:
    x, y = np.array([1_001.0, 1_299.0]), np.array([1_999.0, 1_801.0])  # one long diagonal
    (tracks,) = distinct_per_cell(x, y, np.array([0, 2]), GRID)
    rows, cols = np.nonzero(tracks)
    assert set(zip(rows.tolist(), cols.tolist(), strict=True)) >= {
        (r, round(r * 1.5)) for r in range(19)
    }
    assert np.all(np.diff(np.sort(cols)) <= 1)  # every column between the ends is touched


def test_lines_outside_the_grid_are_ignored() -> None:
    x, y = np.array([0.0, 10.0, 1_015.0, 1_015.0]), np.array([0.0, 10.0, 1_995.0, 1_985.0])
    line, cell = cells_crossed(x, y, np.array([0, 2, 4]), GRID)
    assert line.tolist() == [1, 1] and cell.tolist() == [1, 31]
