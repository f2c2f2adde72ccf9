"""How much work a heatmap or a count may take, estimated from the data before it starts.

Each check refuses with a :class:`~analysis.errors.ParameterError` that gives
the figure, the limit and the parameter that brings it down. The limits let a
city of 30 km x 30 km run with the defaults.
"""

from __future__ import annotations

import numpy as np

from analysis.params import check_work

MAX_CELLS = 50_000_000
"""Cells of a heatmap's lattices (grid and kernel border): about 3 GB while convolved."""
MAX_CROSSINGS = 50_000_000
"""Cells crossed by the tracks when they are rasterised: about 3 GB of indices."""
MAX_SAMPLES = 30_000_000
"""Track samples matched to the streets: about 4 GB of points."""

Flag = tuple[str, str | None]
"""A parameter's field name and CLI flag."""


def check_grid(
    width_m: float,
    height_m: float,
    pixel: Flag,
    pixel_m: float,
    radii: np.ndarray | None = None,
    radius: Flag | None = None,
) -> None:
    """Refuse a grid over ``width_m`` x ``height_m`` of ``pixel_m`` cells past :data:`MAX_CELLS`.

    ``radii`` are the kernel radii (one lattice each, its border growing with
    the radius in cells); the grid alone names ``pixel``, its borders ``radius``.
    """
    cols, rows = width_m / pixel_m + 3, height_m / pixel_m + 3
    check_work("cells", cols * rows, MAX_CELLS, *pixel)
    if radii is not None and radius is not None:
        pad = 6 * np.ceil(np.asarray(radii, dtype=float) / pixel_m)
        check_work("cells", float(np.sum((cols + pad) * (rows + pad))), MAX_CELLS, *radius)


def check_crossings(xy: np.ndarray, line: np.ndarray, pixel_m: float, pixel: Flag) -> None:
    """Refuse rasterising lines (vertices ``xy`` of lines ``line``) past :data:`MAX_CROSSINGS`."""
    same = line[1:] == line[:-1]
    steps = np.abs(np.diff(xy, axis=0))[same].sum()
    check_work("cells crossed", float(steps) / pixel_m + len(xy), MAX_CROSSINGS, *pixel)


def check_samples(length_m: float, vertices: int, sample_m: float, sample: Flag) -> None:
    """Refuse resampling ``length_m`` of tracks every ``sample_m`` past :data:`MAX_SAMPLES`."""
    check_work("track samples", length_m / sample_m + vertices, MAX_SAMPLES, *sample)
