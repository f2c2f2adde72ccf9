"""Drawing a map's layers on a matplotlib ``Axes``: streets by class, districts, heatmaps...

Pure drawing of data already read (:class:`MapLayer`); every function adds
artists to the axes and returns the legend entries it needs. Data units are
the metres of the workspace CRS; widths and sizes come from
:mod:`analysis.export.styles` in points.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from analysis.export import cartography as carto
from analysis.export.cartography import LegendItem
from analysis.export.styles import (
    STYLE_BY_ROLE,
    Style,
    category_style,
    road_class_column,
    road_style,
)
from analysis.export.titles import heatmap_filters, heatmap_title, layer_title
from analysis.export.web_text import unit_label
from analysis.workspace import CatalogueEntry

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.cm import ScalarMappable

log = logging.getLogger(__name__)

TOP_CORRIDORS = 5
"""Gap corridors numbered on the map by their rank, as in the report."""
_NAME_COLUMNS = ("nazwa", "name", "NAZWA", "dzielnica", "osiedle")
_TEXT = {
    "pl": {
        "top": "1–{n}: najważniejsze",
        "hidden": "komórki z mniej niż {k} osobami ukryte",
        "hotspot": "Skupisko zgłoszeń: {what}",
        "report": "Zgłoszenia: {what}",
    },
    "en": {
        "top": "1–{n}: most important",
        "hidden": "cells reflecting fewer than {k} people hidden",
        "hotspot": "Report hotspot: {what}",
        "report": "Reports: {what}",
    },
}


@dataclass(frozen=True)
class RasterImage:
    """A raster read for the map: values (masked where empty), bounds and metadata."""

    values: np.ma.MaskedArray
    bounds: tuple[float, float, float, float]
    unit: str
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MapLayer:
    """A layer ready to draw: its catalogue entry, role and data."""

    entry: CatalogueEntry
    role: str | None
    frame: gpd.GeoDataFrame | None = None
    raster: RasterImage | None = None


@dataclass(frozen=True)
class ColourBar:
    """What the legend needs to draw a raster's colour bar."""

    mappable: ScalarMappable
    title: str
    unit: str


@dataclass(frozen=True)
class Drawn:
    """What drawing one layer left for the legend."""

    items: list[LegendItem]
    colour_bar: ColourBar | None = None


def draw_layer(ax: Axes, layer: MapLayer, language: str, k: float, dpi: int) -> Drawn:
    """Draw ``layer`` on ``ax``; ``k`` scales type sizes (1 on A4), ``dpi`` is the output's."""
    if layer.raster is not None:
        return Drawn([], _draw_raster(ax, layer, language, dpi))
    return Drawn(_draw_vector(ax, layer, language, k))


def layer_style(layer: MapLayer) -> Style:
    """The style a layer is drawn in: its role's, or grey under its own title."""
    if layer.role is not None:
        return STYLE_BY_ROLE[layer.role]
    return Style(
        "#666666",
        layer.entry.title or layer.entry.name,
        layer.entry.title or layer.entry.name,
        fill="#bbbbbb",
        fill_opacity=0.4,
        zorder=7,
    )


def _draw_vector(ax: Axes, layer: MapLayer, language: str, k: float) -> list[LegendItem]:  # noqa: C901 - one branch per geometry kind, label and legend entry
    import numpy as np
    import shapely

    assert layer.frame is not None
    frame, style = layer.frame, layer_style(layer)
    if layer.role == "streets":
        return _draw_streets(ax, frame, language)
    if layer.role == "report_hotspots" and "category" in frame:
        items = []
        for category, part in frame.groupby("category", sort=True):
            colour = category_style(str(category))
            s = replace(
                STYLE_BY_ROLE["report_hotspots"],
                colour=colour.colour,
                fill=colour.colour,
                label_pl=colour.label_pl,
                label_en=colour.label_en,
            )
            _polygons(ax, part.geometry.values, s)
            label = _TEXT[language]["hotspot"].format(what=s.label(language).lower())
            items.append(LegendItem(s, "polygon", label))
        return items
    if layer.role == "reports" and "category" in frame:
        items = []
        for category, part in frame.groupby("category", sort=True):
            s = category_style(str(category))
            _points(ax, part.geometry.values, s)
            label = _TEXT[language]["report"].format(what=s.label(language).lower())
            items.append(LegendItem(s, "point", label))
        return items
    geoms = frame.geometry.values
    kinds = shapely.get_type_id(geoms)
    polygons = geoms[np.isin(kinds, (3, 6))]
    lines = geoms[np.isin(kinds, (1, 2, 5))]
    points = geoms[np.isin(kinds, (0, 4))]
    label = style.label(language)
    items = []
    if layer.role == "districts":
        _district_lines(ax, polygons, style)
        _district_names(ax, frame, k)
        return [LegendItem(style, "line", label)]
    if len(polygons):
        _polygons(ax, polygons, style)
        items.append(LegendItem(style, "polygon", label))
    if len(lines):
        halo = layer.role == "cycleways"
        _lines(ax, lines, style, halo=halo)
        if layer.role == "gap_corridors" and "rank" in frame:
            _rank_badges(ax, frame, style, k)
            numbered = min(TOP_CORRIDORS, len(frame))
            label = f"{label} ({_TEXT[language]['top'].format(n=numbered)})"
        items.append(LegendItem(style, "line", label))
    if len(points):
        _points(ax, points, style)
        items.append(LegendItem(style, "point", label))
    return items[:1] if layer.role == "water" else items


