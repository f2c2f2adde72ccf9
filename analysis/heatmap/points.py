"""Point heatmaps: kernel density of points from one or more layers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analysis.errors import InputError
from analysis.heatmap.inputs import LayerRef
from analysis.heatmap.limits import check_grid
from analysis.kernels.grid import Grid
from analysis.kernels.kde import KdeParams, Kernel, density
from analysis.params import check, param

_FID = "urbanista_fid"
"""The GeoPackage feature id read beside the fields, to name a feature."""

UNITS = {False: "kernel-weighted points (QGIS raw)", True: "points per km2"}


@dataclass(frozen=True)
class PointHeatmapParams:
    """A point heatmap, as QGIS's "Heatmap (Kernel Density Estimation)" defines it."""

    radius_m: float = param(100.0, unit="m", at_least=1, at_most=5_000, flag="--radius")
    """Kernel radius (bandwidth)."""
    pixel_m: float = param(5.0, unit="m", at_least=0.5, at_most=1_000, flag="--pixel")
    """Cell size."""
    kernel: Kernel = Kernel.QUARTIC
    weight_field: str | None = None
    radius_field: str | None = None
    """Per-point radius (metres) from this field instead of ``radius_m``."""
    density: bool = False
    """False: QGIS's raw values. True: a true density in points (or weight) per km2."""
    match_qgis: bool = False

    def __post_init__(self) -> None:
        check(self)


@dataclass(frozen=True)
class Heatmap:
    """A raster of values on ``grid`` in ``crs``, with its unit."""

    values: np.ndarray
    grid: Grid
    crs: str
    unit: str
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Points:
    x: np.ndarray
    y: np.ndarray
    crs: str
    projected: bool
    weight: np.ndarray | None
    radius: np.ndarray | None


def _read(ref: LayerRef, params: PointHeatmapParams) -> _Points:
    columns = tuple(c for c in (params.weight_field, params.radius_field) if c)
    if ref.layer is not None:  # a GeoPackage: read it without GDAL
        from analysis.io.gpkg_points import read_points

        pts = read_points(ref.path, ref.layer, columns, expressions={_FID: "rowid"})
        x, y, crs, projected, values = pts.x, pts.y, pts.crs, pts.projected, pts.columns
        fid = values.get(_FID)  # GDAL's fallback reads no expression: count the points
        feature = fid.astype(np.int64) if fid is not None else np.arange(1, len(x) + 1)
    else:
        import pandas as pd
        import pyogrio
        import shapely

        gdf = pyogrio.read_dataframe(ref.path, columns=list(columns))
        missing = [c for c in columns if c not in gdf.columns]
        if missing:
            raise InputError(
                f"{ref}: no field {missing[0]!r} (fields: {', '.join(gdf.columns[:-1])})"
            )
        gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
        if not (gdf.geom_type == "Point").all():
            raise InputError(f"{ref}: a point heatmap needs points; it holds {set(gdf.geom_type)}")
        xy = shapely.get_coordinates(gdf.geometry.to_numpy())
        x, y = xy[:, 0], xy[:, 1]
        crs = gdf.crs.to_string() if gdf.crs else None
        projected = bool(gdf.crs and gdf.crs.is_projected)
        values = {c: pd.to_numeric(gdf[c], errors="coerce").to_numpy(float) for c in columns}
        feature = gdf.index.to_numpy() + 1  # GDAL reads a file's features in order
    if crs is None:
        raise InputError(f"{ref}: the layer has no CRS")
    for role, name in (("weight", params.weight_field), ("radius", params.radius_field)):
        if name:
            _check_per_point(ref, f"{role} {name!r}", values[name], feature)
    return _Points(
        x,
        y,
        crs,
        projected,
        values.get(params.weight_field) if params.weight_field else None,
        values.get(params.radius_field) if params.radius_field else None,
    )


def _check_per_point(ref: LayerRef, field: str, values: np.ndarray, feature: np.ndarray) -> None:
    """Refuse a weight or radius that is missing, not a number, infinite or negative.

    Zero is a value (a point that counts for nothing); the others would be
    dropped or summed without a word.
    """
    bad = np.flatnonzero(~(values >= 0) | np.isinf(values))
    if not len(bad):
        return
    value = values[bad[0]]
    what = "missing or not a number" if np.isnan(value) else f"{value:g}"
    more = {1: "", 2: " (and 1 other feature)"}.get(len(bad), f" (and {len(bad) - 1:,} others)")
    raise InputError(
        f"{ref}: feature {feature[bad[0]]}{more}: the {field} is {what}; each point needs a "
        "finite value of 0 or more: correct the data or leave the option out"
    )


def _metric(points: _Points, target: str | None) -> _Points:
    """The points in ``target`` (or, for degrees, in EPSG:2180)."""
    to = target or (points.crs if points.projected else "EPSG:2180")
    if to == points.crs:
        return points
    from pyproj import Transformer

    x, y = Transformer.from_crs(points.crs, to, always_xy=True).transform(points.x, points.y)
    return _Points(np.asarray(x), np.asarray(y), to, True, points.weight, points.radius)


def point_heatmap(sources: list[LayerRef], params: PointHeatmapParams) -> Heatmap:
    """Kernel density of all points of ``sources``, on QGIS's grid for them.

    Sources in other CRSs are transformed to the first one's (or, if that is in
    degrees, to EPSG:2180).

    Raises
    ------
    InputError
        If a source has no CRS, holds no points or lacks a requested field; if a
        point's weight or radius is missing, not a number, infinite or negative (the
        feature named); if no point has a positive weight or radius.
    ParameterError
        If the grid and its kernels' borders would pass :data:`~analysis.heatmap.limits.MAX_CELLS`.
    """
    layers = [_read(ref, params) for ref in sources]
    first = _metric(layers[0], None)
    layers = [first] + [_metric(p, first.crs) for p in layers[1:]]
    x = np.concatenate([p.x for p in layers])
    y = np.concatenate([p.y for p in layers])
    if not len(x):
        raise InputError(f"{', '.join(map(str, sources))}: no points")
    weight = np.concatenate([p.weight for p in layers]) if params.weight_field else None
    radius = np.concatenate([p.radius for p in layers]) if params.radius_field else None
    if weight is not None and not (weight > 0).any():
        raise InputError(
            f"{', '.join(map(str, sources))}: no point has a positive weight in "
            f"{params.weight_field!r}: the heatmap would be empty"
        )
    radii = np.unique(radius[radius > 0]) if radius is not None else np.array([params.radius_m])
    if not len(radii):
        raise InputError(
            f"{', '.join(map(str, sources))}: no point has a positive radius in "
            f"{params.radius_field!r}"
        )
    largest = float(radii.max())
    named = ("radius_field", "--radius-field") if params.radius_field else ("radius_m", "--radius")
    check_grid(
        float(x.max() - x.min()),
        float(y.max() - y.min()),
        ("pixel_m", "--pixel"),
        params.pixel_m,
        radii,
        named,
    )
    kde = KdeParams(
        params.radius_m if radius is None else largest,
        params.pixel_m,
        params.kernel,
        scaled=params.density,
        match_qgis=params.match_qgis,
    )
    grid = Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), params.pixel_m, largest)
    values = density(x, y, grid, kde, weights=weight, radius=radius)
    if params.density:
        values *= np.float32(1e6)  # per m2 -> per km2
    values[values <= 0] = np.nan  # no point within reach, as QGIS leaves it
    return Heatmap(
        values,
        grid,
        first.crs,
        UNITS[params.density],
        {"points": len(x), "max": float(np.nanmax(values))},
    )
