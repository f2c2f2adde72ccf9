"""The GeoTIFF writer: values, nodata and the band statistics a colour scale needs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis.io.geotiff import NODATA, band_statistics, write_geotiff
from analysis.kernels.grid import Grid

X0, Y0 = 530_000.0, 390_000.0


def test_band_statistics_are_the_smallest_positive_and_the_largest_value(
    tmp_path: Path,
) -> None:
    import rasterio

    values = np.full((300, 300), np.nan)
    values[10:20, 10:20] = 0.0  # zero is drawn as empty: not the minimum
    values[100:200, 100:200] = 7.25
    values[151, 151] = 900.3  # one cell, float32 in the file
    values[5, 5] = 0.4
    tif = write_geotiff(
        tmp_path / "heat.tif",
        values,
        Grid(X0, Y0, 10.0, 300, 300),
        "EPSG:2180",
        unit="activities per 10 m cell",
    )
    with rasterio.open(tif) as src:
        stats = src.tags(1)
        band = src.read(1, masked=True)
        assert src.nodata == NODATA
    assert float(stats["STATISTICS_MINIMUM"]) == pytest.approx(0.4)
    assert float(stats["STATISTICS_MAXIMUM"]) == band.max()  # exactly the cell's float32
    assert float(stats["STATISTICS_MAXIMUM"]) == pytest.approx(900.3)
    assert not list(tmp_path.glob("*.aux.xml"))  # in the file, not beside it


@pytest.mark.parametrize(
    "values", [np.full((4, 4), np.nan), np.zeros((4, 4))], ids=["all nodata", "all zero"]
)
def test_no_statistics_without_a_positive_value(values: np.ndarray, tmp_path: Path) -> None:
    import rasterio

    assert band_statistics(values) == {}
    tif = write_geotiff(
        tmp_path / "empty.tif",
        values,
        Grid(X0, Y0, 10.0, 4, 4),
        "EPSG:2180",
        unit="activities per 10 m cell",
    )
    with rasterio.open(tif) as src:
        assert "STATISTICS_MAXIMUM" not in src.tags(1)
