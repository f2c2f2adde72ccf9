"""The parts of the HTML map's page folium lacks, and the bundled Leaflet put into it.

Compact layers (GeoJSON as Leaflet takes it, a heatmap that picks its
resolution by zoom), plain scripts for the title and legend boxes, and the
swap of folium's CDN links for Leaflet and markercluster inlined from
``assets/``, so that the page loads nothing from anywhere.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from analysis.export.web_layers import HeatmapImage

ASSETS = Path(__file__).with_name("assets")
_FOLIUM_LINKS = frozenset(
    {
        "leaflet",
        "jquery",
        "bootstrap",
        "awesome_markers",
        "leaflet_css",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers_font_css",
        "awesome_markers_css",
        "awesome_rotate_css",
        "markerclusterjs",
        "markerclustercss",
        "markerclusterdefaultcss",
    }
)
"""CDN links folium's elements ask for; Leaflet and markercluster are inlined instead."""


class GeoJsonLayer(Layer):
    """A GeoJSON layer as compact as Leaflet takes it: data and options, nothing per feature."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.geoJson({{ this.data }}, {{ this.options }});"
        "{% endmacro %}"
    )

    def __init__(self, data: Mapping[str, Any], options: str, show: bool) -> None:
        super().__init__(overlay=True, control=True, show=show)
        self._name = "GeoJson"
        self.data = script_json(data)
        self.options = options


class HeatmapLayer(Layer):
    """A heatmap's images, the finest whose pixels are not smaller than the screen's shown."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = (function(levels,bounds,options){"
        "var images=levels.map(function(l){return L.imageOverlay(l[0],bounds,options);});"
        "var Heat=L.LayerGroup.extend({"
        "onAdd:function(map){L.LayerGroup.prototype.onAdd.call(this,map);"
        "map.on('zoomend',this._pick,this);this._pick();},"
        "onRemove:function(map){map.off('zoomend',this._pick,this);"
        "L.LayerGroup.prototype.onRemove.call(this,map);},"
        "_pick:function(){var mpp=40075016.686/256/Math.pow(2,this._map.getZoom());"
        "var i=0;while(i<levels.length-1&&levels[i][1]<mpp){i++;}"
        "if(!this.hasLayer(images[i])){this.clearLayers();this.addLayer(images[i]);}}});"
        "return new Heat();})({{ this.levels }},{{ this.bounds }},{{ this.options }});"
        "{% endmacro %}"
    )

    def __init__(self, heat: HeatmapImage, options: Mapping[str, Any], show: bool) -> None:
        super().__init__(overlay=True, control=True, show=show)
        self._name = "Heatmap"
        uris = [
            ("data:image/png;base64," + base64.b64encode(png).decode("ascii"), round(pixel, 3))
            for png, pixel in heat.levels
        ]
        self.levels = script_json(uris)
        self.bounds = script_json([heat.south_west, heat.north_east])
        self.options = script_json(options)


class MapScript(folium.MacroElement):
    """Plain JavaScript run once the map and its layers exist."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, code: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "MapScript"
        self.code = code


def script_json(value: Any) -> str:
    """``value`` as JSON safe inside an HTML ``<script>``: no ``</script>`` can end it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def furniture(
    fmap: folium.Map, title: str, subtitle: str, sources: list[str], words: Mapping[str, str]
) -> MapScript:
    """Title box, zoom buttons below it, and the data sources in the attribution line."""
    box = f"<h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p>"
    credits = f"{words['sources']}: {'; '.join(sources)}" if sources else ""
    return MapScript(
        f"(function(map){{var t=L.control({{position:'topleft'}});"
        "t.onAdd=function(){var d=L.DomUtil.create('div','urbanista-box urbanista-title');"
        f"d.innerHTML={script_json(box)};return d;}};t.addTo(map);"
        "L.control.zoom({position:'topleft'}).addTo(map);"
        "L.control.scale({imperial:false,maxWidth:150}).addTo(map);"
        "map.attributionControl.setPrefix('Urbanista \\u00b7 Leaflet');"
        f"var s={script_json(html.escape(credits))};if(s){{map.attributionControl"
        f".addAttribution(s);}}}})({fmap.get_name()});"
    )


