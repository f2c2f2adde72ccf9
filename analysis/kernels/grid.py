"""A raster grid: where the cells are, in the caller's metric CRS."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Grid:
    """A north-up grid of square cells; values are taken at cell centres.

    ``left`` and ``top`` are the outer edges; row 0 is the northernmost row.
    """

    left: float
    top: float
    pixel: float
    cols: int
    rows: int

    @classmethod
    def qgis_heatmap(
        cls, xmin: float, ymin: float, xmax: float, ymax: float, pixel: float, radius: float
    ) -> Grid:
        """The grid QGIS's "Heatmap (Kernel Density Estimation)" makes for these points.

        The points' extent grown by ``radius``; top-left corner at
        ``(xmin - radius, ymax + radius)``; ``ceil(size / pixel) + 1`` columns and rows.
        """
        width, height = xmax - xmin + 2 * radius, ymax - ymin + 2 * radius
        return cls(
            left=xmin - radius,
            top=ymax + radius,
            pixel=pixel,
            cols=max(math.ceil(width / pixel) + 1, 1),
            rows=max(math.ceil(height / pixel) + 1, 1),
        )

    @classmethod
    def covering(
        cls, xmin: float, ymin: float, xmax: float, ymax: float, pixel: float, margin: float = 0.0
    ) -> Grid:
        """The smallest grid aligned to multiples of ``pixel`` covering the box plus ``margin``."""
        left = math.floor((xmin - margin) / pixel) * pixel
        top = math.ceil((ymax + margin) / pixel) * pixel
        right = math.ceil((xmax + margin) / pixel) * pixel
        bottom = math.floor((ymin - margin) / pixel) * pixel
        cols, rows = round((right - left) / pixel), round((top - bottom) / pixel)
        return cls(left, top, pixel, max(cols, 1), max(rows, 1))

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, cols)``, as numpy arrays of this grid are shaped."""
        return self.rows, self.cols

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(left, bottom, right, top)`` outer edges."""
        return (
            self.left,
            self.top - self.rows * self.pixel,
            self.left + self.cols * self.pixel,
            self.top,
        )

    @property
    def gdal_transform(self) -> tuple[float, float, float, float, float, float]:
        """The GDAL geotransform ``(left, pixel, 0, top, 0, -pixel)``."""
        return (self.left, self.pixel, 0.0, self.top, 0.0, -self.pixel)

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the x of each column's centre and the y of each row's centre."""
        x = self.left + (np.arange(self.cols) + 0.5) * self.pixel
        y = self.top - (np.arange(self.rows) + 0.5) * self.pixel
        return x, y

    def fractional_index(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Column and row of points in units of cells, 0.0 at the first cell's centre."""
        return (x - self.left) / self.pixel - 0.5, (self.top - y) / self.pixel - 0.5
