"""Print maps of a workspace: a PNG or PDF page for reports and workshops.

:func:`render_map` writes the page, :func:`draw_map` returns the matplotlib
``Figure``. The page holds a title, the map at a round scale (1:25 000 on the
chosen paper), a legend with the heatmap's colour bar in its own unit, a scale
bar, a north arrow turned to true north, and a line naming every dataset's
source, licence and date with the print date. Figures are built with
``matplotlib.figure.Figure`` and the Agg canvas, never pyplot: no display is
needed and maps can be drawn in worker threads.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import textwrap
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from analysis import __version__
from analysis.crs import crs_label
from analysis.errors import InputError
from analysis.export import cartography as carto
from analysis.export.cartography import LegendItem
from analysis.export.styles import (
    STYLE_BY_ROLE,
    Style,
    category_style,
    road_class_column,
    road_style,
    role_of,
)
from analysis.workspace import CatalogueEntry, DatasetKind, Workspace

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.cm import ScalarMappable
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

PAPER_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}
"""Paper sizes, long side first."""
BASEMAP_ROLES = ("water", "parks", "streets", "districts")
THEMATIC_ROLES = ("heatmap", "cycleways", "gap_corridors", "report_hotspots", "proposed_racks")
_LEGEND_ORDER = (
    "cycleways", "gap_corridors", "gap_links", "proposed_racks", "racks", "report_hotspots",
    "reports", None, "schools", "bus_stops", "streets", "districts", "parks", "water",
)  # fmt: skip
LAND_COLOUR = "#f5f4f0"
"""Colour of the map where nothing is drawn."""
MAP_GID = "map"
"""``gid`` of the map's axes in the figure (the others hold the legend and colour bar)."""
_INK = "#222222"
_TOP_CORRIDORS = 5
"""Gap corridors numbered on the map by their rank, as in the report."""
_NAME_COLUMNS = ("nazwa", "name", "NAZWA", "dzielnica", "osiedle")
_TEXT = {
    "pl": {"title": "{city}: mapa rowerowa", "legend": "Legenda", "crs": "układ współrzędnych",
           "top": "1–{n}: najważniejsze", "paper": "przy wydruku {paper}",
           "hidden": "komórki z mniej niż {k} osobami ukryte", "cycling": "Ruch rowerowy",
           "activity": "Natężenie aktywności: {what}", "hotspot": "Skupisko zgłoszeń: {what}",
           "report": "Zgłoszenia: {what}"},
    "en": {"title": "{city}: cycling map", "legend": "Legend", "crs": "coordinate system",
           "top": "1–{n}: most important", "paper": "printed on {paper}",
           "hidden": "cells reflecting fewer than {k} people hidden", "cycling": "Cycling activity",
           "activity": "Activity: {what}", "hotspot": "Report hotspot: {what}",
           "report": "Reports: {what}"},
}  # fmt: skip


@dataclass(frozen=True)
class PrintMapParams:
    """What to print and how.

    ``layers`` names workspace datasets (None: a basemap of water, parks,
    streets and districts plus the thematic layers the workspace holds);
    ``extent`` is ``(minx, miny, maxx, maxy)`` in the workspace CRS (None: the
    city's). ``dpi`` applies to PNG; a PDF keeps its lines as vectors.
    ``printed`` is the date on the page (None: today).
    """

    paper: Literal["A4", "A3"] = "A4"
    orientation: Literal["landscape", "portrait"] = "landscape"
    dpi: int = 200
    title: str | None = None
    language: Literal["pl", "en"] = "pl"
    layers: tuple[str, ...] | None = None
    extent: tuple[float, float, float, float] | None = None
    printed: date | None = None

    def __post_init__(self) -> None:
        if self.paper not in PAPER_MM:
            raise InputError(f"paper {self.paper!r}: use one of {', '.join(PAPER_MM)}")
        if self.orientation not in ("landscape", "portrait"):
            raise InputError(f"orientation {self.orientation!r}: use landscape or portrait")
        if self.language not in _TEXT:
            raise InputError(f"language {self.language!r}: use pl or en")
        if not 30 <= self.dpi <= 1200:
            raise InputError(f"dpi {self.dpi}: use a resolution from 30 to 1200")
        if self.extent is not None:
            minx, miny, maxx, maxy = self.extent
            if not (maxx > minx and maxy > miny):
                raise InputError(f"extent {self.extent}: give (minx, miny, maxx, maxy), max > min")
        if self.layers is not None and not self.layers:
            raise InputError("layers: name at least one layer, or leave it out for the default")

    @property
    def size_mm(self) -> tuple[float, float]:
        """Page width and height in millimetres."""
        long, short = PAPER_MM[self.paper]
        return (long, short) if self.orientation == "landscape" else (short, long)


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


