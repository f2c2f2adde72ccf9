"""The offline interactive HTML map of a workspace: folium, with Leaflet inlined.

One self-contained HTML file: Leaflet, leaflet.markercluster, their styles and
the heatmap images are written into it, so it opens from a USB stick or an
e-mail attachment with no network (folium's own template would load Leaflet,
jQuery, Bootstrap and Font Awesome from CDNs; none of them is used). The
basemap is drawn from the workspace's own streets, parks, water and districts,
or from local tiles (an XYZ folder referenced relatively, or an MBTiles file
extracted into ``<map>_tiles/`` beside the map). Every layer can be switched
on and off; the layer list doubles as the legend, and a second box gives the
heatmap's colour ramp in its real unit and the report categories.

Reports show only their category, date, status, number and description (with
e-mails and phone numbers blanked once more), all HTML-escaped: descriptions
come from residents.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

import folium
from branca.element import Figure
from folium.map import CustomPane, Layer
from folium.plugins import FastMarkerCluster

from analysis.errors import InputError
from analysis.export import web_text
from analysis.export.map_figure import city_name
from analysis.export.styles import STYLE_BY_ROLE, Style, road_class_column, road_style, role_of
from analysis.export.web_layers import (
    ColourScale,
    LocalTiles,
    extract_mbtiles,
    feature_collection,
    heatmap_image,
    merged_lines,
    ramp_css,
    xyz_tiles,
)
from analysis.export.web_page import (
    GeoJsonLayer,
    HeatmapLayer,
    check_offline,
    furniture,
    inline_assets,
    legend_box,
    script_json,
)
from analysis.io.output_file import check_output, write_output
from analysis.params import check, param
from analysis.workspace.catalogue import CatalogueEntry, DatasetKind

if TYPE_CHECKING:
    import geopandas as gpd

    from analysis.workspace import Workspace

TILES_MARKER = ".urbanista-tiles"
"""File that marks a ``<map>_tiles`` folder as written by Urbanista, safe to replace."""
HIDDEN_ROLES = frozenset({"schools", "bus_stops"})
"""Roles listed in the layer switcher but off when the map opens."""
BASEMAP_ROLES = frozenset({"water", "parks", "streets"})
"""Roles local tiles replace: listed, but off when the map opens over tiles."""
LABEL_COLUMNS = ("nazwa", "name")
"""Columns whose value labels a district on the map."""
_PX_PER_PT = 4 / 3


@dataclass(frozen=True)
class WebMapParams:
    """What the HTML map shows.

    ``layers`` names workspace layers to draw (empty: every layer a map has a
    role for: basemap, cycleways, stands, heatmaps, reports, analysis results;
    schools and stops are then listed but off). Of several heatmaps, the last
    imported is on. ``tiles`` is an XYZ tile folder or an MBTiles file for the
    basemap; the workspace's streets, parks and water are then off.
    """

    layers: tuple[str, ...] = ()
    language: Literal["pl", "en"] = "pl"
    tiles: Path | None = None
    title: str | None = None
    simplify_m: float = param(1.5, unit="m", at_least=0, at_most=1_000)
    """Tolerance of the display simplification of lines and polygons, metres."""
    made_on: date | None = None
    """Date in the subtitle (default: today)."""
    scale: ColourScale = field(default_factory=ColourScale)

    def __post_init__(self) -> None:
        check(self)


@dataclass(frozen=True)
class WebMapResult:
    """What was written."""

    path: Path
    layers: tuple[str, ...]
    skipped: Mapping[str, str]
    """Layers left out, with the reason."""
    size_bytes: int
    tiles: Path | None = None
    """The folder of tiles extracted from an MBTiles file, if any."""


@dataclass(frozen=True)
class _Layer:
    entry: CatalogueEntry
    role: str | None
    style: Style
    show: bool
    frame: gpd.GeoDataFrame | None = None
    raster: Path | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    """The GeoTIFF's metadata (UNIT, FILTERS, MIN_USERS...)."""

    @property
    def geometry(self) -> str:
        if self.frame is None:
            return "Raster"
        return str(self.frame.geometry.dropna().iloc[0].geom_type)


