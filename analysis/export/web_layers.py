"""What the offline HTML map draws, made ready for Leaflet: GeoJSON, a heatmap image, tiles.

Leaflet wants longitude/latitude. Vector layers are simplified in their own
metric CRS (a metre or two changes nothing on screen and halves the file),
then reprojected to WGS84 and rounded to 6 decimals (about 10 cm). A heatmap
GeoTIFF is warped to Web Mercator, the projection Leaflet stretches an image
overlay in, and coloured into a PNG that is transparent where there is no data.
Local tiles come from an XYZ folder (referenced by a relative URL) or an
MBTiles file (extracted into a folder beside the map).
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import numpy as np

from analysis.errors import InputError

if TYPE_CHECKING:
    import geopandas as gpd

COORDINATE_DECIMALS = 6
"""Decimals of longitude and latitude kept: 1e-6 degree is about 0.1 m in Poland."""
TILE_FORMATS = ("png", "jpg", "jpeg", "webp")


def feature_collection(
    gdf: gpd.GeoDataFrame,
    simplify_m: float,
    properties: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """``gdf`` as a GeoJSON FeatureCollection in WGS84, simplified and rounded for display.

    Parameters
    ----------
    gdf
        Features in any CRS; a geographic CRS is simplified in Web Mercator metres.
    simplify_m
        Tolerance of the Douglas-Peucker simplification, metres (0: none).
    properties
        Builds each feature's properties from its row (default: none, which keeps
        the file small and attribute data out of it).
    """
    import shapely

    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    if gdf.crs is None:
        raise InputError("a layer without a CRS cannot be put on a map: set its CRS first")
    metric = gdf if gdf.crs.is_projected else gdf.to_crs("EPSG:3857")
    geoms = metric.geometry.values
    if simplify_m > 0:
        geoms = shapely.simplify(geoms, simplify_m, preserve_topology=True)
    lonlat = metric.set_geometry(geoms).to_crs("EPSG:4326").geometry.values
    lonlat = shapely.transform(lonlat, lambda xy: np.round(xy, COORDINATE_DECIMALS))
    rows = gdf.drop(columns=gdf.geometry.name).to_dict("records")
    features = [
        {
            "type": "Feature",
            "properties": properties(row) if properties else {},
            "geometry": shapely.geometry.mapping(geom),
        }
        for geom, row in zip(lonlat, rows, strict=True)
        if not geom.is_empty
    ]
    return {"type": "FeatureCollection", "features": features}


def merged_lines(gdf: gpd.GeoDataFrame, by: str | None) -> gpd.GeoDataFrame:
    """One multi-line per value of column ``by`` (all in one without it), for a light basemap."""
    import geopandas as gpd
    import shapely

    parts = gdf.geometry.explode(index_parts=False)
    keys = gdf[by].reindex(parts.index).fillna("").astype(str) if by else None
    groups = parts.groupby(keys.values) if keys is not None else [("", parts)]
    names, geoms = [], []
    for name, group in groups:
        names.append(name)
        geoms.append(shapely.multilinestrings(list(group.values)))
    return gpd.GeoDataFrame({"group": names}, geometry=geoms, crs=gdf.crs)


@dataclass(frozen=True)
class ColourScale:
    """How heatmap values map onto the colour ramp.

    Values from the smallest shown one up to the ``upper_percentile`` of the
    shown cells spread over the ramp as ``t ** gamma`` (gamma < 1 lifts the many
    quiet streets out of the pale end); larger values take its last colour.
    """

    gamma: float = 0.5
    upper_percentile: float = 98.0
    min_alpha: float = 0.7
    """Opacity of the lowest value; the highest is opaque."""
    ramp_start: float = 0.25
    """Where on the colour map the lowest value sits (its palest end vanishes on a light map)."""
    max_pixels: int = 2400
    """Longest side of the finest image; larger rasters are reduced to it (by maximum)."""
    max_levels: int = 5
    """Images at halved resolutions, for the zoom levels where a cell is under a pixel."""


@dataclass(frozen=True)
class HeatmapImage:
    """A heatmap coloured for image overlays, with what its legend needs."""

    levels: tuple[tuple[bytes, float], ...]
    """PNG images, finest first, each with its pixel size in Web Mercator metres.

    Each level holds the maximum of 2 x 2 pixels of the one before, so a street
    one cell wide stays visible when zoomed out, in the same unit.
    """
    south_west: tuple[float, float]
    north_east: tuple[float, float]
    vmin: float
    vmax: float
    unit: str
    ticks: tuple[float, ...]
    gradient: str
    """The colour ramp as a CSS gradient, for the legend."""
    gamma: float

    def position(self, value: float) -> float:
        """Where ``value`` sits along the legend bar, 0 to 1."""
        span = self.vmax - self.vmin
        t = 0.0 if span <= 0 else min(max((value - self.vmin) / span, 0.0), 1.0)
        return float(t**self.gamma)


def heatmap_image(tif: Path, cmap: str, scale: ColourScale) -> HeatmapImage:
    """Warp the single-band GeoTIFF ``tif`` to Web Mercator and colour it with ``cmap``.

    Raises
    ------
    InputError
        If the raster has no CRS, or no cell with data.
    """
    from branca.utilities import write_png
    from rasterio.warp import transform_bounds

    warped, pixel, (left, top), unit = _warp_to_mercator(tif, scale.max_pixels)
    shown = warped[np.isfinite(warped) & (warped > 0)]
    if not shown.size:
        raise InputError(f"{tif} has no cell with data: there is nothing to draw")
    vmin = float(shown.min())
    vmax = max(float(np.percentile(shown, scale.upper_percentile)), vmin)
    lut = ramp(cmap, scale)

    def colour(values: np.ndarray) -> np.ndarray:
        t = np.clip((np.nan_to_num(values, nan=vmin) - vmin) / ((vmax - vmin) or 1.0), 0, 1)
        t = t**scale.gamma
        rgba: np.ndarray = lut[(t * 255).round().astype(int)]
        alpha = (scale.min_alpha + (1 - scale.min_alpha) * t) * 255
        rgba[..., 3] = np.where(np.isfinite(values) & (values > 0), alpha, 0).astype(np.uint8)
        return rgba

    count = 1
    while count < scale.max_levels and max(warped.shape) >> count >= 64:
        count += 1
    block = 1 << (count - 1)
    rows, cols = (-(-n // block) * block for n in warped.shape)  # padded: same bounds each level
    level = np.full((rows, cols), np.nan)
    level[: warped.shape[0], : warped.shape[1]] = warped
    levels = [(write_png(colour(level)), pixel)]
    for k in range(1, count):
        blocks = level.reshape(level.shape[0] // 2, 2, level.shape[1] // 2, 2)
        with np.errstate(all="ignore"):
            level = np.fmax(
                np.fmax(blocks[:, 0, :, 0], blocks[:, 0, :, 1]),
                np.fmax(blocks[:, 1, :, 0], blocks[:, 1, :, 1]),
            )
        levels.append((write_png(colour(level)), pixel * (1 << k)))
    right, bottom = left + pixel * cols, top - pixel * rows
    west, south, east, north = transform_bounds("EPSG:3857", "EPSG:4326", left, bottom, right, top)
    return HeatmapImage(
        levels=tuple(levels),
        south_west=(south, west),
        north_east=(north, east),
        vmin=vmin,
        vmax=vmax,
        unit=unit,
        ticks=nice_ticks(vmin, vmax, scale.gamma),
        gradient=ramp_css(cmap, scale),
        gamma=scale.gamma,
    )


def ramp(cmap: str, scale: ColourScale) -> np.ndarray:
    """The 256 RGBA colours (uint8) of the heatmap ramp, lowest value first."""
    from matplotlib import colormaps

    colours = colormaps[cmap](np.linspace(scale.ramp_start, 1.0, 256))
    return (np.asarray(colours) * 255).round().astype(np.uint8)


def ramp_css(cmap: str, scale: ColourScale) -> str:
    """The heatmap ramp as a CSS ``linear-gradient`` for the legend and the layer list."""
    lut = ramp(cmap, scale)
    stops = ",".join(
        "#{:02x}{:02x}{:02x} {:.0f}%".format(*lut[round(p * 255)][:3], p * 100)
        for p in np.linspace(0, 1, 6)
    )
    return f"linear-gradient(to right,{stops})"


def _warp_to_mercator(
    tif: Path, max_pixels: int
) -> tuple[np.ndarray, float, tuple[float, float], str]:
    """Band 1 of ``tif`` in Web Mercator (NaN: no data), its pixel size, top-left corner, unit.

    Rasters wider than ``max_pixels`` are reduced to it taking each pixel's maximum.
    """
    import rasterio
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    with rasterio.open(tif) as src:
        if src.crs is None:
            raise InputError(f"{tif} has no CRS: it cannot be placed on a map")
        values = src.read(1, masked=True).astype("float64").filled(np.nan)
        unit = src.tags().get("UNIT") or (src.units[0] if src.units else "") or ""
        transform, width, height = calculate_default_transform(
            src.crs, "EPSG:3857", src.width, src.height, *src.bounds
        )
        shrink = max(width, height) / max_pixels
        if shrink > 1:
            transform, width, height = calculate_default_transform(
                src.crs,
                "EPSG:3857",
                src.width,
                src.height,
                *src.bounds,
                dst_width=math.ceil(width / shrink),
                dst_height=math.ceil(height / shrink),
            )
        # Square pixels: Leaflet stretches the image over its bounds.
        pixel = float(max(transform.a, -transform.e))
        width = math.ceil(width * transform.a / pixel)
        height = math.ceil(height * -transform.e / pixel)
        transform = rasterio.Affine(pixel, 0.0, transform.c, 0.0, -pixel, transform.f)
        warped = np.full((height, width), np.nan)
        reproject(
            values,
            warped,
            src_transform=src.transform,
            src_crs=src.crs,
            src_nodata=np.nan,
            dst_transform=transform,
            dst_crs="EPSG:3857",
            dst_nodata=np.nan,
            resampling=Resampling.max if shrink > 1 else Resampling.nearest,
        )
    return warped, pixel, (transform.c, transform.f), unit


def nice_ticks(vmin: float, vmax: float, gamma: float) -> tuple[float, ...]:
    """Legend values: both ends, and round values a quarter, half and three quarters along.

    The bar spreads values as ``t ** gamma``, so the inner ticks are placed by
    position, then rounded to one significant digit (two if one is not enough).
    """
    if vmax <= vmin:
        return (vmin,)
    ticks = [vmin]
    for p in (0.25, 0.5, 0.75):
        exact = vmin + (vmax - vmin) * p ** (1 / gamma)
        for digits in (1, 2):
            rounded = _round_significant(exact, digits)
            if ticks[-1] < rounded < vmax:
                ticks.append(rounded)
                break
    return (*ticks, vmax)


def _round_significant(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


@dataclass(frozen=True)
class LocalTiles:
    """A raster tile basemap on disk, as Leaflet's TileLayer needs it."""

    url_template: str
    """Relative to the HTML file, with ``{z}``, ``{x}``, ``{y}``."""
    min_zoom: int
    max_zoom: int
    attribution: str = ""