def render_map(workspace: Workspace, out: str | Path, params: PrintMapParams | None = None) -> Path:
    """Write the print map of ``workspace`` to ``out``: PNG or PDF by its suffix.

    Raises
    ------
    InputError
        If the suffix is neither, a named layer is missing or has no geometries,
        or the workspace has nothing to draw.
    """
    import matplotlib

    out = Path(out)
    params = params or PrintMapParams()
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "pdf"):
        raise InputError(f"{out}: a print map is written as .png or .pdf")
    if not out.parent.is_dir():
        raise InputError(f"{out}: folder {out.parent} does not exist")
    fig = draw_map(workspace, params)
    title = fig.get_label()
    partial = out.with_name(f".{out.name}.partial")
    if fmt == "png":
        # Whole pixels, rounded: A4 at 300 dpi is 3508 x 2480 (the Agg canvas truncates).
        width, height = fig.get_size_inches()
        fig.set_size_inches(round(width * params.dpi) / params.dpi,
                            round(height * params.dpi) / params.dpi)  # fmt: skip
        meta = {"Title": title, "Software": f"Urbanista {__version__}"}
        fig.savefig(partial, format="png", dpi=params.dpi, metadata=meta)
    else:
        # TrueType fonts keep Polish letters searchable; Type 3 splits them off.
        with matplotlib.rc_context({"pdf.fonttype": 42}):
            meta = {"Title": title, "Creator": f"Urbanista {__version__}"}
            fig.savefig(partial, format="pdf", metadata=meta)
    os.replace(partial, out)
    return out


def draw_map(workspace: Workspace, params: PrintMapParams | None = None) -> Figure:
    """The print map of ``workspace`` as a matplotlib ``Figure`` (Agg canvas, page size)."""
    params = params or PrintMapParams()
    names = params.layers or default_layers(workspace)
    if not names:
        raise InputError(
            f"{workspace.path} has no layers to draw: import datasets first "
            f"('urbanista import dataset PATH -w {workspace.path}')"
        )
    entries = [workspace.entry(n) for n in names]
    extent = params.extent or city_extent(workspace, entries)
    layers = [read_layer(workspace, e) for e in entries]
    title = params.title or _TEXT[params.language]["title"].format(city=city_name(workspace))
    return compose(layers, params, crs=workspace.crs, extent=extent, title=title)


def default_layers(workspace: Workspace) -> list[str]:
    """The largest layer of each basemap and thematic role the workspace holds."""
    import pyogrio

    geometry = {str(n): str(g) for n, g in pyogrio.list_layers(workspace.path)}
    best: dict[str, CatalogueEntry] = {}
    for e in workspace.entries():
        if e.kind is not DatasetKind.RASTER and geometry.get(e.name) in (None, "None"):
            continue  # attribute tables, and rasters' own entries
        role = role_of(e, geometry.get(e.name))
        if role not in BASEMAP_ROLES + THEMATIC_ROLES:
            continue
        if role == "heatmap" and role in best and not _is_cycling(e):
            continue  # a cycling heatmap wins over the others
        if (
            role != "heatmap"
            and role in best
            and (best[role].feature_count or 0) >= (e.feature_count or 0)
        ):
            continue
        best[role] = e
    return [best[r].name for r in BASEMAP_ROLES + THEMATIC_ROLES if r in best]


def _is_cycling(entry: CatalogueEntry) -> bool:
    return bool(re.search(r"cycl|rower|bike", f"{entry.name} {entry.title or ''}", re.I))


