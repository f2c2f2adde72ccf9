"""Print maps of a workspace: a PNG or PDF page for reports and workshops.

:func:`render_map` writes the page, :func:`draw_map` returns the matplotlib
``Figure``. The page holds a title, the map at a round scale (1:50 000 on
A4, say), a legend with the heatmap's colour bar in its own unit, a scale
bar, a north arrow turned to true north, and a line naming every dataset's
source, licence and date with the print date. Figures are built with
``matplotlib.figure.Figure`` and the Agg canvas, never pyplot: no display is
needed and maps can be drawn in worker threads.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from analysis import __version__
from analysis.crs import crs_label
from analysis.errors import InputError
from analysis.export import cartography as carto
from analysis.export.cartography import LegendItem
from analysis.export.map_layers import (
    ColourBar,
    MapLayer,
    RasterImage,
    draw_layer,
    is_cycling,
    layer_label,
    layer_style,
)
from analysis.export.styles import role_of
from analysis.io.output_file import check_output, write_output
from analysis.params import check, param
from analysis.progress import NullProgress, Progress, check_cancelled
from analysis.workspace import CatalogueEntry, DatasetKind, Workspace

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

PAPER_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}
"""Paper sizes, long side first."""
BASEMAP_ROLES = ("water", "parks", "streets", "districts")
THEMATIC_ROLES = ("heatmap", "cycleways", "gap_corridors", "report_hotspots", "proposed_racks")
_LEGEND_ORDER = (
    "cycleways",
    "gap_corridors",
    "gap_links",
    "proposed_racks",
    "racks",
    "report_hotspots",
    "reports",
    None,
    "schools",
    "bus_stops",
    "streets",
    "districts",
    "parks",
    "water",
)
LAND_COLOUR = "#f5f4f0"
"""Colour of the map where nothing is drawn."""
MAP_GID = "map"
"""``gid`` of the map's axes in the figure (the others hold the legend and colour bar)."""
_INK = "#222222"
_TEXT = {
    "pl": {
        "title": "{city}: mapa rowerowa",
        "legend": "Legenda",
        "crs": "układ współrzędnych",
        "paper": "przy wydruku {paper}",
    },
    "en": {
        "title": "{city}: cycling map",
        "legend": "Legend",
        "crs": "coordinate system",
        "paper": "printed on {paper}",
    },
}


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
    dpi: int = param(200, at_least=30, at_most=1200, flag="--dpi")
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
        check(self)
        if self.extent is not None:
            minx, miny, maxx, maxy = self.extent
            if not (all(map(math.isfinite, self.extent)) and maxx > minx and maxy > miny):
                raise InputError(f"extent {self.extent}: give (minx, miny, maxx, maxy), max > min")
        if self.layers is not None and not self.layers:
            raise InputError("layers: name at least one layer, or leave it out for the default")

    @property
    def size_mm(self) -> tuple[float, float]:
        """Page width and height in millimetres."""
        long, short = PAPER_MM[self.paper]
        return (long, short) if self.orientation == "landscape" else (short, long)