def _draw_streets(ax: Axes, frame: gpd.GeoDataFrame, language: str) -> list[LegendItem]:
    column = road_class_column(frame)
    classes = frame[column].astype(str).fillna("") if column else None
    groups = (
        [
            (road_style(c), frame.geometry.values[(classes == c).to_numpy()])
            for c in classes.unique()
        ]
        if classes is not None
        else [(STYLE_BY_ROLE["streets"], frame.geometry.values)]
    )
    groups.sort(key=lambda g: g[0].width_pt)
    for z, (style, geoms) in enumerate(groups):
        _lines(ax, geoms, style, zorder=style.zorder + z * 0.01)
    merged: dict[str, LegendItem] = {}
    for style, _ in reversed(groups):
        merged.setdefault(style.label(language), LegendItem(style, "line", style.label(language)))
    return list(merged.values())


def _line_coords(geoms: Any) -> list[np.ndarray]:
    import numpy as np
    import shapely

    parts = shapely.get_parts(geoms)
    if shapely.get_type_id(parts).max(initial=-1) >= 3:  # polygons: their rings
        parts = shapely.get_rings(parts)
    coords, index = shapely.get_coordinates(parts, return_index=True)
    return np.split(coords, np.flatnonzero(np.diff(index)) + 1) if len(coords) else []


def _lines(
    ax: Axes, geoms: Any, style: Style, *, halo: bool = False, zorder: float | None = None
) -> None:
    from matplotlib.collections import LineCollection

    segments = _line_coords(geoms)
    z = style.zorder if zorder is None else zorder
    common = {"capstyle": "round", "joinstyle": "round"}
    if halo:
        ax.add_collection(
            LineCollection(
                segments, colors="white", linewidths=style.width_pt + 1.4, zorder=z - 0.1, **common
            )
        )
    ax.add_collection(
        LineCollection(
            segments,
            colors=style.colour,
            linewidths=style.width_pt,
            alpha=style.opacity,
            linestyles=(0, style.dash) if style.dash else "solid",
            zorder=z,
            **common,
        )
    )


def _polygons(ax: Axes, geoms: Any, style: Style) -> None:
    import numpy as np
    import shapely
    from matplotlib.colors import to_rgba
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    rings = _line_coords(shapely.orient_polygons(geoms))
    if not rings:
        return
    vertices = np.concatenate(rings)
    codes = np.full(len(vertices), MplPath.LINETO, dtype=np.uint8)
    starts = np.cumsum([0] + [len(r) for r in rings[:-1]])
    codes[starts] = MplPath.MOVETO
    codes[starts + np.array([len(r) for r in rings]) - 1] = MplPath.CLOSEPOLY
    ax.add_patch(
        PathPatch(
            MplPath(vertices, codes),
            facecolor=to_rgba(style.fill, style.fill_opacity) if style.fill else "none",
            edgecolor=style.colour,
            linewidth=style.width_pt,
            zorder=style.zorder,
        )
    )


def _points(ax: Axes, geoms: Any, style: Style) -> None:
    import shapely

    xy = shapely.get_coordinates(shapely.get_parts(geoms))
    face = style.fill if style.fill is not None else style.colour
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=style.marker_size_pt**2,
        marker=style.marker,
        c=face,
        edgecolors=style.colour if style.fill else "white",
        linewidths=style.width_pt if style.fill else 0.3,
        alpha=style.opacity,
        zorder=style.zorder,
    )


def _district_lines(ax: Axes, polygons: Any, style: Style) -> None:
    """Shared district borders once, so their dashes do not run into each other."""
    import shapely

    borders = shapely.line_merge(shapely.union_all(shapely.boundary(polygons)))
    _lines(ax, [borders], style)