def write_web_map(workspace: Workspace, out: Path, params: WebMapParams) -> WebMapResult:
    """Write the workspace's interactive map to ``out`` (.html).

    Raises
    ------
    InputError
        If ``params.layers`` names no layer of the workspace, a layer cannot be
        drawn, the workspace holds nothing to draw, or the tiles are unusable.
    OutputError
        If ``out`` may not be written (a workspace, a folder...) or the write fails.
    """
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{out}: an interactive map is an .html file")
    if not out.parent.is_dir():
        raise InputError(f"cannot write {out}: folder {out.parent} does not exist")
    if params.language not in web_text.WORDS:
        raise InputError(f"language {params.language!r}: choose pl or en")
    real = check_output(out)  # the tiles go beside the real file, never in a workspace's folder
    layers, skipped = _plan(workspace, params)
    staged: Path | None = None
    try:
        tiles, tiles_dir, staged = (
            _local_tiles(params.tiles, real) if params.tiles else (None, None, None)
        )
        if tiles is not None:
            layers = [replace(la, show=False) if la.role in BASEMAP_ROLES else la for la in layers]
        fmap = _build(workspace, layers, tiles, params)
        text = fmap.get_root().render()
        check_offline(text)
        write_output(out, text.encode("utf-8"))
        if staged is not None and tiles_dir is not None:
            _swap_in(staged, tiles_dir)
    finally:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)
    return WebMapResult(
        out, tuple(la.entry.name for la in layers), skipped, out.stat().st_size, tiles_dir
    )


def _plan(workspace: Workspace, params: WebMapParams) -> tuple[list[_Layer], dict[str, str]]:  # noqa: C901 - one branch per reason a layer is left off the map
    """The layers to draw, with their styles, and those left out with the reason."""
    import geopandas as gpd

    entries = workspace.entries()
    by_name = {e.name: e for e in entries}
    unknown = [n for n in params.layers if n not in by_name]
    if unknown:
        raise InputError(
            f"{workspace.path} has no layer {', '.join(map(repr, unknown))} "
            f"(it has: {', '.join(by_name) or 'none'})"
        )
    asked = bool(params.layers)
    chosen = [by_name[n] for n in dict.fromkeys(params.layers)] if asked else entries
    rasters = [e for e in chosen if e.kind is DatasetKind.RASTER]
    layers, skipped = [], {}
    for entry in chosen:
        if entry.kind is DatasetKind.TRACKS:
            if asked:
                raise InputError(
                    f"{entry.name!r} holds residents' tracks; maps show them only as "
                    "heatmaps (urbanista heatmap WS --mode lines)"
                )
            continue
        if entry.kind is DatasetKind.RASTER:
            tif = workspace.raster_file(entry.name)
            layers.append(
                _Layer(
                    entry,
                    "heatmap",
                    STYLE_BY_ROLE["heatmap"],
                    entry is rasters[-1],
                    raster=tif,
                    tags=_tags(tif),
                )
            )
            continue
        if not asked and role_of(entry) is None:
            continue  # no role by its name: with any geometry, none either
        frame = workspace.read_layer(entry.name)
        if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.dropna().empty:
            if asked:
                raise InputError(f"{entry.name!r} in {workspace.path} has no geometries to draw")
            skipped[entry.name] = "no geometries"
            continue
        role = role_of(entry, str(frame.geometry.dropna().iloc[0].geom_type))
        if role is None and not asked:
            continue
        style = STYLE_BY_ROLE[role] if role else _plain_style(entry)
        layers.append(_Layer(entry, role, style, asked or role not in HIDDEN_ROLES, frame))
    if not layers:
        raise InputError(
            f"{workspace.path} holds nothing to draw: import datasets or reports first "
            "(urbanista import dataset|reports PATH -w WS)"
        )
    return layers, skipped


def _tags(tif: Path) -> dict[str, str]:
    import rasterio

    with rasterio.open(tif) as src:
        return {str(k).upper(): str(v) for k, v in src.tags().items()}


def _plain_style(entry: CatalogueEntry) -> Style:
    """How a layer no map role fits is drawn when asked for by name."""
    label = entry.title or entry.name
    return Style(
        "#3c3c3c",
        label,
        label,
        width_pt=1.2,
        fill="#3c3c3c",
        fill_opacity=0.15,
        marker_size_pt=5.0,
        zorder=7,
    )


