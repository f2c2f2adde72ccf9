"""Hotspots of citizen reports: Getis-Ord Gi* on a square grid, per category.

Why this method: Gi* (Getis and Ord 1992, Ord and Getis 1995; ArcGIS's "Hot
Spot Analysis") gives each cell a z-score and a significance test that a
planner can cite, and square cells of one size keep counts comparable across
the city. The reports of one category are counted in the cells of one grid
laid over the extent of all reports; each cell's statistic sums the counts of
the cell and its 8 neighbours (queen contiguity, binary weights, ``star=True``)
against the whole grid (:class:`esda.G_Local`).

Significance comes from conditional permutations with a fixed seed, read
one-sided for hot spots: ``p = (1 + #{permuted >= observed}) / (permutations
+ 1)``. (esda's own ``p_sim`` is folded, either tail, and calls a lone report
among empty cells "significant" because no permutation is lower.) Thousands of
cells are tested at once, so at ``alpha = 0.05`` one in twenty cells of a
purely random field would pass; as ArcGIS's optimized hot spot analysis does,
the false discovery rate is controlled too (Benjamini-Hochberg,
:func:`scipy.stats.false_discovery_control`), on the normal p-values of each
cell's z-score against its own permutations (esda's ``z_sim``; 999
permutations cannot give p-values small enough for the correction). A hot cell
has ``p < alpha``, ``q < alpha`` (the corrected p-value) and a positive z.
Hot cells that touch (queen) form one hotspot area; areas holding fewer than
``min_reports`` reports are dropped, since with sparse counts the normal
approximation still lets a few chance pairs through.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analysis.params import check_work
from analysis.progress import NullProgress, Progress, check_cancelled

if TYPE_CHECKING:
    import geopandas as gpd
    from libpysal.weights import W

METHOD = (
    "Getis-Ord Gi* (esda.G_Local, star=True, binary queen weights) on a square grid, "
    "one-sided conditional permutation p-values and Benjamini-Hochberg FDR on the "
    "permutation z-scores; significant hot cells that touch are merged"
)
MAX_DRAWS = 100_000_000
"""Grid cells times permutations at most: esda keeps every draw (8 bytes each)."""


@dataclass(frozen=True)
class Grid:
    """A square grid: lower-left corner, cell size and shape (row 0 at the bottom)."""

    x0: float
    y0: float
    cell_m: float
    rows: int
    cols: int

    @classmethod
    def over(cls, x: np.ndarray, y: np.ndarray, cell_m: float) -> Grid:
        """The grid of ``cell_m`` cells, aligned to multiples of ``cell_m``, covering the points."""
        x0, y0 = np.floor(x.min() / cell_m) * cell_m, np.floor(y.min() / cell_m) * cell_m
        cols = int(np.floor((x.max() - x0) / cell_m)) + 1
        rows = int(np.floor((y.max() - y0) / cell_m)) + 1
        return cls(float(x0), float(y0), cell_m, rows, cols)

    @property
    def size(self) -> int:
        """Number of cells."""
        return self.rows * self.cols

    def cell_of(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Row-major cell index (``row * cols + col``) of each point."""
        col = np.clip(((x - self.x0) // self.cell_m).astype(np.int64), 0, self.cols - 1)
        row = np.clip(((y - self.y0) // self.cell_m).astype(np.int64), 0, self.rows - 1)
        index: np.ndarray = row * self.cols + col
        return index

    def boxes(self, cells: np.ndarray) -> np.ndarray:
        """Square polygons of the cells ``cells``."""
        import shapely

        row, col = np.divmod(cells, self.cols)
        x, y = self.x0 + col * self.cell_m, self.y0 + row * self.cell_m
        polygons: np.ndarray = shapely.box(x, y, x + self.cell_m, y + self.cell_m)
        return polygons


@dataclass(frozen=True)
class CellStats:
    """Gi* of every cell of a grid for one category."""

    counts: np.ndarray
    z: np.ndarray
    p: np.ndarray
    """One-sided (hot) permutation p-values."""
    q: np.ndarray
    """Benjamini-Hochberg adjusted one-sided p-values of the permutation z-scores."""


def star_weights(grid: Grid) -> W:
    """Binary queen weights of the grid's cells, each cell its own neighbour too (Gi*)."""
    from libpysal.weights import fill_diagonal, lat2W

    return fill_diagonal(lat2W(grid.rows, grid.cols, rook=False), 1.0)


def gi_star(counts: np.ndarray, weights: W, permutations: int, seed: int) -> CellStats:
    """Getis-Ord Gi* of ``counts`` (one per cell, row-major) with :func:`star_weights`."""
    import warnings

    import esda
    from scipy.stats import false_discovery_control, norm

    y = counts.astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # cells whose neighbourhood is constant
        warnings.filterwarnings("ignore", "The alternative hypothesis", DeprecationWarning)
        g = esda.G_Local(
            y,
            weights,
            transform="B",
            permutations=permutations,
            star=True,
            keep_simulations=True,
            n_jobs=1,
            seed=seed,
        )
    larger = (g.rGs >= g.Gs[:, None]).sum(axis=1)
    z_sim = np.nan_to_num(np.asarray(g.z_sim, dtype=float), nan=0.0)
    q = false_discovery_control(norm.sf(z_sim), method="bh")
    return CellStats(counts, np.asarray(g.Zs, dtype=float), (larger + 1.0) / (permutations + 1), q)


def hot_areas(stats: CellStats, grid: Grid, alpha: float, fdr: bool) -> list[np.ndarray]:
    """Hot cells (``p < alpha``, ``q < alpha`` if ``fdr``, ``z > 0``), grouped if they touch."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    hot = np.flatnonzero((stats.p < alpha) & (stats.z > 0) & ((stats.q < alpha) | (not fdr)))
    if len(hot) == 0:
        return []
    position = {int(c): i for i, c in enumerate(hot)}
    row, col = np.divmod(hot, grid.cols)
    pairs = [
        (i, position[int(r * grid.cols + c)])
        for i, (r0, c0) in enumerate(zip(row, col, strict=True))
        for r in (r0 - 1, r0, r0 + 1)
        for c in (c0 - 1, c0, c0 + 1)
        if 0 <= r < grid.rows and 0 <= c < grid.cols and int(r * grid.cols + c) in position
    ]
    a, b = np.array(pairs, dtype=np.int64).reshape(-1, 2).T
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(len(hot), len(hot)))
    _, labels = connected_components(graph, directed=False)
    return [hot[labels == k] for k in range(labels.max() + 1)]


def report_hotspots(
    points: gpd.GeoDataFrame,
    cell_m: float,
    alpha: float,
    permutations: int,
    seed: int,
    min_reports: int,
    max_cells: int,
    fdr: bool = True,
    timezone: str = "Europe/Warsaw",
    progress: Progress | None = None,
) -> tuple[gpd.GeoDataFrame, dict[str, str]]:
    """Hotspot areas of each category of ``points`` (columns ``category``, ``created``).

    Returns the areas (one polygon each: category, reports, cells, z_max, p_min,
    q_min, first and last report, peak month) and, per category, why it has no test
    (too few reports) where it has none.

    Raises
    ------
    ParameterError
        If the grid over the reports would exceed ``max_cells`` cells (naming
        ``--cell-m``), or its cells times ``permutations`` :data:`MAX_DRAWS`.
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    progress = progress or NullProgress()
    x, y = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    grid = Grid.over(x, y, cell_m)
    check_work("hotspot cells", grid.size, max_cells, "cell_m", "--cell-m")
    check_work(
        "permutation draws (cells x permutations)",
        grid.size * permutations,
        MAX_DRAWS,
        "permutations",
        "--permutations",
    )
    cell = grid.cell_of(x, y)
    weights = star_weights(grid) if grid.size >= 9 else None
    skipped: dict[str, str] = {}
    rows: list[dict[str, object]] = []
    categories = sorted(points["category"].unique())
    for k, category in enumerate(categories):
        check_cancelled(progress)
        progress.report(k / len(categories), f"hotspots: {category}")
        mine = (points["category"] == category).to_numpy()
        if mine.sum() < min_reports or weights is None:
            skipped[category] = f"{int(mine.sum())} reports on {grid.size} cells: too few to test"
            continue
        counts = np.bincount(cell[mine], minlength=grid.size)
        stats = gi_star(counts, weights, permutations, seed)
        for cells in hot_areas(stats, grid, alpha, fdr):
            inside = mine & np.isin(cell, cells)
            if inside.sum() < min_reports:
                continue
            created = points.loc[inside, "created"]
            months = created.dt.tz_convert(timezone).dt.strftime("%Y-%m")
            rows.append(
                {
                    "category": category,
                    "reports": int(inside.sum()),
                    "cells": len(cells),
                    "z_max": round(float(stats.z[cells].max()), 3),
                    "p_min": float(stats.p[cells].min()),
                    "q_min": float(stats.q[cells].min()),
                    "first_report": created.min(),
                    "last_report": created.max(),
                    "peak_month": months.mode().min() if months.notna().any() else None,
                    "geometry": shapely.union_all(grid.boxes(cells)),
                }
            )
    progress.report(1.0, "hotspots done")
    columns = [
        "category",
        "reports",
        "cells",
        "z_max",
        "p_min",
        "q_min",
        "first_report",
        "last_report",
        "peak_month",
        "geometry",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    areas = gpd.GeoDataFrame(frame, geometry="geometry", crs=points.crs)
    areas = areas.sort_values(["category", "reports"], ascending=[True, False], ignore_index=True)
    return areas, skipped
