"""The offline HTML map: nothing fetched from outside, layers, popups, heatmap legend, tiles."""

from __future__ import annotations

import html
import json
import math
import os
import posixpath
import re
import shutil
import socketserver
import sqlite3
import subprocess
import threading
import warnings
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely
from branca.utilities import write_png
from click.testing import CliRunner

from analysis.cli.main import cli
from analysis.errors import InputError
from analysis.export import web_map
from analysis.export.styles import CATEGORY_COLOURS, STYLE_BY_ROLE
from analysis.export.web_layers import ColourScale, heatmap_image, nice_ticks
from analysis.export.web_map import TILES_MARKER, WebMapParams, write_web_map
from analysis.export.web_text import number
from analysis.io.geotiff import write_geotiff
from analysis.kernels.grid import Grid
from analysis.workspace import DatasetKind, Workspace

X0, Y0 = 560_000.0, 380_000.0
"""Bottom-left corner of the test town (EPSG:2180): 4 km wide, 3 km high."""
MADE = date(2026, 12, 1)
XSS = "<script>alert(1)</script>"
EVIL_STREET = '<img src=x onerror="alert(2)">'
PERSONAL = ("Jan Kowalski", "jan.kowalski@example.com", "600 700 800")
BROWSER_HOSTS = frozenset(
    {
        "update.googleapis.com",
        "clients2.google.com",
        "accounts.google.com",
        "redirector.gvt1.com",
        "safebrowsing.googleapis.com",
        "clientservices.googleapis.com",
        "optimizationguide-pa.googleapis.com",
        "content-autofill.googleapis.com",
        "edgedl.me.gvt1.com",
        "dl.google.com",
    }
)
"""Chromium's own services, which it calls whatever page it shows: not the map's doing."""
ALLOWED_JS_URLS = frozenset({"http://www.w3.org/2000/svg", "https://leafletjs.com"})
"""URLs in Leaflet's code that load nothing: the SVG namespace, and the default
attribution link, which the map replaces (checked in the browser below)."""


# --- the test town --------------------------------------------------------------------------


def _town(path: Path, reports: bool = True) -> Workspace:
    """Basemap, cycleway, a cycling heatmap, analysis results and citizen reports."""
    ws = Workspace.create(path)
    streets = gpd.GeoDataFrame(
        {
            "nazwa": ["ul. A", "ul. B", "ul. C", "ul. D"],
            "klasa": ["primary", "residential", "residential", "secondary"],
        },
        geometry=[shapely.LineString([(X0 + x, Y0), (X0 + x, Y0 + 3000)]) for x in (1000, 2000)]
        + [shapely.LineString([(X0, Y0 + y), (X0 + 4000, Y0 + y)]) for y in (1000, 2000)],
        crs="EPSG:2180",
    )
    districts = gpd.GeoDataFrame(
        {"nazwa": ["Zachód", "Wschód <b>"]},
        geometry=[
            shapely.box(X0, Y0, X0 + 2000, Y0 + 3000),
            shapely.box(X0 + 2000, Y0, X0 + 4000, Y0 + 3000),
        ],
        crs="EPSG:2180",
    )
    water = gpd.GeoDataFrame(
        geometry=[shapely.box(X0, Y0 + 300, X0 + 4000, Y0 + 500)], crs="EPSG:2180"
    )
    parks = gpd.GeoDataFrame(
        geometry=[shapely.box(X0 + 2300, Y0 + 2200, X0 + 3300, Y0 + 2800)], crs="EPSG:2180"
    )
    cycleway = gpd.GeoDataFrame(
        geometry=[shapely.LineString([(X0 + 3500, Y0 + 600), (X0 + 3500, Y0 + 2900)])],
        crs="EPSG:2180",
    )
    corridors = gpd.GeoDataFrame(
        {
            "rank": [1],
            "street": [EVIL_STREET],
            "length_m": [1500.0],
            "users_per_day": [7.26],
            "reports": [3],
            "score": [0.61],
        },
        geometry=[shapely.LineString([(X0 + 200, Y0 + 1500), (X0 + 1800, Y0 + 1500)])],
        crs="EPSG:2180",
    )
    sites = gpd.GeoDataFrame(
        {"rank": [1, 2], "covered_demand": [228.0, 144.0], "points_within_walk": [50, 142]},
        geometry=[shapely.Point(X0 + 1200, Y0 + 2500), shapely.Point(X0 + 2800, Y0 + 1200)],
        crs="EPSG:2180",
    )
    values = np.full((30, 40), np.nan)
    values[7, 5:35] = np.linspace(5, 400, 30)  # a busy street 2.25 km north of the origin
    tif = write_geotiff(
        path.with_name("rower.tif"),
        values,
        Grid(X0, Y0 + 3000, 100.0, 40, 30),
        "EPSG:2180",
        unit="activities per 100 m cell",
        tags={"filters": "cycling", "min_users": 5},
    )
    city = {"licence": "CC BY 4.0 (Urząd Miasta Testowo)", "source_date": date(2026, 6, 30)}
    with ws.transaction() as tx:
        tx.write_layer(
            streets,
            "ulice",
            DatasetKind.DATASET,
            title="Ulice",
            licence="ODbL 1.0 (OpenStreetMap contributors)",
        )
        tx.write_layer(districts, "dzielnice", DatasetKind.DATASET, title="Dzielnice", **city)
        tx.write_layer(water, "wody", DatasetKind.DATASET, title="Wody", **city)
        tx.write_layer(parks, "parki", DatasetKind.DATASET, title="Parki", **city)
        tx.write_layer(cycleway, "drogi_rowerowe", DatasetKind.DATASET, title="Drogi rowerowe")
        tx.add_raster(tif, "heatmap_cycling", title="Heatmap: cycling")
        tx.write_layer(
            corridors, "gaps_corridors", DatasetKind.ANALYSIS, quality={"analysis": "gaps"}
        )
        tx.write_layer(sites, "racks_sites", DatasetKind.ANALYSIS, quality={"analysis": "racks"})
        school = gpd.GeoDataFrame(geometry=[shapely.Point(X0 + 600, Y0 + 2600)], crs="EPSG:2180")
        tx.write_layer(school, "szkoly", DatasetKind.DATASET, title="Szkoły", **city)
        track = gpd.GeoDataFrame(
            geometry=[shapely.LineString([(X0, Y0), (X0 + 9, Y0)])], crs="EPSG:2180"
        )
        tx.write_layer(track, "activities", DatasetKind.TRACKS, title="Activities")
        tx.write_table(
            pd.DataFrame({"key": ["a"]}),
            "gaps_summary",
            DatasetKind.ANALYSIS,
            quality={"analysis": "gaps"},
        )
        if reports:
            tx.write_layer(_reports(), "reports", DatasetKind.REPORTS, title="Citizen reports")
    return ws