def _local_tiles(path: Path, out: Path) -> tuple[LocalTiles, Path | None, Path | None]:
    """The tile layer of ``path``, its folder beside ``out`` and where it is extracted first.

    An XYZ folder is used as it is. An MBTiles file is extracted into a hidden
    folder, put in place of the map's ``NAME_tiles`` folder only once the map
    is written (:func:`_swap_in`): a failed or killed export keeps the previous
    map's tiles.
    """
    if path.is_dir():
        return xyz_tiles(path, out.parent), None, None
    if not path.is_file():
        raise InputError(f"no tiles at {path}: give an XYZ tile folder or an .mbtiles file")
    target = out.with_name(f"{out.stem}_tiles")
    if target.exists() and not (target / TILES_MARKER).exists():
        raise InputError(
            f"{target} exists and was not written by Urbanista: move it or name the map otherwise"
        )
    staged = out.with_name(f".{target.name}.partial")
    shutil.rmtree(staged, ignore_errors=True)  # left by a killed export
    staged.mkdir()
    (staged / TILES_MARKER).write_text(f"tiles extracted from {path.name}\n", encoding="utf-8")
    tiles = extract_mbtiles(path, staged, out.parent)
    template = f"{quote(target.name)}/{tiles.url_template.split('/', 1)[1]}"
    return replace(tiles, url_template=template), target, staged


def _swap_in(staged: Path, target: Path) -> None:
    """Put the extracted tiles ``staged`` in place of ``target`` (the previous map's)."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staged.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _build(
    workspace: Workspace, layers: list[_Layer], tiles: LocalTiles | None, params: WebMapParams
) -> folium.Map:
    words = web_text.WORDS[params.language]
    fmap = folium.Map(
        location=(52.0, 19.0),
        zoom_start=13,
        tiles=None,
        control_scale=False,
        zoom_control=False,
        maxZoom=20,
    )
    title = params.title or city_name(workspace)
    _figure(fmap).title = html.escape(title)
    for zorder in sorted({la.style.zorder for la in layers}):
        # Panes let clicks through; the clickable features inside take them.
        fmap.add_child(CustomPane(_pane(zorder), z_index=400 + 10 * zorder, pointer_events=False))
    if tiles is not None:
        folium.TileLayer(
            tiles.url_template,
            attr=html.escape(tiles.attribution or words["local_tiles"]),
            name=html.escape(words["tiles"]),
            overlay=True,
            min_native_zoom=tiles.min_zoom,
            max_native_zoom=tiles.max_zoom,
            max_zoom=20,
        ).add_to(fmap)
    legend: list[tuple[Layer, str]] = []
    bounds = []
    names: set[str] = set()
    for layer in sorted(layers, key=lambda la: -la.style.zorder):
        element, section, box = _layer_element(layer, params)
        label = _swatch(layer, params.scale) + html.escape(_label(layer, params.language))
        element.layer_name = _unique(names, label)
        fmap.add_child(element)
        bounds.append(box)
        if section:
            legend.append((element, section))
    west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
    east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    fmap.fit_bounds([[south, west], [north, east]])
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    made = (params.made_on or date.today()).isoformat()
    sources = sorted({la.entry.licence for la in layers if la.entry.licence})
    fmap.add_child(furniture(fmap, title, words["subtitle"].format(date=made), sources, words))
    if legend:
        fmap.add_child(legend_box(fmap, legend))
    inline_assets(fmap, clusters=any(la.role == "reports" for la in layers))
    return fmap


def _figure(fmap: folium.Map) -> Figure:
    root = fmap.get_root()
    assert isinstance(root, Figure)
    return root


def _pane(zorder: int) -> str:
    return f"urbanista{zorder:02d}"


def _unique(names: set[str], name: str) -> str:
    """``name``, numbered if the layer switcher has it already (it keys layers by name)."""
    unique, n = name, 1
    while unique in names:
        n += 1
        unique = f"{name} ({n})"
    names.add(unique)
    return unique


def _label(layer: _Layer, language: str) -> str:
    label = layer.style.label(language)
    if layer.role != "heatmap":
        return label
    filters = layer.tags.get("FILTERS") or layer.entry.name
    return f"{label}: {web_text.filters_label(filters, language)}"


def _swatch(layer: _Layer, scale: ColourScale) -> str:
    """A small sample of the layer's symbol, put before its name in the layer list."""
    s = layer.style
    if layer.role == "heatmap":
        css = f"background:{ramp_css(s.cmap or 'YlOrRd', scale)}"
        return f'<span class="urbanista-swatch" style="{css}"></span>'
    if layer.role == "proposed_racks":
        css = f"border-bottom-color:{s.fill}"
        return f'<span class="urbanista-swatch-triangle" style="{html.escape(css)}"></span>'
    if "Point" in layer.geometry:
        css = f"background:{s.colour};border:1px solid #fff;box-shadow:0 0 0 1px {s.colour}"
        return f'<span class="urbanista-swatch urbanista-swatch-point" style="{css}"></span>'
    if "Polygon" in layer.geometry:
        border = "dashed" if s.dash else "solid"
        fill = s.fill or "transparent"
        css = f"background:{fill};border:2px {border} {s.colour}"
        return f'<span class="urbanista-swatch" style="{html.escape(css)}"></span>'
    width = max(2.0, min(s.width_pt * _PX_PER_PT, 5.0))
    css = f"height:0;border-top:{width:.1f}px {'dashed' if s.dash else 'solid'} {s.colour}"
    return f'<span class="urbanista-swatch" style="{html.escape(css)};margin-bottom:4px"></span>'


