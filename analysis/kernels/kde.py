"""Point kernel density (heatmaps), equal to QGIS's "Heatmap (Kernel Density Estimation)".

QGIS evaluates each point's kernel at every cell centre within the radius:
O(points x cells in a disc). Here the points are first spread onto the lattice
of cell centres by linear binning (each point shares its weight among the four
nearest centres), then the lattice is convolved once with the kernel sampled on
the same lattice, by FFT: O(points + cells log cells). The error of linear
binning is second order in the pixel size for kernels smooth at the radius
(quartic, triweight: 0.5% of the peak at radius/pixel = 10, 0.1% at 20); the
kernels with a step at the radius (uniform, triangular with a decay) err more,
up to about 10% at radius/pixel = 10, in the cells the step crosses.

QGIS 3.x places every point up to one pixel off in y: it computes the kernel
for a cell from a centroid measured up from the bottom of its bounds while
writing to a row counted down from the top, which mirrors the point's position
within its pixel row. ``match_qgis=True`` reproduces that shift so results can
be compared cell by cell; the default is the exact density.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from analysis.kernels.grid import Grid

ROUND_OFF = 1e-9
"""Values below this share of the peak are FFT round-off, not density."""


class Kernel(StrEnum):
    """Kernel shapes, as QGIS names them."""

    QUARTIC = "quartic"
    TRIANGULAR = "triangular"
    UNIFORM = "uniform"
    TRIWEIGHT = "triweight"
    EPANECHNIKOV = "epanechnikov"


@dataclass(frozen=True)
class KdeParams:
    """How to turn points into a density surface."""

    radius_m: float
    """Kernel radius (bandwidth), metres."""
    pixel_m: float
    """Cell size, metres."""
    kernel: Kernel = Kernel.QUARTIC
    scaled: bool = False
    """False: QGIS's "Raw" values (a point at distance 0 adds its weight). True: a true
    density, integrating to the weight, in weight per square metre (QGIS's "Scaled"
    quartic is 7.25 times too large; the other kernels agree with QGIS)."""
    decay: float = 0.0
    """Triangular kernel only: the value at the radius relative to the centre (QGIS's decay)."""
    match_qgis: bool = False
    """Reproduce QGIS's sub-pixel shift in y (see the module docstring)."""

    def __post_init__(self) -> None:
        for name, value in (("radius_m", self.radius_m), ("pixel_m", self.pixel_m)):
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive finite number, got {value}")
        if not math.isfinite(self.decay):
            raise ValueError(f"decay must be a finite number, got {self.decay}")


def kernel_values(distance: np.ndarray, radius: float, params: KdeParams) -> np.ndarray:
    """The kernel at ``distance`` (0 beyond ``radius``), raw or scaled as ``params`` says."""
    u = np.asarray(distance, dtype=float) / radius
    inside = u <= 1.0
    one_minus_sq = np.clip(1.0 - u * u, 0.0, None)
    kernel = Kernel(params.kernel)
    if kernel is Kernel.QUARTIC:
        raw, norm = one_minus_sq**2, 3.0
    elif kernel is Kernel.TRIWEIGHT:
        raw, norm = one_minus_sq**3, 4.0
    elif kernel is Kernel.EPANECHNIKOV:
        raw, norm = one_minus_sq, 2.0
    elif kernel is Kernel.UNIFORM:
        raw, norm = np.ones_like(u), 1.0
    else:
        raw, norm = 1.0 - (1.0 - params.decay) * u, 3.0 / (1.0 + 2.0 * params.decay)
    values = np.where(inside, raw, 0.0)
    return values * (norm / (math.pi * radius * radius)) if params.scaled else values


def lattice_cells(grid: Grid, radius: float) -> int:
    """Cells of the padded lattice :func:`density` transforms for ``grid`` and one ``radius``.

    The lattice holds the grid and a border of the kernel's reach on each side,
    twice (binning and the full convolution): what its memory and time grow with.
    """
    pad = 4 * math.ceil(radius / grid.pixel)
    return (grid.rows + pad) * (grid.cols + pad)


def stencil(radius: float, params: KdeParams) -> np.ndarray:
    """The kernel sampled on the lattice of cell centres, centred, ``(2B+1, 2B+1)``."""
    half = math.ceil(radius / params.pixel_m)
    offsets = np.arange(-half, half + 1) * params.pixel_m
    return kernel_values(np.hypot(offsets[:, None], offsets[None, :]), radius, params)


class DensityAccumulator:
    """Bins points chunk by chunk, then convolves once: memory bounded by the grid.

    ``add`` takes any number of chunks (a 100-million-point season streamed from
    disk); ``result`` returns the density as float32 ``(rows, cols)``.
    """

    def __init__(self, grid: Grid, params: KdeParams, qgis_ymin: float | None = None) -> None:
        """``qgis_ymin`` is the bottom of QGIS's bounds (data ymin - radius) for ``match_qgis``."""
        if params.match_qgis and qgis_ymin is None:
            raise ValueError("match_qgis needs qgis_ymin: the points' minimum y minus the radius")
        self.grid = grid
        self.params = params
        self.qgis_ymin = qgis_ymin
        self._lattices: dict[float, np.ndarray] = {}

    def add(
        self,
        x: np.ndarray,
        y: np.ndarray,
        weights: np.ndarray | None = None,
        radius: np.ndarray | None = None,
    ) -> None:
        """Bin one chunk of points (with optional weights and per-point radii)."""
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
        if self.params.match_qgis and self.qgis_ymin is not None:
            p = self.grid.pixel
            from_top = np.mod((self.grid.top - y) / p, 1.0)
            y = y + p * (from_top - np.mod((y - self.qgis_ymin) / p, 1.0))
        if radius is None:
            self._bin(self.params.radius_m, x, y, w)
            return
        radius = np.asarray(radius, dtype=float)
        for r in np.unique(radius[radius > 0]):
            pick = radius == r
            self._bin(float(r), x[pick], y[pick], w[pick])

    def _bin(self, radius: float, x: np.ndarray, y: np.ndarray, w: np.ndarray) -> None:
        half = math.ceil(radius / self.grid.pixel)
        lattice = self._lattices.get(radius)
        if lattice is None:
            lattice = np.zeros((self.grid.rows + 2 * half, self.grid.cols + 2 * half))
            self._lattices[radius] = lattice
        fc, fr = self.grid.fractional_index(x, y)
        rows, cols = lattice.shape
        fc, fr = fc + half, fr + half
        inside = (fc >= 0) & (fc < cols - 1) & (fr >= 0) & (fr < rows - 1)
        if not inside.all():
            fc, fr, w = fc[inside], fr[inside], w[inside]
        c0, r0 = fc.astype(np.int64), fr.astype(np.int64)  # floor: both are >= 0
        ac, ar = fc - c0, fr - r0
        index = r0 * cols + c0
        flat = lattice.reshape(-1)
        size = flat.size
        wr0, wr1 = w * (1 - ar), w * ar
        # Each corner's share, binned at the point's cell and shifted onto the corner.
        for shift, share in (
            (0, wr0 * (1 - ac)),
            (1, wr0 * ac),
            (cols, wr1 * (1 - ac)),
            (cols + 1, wr1 * ac),
        ):
            flat[shift:] += np.bincount(index, weights=share, minlength=size)[: size - shift]

    def result(self) -> np.ndarray:
        """The density at every cell centre, float32 ``(rows, cols)``."""
        out = np.zeros(self.grid.shape)
        for radius, lattice in self._lattices.items():
            kernel = stencil(radius, self.params)
            half = kernel.shape[0] // 2
            full = _fft_convolve(lattice, kernel)
            out += full[2 * half : 2 * half + self.grid.rows, 2 * half : 2 * half + self.grid.cols]
        # FFT round-off leaves values of about 1e-16 of the peak (either sign) in cells
        # no point reaches: make them exact zeros, which outputs show as no data.
        out[out < ROUND_OFF * out.max(initial=0.0)] = 0.0
        return out.astype(np.float32)


def density(
    x: np.ndarray,
    y: np.ndarray,
    grid: Grid,
    params: KdeParams,
    weights: np.ndarray | None = None,
    radius: np.ndarray | None = None,
) -> np.ndarray:
    """Kernel density of points in memory on ``grid`` (float32 ``(rows, cols)``)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    qgis_ymin = None
    if params.match_qgis and len(y):
        largest = params.radius_m if radius is None else float(np.max(radius))
        qgis_ymin = float(y.min()) - largest
    acc = DensityAccumulator(grid, params, qgis_ymin)
    acc.add(x, y, weights, radius)
    return acc.result()


def density_chunks(
    chunks: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray | None]],
    grid: Grid,
    params: KdeParams,
) -> np.ndarray:
    """Kernel density of points streamed in ``(x, y, weights)`` chunks."""
    acc = DensityAccumulator(grid, params)
    for x, y, w in chunks:
        acc.add(x, y, w)
    return acc.result()


def _fast_length(n: int) -> int:
    """The smallest 2^a 3^b 5^c >= n: lengths the FFT handles fastest."""
    best = 1 << max(n - 1, 0).bit_length()
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            p235 = p35
            while p235 < n:
                p235 *= 2
            best = min(best, p235)
            p35 *= 3
        p5 *= 5
    return best


def _fft_convolve(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Full 2-D linear convolution of ``a`` with the small ``k``, by real FFT."""
    shape = (a.shape[0] + k.shape[0] - 1, a.shape[1] + k.shape[1] - 1)
    fast = (_fast_length(shape[0]), _fast_length(shape[1]))
    spectrum = np.fft.rfft2(a, fast) * np.fft.rfft2(k, fast)
    return np.fft.irfft2(spectrum, fast)[: shape[0], : shape[1]]
