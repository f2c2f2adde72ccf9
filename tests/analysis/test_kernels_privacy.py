"""No output cell may reflect fewer than k people."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.kernels.grid import Grid
from analysis.kernels.kde import KdeParams, density
from analysis.kernels.privacy import suppress_below, users_within_radius_lower_bound


def exact_users_within(x, y, user, grid: Grid, radius: float) -> np.ndarray:
    cx, cy = grid.centres()
    gx, gy = np.meshgrid(cx, cy)
    out = np.zeros(grid.shape, dtype=int)
    for u in np.unique(user):
        pick = user == u
        near = np.zeros(grid.shape, dtype=bool)
        for px, py in zip(x[pick], y[pick], strict=True):
            near |= np.hypot(gx - px, gy - py) <= radius
        out += near
    return out


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 40), st.integers(2, 8))
def test_suppressed_kde_never_shows_a_cell_with_fewer_than_k_users(
    seed: int, users: int, k: int
) -> None:
    rng = np.random.default_rng(seed)
    n = users * 5
    user = rng.integers(0, users, n)
    x, y = rng.normal(1_000, 120, n), rng.normal(2_000, 120, n)
    radius, pixel = 60.0, 10.0
    grid = Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), pixel, radius)
    values = density(x, y, grid, KdeParams(radius, pixel))
    bound = users_within_radius_lower_bound(x, y, user, grid, radius)
    shown = suppress_below(values, bound, k)
    exact = exact_users_within(x, y, user, grid, radius)
    assert (bound <= exact).all()
    assert (exact[~np.isnan(shown)] >= k).all()


def test_the_bound_is_not_useless_where_many_people_pass() -> None:
    rng = np.random.default_rng(1)
    n = 3_000
    user = rng.integers(0, 300, n)
    x, y = rng.uniform(0, 1_000, n), rng.uniform(0, 1_000, n)
    grid = Grid.covering(200, 200, 800, 800, 10)
    bound = users_within_radius_lower_bound(x, y, user, grid, 100.0)
    exact = exact_users_within(x, y, user, grid, 100.0)
    assert (bound <= exact).all()
    assert np.median(bound / exact) > 0.4  # a good share of the disc's users


def test_count_rasters_are_compared_directly() -> None:
    values = np.array([[1.0, 2.0], [3.0, 4.0]])
    users = np.array([[4, 5], [6, 0]])
    shown = suppress_below(values, users, 5)
    assert np.isnan(shown[0, 0]) and np.isnan(shown[1, 1]) and shown[0, 1] == 2.0
