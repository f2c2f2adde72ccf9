"""Dask heatmaps refuse grids past the single machine's limit before any is made."""

from __future__ import annotations

import math

import dask
import dask.dataframe as dd
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.heatmap import limits
from analysis.heatmap.distributed import dask_density, dask_heatmap_grid, dask_track_counts
from analysis.kernels.grid import Grid
from analysis.kernels.kde import KdeParams


@pytest.fixture(autouse=True)
def _threads() -> object:
    with dask.config.set(scheduler="threads"):
        yield


def corners(side_m: float) -> dd.DataFrame:
    """Two points ``side_m`` apart in x and in y (EPSG:2180 metres)."""
    x, y = [560_000.0, 560_000.0 + side_m], [380_000.0, 380_000.0 + side_m]
    frame = pd.DataFrame({"x": x, "y": y, "activity_id": [1, 2], "user_id": [1, 2]})
    return dd.from_pandas(frame, npartitions=2)


def test_a_grid_past_the_limit_is_refused_naming_the_pixel() -> None:
    with pytest.raises(ParameterError) as refused:
        dask_heatmap_grid(corners(100_000.0), 1.0, 100.0)  # 10 billion cells
    assert refused.value.name == "pixel_m" and refused.value.flag is None
    cells = (100_000 / 1.0 + 3) ** 2
    assert str(refused.value) == (
        f"pixel_m: would make {cells:,.0f} cells, more than the limit of {limits.MAX_CELLS:,.0f}"
    )


def test_a_kernel_border_past_the_limit_is_refused_naming_the_radius() -> None:
    with pytest.raises(ParameterError, match=r"^radius_m: would make [\d,]+ cells, more than"):
        dask_heatmap_grid(corners(100.0), 1.0, 1_000_000.0)


@pytest.mark.parametrize(
    ("pixel_m", "radius_m", "name"),
    [
        (math.nan, 100.0, "pixel_m"),
        (0.0, 100.0, "pixel_m"),
        (-5.0, 100.0, "pixel_m"),
        (5.0, math.inf, "radius_m"),
        (5.0, 0.0, "radius_m"),
    ],
)
def test_a_pixel_or_radius_not_finite_and_positive_is_refused(
    pixel_m: float, radius_m: float, name: str
) -> None:
    with pytest.raises(ParameterError, match=f"^{name}: must be a finite number above 0"):
        dask_heatmap_grid(corners(100.0), pixel_m, radius_m)


def test_a_grid_within_the_limit_is_qgis_s() -> None:
    grid = dask_heatmap_grid(corners(1_000.0), 5.0, 100.0)
    assert grid == Grid.qgis_heatmap(560_000.0, 380_000.0, 561_000.0, 381_000.0, 5.0, 100.0)


def test_a_grid_made_by_hand_is_checked_before_the_workers_allocate_it() -> None:
    huge = Grid(left=0.0, top=1e6, pixel=1.0, cols=1_000_000, rows=1_000_000)
    with pytest.raises(ParameterError, match=r"^grid: would make [\d,]+ cells"):
        dask_density(corners(100.0), huge, KdeParams(100.0, 1.0))
    with pytest.raises(ParameterError, match=r"^grid: would make [\d,]+ cells"):
        dask_track_counts(corners(100.0), huge)
    small = Grid(left=560_000.0, top=380_100.0, pixel=10.0, cols=2_000, rows=2_000)
    with pytest.raises(ParameterError, match=r"^params\.radius_m: would make [\d,]+ cells"):
        dask_density(corners(100.0), small, KdeParams(5_000_000.0, 10.0))
    assert (
        dask_density(
            corners(100.0), Grid(559_000.0, 381_000.0, 10.0, 300, 300), KdeParams(100.0, 10.0)
        ).max()
        > 0
    )