def render_map(
    workspace: Workspace,
    out: str | Path,
    params: PrintMapParams | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the print map of ``workspace`` to ``out``: PNG or PDF by its suffix.

    Nothing is written if ``progress`` is cancelled before the page is drawn.

    Raises
    ------
    InputError
        If the suffix is neither, a named layer is missing or has no geometries,
        or the workspace has nothing to draw.
    OutputError
        If ``out`` may not be written (a workspace, a folder...) or the write fails.
    Cancelled
        If the user cancelled.
    """
    out = Path(out)
    params = params or PrintMapParams()
    progress = progress or NullProgress()
    if out.suffix.lower() not in (".png", ".pdf"):
        raise InputError(f"{out}: a print map is written as .png or .pdf")
    check_output(out)
    fig = draw_map(workspace, params)
    check_cancelled(progress)
    buffer = io.BytesIO()  # matplotlib's PDF writer fails on a full disk with an AttributeError
    _save_page(fig, buffer, out.suffix.lower(), params.dpi)
    check_cancelled(progress)
    write_output(out, buffer.getvalue())
    progress.report(1.0)
    return out


def _save_page(fig: Figure, file: BinaryIO, suffix: str, dpi: int) -> None:
    """Save ``fig`` into ``file`` as a PNG at ``dpi`` or a PDF (``suffix``), with its title."""
    import matplotlib

    title = fig.get_label()
    if suffix == ".png":
        # Whole pixels, rounded: A4 at 300 dpi is 3508 x 2480 (the Agg canvas truncates).
        width, height = fig.get_size_inches()
        fig.set_size_inches(round(width * dpi) / dpi, round(height * dpi) / dpi)
        meta = {"Title": title, "Software": f"Urbanista {__version__}"}
        fig.savefig(file, format="png", dpi=dpi, metadata=meta)
    else:
        # TrueType fonts keep Polish letters searchable; Type 3 splits them off.
        with matplotlib.rc_context({"pdf.fonttype": 42}):
            meta = {"Title": title, "Creator": f"Urbanista {__version__}"}
            fig.savefig(file, format="pdf", metadata=meta)


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
    geometry = {str(n): str(g) for n, g in workspace.geometry_types().items()}
    best: dict[str, CatalogueEntry] = {}
    for e in workspace.entries():
        if e.kind is DatasetKind.RASTER and not _is_heatmap(e):
            continue  # an imported orthophoto or elevation model is no default layer
        if e.kind is not DatasetKind.RASTER and (
            geometry.get(e.name) in (None, "None") or e.feature_count == 0
        ):
            continue  # attribute tables, empty results, and rasters' own entries
        role = role_of(e, geometry.get(e.name))
        if role not in BASEMAP_ROLES + THEMATIC_ROLES:
            continue
        if role == "heatmap" and role in best and not is_cycling(e):
            continue  # a cycling heatmap wins over the others
        if (
            role != "heatmap"
            and role in best
            and (best[role].feature_count or 0) >= (e.feature_count or 0)
        ):
            continue
        best[role] = e
    return [best[r].name for r in BASEMAP_ROLES + THEMATIC_ROLES if r in best]


def _is_heatmap(entry: CatalogueEntry) -> bool:
    text = f"{entry.name} {entry.title or ''}"
    return bool(re.search(r"heat|natęż|natez", text, re.I)) or "unit" in entry.quality


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
    if "geometry" not in frame:
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
    layers: list[MapLayer],
    params: PrintMapParams,
    *,
    crs: str,
    extent: tuple[float, float, float, float],
    title: str,
) -> Figure:
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
    colour_bar: ColourBar | None = None
    for layer in sorted(layers, key=lambda lyr: layer_style(lyr).zorder):
        drawn = draw_layer(ax, layer, params.language, k, params.dpi)
        items += [(layer.role, item) for item in drawn.items]
        colour_bar = drawn.colour_bar or colour_bar
    _furniture(ax, crs, params.language, k)
    x, y = boxes["title"][0], boxes["title"][1] + boxes["title"][3]
    heading = fig.text(
        x / width_mm, y / height_mm, title, fontsize=17 * k, fontweight="bold", va="top", color=_INK
    )
    _shrink_to(heading, boxes["title"][2])
    subtitle = (
        f"{carto.scale_text(denominator, params.language)} "
        f"({text['paper'].format(paper=params.paper)}) · {text['crs']} {crs}"
    )
    fig.text(
        x / width_mm, (y - 9 * k) / height_mm, subtitle, fontsize=8.5 * k, va="top", color="#555555"
    )
    _legend(fig, boxes["legend"], (width_mm, height_mm), items, colour_bar, params, k)
    printed = params.printed or date.today()
    names = {lyr.entry.name: layer_label(lyr, params.language) for lyr in layers}
    sources = carto.sources_line((lyr.entry for lyr in layers), params.language, printed, names)
    fx, fy, fw, fh = boxes["footer"]
    wrapped = textwrap.fill(sources, width=int(fw / (1.25 * k)))
    fig.text(
        fx / width_mm,
        (fy + fh) / height_mm,
        wrapped,
        fontsize=5.8 * k,
        va="top",
        color="#555555",
        linespacing=1.3,
    )
    return fig


def _shrink_to(text: Text, width_mm: float) -> None:
    """Set ``text`` smaller when it is wider than ``width_mm``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = text.get_figure(root=True)
    assert fig is not None and isinstance(fig.canvas, FigureCanvasAgg)
    renderer = fig.canvas.get_renderer()  # type: ignore[no-untyped-call]
    for _ in range(5):  # hinted glyphs do not scale exactly: measure again
        width = text.get_window_extent(renderer).width / fig.dpi * 25.4
        if width <= width_mm:
            return
        text.set_fontsize(float(text.get_fontsize()) * width_mm / width * 0.98)


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
    fig: Figure,
    box: tuple[float, float, float, float],
    page: tuple[float, float],
    items: list[tuple[str | None, LegendItem]],
    colour_bar: ColourBar | None,
    params: PrintMapParams,
    k: float,
) -> None:
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
            loc="upper left",
            frameon=False,
            title=_TEXT[params.language]["legend"],
            fontsize=7.5 * k * scale,
            title_fontproperties={"size": 10 * k, "weight": "bold"},
            alignment="left",
            borderaxespad=0,
            handlelength=2.4,
            labelspacing=0.7,
            ncols=2 if portrait else 1,
        )
        extent = legend.get_window_extent(renderer)
        height_mm = extent.height / fig.dpi * 25.4
        width_mm = extent.width / fig.dpi * 25.4
        fill = max(height_mm / box_h, width_mm / box_w)
        if fill <= 1 or scale <= 0.6:
            break
        scale = max(0.6, scale / fill * 0.98)
    if colour_bar is None:
        return
    mappable, title, unit = colour_bar.mappable, colour_bar.title, colour_bar.unit
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