def _reports() -> gpd.GeoDataFrame:
    """Seven reports, one per category, far apart; two with text no page may run or show."""
    categories = list(CATEGORY_COLOURS)
    descriptions = [f"Zgłoszenie {i}" for i in range(len(categories))]
    descriptions[0] = f"Dziura {XSS} & <b>głęboka</b>"
    descriptions[1] = f"Proszę dzwonić {PERSONAL[2]} lub pisać {PERSONAL[1]}"
    return gpd.GeoDataFrame(
        {
            "report_id": [f"2026/{i:05d}" for i in range(len(categories))],
            "category": categories,
            "status": ["closed", "open", "in_progress", "rejected", "closed", "open", "open"],
            "created": pd.to_datetime(["2026-03-31T22:30:00Z"] * len(categories), utc=True),
            "description": descriptions,
            "zglaszajacy": [PERSONAL[0]] * len(categories),  # kept with --keep-personal
        },
        geometry=shapely.points([(X0 + 300 + 550 * i, Y0 + 800) for i in range(len(categories))]),
        crs="EPSG:2180",
    )


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return _town(tmp_path_factory.mktemp("town") / "testowo.gpkg")


@pytest.fixture(scope="module")
def town_map(town: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("town_map") / "mapa.html"
    write_web_map(town, out, WebMapParams(made_on=MADE))
    return out


# --- headless Chromium, offline, with every request recorded ---------------------------------


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed; .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


class _Recorder(socketserver.ThreadingTCPServer):
    """An HTTP proxy that records the first line of every request and refuses it."""

    daemon_threads = True

    def __init__(self) -> None:
        self.requests: list[str] = []
        super().__init__(("127.0.0.1", 0), _RefuseHandler)


class _RefuseHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        assert isinstance(self.server, _Recorder)
        line = self.rfile.readline(65536).decode("latin-1").strip()
        if line:  # an empty line: a socket Chromium opened ahead and closed unused, no request
            self.server.requests.append(line)
        self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")


@pytest.fixture
def recorder() -> Iterator[_Recorder]:
    server = _Recorder()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _host(request_line: str) -> str:
    target = request_line.split(" ")[1] if " " in request_line else request_line
    return re.sub(r"^[a-z]+://", "", target).split("/")[0].split(":")[0]


def _page_requests(recorder: _Recorder) -> list[str]:
    return [r for r in recorder.requests if _host(r) not in BROWSER_HOSTS]


def _browse(
    page: Path,
    recorder: _Recorder,
    tmp: Path,
    *,
    probe: str = "",
    screenshot: Path | None = None,
    size: str = "1000,800",
) -> tuple[str, str]:
    """Open ``page`` in headless Chromium with every request going to ``recorder``.

    ``probe`` is JavaScript run a second after the page has loaded, with ``map``
    bound to the Leaflet map; what it returns is put in the page as JSON (read
    it with :func:`_probed`). Returns the DOM after load and Chromium's console log.
    """
    if probe:
        text = page.read_text(encoding="utf-8")
        name = re.search(r"var (map_\w+) = L\.map\(", text)
        assert name, "no Leaflet map in the page"
        code = (
            f"<script>(function(map){{window.addEventListener('load',function(){{"
            f"setTimeout(function(){{var out=(function(){{{probe}}})();"
            "var pre=document.createElement('pre');pre.id='probe';"
            "pre.textContent=JSON.stringify(out);document.body.appendChild(pre);},1000);});"
            f"}})({name[1]});</script>"
        )
        probed = page.with_name(f"probe_{page.name}")  # beside it: relative URLs still work
        probed.write_text(text.replace("</html>", code + "</html>"), encoding="utf-8")
        page = probed
    port = recorder.server_address[1]
    profile = tmp / f"chromium-{len(list(tmp.glob('chromium-*')))}"
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate",
        f"--user-data-dir={profile}",
        f"--proxy-server=http://127.0.0.1:{port}",
        "--proxy-bypass-list=<-loopback>",
        "--virtual-time-budget=4000",
        f"--window-size={size}",
        "--enable-logging=stderr",
        "--v=0",
        "--hide-scrollbars",
    ]
    command += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
    done = subprocess.run(
        [*command, page.resolve().as_uri()], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = "\n".join(line for line in done.stderr.splitlines() if ":CONSOLE" in line)
    return done.stdout, console


def _unescaped(page: str) -> str:
    """``page`` with the ``\\uXXXX`` escapes of its JSON decoded."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), page)


def _probed(dom: str) -> object:
    match = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert match, "the probe did not run"
    return json.loads(html.unescape(match[1]))


def _screenshot(path: Path) -> np.ndarray:
    return np.moveaxis(_png(path.read_bytes())[:3], 0, -1).astype(int)


def _near(pixels: np.ndarray, colour: str | tuple[int, int, int], tolerance: int = 18) -> int:
    """How many pixels are within ``tolerance`` (per channel) of ``colour``."""
    rgb = np.array(_rgb(colour) if isinstance(colour, str) else colour)
    return int((np.abs(pixels - rgb).max(axis=-1) <= tolerance).sum())


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _blend(colour: str, opacity: float, under: str = "#f2efe9") -> tuple[int, int, int]:
    top, bottom = np.array(_rgb(colour)), np.array(_rgb(under))
    r, g, b = np.round(top * opacity + bottom * (1 - opacity)).astype(int)
    return int(r), int(g), int(b)


# --- nothing loaded from outside ---------------------------------------------------------------


class _References(HTMLParser):
    """Every URL an HTML page names: attributes, inline styles and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[str] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and key in ("src", "href", "srcset", "poster", "data", "action"):
                self.attributes.append(value)
            if value and key == "style":
                self.styles.append(value)
        self._inside = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside == "script":
            self.scripts.append(data)
        elif self._inside == "style":
            self.styles.append(data)


def _outside(url: str, folder: str = "") -> bool:
    """True if ``url`` (as a page in ``folder`` names it) leaves the page's folder."""
    url = url.strip()
    if url.startswith(("data:", "#")) or url in ("", "about:blank"):
        return False
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith(("/", "\\")):
        return True
    return posixpath.normpath(posixpath.join(folder or ".", url)).startswith("..")


def _references(page: str) -> tuple[list[str], list[str]]:
    """URLs the page would load: in its markup and styles (attributes, CSS ``url()``), and in
    its scripts (``src=``, ``href=``, ``url()`` and any absolute URL)."""
    parser = _References()
    parser.feed(page)
    markup = list(parser.attributes)
    for text in parser.styles:
        markup += re.findall(r"url\(\s*[\"']?([^\"')]+)", text)
    scripts = []
    for script in parser.scripts:
        text = _unescaped(script)
        scripts += re.findall(r"url\(\s*\\?[\"']?([^\"')\\]+)", text)
        scripts += re.findall(r"(?:src|href)\s*=\s*\\?[\"']([^\"'\\]+)", text)
        scripts += re.findall(r"(?:https?:)?//[\w-]+\.[\w.-]+[^\s'\"<>)\\]*", text)
    return markup, scripts


def test_html_names_no_url_outside_its_folder(town_map: Path) -> None:
    page = town_map.read_text(encoding="utf-8")
    markup, scripts = _references(page)
    assert markup and scripts, "the parser found nothing: it is broken"
    assert [u for u in markup if _outside(u)] == []
    assert {u for u in scripts if _outside(u)} <= ALLOWED_JS_URLS
    assert set(re.findall(r"https?://[^\s\"'<>)]+", page)) <= ALLOWED_JS_URLS  # grep http
    for cdn in ("jsdelivr", "cdnjs", "jquery", "bootstrap", "unpkg", "openstreetmap.org/"):
        assert cdn not in page.lower()
    assert "Leaflet 1.9.4" in page and "Copyright 2012 David Leaver" in page  # licences kept


def test_reference_parser_finds_what_folium_would_load() -> None:
    """The static check above can fail: folium's own page names CDNs, found here."""
    import folium

    page = folium.Map(tiles=None).get_root().render()
    markup, _ = _references(page)
    assert any("cdn.jsdelivr.net" in u for u in markup)
    assert any(_outside(u) for u in markup)
    _, scripts = _references('<script>L.tileLayer("https://tile.osm.org/{z}/{x}/{y}.png")</script>')
    assert [_outside(u) for u in scripts] == [True]
    assert _outside("../x.png") and _outside("//cdn.example/x.js") and not _outside("t/1.png")


def test_map_loads_offline_without_one_request(
    town_map: Path, recorder: _Recorder, tmp_path: Path
) -> None:
    probe = (
        "var c=map.getContainer();return {paths:c.querySelectorAll('path').length,"
        "images:c.querySelectorAll('img.leaflet-image-layer').length,"
        "markers:c.querySelectorAll('.leaflet-marker-icon').length,"
        "prefix:map.attributionControl.getContainer().innerHTML,"
        "links:document.querySelectorAll('a[href^=\"http\"]').length};"
    )
    dom, console = _browse(town_map, recorder, tmp_path, probe=probe)
    found = _probed(dom)
    assert 'class="folium-map leaflet-container' in dom
    assert isinstance(found, dict)
    assert found["paths"] >= 8  # streets, water, park, districts, cycleway, corridor
    assert found["images"] == 1  # the heatmap, at one of its resolutions
    assert found["markers"] >= 2  # the proposed stands
    assert found["links"] == 0 and "leafletjs.com" not in found["prefix"]
    assert "ODbL 1.0 (OpenStreetMap contributors)" in found["prefix"]
    assert "Uncaught" not in console and "Error" not in console, console
    assert _page_requests(recorder) == []


def test_recording_proxy_sees_a_page_that_loads_from_a_cdn(
    recorder: _Recorder, tmp_path: Path
) -> None:
    """The check above can fail: a page naming a CDN makes requests the proxy records."""
    page = tmp_path / "cdn.html"
    page.write_text(
        '<html><head><script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js">'
        '</script></head><body><img src="http://tile.example.org/1/0/0.png"></body></html>',
        encoding="utf-8",
    )
    _browse(page, recorder, tmp_path)
    hosts = {_host(r) for r in _page_requests(recorder)}
    assert {"cdn.jsdelivr.net", "tile.example.org"} <= hosts


def test_screenshot_shows_basemap_heatmap_and_proposals(
    town: Workspace, recorder: _Recorder, tmp_path: Path
) -> None:
    out = tmp_path / "mapa.html"
    layers = (
        "ulice",
        "wody",
        "parki",
        "drogi_rowerowe",
        "heatmap_cycling",
        "gaps_corridors",
        "racks_sites",
    )
    write_web_map(town, out, WebMapParams(layers=layers, made_on=MADE))
    shot = tmp_path / "mapa.png"
    _browse(out, recorder, tmp_path, screenshot=shot)
    pixels = _screenshot(shot)
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 200
    styles = STYLE_BY_ROLE
    assert _near(pixels, "#f2efe9", 2) > 100_000  # the land
    assert _near(pixels, styles["water"].fill or "") > 2_000
    assert _near(pixels, styles["parks"].fill or "") > 2_000
    assert _near(pixels, styles["cycleways"].colour) > 150
    corridor = styles["gap_corridors"]
    assert _near(pixels, _blend(corridor.colour, corridor.opacity)) > 150
    assert _near(pixels, styles["proposed_racks"].fill or "") > 40
    busiest = _blend("#800026", styles["heatmap"].opacity)  # the end of the colour ramp
    assert _near(pixels, busiest, 25) > 20
    assert _near(pixels, "#8c8c8c", 12) > 150  # the main street
    assert _page_requests(recorder) == []


# --- popups and the layer list -----------------------------------------------------------------

POPUPS = (
    "window.alert=function(){document.title='alert ran';};"
    "var box=document.createElement('div');box.id='popups';document.body.appendChild(box);"
    "var texts=[];map.eachLayer(function(l){"
    "if(l instanceof L.MarkerClusterGroup){l.getLayers().forEach(function(m){"
    "var c=m.getPopup()._content;var e=typeof c==='function'?c(m):c;box.appendChild(e);"
    "texts.push(e.textContent);});}"
    "else if(l.feature&&l.getPopup&&l.getPopup()){var d=document.createElement('div');"
    "d.innerHTML=l.getPopup()._content;box.appendChild(d);texts.push(d.textContent);}});"
    "return {texts:texts,scripts:box.querySelectorAll('script').length,"
    "images:box.querySelectorAll('img').length,bold:box.querySelectorAll('b').length};"
)


def test_popups_show_residents_text_as_text_and_no_personal_data(
    town_map: Path, recorder: _Recorder, tmp_path: Path
) -> None:
    dom, _ = _browse(town_map, recorder, tmp_path, probe=POPUPS)
    found = _probed(dom)
    assert isinstance(found, dict)
    texts = found["texts"]
    assert len(texts) == 7 + 1 + 2  # reports, corridor, stands
    pothole = next(t for t in texts if "Dziura" in t)
    assert f"Dziura {XSS} & <b>głęboka</b>" in pothole  # as text, character for character
    assert "Dziury w jezdni" in pothole and "2026-04-01" in pothole  # Warsaw's date
    assert "Zakończone" in pothole and "2026/00000" in pothole
    assert found["scripts"] == 0 and found["images"] == 0 and found["bold"] == 0
    assert any(EVIL_STREET in t and "1,5 km" in t and "7,3" in t for t in texts)
    assert re.search(r"<title>(.*?)</title>", dom)[1] == "Testowo"  # no alert() ran, even later
    page = town_map.read_text(encoding="utf-8")
    for personal in PERSONAL:
        assert personal not in page
    assert XSS not in page
    assert any("Proszę dzwonić [usunięto] lub pisać [usunięto]" in t for t in texts)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "pl",
            [
                "Proponowane stojaki",
                "Drogi rowerowe",
                "Szkoły",
                "Natężenie ruchu: rower",
                "Zgłoszenia mieszkańców",
                "Brakujące połączenia rowerowe",
                "Ulice",
                "Wody",
            ],
        ),
        (
            "en",
            [
                "Proposed bike stands",
                "Cycleways",
                "Schools",
                "Activity: cycling",
                "Citizen reports",
                "Missing cycle links",
                "Streets",
                "Water",
            ],
        ),
    ],
)
def test_layer_switcher_lists_every_layer_with_context_layers_off(
    town: Workspace, recorder: _Recorder, tmp_path: Path, language: str, expected: list[str]
) -> None:
    out = tmp_path / "map.html"
    result = write_web_map(town, out, WebMapParams(language=language, made_on=MADE))
    assert "activities" not in result.layers and "gaps_summary" not in result.layers
    probe = (
        "var r={};document.querySelectorAll('.leaflet-control-layers-overlays label')"
        ".forEach(function(l){r[l.textContent.trim()]=l.querySelector('input').checked;});"
        "return {layers:r,legend:document.querySelector('.urbanista-legend').textContent,"
        "title:document.querySelector('.urbanista-title').textContent};"
    )
    found = _probed(_browse(out, recorder, tmp_path, probe=probe)[0])
    assert isinstance(found, dict)
    switcher = found["layers"]
    assert set(expected) <= set(switcher)
    assert len(switcher) == len(result.layers) == 10
    assert switcher[expected[2]] is False  # schools: there, but off
    assert all(on for name, on in switcher.items() if name != expected[2])
    assert "2026-12-01" in found["title"] and "Testowo" in found["title"]
    unit = "aktywności na komórkę 100 m" if language == "pl" else "activities per 100 m cell"
    assert unit in found["legend"]
    blank = "mniej niż 5 osób" if language == "pl" else "fewer than 5 people"
    assert blank in found["legend"]


