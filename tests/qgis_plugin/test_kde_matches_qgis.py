"""analysis.kernels.kde against QGIS's own "Heatmap (Kernel Density Estimation)", cell by cell.

Runs in QGIS's Python (numpy 1.24 on Debian's QGIS 3.22), so it also proves the
kernels work there.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import processing
import pytest
from osgeo import gdal
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

from analysis.kernels.grid import Grid
from analysis.kernels.kde import KdeParams, Kernel, density

pytestmark = pytest.mark.usefixtures("qgis_processing")

QGIS_KERNELS = {
    Kernel.QUARTIC: 0,
    Kernel.TRIANGULAR: 1,
    Kernel.UNIFORM: 2,
    Kernel.TRIWEIGHT: 3,
    Kernel.EPANECHNIKOV: 4,
}


def qgis_heatmap(x: np.ndarray, y: np.ndarray, params: KdeParams, out: Path) -> np.ndarray:
    layer = QgsVectorLayer("Point?crs=EPSG:2180&field=w:double", "points", "memory")
    features = []
    for xi, yi in zip(x, y, strict=True):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(xi), float(yi))))
        features.append(f)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    processing.run(
        "qgis:heatmapkerneldensityestimation",
        {
            "INPUT": layer,
            "RADIUS": params.radius_m,
            "PIXEL_SIZE": params.pixel_m,
            "KERNEL": QGIS_KERNELS[params.kernel],
            "DECAY": params.decay,
            "OUTPUT_VALUE": 0,
            "OUTPUT": str(out),
        },
    )
    raster = gdal.Open(str(out))
    values = raster.GetRasterBand(1).ReadAsArray().astype(float)
    return np.where(values == -9999, 0.0, values)


def points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.uniform([560_000, 380_000], [561_500, 381_000], (8, 2))
    pick = rng.integers(0, 8, n)
    return (centres[pick, 0] + rng.normal(0, 60, n), centres[pick, 1] + rng.normal(0, 60, n))


@pytest.mark.parametrize(("radius", "pixel"), [(100.0, 5.0), (50.0, 5.0)])
def test_quartic_within_one_percent_of_qgis(tmp_path: Path, radius: float, pixel: float) -> None:
    x, y = points(2_000, seed=1)
    params = KdeParams(radius_m=radius, pixel_m=pixel, match_qgis=True)
    qgis = qgis_heatmap(x, y, params, tmp_path / "qgis.tif")
    grid = Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), pixel, radius)
    ours = density(x, y, grid, params)
    assert ours.shape == qgis.shape
    assert np.abs(ours - qgis).max() <= 0.01 * qgis.max()


@pytest.mark.parametrize("kernel", [Kernel.TRIWEIGHT, Kernel.EPANECHNIKOV])
def test_other_smooth_kernels_agree_with_qgis(tmp_path: Path, kernel: Kernel) -> None:
    x, y = points(500, seed=2)
    params = KdeParams(radius_m=100.0, pixel_m=5.0, kernel=kernel, match_qgis=True)
    qgis = qgis_heatmap(x, y, params, tmp_path / "qgis.tif")
    ours = density(x, y, Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), 5.0, 100.0), params)
    assert np.abs(ours - qgis).max() <= 0.01 * qgis.max()


def test_without_match_qgis_the_difference_is_qgis_shift(tmp_path: Path) -> None:
    """The exact density differs from QGIS by its sub-pixel shift, visibly for few points."""
    x, y = points(40, seed=3)
    params = KdeParams(radius_m=100.0, pixel_m=5.0)
    qgis = qgis_heatmap(x, y, params, tmp_path / "qgis.tif")
    grid = Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), 5.0, 100.0)
    exact = density(x, y, grid, params)
    shifted = density(x, y, grid, KdeParams(radius_m=100.0, pixel_m=5.0, match_qgis=True))
    assert np.abs(shifted - qgis).max() < np.abs(exact - qgis).max()
    assert np.abs(exact - qgis).max() <= 0.1 * qgis.max()