def _layer_element(
    layer: _Layer, params: WebMapParams
) -> tuple[Layer, str, tuple[float, float, float, float]]:
    """The folium layer, its legend section (or ""), and its bounds (west, south, east, north)."""
    if layer.raster is not None:
        heat = heatmap_image(layer.raster, layer.style.cmap or "YlOrRd", params.scale)
        options = {
            "pane": _pane(layer.style.zorder),
            "opacity": layer.style.opacity,
            "className": "urbanista-heat",
            "interactive": False,
        }
        image = HeatmapLayer(heat, options, layer.show)
        label = _label(layer, params.language)
        section = web_text.heatmap_section(heat, label, layer.tags, params.language)
        (south, west), (north, east) = heat.south_west, heat.north_east
        return image, section, (west, south, east, north)
    assert layer.frame is not None
    west, south, east, north = (float(v) for v in layer.frame.to_crs(4326).total_bounds)
    box = (west, south, east, north)
    if layer.role == "reports":
        section = web_text.categories_section(layer.frame.get("category"), params.language)
        return _reports(layer, params), section, box
    return _vector(layer, params), "", box


def _path_style(style: Style, polygon: bool) -> dict[str, Any]:
    """Leaflet path options for ``style``; widths in pixels."""
    options: dict[str, Any] = {
        "color": style.colour,
        "weight": round(max(style.width_pt * _PX_PER_PT, 0.6), 2),
        "opacity": style.opacity,
        "fill": polygon and style.fill is not None,
    }
    if style.fill is not None:
        options.update(fillColor=style.fill, fillOpacity=style.fill_opacity)
    if style.dash:
        options["dashArray"] = " ".join(f"{d * _PX_PER_PT:g}" for d in style.dash)
    return options


def _vector(layer: _Layer, params: WebMapParams) -> Layer:
    """Lines, polygons or points as one GeoJSON layer, with popups where they say something."""
    assert layer.frame is not None
    frame, style, pane = layer.frame, layer.style, _pane(layer.style.zorder)
    language = params.language
    parts = [f"pane:{script_json(pane)}"]
    if layer.role == "streets":
        column = road_class_column(frame)
        merged = merged_lines(frame, column)
        styles = {g: _path_style(road_style(g or None), False) for g in merged["group"]}
        merged = merged.assign(width=[styles[g]["weight"] for g in merged["group"]])
        merged = merged.sort_values("width", kind="stable")  # main streets on top
        data = feature_collection(merged, params.simplify_m, lambda row: {"c": row["group"]})
        style_js = f"style:function(f){{return {script_json(styles)}[f.properties.c];}}"
        parts += ["interactive:false", style_js]
        return GeoJsonLayer(data, "{" + ",".join(parts) + "}", layer.show)
    polygon = "Polygon" in layer.geometry
    parts.append(f"style:{script_json(_path_style(style, polygon))}")
    popup = web_text.popup_builder(layer.role, language)
    label = _label_column(frame) if layer.role == "districts" else None

    def properties(row: Mapping[str, Any]) -> dict[str, Any]:
        props: dict[str, Any] = {}
        if popup is not None:
            props["popup"] = popup(row)
        if label is not None and row.get(label) is not None:
            props["label"] = html.escape(web_text.safe_text(row[label]))
        if layer.role == "proposed_racks":
            props["rank"] = web_text.as_int(row.get("rank"))
        return props

    data = feature_collection(
        frame, 0.0 if "Point" in layer.geometry else params.simplify_m, properties
    )
    if popup is not None:
        parts.append("onEachFeature:function(f,l){l.bindPopup(f.properties.popup,{maxWidth:320});}")
    elif label is not None:
        parts.append(
            "onEachFeature:function(f,l){if(f.properties.label){l.bindTooltip("
            "f.properties.label,{permanent:true,direction:'center',"
            "className:'urbanista-label'});}}"
        )
    else:
        parts.append("interactive:false")
    if layer.role == "proposed_racks":
        parts.append(f"pointToLayer:{_triangle_marker(style)}")
    elif "Point" in layer.geometry:
        radius = max(3.0, style.marker_size_pt * _PX_PER_PT / 2)
        marker = {
            **_path_style(style, True),
            "radius": round(radius, 1),
            "pane": pane,
            "fill": True,
            "fillColor": style.fill or style.colour,
            "fillOpacity": 0.9,
            "color": "#ffffff",
            "weight": 1,
        }
        parts.append(
            f"pointToLayer:function(f,ll){{return L.circleMarker(ll,{script_json(marker)});}}"
        )
    return GeoJsonLayer(data, "{" + ",".join(parts) + "}", layer.show)