# --- the heatmap -------------------------------------------------------------------------------


def _png(data: bytes) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
        with rasterio.MemoryFile(data) as memory, memory.open() as png:
            return png.read()


def test_heatmap_is_transparent_without_data_and_placed_on_its_extent(town: Workspace) -> None:
    tif = town.raster_file("heatmap_cycling")
    heat = heatmap_image(tif, "YlOrRd", ColourScale())
    with rasterio.open(tif) as src:
        west, south, east, north = rasterio.warp.transform_bounds(src.crs, "EPSG:4326", *src.bounds)
    cell_deg = 100 / 111_000 * 2  # the padding of coarser levels is at most a few cells
    assert heat.south_west[0] == pytest.approx(south, abs=cell_deg)
    assert heat.south_west[1] == pytest.approx(west, abs=1e-6)
    assert heat.north_east[0] == pytest.approx(north, abs=1e-6)
    assert heat.north_east[1] == pytest.approx(east, abs=cell_deg * 2)
    image = _png(heat.levels[0][0])
    alpha = image[3]
    shown_rows = np.flatnonzero((alpha > 0).any(axis=1))
    assert 0 < len(shown_rows) <= 3  # one raster row (Web Mercator cells are 1.6x smaller)
    assert (alpha > 0).sum() < alpha.size * 0.05
    row = image[:, shown_rows[0]]
    busy = np.flatnonzero(image[3, shown_rows[0]] > 0)
    assert row[0, busy[-1]] < row[0, busy[0]] or row[1, busy[-1]] < row[1, busy[0]]  # darker
    assert heat.unit == "activities per 100 m cell"
    assert heat.vmin == 5.0 and 380 < heat.vmax <= 400