def legend_box(fmap: folium.Map, sections: list[tuple[Layer, str]]) -> MapScript:
    """The legend box: one section per layer, shown while the layer is on the map."""
    body = "".join(
        f'<section data-layer="{element.get_name()}">{section}</section>'
        for element, section in sections
    )
    layers = "{" + ",".join(f"{e.get_name()}:{e.get_name()}" for e, _ in sections) + "}"
    return MapScript(
        f"(function(map,layers){{var g=L.control({{position:'bottomright'}});"
        "g.onAdd=function(){var d=L.DomUtil.create('div','urbanista-box urbanista-legend');"
        f"d.innerHTML={script_json(body)};L.DomEvent.disableClickPropagation(d);"
        "L.DomEvent.disableScrollPropagation(d);return d;};g.addTo(map);"
        "function sync(){var any=false;for(var k in layers){"
        "var on=map.hasLayer(layers[k]);any=any||on;"
        "g.getContainer().querySelector('[data-layer=\"'+k+'\"]').style.display=on?'':'none';}"
        "g.getContainer().style.display=any?'':'none';}"
        f"map.on('overlayadd overlayremove',sync);sync();}})({fmap.get_name()},{layers});"
    )


def inline_assets(fmap: folium.Map, clusters: bool) -> None:
    """Drop folium's CDN links and put the bundled Leaflet (and markercluster) in the page.

    Raises
    ------
    RuntimeError
        If an element asks for a library not bundled (a folium upgrade, a new element).
    """
    root = fmap.get_root()
    assert isinstance(root, Figure)
    stack: list[Element] = [root]
    while stack:
        element = stack.pop()
        stack.extend(element._children.values())
        if isinstance(element, JSCSSMixin):
            links = {name for name, _ in element.default_js + element.default_css}
            if links - _FOLIUM_LINKS:
                raise RuntimeError(f"{type(element).__name__} needs {links - _FOLIUM_LINKS}")
            element.default_js, element.default_css = [], []
    css = [ASSETS / "leaflet" / "leaflet.css", ASSETS / "urbanista" / "map.css"]
    js = [ASSETS / "leaflet" / "leaflet.js"]
    notices = [ASSETS / "leaflet" / "LICENSE"]
    if clusters:
        css.insert(1, ASSETS / "leaflet.markercluster" / "MarkerCluster.css")
        js.append(ASSETS / "leaflet.markercluster" / "leaflet.markercluster.js")
        notices.append(ASSETS / "leaflet.markercluster" / "LICENSE")
    licences = "\n\n".join(
        f"{p.parent.name}:\n{p.read_text(encoding='utf-8').strip()}" for p in notices
    )
    parts = [f"<!--\n{licences}\n-->"]
    parts += [f"<style>{_inline_css(p)}</style>" for p in css]
    parts += [f"<script>{p.read_text(encoding='utf-8')}</script>" for p in js]
    root.header.add_child(folium.Element("\n".join(parts)), name="urbanista_assets")


def _inline_css(path: Path) -> str:
    """The stylesheet at ``path``, without comments, with the images it names as data URIs."""

    def data_uri(match: re.Match[str]) -> str:
        target = match.group(1).strip("'\"")
        if target.startswith(("data:", "#")):
            return match.group(0)
        image = (path.parent / target).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(image).decode('ascii')})"

    css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"url\(([^)]*)\)", data_uri, css)


def check_offline(text: str) -> None:
    """Fail rather than write a map that would fetch a script or stylesheet."""
    if re.search(r"<script[^>]+\bsrc\s*=|<link[^>]+\bhref\s*=", text, re.I):
        raise RuntimeError("the map still links an external script or stylesheet")