def _label_column(frame: gpd.GeoDataFrame) -> str | None:
    lower = {str(c).lower(): str(c) for c in frame.columns}
    return next((lower[c] for c in LABEL_COLUMNS if c in lower), None)


def _triangle_marker(style: Style) -> str:
    """JavaScript pointToLayer drawing a proposed stand as a numbered triangle."""
    svg = (
        '<svg width="26" height="24" viewBox="0 0 26 24">'
        f'<polygon points="13,1 25,23 1,23" fill="{style.fill}" stroke="{style.colour}" '
        'stroke-width="1.5"/><text x="13" y="20" text-anchor="middle" font-size="10" '
        'font-weight="bold" fill="#fff">'
    )
    return (
        "function(f,ll){return L.marker(ll,{icon:L.divIcon({className:'urbanista-site',"
        f"iconSize:[26,24],iconAnchor:[13,16],popupAnchor:[0,-12],html:{script_json(svg)}"
        "+f.properties.rank+'</text></svg>'})});}"
    )


def _reports(layer: _Layer, params: WebMapParams) -> Layer:
    """Citizen reports as clustered dots coloured by category, each with its popup.

    Each report travels as ``[lat, lon, category, date, status, number, text]``
    (category and status as indexes into lists); its popup is built when opened,
    with the browser's ``textContent``, so no report text is ever read as HTML.
    """
    assert layer.frame is not None
    points = layer.frame[layer.frame.geometry.notna() & ~layer.frame.geometry.is_empty]
    lonlat = points.geometry.to_crs(4326)
    attributes = points.drop(columns=points.geometry.name).to_dict("records")
    categories = [str(r.get("category") or "other") for r in attributes]
    fields = [web_text.report_fields(r, params.language) for r in attributes]
    kinds = list(dict.fromkeys(categories))
    statuses = list(dict.fromkeys(f[1] for f in fields))
    rows = [
        [round(pt.y, 6), round(pt.x, 6), kinds.index(c), when, statuses.index(status), no, text]
        for pt, c, (when, status, no, text) in zip(lonlat, categories, fields, strict=True)
    ]
    words = web_text.WORDS[params.language]
    lists = {
        "colour": [web_text.category_colour(c) for c in kinds],
        "label": [web_text.category_label(c, params.language) for c in kinds],
        "status": statuses,
        "head": [words["date"], words["status"], words["number"]],
    }
    callback = (
        f"(function(){{var k={script_json(lists)};"
        "function popup(r){var d=document.createElement('div');d.className='urbanista-popup';"
        "var h=d.appendChild(document.createElement('h3'));h.textContent=k.label[r[2]];"
        "var t=d.appendChild(document.createElement('table'));"
        "[r[3],k.status[r[4]],r[5]].forEach(function(v,i){if(!v){return;}var w=t.insertRow();"
        "w.appendChild(document.createElement('th')).textContent=k.head[i];"
        "w.insertCell().textContent=v;});"
        "if(r[6]){d.appendChild(document.createElement('p')).textContent=r[6];}return d;}"
        "return function(r){var m=L.circleMarker([r[0],r[1]],{radius:6,weight:1,"
        "color:'#ffffff',fillColor:k.colour[r[2]],fillOpacity:0.95,pane:'markerPane'});"
        "m.bindPopup(function(){return popup(r);},{maxWidth:320});return m;};})()"
    )
    return FastMarkerCluster(  # type: ignore[no-untyped-call]
        rows,
        callback=callback,
        show=layer.show,
        max_cluster_radius=60,
        disable_clustering_at_zoom=17,
        show_coverage_on_hover=False,
        chunked_loading=True,
        icon_create_function=(
            "function(cluster){var n=cluster.getChildCount();"
            "var s=n<10?24:n<100?30:36;return L.divIcon({html:'<div>'+n+'</div>',"
            "className:'urbanista-cluster',iconSize:L.point(s,s)});}"
        ),
    )