def test_coarser_heatmap_levels_keep_a_one_cell_street(tmp_path: Path) -> None:
    values = np.full((300, 400), np.nan)
    values[150, 20:380] = np.linspace(5, 50, 360)  # a street one 10 m cell wide
    values[10, 10] = 400.0
    tif = write_geotiff(
        tmp_path / "ulica.tif",
        values,
        Grid(X0, Y0 + 3000, 10.0, 400, 300),
        "EPSG:2180",
        unit="activities per 10 m cell",
    )
    heat = heatmap_image(tif, "YlOrRd", ColourScale())
    assert len(heat.levels) == 3  # 640, 320, 160 pixels wide (Web Mercator: 1.6x the cells)
    sizes = [pixel for _, pixel in heat.levels]
    assert sizes == pytest.approx([sizes[0] * 2**k for k in range(len(sizes))])
    for png, _ in heat.levels:
        alpha = _png(png)[3]
        length = alpha.shape[1] * 360 / 400  # the street's length in this level's pixels
        assert 0.9 * length <= (alpha > 0).sum() <= 2.5 * length  # unbroken, about 1 pixel wide
        assert alpha.max() == 255  # the busiest cell keeps its full strength


def test_legend_ticks_are_round_and_evenly_spread() -> None:
    assert nice_ticks(5.0, 374.0, 0.5) == (5.0, 30.0, 100.0, 200.0, 374.0)
    assert nice_ticks(1.0, 1.0, 0.5) == (1.0,)
    assert number(1234.5, "pl", 1) == "1\u00a0234,5" and number(1234.5, "en", 1) == "1\u00a0234.5"
    assert number(float("nan"), "pl") == "" and number(None, "en") == ""