def city_name(workspace: Workspace) -> str:
    """The city's name: the ``city`` setting, an "Urząd Miasta X" licence, or the file name."""
    name = workspace.meta("city")
    if name:
        return name
    for e in workspace.entries():
        found = re.search(r"Urz[aą]d (?:Miasta(?: i Gminy)?|Gminy) (\w[\w -]*\w)", e.licence or "")
        if found:
            return found.group(1)
    return workspace.path.stem.replace("_", " ").title()


def city_extent(
    workspace: Workspace, entries: list[CatalogueEntry]
) -> tuple[float, float, float, float]:
    """The districts' extent if drawn, else the union of the drawn layers' extents."""
    from rasterio.warp import transform_bounds

    boxes = [e.extent for e in entries if e.extent and role_of(e) == "districts"]
    if not boxes:
        for e in entries:
            if e.extent and e.crs == workspace.crs:
                boxes.append(e.extent)
            elif e.extent:
                boxes.append(tuple(transform_bounds(e.crs, workspace.crs, *e.extent)))
    if not boxes:
        names = ", ".join(e.name for e in entries)
        raise InputError(f"{workspace.path}: the layers to draw ({names}) are all empty")
    minx, miny = min(b[0] for b in boxes), min(b[1] for b in boxes)
    maxx, maxy = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad = max(maxx - minx, maxy - miny, 500.0) * 0.01
    return (minx - pad, miny - pad, maxx + pad, maxy + pad)


def read_layer(workspace: Workspace, entry: CatalogueEntry) -> MapLayer:
    """Read one catalogued layer for the map (rasters warped to the workspace CRS).

    Raises
    ------
    InputError
        For a tracks layer: single people's routes are personal data; a
        heatmap shows them only where enough people pass.
    """
    if entry.kind is DatasetKind.TRACKS:
        raise InputError(
            f"{entry.name!r} in {workspace.path} holds residents' own tracks (personal data) "
            "and is not printed; draw a heatmap of them instead ('urbanista heatmap')"
        )
    if entry.kind is DatasetKind.RASTER:
        return MapLayer(entry, "heatmap", raster=_read_raster(workspace, entry))
    frame = workspace.read_layer(entry.name)
    if "geometry" not in frame or frame.geometry.isna().all():
        raise InputError(f"{entry.name!r} in {workspace.path} has no geometries to draw")
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    geom = str(frame.geometry.iloc[0].geom_type) if len(frame) else None
    return MapLayer(entry, role_of(entry, geom), frame=frame)


