"""Raster layers from GeoTIFFs: read at the overview level the view needs, coloured by a ramp.

A heatmap GeoTIFF (float32, nodata, its unit in the metadata, see
:mod:`analysis.io.geotiff`) is read through rasterio for the part of the map in
view, with ``out_shape`` no finer than the screen, so GDAL takes the matching
internal overview. Values are coloured by a ramp from the band's smallest
positive to its largest value (exact: :func:`value_range`), on a log scale
when they span more than a factor of three (as the print map does); nodata
and values <= 0 are transparent. The last image read is kept for a margin
around the view, so panning reuses it.
"""

from __future__ import annotations

import contextlib
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtGui import QImage

from analysis.export.web_text import number, unit_label

YLORRD = ("#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026")
"""ColorBrewer's YlOrRd without its near-white end, so the lowest values show on land."""
STRIP_CELLS = 1 << 22
"""Cells read at a time when a raster's value range is computed (16 MB of float32)."""


def ramp_lut(colours: tuple[str, ...] = YLORRD, size: int = 256) -> np.ndarray:
    """A ``(size, 3)`` uint8 table interpolating ``colours`` evenly."""
    stops = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in colours], float)
    at = np.linspace(0, 1, len(colours))
    t = np.linspace(0, 1, size)
    return np.stack([np.interp(t, at, stops[:, k]) for k in range(3)], axis=1).astype(np.uint8)


@dataclass(frozen=True)
class RasterPatch:
    """A coloured image of part of the raster and the map bounds it covers."""

    image: QImage
    bounds: tuple[float, float, float, float]
    factor: int
    """Raster cells per image pixel along each axis (1 = full resolution)."""