def xyz_tiles(folder: Path, html_dir: Path) -> LocalTiles:
    """Tiles in ``folder/{z}/{x}/{y}.png`` (or jpg/webp), referenced relative to ``html_dir``.

    Raises
    ------
    InputError
        If the folder holds no ``z/x/y`` tiles, or cannot be reached by a relative URL.
    """
    zooms = sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit())
    tile = next((t for z in zooms for t in sorted((folder / str(z)).glob("*/*.*"))), None)
    ext = tile.suffix[1:].lower() if tile else ""
    if not zooms or ext not in TILE_FORMATS:
        raise InputError(
            f"{folder} holds no tiles: an XYZ tile folder has {{z}}/{{x}}/{{y}}."
            f"{'|'.join(TILE_FORMATS)} files (zoom folders 0-22)"
        )
    try:
        relative = Path(os.path.relpath(folder.resolve(), html_dir.resolve())).as_posix()
    except ValueError as exc:  # Windows: another drive
        raise InputError(
            f"{folder} is on another drive than the map: copy the tiles beside the map"
        ) from exc
    return LocalTiles(f"{quote(relative)}/{{z}}/{{x}}/{{y}}.{ext}", zooms[0], zooms[-1])


def extract_mbtiles(mbtiles: Path, target: Path, html_dir: Path) -> LocalTiles:
    """Write the raster tiles of ``mbtiles`` into ``target/{z}/{x}/{y}.ext``.

    MBTiles count rows from the south (TMS); XYZ folders from the north.

    Raises
    ------
    InputError
        If the file is no MBTiles, holds vector tiles, or no tiles.
    """
    uri = f"{mbtiles.resolve().as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            meta = dict(conn.execute("SELECT name, value FROM metadata").fetchall())
            ext = str(meta.get("format", "png")).lower()
            if ext not in TILE_FORMATS:
                raise InputError(
                    f"{mbtiles} holds {ext} tiles; the map shows raster tiles "
                    f"({', '.join(TILE_FORMATS)}): render them to PNG first"
                )
            zooms: set[int] = set()
            rows = conn.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
            for z, x, y, data in rows:
                if not all(isinstance(v, int) and 0 <= v < 1 << 30 for v in (z, x, y)) or z > 30:
                    raise InputError(
                        f"{mbtiles}: tile ({z!r}, {x!r}, {y!r}) is not whole numbers of a "
                        "tile grid; the file is damaged or not an MBTiles file"
                    )
                path = target / str(z) / str(x) / f"{(1 << z) - 1 - y}.{ext}"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                zooms.add(z)
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{mbtiles} is not an MBTiles file: {exc}") from exc
    if not zooms:
        raise InputError(f"{mbtiles} holds no tiles")
    tiles = xyz_tiles(target, html_dir)
    attribution = re.sub(r"<[^>]*>", "", str(meta.get("attribution", "")))
    return LocalTiles(tiles.url_template, min(zooms), max(zooms), attribution)