# --- local tiles -------------------------------------------------------------------------------

TILE_ZOOMS = range(12, 16)
TILE_COLOUR = (230, 0, 230)


def _tile_range(town: Workspace, zoom: int) -> Iterator[tuple[int, int]]:
    bounds = (
        gpd.GeoSeries([shapely.box(X0 - 500, Y0 - 500, X0 + 4500, Y0 + 3500)], crs="EPSG:2180")
        .to_crs(4326)
        .total_bounds
    )
    west, south, east, north = bounds

    def tile(lon: float, lat: float) -> tuple[int, int]:
        n = 2**zoom
        y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
        return int((lon + 180) / 360 * n), int(y)

    (x0, y0), (x1, y1) = tile(west, north), tile(east, south)
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            yield x, y


def _solid_tile() -> bytes:
    return bytes(write_png(np.full((256, 256, 4), (*TILE_COLOUR, 255), dtype=np.uint8)))


def test_xyz_tiles_are_referenced_relatively_and_shown(
    town: Workspace, recorder: _Recorder, tmp_path: Path
) -> None:
    site = tmp_path / "strona"
    tile = _solid_tile()
    for zoom in TILE_ZOOMS:
        for x, y in _tile_range(town, zoom):
            (site / "kafle" / str(zoom) / str(x)).mkdir(parents=True, exist_ok=True)
            (site / "kafle" / str(zoom) / str(x) / f"{y}.png").write_bytes(tile)
    out = site / "mapa.html"
    result = write_web_map(town, out, WebMapParams(tiles=site / "kafle", made_on=MADE))
    page = out.read_text(encoding="utf-8")
    assert '"kafle/{z}/{x}/{y}.png"' in page and result.tiles is None
    markup, scripts = _references(page)
    assert [u for u in markup + scripts if _outside(u) and u not in ALLOWED_JS_URLS] == []
    probe = (
        "var r={};document.querySelectorAll('.leaflet-control-layers-overlays label')"
        ".forEach(function(l){r[l.textContent.trim()]=l.querySelector('input').checked;});"
        "return {switcher:r,loaded:document.querySelectorAll('img.leaflet-tile-loaded').length};"
    )
    found = _probed(_browse(out, recorder, tmp_path, probe=probe)[0])
    assert isinstance(found, dict)
    assert found["loaded"] >= 4
    assert found["switcher"]["Podkład (kafle)"] is True
    assert found["switcher"]["Ulice"] is False  # the tiles have the streets
    shot = tmp_path / "tiles.png"
    _browse(out, recorder, tmp_path, screenshot=shot)
    assert _near(_screenshot(shot), TILE_COLOUR, 3) > 100_000
    assert _page_requests(recorder) == []