def _read_raster(workspace: Workspace, entry: CatalogueEntry) -> RasterImage:
    import rasterio
    from pyproj import CRS
    from rasterio.vrt import WarpedVRT

    crs = workspace.crs

    with rasterio.open(workspace.raster_file(entry.name)) as src:
        tags = src.tags()
        unit = src.units[0] or tags.get("UNIT") or str(entry.quality.get("unit", ""))
        same = src.crs is not None and crs_label(CRS.from_user_input(src.crs.to_wkt())) == crs
        with contextlib.nullcontext(src) if same else WarpedVRT(src, crs=crs) as data:
            step = max(1, max(data.width, data.height) // 4000)  # finer than A3 at 300 dpi
            shape = (data.height // step, data.width // step)
            values = data.read(1, masked=True, out_shape=shape)
            b = data.bounds
    return RasterImage(values, (b.left, b.bottom, b.right, b.top), unit, tags)


def compose(
    layers: list[MapLayer], params: PrintMapParams, *, crs: str,
    extent: tuple[float, float, float, float], title: str,
) -> Figure:  # fmt: skip
    """Lay out the page and draw ``layers`` on it (pure: no files read or written)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    text = _TEXT[params.language]
    width_mm, height_mm = params.size_mm
    k = min(width_mm, height_mm) / 210.0  # A3 is A4 enlarged by sqrt(2)
    fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=params.dpi, facecolor="white")
    FigureCanvasAgg(fig)
    fig.set_label(title)
    boxes = _layout(width_mm, height_mm, k, params.orientation)
    ax = fig.add_axes(_fraction(boxes["map"], width_mm, height_mm), facecolor=LAND_COLOUR)
    ax.set_gid(MAP_GID)
    denominator = _fit(ax, extent, boxes["map"])
    items: list[tuple[str | None, LegendItem]] = []
    colour_bar: tuple[ScalarMappable, str, str] | None = None
    for layer in sorted(layers, key=lambda lyr: _style(lyr).zorder):
        if layer.raster is not None:
            colour_bar = _draw_raster(ax, layer, params.language, params.dpi)
        else:
            items += [(layer.role, item) for item in _draw_vector(ax, layer, params.language, k)]
    _furniture(ax, crs, params.language, k)
    x, y = boxes["title"][0], boxes["title"][1] + boxes["title"][3]
    fig.text(x / width_mm, y / height_mm, title, fontsize=17 * k, fontweight="bold",
             va="top", color=_INK)  # fmt: skip
    subtitle = (
        f"{carto.scale_text(denominator, params.language)} "
        f"({text['paper'].format(paper=params.paper)}) · {text['crs']} {crs}"
    )
    fig.text(x / width_mm, (y - 9 * k) / height_mm, subtitle, fontsize=8.5 * k, va="top",
             color="#555555")  # fmt: skip
    _legend(fig, boxes["legend"], (width_mm, height_mm), items, colour_bar, params, k)
    printed = params.printed or date.today()
    names = {lyr.entry.name: _layer_label(lyr, params.language) for lyr in layers}
    sources = carto.sources_line((lyr.entry for lyr in layers), params.language, printed, names)
    fx, fy, fw, fh = boxes["footer"]
    wrapped = textwrap.fill(sources, width=int(fw / (1.25 * k)))
    fig.text(fx / width_mm, (fy + fh) / height_mm, wrapped, fontsize=5.8 * k, va="top",
             color="#555555", linespacing=1.3)  # fmt: skip
    return fig


def _layout(
    w: float, h: float, k: float, orientation: str
) -> dict[str, tuple[float, float, float, float]]:
    """Boxes ``(x, y, width, height)`` in mm from the bottom left: title, map, legend, footer."""
    m, title_h, footer_h, gap = 8 * k, 14 * k, 8 * k, 3 * k
    title = (m, h - m - title_h, w - 2 * m, title_h)
    footer = (m, m, w - 2 * m, footer_h)
    top = h - m - title_h - gap
    bottom = m + footer_h + gap
    if orientation == "landscape":
        legend_w = 64 * k
        map_box = (m, bottom, w - 2 * m - legend_w - gap, top - bottom)
        legend = (w - m - legend_w, bottom, legend_w, top - bottom)
    else:
        legend_h = 52 * k
        map_box = (m, bottom + legend_h + gap, w - 2 * m, top - bottom - legend_h - gap)
        legend = (m, bottom, w - 2 * m, legend_h)
    return {"title": title, "map": map_box, "legend": legend, "footer": footer}


def _fraction(
    box: tuple[float, float, float, float], w: float, h: float
) -> tuple[float, float, float, float]:
    return (box[0] / w, box[1] / h, box[2] / w, box[3] / h)


def _fit(ax: Axes, extent: tuple[float, float, float, float], box: tuple[float, ...]) -> int:
    """Show ``extent`` whole at the round scale that fits the map box; return that scale."""
    minx, miny, maxx, maxy = extent
    box_w_m, box_h_m = box[2] / 1000.0, box[3] / 1000.0
    denominator = carto.nice_scale(max((maxx - minx) / box_w_m, (maxy - miny) / box_h_m))
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_w, half_h = box_w_m * denominator / 2, box_h_m * denominator / 2
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.8)
        spine.set_color(_INK)
    return denominator


def _style(layer: MapLayer) -> Style:
    if layer.role is not None:
        return STYLE_BY_ROLE[layer.role]
    return Style("#666666", layer.entry.title or layer.entry.name,
                 layer.entry.title or layer.entry.name, fill="#bbbbbb", fill_opacity=0.4,
                 zorder=7)  # fmt: skip


def _draw_vector(ax: Axes, layer: MapLayer, language: str, k: float) -> list[LegendItem]:
    import numpy as np
    import shapely

    assert layer.frame is not None
    frame, style = layer.frame, _style(layer)
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
            numbered = min(_TOP_CORRIDORS, len(frame))
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
        [(road_style(c), frame.geometry.values[(classes == c).to_numpy()])
         for c in classes.unique()]
        if classes is not None else [(STYLE_BY_ROLE["streets"], frame.geometry.values)]
    )  # fmt: skip
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
        ax.add_collection(LineCollection(segments, colors="white", linewidths=style.width_pt + 1.4,
                                         zorder=z - 0.1, **common))  # fmt: skip
    ax.add_collection(LineCollection(
        segments, colors=style.colour, linewidths=style.width_pt, alpha=style.opacity,
        linestyles=(0, style.dash) if style.dash else "solid", zorder=z, **common,
    ))  # fmt: skip


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
    ax.add_patch(PathPatch(
        MplPath(vertices, codes), facecolor=to_rgba(style.fill, style.fill_opacity)
        if style.fill else "none", edgecolor=style.colour, linewidth=style.width_pt,
        zorder=style.zorder,
    ))  # fmt: skip


def _points(ax: Axes, geoms: Any, style: Style) -> None:
    import shapely

    xy = shapely.get_coordinates(shapely.get_parts(geoms))
    face = style.fill if style.fill is not None else style.colour
    ax.scatter(
        xy[:, 0], xy[:, 1], s=style.marker_size_pt**2, marker=style.marker, c=face,
        edgecolors=style.colour if style.fill else "white",
        linewidths=style.width_pt if style.fill else 0.3, alpha=style.opacity,
        zorder=style.zorder,
    )  # fmt: skip


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
            ax.text(point.x, point.y, name.upper(), fontsize=6.2 * k, color="#5b4a6e",
                    ha="center", va="center", fontstyle="italic", zorder=20,
                    path_effects=halo, clip_on=True)  # fmt: skip


def _rank_badges(ax: Axes, frame: gpd.GeoDataFrame, style: Style, k: float) -> None:
    top = frame.sort_values("rank").head(_TOP_CORRIDORS)
    for rank, line in zip(top["rank"], top.geometry, strict=True):
        point = line.interpolate(0.5, normalized=True)
        ax.text(point.x, point.y, str(int(rank)), fontsize=6 * k, color="white",
                fontweight="bold", ha="center", va="center", zorder=25, clip_on=True,
                bbox={"boxstyle": "circle,pad=0.25", "facecolor": style.colour,
                      "edgecolor": "white", "linewidth": 0.6})  # fmt: skip


def _draw_raster(
    ax: Axes, layer: MapLayer, language: str, dpi: int
) -> tuple[ScalarMappable, str, str] | None:
    import matplotlib
    import numpy as np
    from matplotlib.colors import ListedColormap, LogNorm, Normalize

    assert layer.raster is not None
    image, style = layer.raster, _style(layer)
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
        values, cmap=cmap, norm=norm, extent=(left, right, bottom, top), origin="upper",
        interpolation="nearest", alpha=style.opacity, zorder=style.zorder,
    )  # fmt: skip
    return mappable, _raster_title(layer, language), _unit_text(image, language)


def _layer_label(layer: MapLayer, language: str) -> str:
    """What the legend calls a layer, for the sources line."""
    if layer.raster is not None:
        return _raster_title(layer, language)
    return _style(layer).label(language)


def _raster_title(layer: MapLayer, language: str) -> str:
    text = _TEXT[language]
    what = (layer.raster.tags.get("FILTERS") if layer.raster else None) or layer.entry.title
    if what == "cycling" or _is_cycling(layer.entry):
        return text["cycling"]
    return text["activity"].format(what=what or layer.entry.name)


def _unit_text(image: RasterImage, language: str) -> str:
    unit = image.unit
    found = re.fullmatch(r"activities per (\d+(?:\.\d+)?) m cell", unit)
    if language == "pl" and found:
        unit = f"aktywności na komórkę {found.group(1)} m"
    if "MIN_USERS" in image.tags:
        unit += f"; {_TEXT[language]['hidden'].format(k=image.tags['MIN_USERS'])}"
    return unit


def _furniture(ax: Axes, crs: str, language: str, k: float) -> None:
    """Scale bar bottom left and north arrow top right."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    per_pt = carto.metres_per_point(ax)
    length = carto.nice_length((x1 - x0) * 0.22)
    at = (x0 + 12 * k * per_pt, y0 + 10 * k * per_pt)
    carto.draw_scale_bar(ax, length, language, at=at, height_pt=3.5 * k, fontsize=7 * k)
    angle = carto.north_angle(crs, (x0 + x1) / 2, (y0 + y1) / 2)
    width_fr = 1 / (carto.metres_per_point(ax) / (x1 - x0))  # axes width in points
    fx, fy = 1 - 22 * k / width_fr, 1 - 26 * k / width_fr * (x1 - x0) / (y1 - y0)
    carto.draw_north_arrow(ax, angle, at=(fx, fy), size_pt=22 * k, fontsize=9 * k)


def _legend(
    fig: Figure, box: tuple[float, float, float, float], page: tuple[float, float],
    items: list[tuple[str | None, LegendItem]], colour_bar: tuple[ScalarMappable, str, str] | None,
    params: PrintMapParams, k: float,
) -> None:  # fmt: skip
    """The legend, thematic layers first, and the heatmap's colour bar below or beside it.

    A legend too long for its box is set in smaller type, down to 60 %.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.ticker import FuncFormatter, LogLocator

    order = {role: i for i, role in enumerate(_LEGEND_ORDER)}
    ranked = sorted(items, key=lambda ri: order.get(ri[0], order[None]))
    unique = list({item.label: item for _, item in ranked}.values())
    w, h = page
    portrait = params.orientation == "portrait"
    bar_w = 70 * k if portrait else min(box[2], 58 * k)
    x, y, box_w, box_h = box
    if colour_bar is not None:  # room for the bar: beside the legend, or under it
        box_w, box_h = (box_w - bar_w - 6 * k, box_h) if portrait else (box_w, box_h - 28 * k)
    lax = fig.add_axes(_fraction((x, y + box[3] - box_h, box_w, box_h), w, h))
    lax.set_axis_off()
    assert isinstance(fig.canvas, FigureCanvasAgg)
    renderer = fig.canvas.get_renderer()  # type: ignore[no-untyped-call]
    scale = 1.0
    for _ in range(4):
        legend = lax.legend(
            [carto.legend_handle(i) for i in unique],
            [textwrap.fill(i.label, 30 if portrait else 34) for i in unique],
            loc="upper left", frameon=False, title=_TEXT[params.language]["legend"],
            fontsize=7.5 * k * scale, title_fontproperties={"size": 10 * k, "weight": "bold"},
            alignment="left", borderaxespad=0, handlelength=2.4, labelspacing=0.7,
            ncols=2 if portrait else 1,
        )  # fmt: skip
        extent = legend.get_window_extent(renderer)
        height_mm = extent.height / fig.dpi * 25.4
        width_mm = extent.width / fig.dpi * 25.4
        fill = max(height_mm / box_h, width_mm / box_w)
        if fill <= 1 or scale <= 0.6:
            break
        scale = max(0.6, scale / fill * 0.98)
    if colour_bar is None:
        return
    mappable, title, unit = colour_bar
    legend_box = legend.get_window_extent(renderer).transformed(fig.transFigure.inverted())
    left = x / w if not portrait else (x + box[2] - bar_w) / w
    top = legend_box.y0 - 14 * k / h if not portrait else (y + box[3] - 10 * k) / h
    cax = fig.add_axes((left, top, bar_w / w, 3.2 * k / h))
    bar = fig.colorbar(mappable, cax=cax, orientation="horizontal")
    bar.ax.set_title(title, fontsize=8 * k, loc="left", fontweight="bold", pad=4 * k)
    if mappable.norm.__class__.__name__ == "LogNorm":
        bar.ax.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        bar.ax.xaxis.set_minor_locator(LogLocator(subs=()))
    bar.ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    bar.ax.tick_params(labelsize=6.5 * k, width=0.5, length=2 * k)
    bar.outline.set_linewidth(0.5)
    bar.set_label("\n".join(textwrap.wrap(unit, 48)), fontsize=6.5 * k, color="#444444")