def _district_names(ax: Axes, frame: gpd.GeoDataFrame, k: float) -> None:
    import shapely
    from matplotlib import patheffects
    from pandas.api.types import is_string_dtype

    column = next((c for c in _NAME_COLUMNS if c in frame and is_string_dtype(frame[c])), None)
    if column is None:
        return
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    anchors = shapely.point_on_surface(frame.geometry.values)
    for name, point in zip(frame[column], anchors, strict=True):
        if isinstance(name, str) and name.strip():
            ax.text(
                point.x,
                point.y,
                name.upper(),
                fontsize=6.2 * k,
                color="#5b4a6e",
                ha="center",
                va="center",
                fontstyle="italic",
                zorder=20,
                path_effects=halo,
                clip_on=True,
            )


def _rank_badges(ax: Axes, frame: gpd.GeoDataFrame, style: Style, k: float) -> None:
    top = frame.sort_values("rank").head(TOP_CORRIDORS)
    for rank, line in zip(top["rank"], top.geometry, strict=True):
        point = line.interpolate(0.5, normalized=True)
        ax.text(
            point.x,
            point.y,
            str(int(rank)),
            fontsize=6 * k,
            color="white",
            fontweight="bold",
            ha="center",
            va="center",
            zorder=25,
            clip_on=True,
            bbox={
                "boxstyle": "circle,pad=0.25",
                "facecolor": style.colour,
                "edgecolor": "white",
                "linewidth": 0.6,
            },
        )


def _draw_raster(ax: Axes, layer: MapLayer, language: str, dpi: int) -> ColourBar | None:
    import matplotlib
    import numpy as np
    from matplotlib.colors import ListedColormap, LogNorm, Normalize

    assert layer.raster is not None
    image, style = layer.raster, layer_style(layer)
    empty = np.ma.getmaskarray(image.values) | (image.values <= 0)
    values = np.ma.masked_where(empty, image.values)
    if values.count() == 0:
        log.info("%s has no cells to show; left off the map", layer.entry.name)
        return None
    low, high = float(values.min()), float(values.max())
    norm = LogNorm(low, high) if high > 3 * low else Normalize(low, max(high, low + 1e-9))
    base = matplotlib.colormaps[style.cmap or "YlOrRd"]
    cmap = ListedColormap(base(np.linspace(0.25, 1.0, 256)))  # no near-white on the land
    left, bottom, right, top = image.bounds
    cell = (right - left) / values.shape[1]
    pixel = carto.metres_per_point(ax) * 72 / dpi
    factor = int(pixel // cell)
    if factor >= 2:  # the busiest cell of each printed pixel, so thin lines stay visible
        rows, cols = values.shape[0] // factor * factor, values.shape[1] // factor * factor
        blocks = values.filled(0)[:rows, :cols].reshape(rows // factor, factor, -1, factor)
        values = np.ma.masked_less_equal(blocks.max(axis=(1, 3)), 0)
        right, bottom = left + cols * cell, top - rows * cell
    mappable = ax.imshow(
        values,
        cmap=cmap,
        norm=norm,
        extent=(left, right, bottom, top),
        origin="upper",
        interpolation="nearest",
        alpha=style.opacity,
        zorder=style.zorder,
    )
    return ColourBar(mappable, _raster_title(layer, language), _unit_text(image, language))


def layer_label(layer: MapLayer, language: str) -> str:
    """What the legend calls a layer, for the sources line."""
    if layer.raster is not None:
        return _raster_title(layer, language)
    return layer_style(layer).label(language)


def _raster_title(layer: MapLayer, language: str) -> str:
    """The title of a heatmap: "Ruch rowerowy", "Ruch rowerowy: weekendy"..."""
    filters = layer.raster.tags.get("FILTERS") if layer.raster else None
    if filters is None:
        filters = heatmap_filters(layer.entry)
    if filters is not None:
        return heatmap_title(filters, language)
    if layer.entry.sources or not is_cycling(layer.entry):  # an imported raster: its own title
        return layer_title(layer.entry, language)
    return heatmap_title("cycling", language)


def _unit_text(image: RasterImage, language: str) -> str:
    unit = unit_label(image.unit, language)
    if "MIN_USERS" in image.tags:
        unit += f"; {_TEXT[language]['hidden'].format(k=image.tags['MIN_USERS'])}"
    return unit


def is_cycling(entry: CatalogueEntry) -> bool:
    """Whether a layer's name or title says it is about cycling."""
    return bool(re.search(r"cycl|rower|bike", f"{entry.name} {entry.title or ''}", re.I))