def _mbtiles(path: Path, town: Workspace, fmt: str = "png") -> dict[tuple[int, int, int], bytes]:
    """An MBTiles file whose tiles differ (their bytes name their XYZ address)."""
    written = {}
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
            "tile_row INTEGER, tile_data BLOB)"
        )
        conn.executemany(
            "INSERT INTO metadata VALUES (?, ?)",
            [
                ("format", fmt),
                ("attribution", '<a href="https://tiles.example.org">© Kafle</a>'),
            ],
        )
        for zoom in (13, 14):
            for x, y in _tile_range(town, zoom):
                data = _solid_tile() + f"{zoom}/{x}/{y}".encode()
                written[(zoom, x, y)] = data
                tms_row = 2**zoom - 1 - y
                conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (zoom, x, tms_row, data))
    conn.close()
    return written


def test_mbtiles_are_extracted_beside_the_map(town: Workspace, tmp_path: Path) -> None:
    mbtiles = tmp_path / "podklad.mbtiles"
    written = _mbtiles(mbtiles, town)
    out = tmp_path / "mapa.html"
    result = write_web_map(town, out, WebMapParams(tiles=mbtiles, made_on=MADE))
    folder = tmp_path / "mapa_tiles"
    assert result.tiles == folder and (folder / TILES_MARKER).is_file()
    for (zoom, x, y), data in written.items():
        assert (folder / str(zoom) / str(x) / f"{y}.png").read_bytes() == data
    page = _unescaped(out.read_text(encoding="utf-8"))
    assert '"mapa_tiles/{z}/{x}/{y}.png"' in page
    assert "© Kafle" in page and "tiles.example.org" not in page  # its link dropped
    assert '"maxNativeZoom": 14' in page and '"minNativeZoom": 13' in page
    stale = folder / "99" / "0" / "0.png"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    write_web_map(town, out, WebMapParams(tiles=mbtiles, made_on=MADE))  # again: replaced
    assert not stale.exists() and (folder / TILES_MARKER).is_file()
    shutil.rmtree(folder)
    folder.mkdir()
    (folder / "notatki.txt").write_text("nie moje", encoding="utf-8")
    with pytest.raises(InputError, match="not written by Urbanista"):
        write_web_map(town, out, WebMapParams(tiles=mbtiles, made_on=MADE))
    assert (folder / "notatki.txt").exists()