class RasterLayer:
    """A single-band GeoTIFF drawn with a colour ramp (heatmaps)."""

    def __init__(
        self,
        name: str,
        path: str | Path,
        *,
        crs: str | None = None,
        title: str | None = None,
        visible: bool = True,
        opacity: float = 0.75,
        colours: tuple[str, ...] = YLORRD,
    ) -> None:
        self.name = name
        self.title = title or name
        self.path = Path(path)
        self.crs = crs
        self.visible = visible
        self.opacity = opacity
        self.lut = ramp_lut(colours)
        self._lock = threading.Lock()
        self._patch: RasterPatch | None = None
        with self._open() as src:
            b = src.bounds
            self.bounds = (b.left, b.bottom, b.right, b.top)
            self.cell = abs(src.transform.a)
            self.shape = (src.height, src.width)
            self.unit = src.units[0] or src.tags().get("UNIT", "")
            self.tags = src.tags()
        self.vmin, self.vmax = value_range(self.path)
        self.log_scale = self.vmin > 0 and self.vmax > 3 * self.vmin

    def _open(self) -> Any:
        import rasterio
        from rasterio.vrt import WarpedVRT

        src = rasterio.open(self.path)
        if (
            self.crs is None
            or src.crs is None
            or src.crs == rasterio.crs.CRS.from_user_input(self.crs)
        ):
            return src
        stack = contextlib.ExitStack()
        stack.enter_context(src)
        return _Closing(WarpedVRT(src, crs=self.crs), stack)

    def normalise(self, values: np.ndarray) -> np.ndarray:
        """Values mapped to 0..1 on the layer's (log or linear) scale."""
        low, high = self.vmin, max(self.vmax, self.vmin + 1e-12)
        if self.log_scale:
            t = (np.log(np.maximum(values, low)) - math.log(low)) / (math.log(high) - math.log(low))
        else:
            t = (values - low) / (high - low)
        clipped: np.ndarray = np.clip(t, 0.0, 1.0)
        return clipped

    def colourise(self, values: np.ma.MaskedArray) -> QImage:
        """An ARGB image of ``values``: ramp colours, transparent where masked or <= 0."""
        data = np.ma.filled(values.astype(np.float64), 0.0)
        empty = np.ma.getmaskarray(values) | ~np.isfinite(data) | (data <= 0)
        index = (self.normalise(np.where(empty, self.vmin, data)) * 255).astype(np.uint8)
        rgb = self.lut[index].astype(np.uint32)
        argb = (0xFF << 24) | (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
        argb = np.where(empty, 0, argb).astype(np.uint32)
        h, w = argb.shape
        image = QImage(argb.tobytes(), w, h, 4 * w, QImage.Format.Format_ARGB32)
        return image.copy()  # own the pixels; the bytes object goes away

    def legend(self, steps: int = 5) -> list[tuple[float, tuple[int, int, int]]]:
        """Values from low to high with their ramp colours, in the raster's unit."""
        if self.log_scale:
            values = np.geomspace(self.vmin, self.vmax, steps)
        else:
            values = np.linspace(self.vmin, self.vmax, steps)
        index = (self.normalise(values) * 255).astype(int)
        return [
            (float(v), (int(self.lut[i][0]), int(self.lut[i][1]), int(self.lut[i][2])))
            for v, i in zip(values, index, strict=True)
        ]

    def unit_label(self, language: str) -> str:
        """The raster's unit in ``language``: "aktywności na komórkę 10 m" for Polish."""
        return unit_label(self.unit, language)

    def value_label(self, value: float, language: str) -> str:
        """A value as legends print it in ``language``: "1 000", "52", "5,23", "0,125".

        Whole numbers from 10 up (heatmaps count activities), three significant
        digits below.
        """
        digits = 0 if abs(value) >= 10 or value == 0 else 2 - math.floor(math.log10(abs(value)))
        return number(value, language, digits)

    def value_at(self, x: float, y: float) -> float | None:
        """The raster's value at map point ``(x, y)``; None outside it or at nodata."""
        left, bottom, right, top = self.bounds
        if not (left <= x < right and bottom < y <= top):
            return None
        with self._open() as src:
            value = next(src.sample([(x, y)], masked=True))[0]
        return None if np.ma.is_masked(value) or not np.isfinite(value) else float(value)

    def patch_for(
        self, bounds: tuple[float, float, float, float], scale: float
    ) -> RasterPatch | None:
        """An image covering ``bounds`` at about ``scale`` map units per screen pixel.

        Reuses the last patch when it covers ``bounds`` at the same overview
        factor; otherwise reads the view plus half a view on each side.
        """
        factor = 1
        while self.cell * factor * 2 <= scale:
            factor *= 2
        need = _intersection(bounds, self.bounds)
        if need is None:
            return None
        with self._lock:
            patch = self._patch
            if patch is not None and patch.factor == factor and _covers(patch.bounds, need):
                return patch
        w, h = bounds[2] - bounds[0], bounds[3] - bounds[1]
        wanted = (bounds[0] - w / 2, bounds[1] - h / 2, bounds[2] + w / 2, bounds[3] + h / 2)
        patch = self._read(wanted, factor)
        with self._lock:
            self._patch = patch
        return patch

    def _read(self, wanted: tuple[float, float, float, float], factor: int) -> RasterPatch | None:
        from rasterio.windows import Window

        left, top = self.bounds[0], self.bounds[3]
        rows, cols = self.shape
        col0 = max(0, math.floor((wanted[0] - left) / self.cell))
        col1 = min(cols, math.ceil((wanted[2] - left) / self.cell))
        row0 = max(0, math.floor((top - wanted[3]) / self.cell))
        row1 = min(rows, math.ceil((top - wanted[1]) / self.cell))
        if col1 <= col0 or row1 <= row0:
            return None
        window = Window(col0, row0, col1 - col0, row1 - row0)
        out_shape = (max(1, (row1 - row0) // factor), max(1, (col1 - col0) // factor))
        with self._open() as src:
            values = src.read(1, window=window, out_shape=out_shape, masked=True)
        covered = (
            left + col0 * self.cell,
            top - row1 * self.cell,
            left + col1 * self.cell,
            top - row0 * self.cell,
        )
        return RasterPatch(self.colourise(values), covered, factor)


def value_range(path: str | Path) -> tuple[float, float]:
    """The smallest positive and the largest finite value of a GeoTIFF's first band.

    Taken from the band's ``STATISTICS_MINIMUM`` / ``STATISTICS_MAXIMUM``
    metadata when it is exact and its minimum positive (as
    :func:`analysis.io.geotiff.write_geotiff` stores them); otherwise computed
    from every cell, read in strips of rows so that a large raster never sits
    in memory whole. Writes nothing (no ``.aux.xml``). ``(0, 1)`` when no
    value is positive.
    """
    import rasterio
    from rasterio.windows import Window

    with rasterio.open(path) as src:
        stats = src.tags(1)
        try:
            low = float(stats["STATISTICS_MINIMUM"])
            high = float(stats["STATISTICS_MAXIMUM"])
        except (KeyError, ValueError):
            low = high = math.nan
        exact = stats.get("STATISTICS_APPROXIMATE", "").upper() != "YES"
        if exact and 0 < low <= high < math.inf:
            return low, high
        low, high = math.inf, -math.inf
        rows = max(1, STRIP_CELLS // src.width)
        for row in range(0, src.height, rows):
            window = Window(0, row, src.width, min(rows, src.height - row))
            values = src.read(1, window=window, masked=True).compressed()
            values = values[np.isfinite(values)]
            positive = values[values > 0]
            if len(positive):
                low, high = min(low, float(positive.min())), max(high, float(values.max()))
    return (low, high) if math.isfinite(low) else (0.0, 1.0)


def _intersection(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...] | None:
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] < box[2] and box[1] < box[3] else None


def _covers(outer: tuple[float, ...], inner: tuple[float, ...]) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and outer[2] >= inner[2]
        and outer[3] >= inner[3]
    )


class _Closing:
    """A warped view that also closes the file under it."""

    def __init__(self, vrt: Any, stack: contextlib.ExitStack) -> None:
        self._vrt, self._stack = vrt, stack

    def __enter__(self) -> Any:
        return self._vrt.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._vrt.__exit__(*exc)
        self._stack.close()
