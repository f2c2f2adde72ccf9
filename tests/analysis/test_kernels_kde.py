"""The heatmap kernel against a brute-force evaluation at every cell centre."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.kernels.grid import Grid
from analysis.kernels.kde import (
    DensityAccumulator,
    KdeParams,
    Kernel,
    density,
    density_chunks,
    kernel_values,
)


def brute_force(x, y, grid: Grid, params: KdeParams, weights=None, radius=None) -> np.ndarray:
    cx, cy = grid.centres()
    gx, gy = np.meshgrid(cx, cy)
    out = np.zeros(grid.shape)
    w = np.ones(len(x)) if weights is None else weights
    r = np.full(len(x), params.radius_m) if radius is None else radius
    for xi, yi, wi, ri in zip(x, y, w, r, strict=True):
        out += wi * kernel_values(np.hypot(gx - xi, gy - yi), ri, params)
    return out


def cloud(n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(561_000, 300, n), rng.normal(381_000, 200, n)


# Linear binning is second-order accurate for kernels smooth at the radius (quartic,
# triweight) and near it for those with a kink (Epanechnikov, triangular without decay);
# kernels with a step at the radius (uniform, triangular with decay) err more in the
# cells the step crosses. Measured at radius/pixel = 10; errors fall with the square of it.
ACCURACY = {
    (Kernel.QUARTIC, 0.0): 0.006,
    (Kernel.TRIWEIGHT, 0.0): 0.006,
    (Kernel.EPANECHNIKOV, 0.0): 0.01,
    (Kernel.TRIANGULAR, 0.0): 0.015,
    (Kernel.TRIANGULAR, 0.2): 0.05,
    (Kernel.UNIFORM, 0.0): 0.1,
}


@pytest.mark.parametrize(("kernel", "decay"), list(ACCURACY))
@pytest.mark.parametrize("scaled", [False, True])
def test_matches_brute_force(kernel: Kernel, decay: float, scaled: bool) -> None:
    x, y = cloud(400)
    params = KdeParams(radius_m=100, pixel_m=10, kernel=kernel, scaled=scaled, decay=decay)
    grid = Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), 10, 100)
    fast, exact = density(x, y, grid, params), brute_force(x, y, grid, params)
    assert fast.shape == grid.shape and fast.dtype == np.float32
    assert np.abs(fast - exact).max() <= ACCURACY[kernel, decay] * exact.max()


def test_quartic_is_within_a_tenth_of_a_percent_at_the_benchmark_ratio() -> None:
    x, y = cloud(300, seed=9)
    params = KdeParams(radius_m=100, pixel_m=5)
    grid = Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), 5, 100)
    fast, exact = density(x, y, grid, params), brute_force(x, y, grid, params)
    assert np.abs(fast - exact).max() <= 0.0015 * exact.max()


def test_weights_and_per_point_radius() -> None:
    x, y = cloud(200, seed=2)
    rng = np.random.default_rng(3)
    weights = rng.uniform(0.5, 3.0, len(x))
    radius = rng.choice([60.0, 120.0], len(x))
    params = KdeParams(radius_m=120, pixel_m=6)
    grid = Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), 6, 120)
    fast = density(x, y, grid, params, weights=weights, radius=radius)
    exact = brute_force(x, y, grid, params, weights, radius)
    assert np.abs(fast - exact).max() <= 0.005 * exact.max()


def test_scaled_density_integrates_to_the_total_weight() -> None:
    x, y = cloud(500, seed=4)
    for kernel in Kernel:
        params = KdeParams(radius_m=80, pixel_m=4, kernel=kernel, scaled=True)
        grid = Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), 4, 80)
        mass = density(x, y, grid, params).sum(dtype=float) * 16.0
        assert mass == pytest.approx(500, rel=0.02), kernel


def test_chunks_give_the_same_surface_as_one_pass() -> None:
    x, y = cloud(3_000, seed=5)
    params = KdeParams(radius_m=50, pixel_m=5)
    grid = Grid.covering(x.min(), y.min(), x.max(), y.max(), 5, margin=50)
    whole = density(x, y, grid, params)
    parts = density_chunks(
        ((x[i : i + 700], y[i : i + 700], None) for i in range(0, 3_000, 700)), grid, params
    )
    np.testing.assert_allclose(parts, whole, rtol=1e-5, atol=1e-5)


def test_points_outside_the_grid_are_ignored() -> None:
    grid = Grid(left=0, top=100, pixel=10, cols=10, rows=10)
    params = KdeParams(radius_m=20, pixel_m=10)
    inside = density(np.array([50.0]), np.array([50.0]), grid, params)
    both = density(np.array([50.0, 5_000.0, -3.0e6]), np.array([50.0, 50.0, 7.0e9]), grid, params)
    np.testing.assert_array_equal(inside, both)


def qgis_loop(x, y, params: KdeParams) -> tuple[Grid, np.ndarray]:
    """QGIS 3.22's QgsKernelDensityEstimation::addFeature, transcribed loop for loop."""
    r, p = params.radius_m, params.pixel_m
    grid = Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), p, r)
    xmin, ymin, ymax = x.min() - r, y.min() - r, y.max() + r
    buffer = int(r / p) + (1 if r - p * int(r / p) > 0.5 else 0)
    out = np.zeros(grid.shape)
    for xi, yi in zip(x, y, strict=True):
        x_pos, y_pos = int((xi - xmin) / p) - buffer, int((yi - ymin) / p) - buffer
        y_pos_io = int((ymax - yi) / p) - buffer
        for xp in range(2 * buffer + 1):
            for yp in range(2 * buffer + 1):
                cx, cy = (x_pos + xp + 0.5) * p + xmin, (y_pos + yp + 0.5) * p + ymin
                d = np.hypot(cx - xi, cy - yi)
                if d <= r:
                    out[y_pos_io + yp, x_pos + xp] += kernel_values(np.array(d), r, params)
    return grid, out


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 300), st.floats(0, 300)), min_size=1, max_size=6))
def test_match_qgis_reproduces_its_sub_pixel_shift(points: list[tuple[float, float]]) -> None:
    x, y = (np.array(v) + 500_000.0 for v in zip(*points, strict=True))
    params = KdeParams(radius_m=50, pixel_m=2.5, match_qgis=True)
    grid, qgis = qgis_loop(x, y, params)
    ours = density(x, y, grid, params)
    assert np.abs(ours - qgis).max() <= 0.01 * max(qgis.max(), 1e-9)


def test_match_qgis_needs_the_bounds() -> None:
    with pytest.raises(ValueError, match="qgis_ymin"):
        DensityAccumulator(Grid(0, 0, 1, 1, 1), KdeParams(1, 1, match_qgis=True))


def test_cells_no_point_reaches_are_exact_zeros() -> None:
    grid = Grid(560_000.0, 382_000.0, 5.0, 400, 400)
    x, y = np.array([560_100.0, 561_900.0]), np.array([381_900.0, 380_100.0])
    params = KdeParams(100.0, 5.0)
    values = density(x, y, grid, params)
    cx, cy = np.meshgrid(*grid.centres())
    nearest = np.min([np.hypot(cx - xi, cy - yi) for xi, yi in zip(x, y, strict=True)], axis=0)
    # Linear binning spreads a point over its cell's corners: up to a diagonal further.
    assert (values[nearest > 100.0 + 5.0 * np.sqrt(2)] == 0).all(), "round-off is not density"
    assert (values[nearest < 95.0] > 0).all()