def test_a_failed_export_keeps_the_previous_map_and_its_tiles(
    town: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mbtiles = tmp_path / "podklad.mbtiles"
    _mbtiles(mbtiles, town)
    out = tmp_path / "mapa.html"
    write_web_map(town, out, WebMapParams(tiles=mbtiles, made_on=MADE))
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}

    def full_disk(target: Path, data: bytes) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(web_map, "write_output", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_web_map(town, out, WebMapParams(tiles=mbtiles, made_on=MADE))
    after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # the map, its tiles, and nothing half-extracted beside them


def test_vector_mbtiles_are_refused(town: Workspace, tmp_path: Path) -> None:
    mbtiles = tmp_path / "wektor.mbtiles"
    _mbtiles(mbtiles, town, fmt="pbf")
    with pytest.raises(InputError, match="pbf tiles"):
        write_web_map(town, tmp_path / "m.html", WebMapParams(tiles=mbtiles))


# --- bad input and the command line ------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "out", "message"),
    [
        (WebMapParams(layers=("ulice", "rowery")), "m.html", r"no layer 'rowery' \(it has: ulice"),
        (WebMapParams(layers=("activities",)), "m.html", "residents' tracks"),
        (WebMapParams(layers=("gaps_summary",)), "m.html", "no geometries"),
        (WebMapParams(), "m.txt", r"\.html file"),
        (WebMapParams(), "brak/m.html", "does not exist"),
        (WebMapParams(tiles=Path("/nonexistent/tiles")), "m.html", "no tiles at"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    town: Workspace, tmp_path: Path, params: WebMapParams, out: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        write_web_map(town, tmp_path / out, params)
    assert not (tmp_path / out).exists()


def _shown(page: str) -> dict[str, bool]:
    """Layer names in the switcher, and whether each is on the map when it opens."""
    pairs = re.findall(r'"((?:[^"\\]|\\.)*)" : (\w+),', page)
    return {
        re.sub(r"<[^>]*>", "", _unescaped(label)): f"{name}.addTo(" in page for label, name in pairs
    }


def test_layers_asked_by_name_are_on_even_context_ones(town: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    write_web_map(town, out, WebMapParams(layers=("szkoly", "ulice"), language="en"))
    assert _shown(out.read_text(encoding="utf-8")) == {"Schools": True, "Streets": True}
    write_web_map(town, out, WebMapParams(language="en"))
    shown = _shown(out.read_text(encoding="utf-8"))
    assert shown["Schools"] is False and shown["Streets"] is True and len(shown) == 10


def test_empty_workspace_has_nothing_to_draw(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "pusty.gpkg")
    with pytest.raises(InputError, match="nothing to draw: import datasets"):
        write_web_map(ws, tmp_path / "m.html", WebMapParams())


def test_cli_writes_the_html_map_and_the_print_map(town: Workspace, tmp_path: Path) -> None:
    runner = CliRunner()
    ws = str(town.path)
    html_map = tmp_path / "mapa.html"
    layers = ["--layers", "ulice,heatmap_cycling", "--layers", "reports"]
    done = runner.invoke(cli, ["map", "-w", ws, "-o", str(html_map), *layers, "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert "3 layers: ulice, heatmap_cycling, reports" in done.output.replace("\n", " ")
    assert "Citizen reports" in html_map.read_text(encoding="utf-8")
    png = tmp_path / "mapa.png"
    done = runner.invoke(cli, ["map", "-w", ws, "-o", str(png), "--dpi", "40"])
    assert done.exit_code == 0, done.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    done = runner.invoke(cli, ["map", "-w", ws, "-o", str(tmp_path / "x.html"), "--layers", "x"])
    assert done.exit_code == 1 and "has no layer 'x'" in done.output
    for bad in (
        ["-o", str(tmp_path / "x.svg")],
        ["-o", str(html_map), "--dpi", "100"],
        ["-o", str(png), "--tiles", str(tmp_path)],
    ):
        done = runner.invoke(cli, ["map", "-w", ws, *bad])
        assert done.exit_code == 2, done.output


def test_sample_city_map_is_small_and_draws_in_chromium(
    city_workspace: Workspace, recorder: _Recorder, tmp_path: Path
) -> None:
    shutil.copyfile(city_workspace.path, tmp_path / "miasto.gpkg")
    ws = Workspace.open(tmp_path / "miasto.gpkg")
    out = tmp_path / "miasto.html"
    result = write_web_map(ws, out, WebMapParams(made_on=MADE))
    assert {"ulice", "drogi_rowerowe", "dzielnice", "wody", "parki"} <= set(result.layers)
    assert result.size_bytes < 800_000
    assert "<title>Przykładowo</title>" in out.read_text(encoding="utf-8")  # not the file name
    probe = "return map.getContainer().querySelectorAll('path').length;"
    paths = _probed(_browse(out, recorder, tmp_path, probe=probe)[0])
    assert isinstance(paths, int) and paths > 50
    assert _page_requests(recorder) == []
