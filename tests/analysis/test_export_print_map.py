"""Print maps: map styles, and the PNG/PDF map of a workspace."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from analysis.errors import InputError
from analysis.export.cartography import (
    SCALE_BAR_GID,
    SCALE_LABEL_GID,
    SCALE_UNIT_GID,
    length_label,
    nice_length,
    nice_scale,
    north_angle,
    parse_length,
)
from analysis.export.map_figure import (
    LAND_COLOUR,
    MAP_GID,
    PrintMapParams,
    default_layers,
    draw_map,
    render_map,
)
from analysis.export.map_layers import MapLayer, RasterImage, layer_label
from analysis.export.styles import (
    CATEGORY_COLOURS,
    STYLE_BY_ROLE,
    category_style,
    road_style,
    role_of,
)
from analysis.io.geotiff import write_geotiff
from analysis.kernels.grid import Grid
from analysis.workspace import CatalogueEntry, DatasetKind, Workspace


def _entry(name: str, kind: DatasetKind, **quality: object) -> CatalogueEntry:
    return CatalogueEntry(name=name, kind=kind, crs="EPSG:2180", quality=quality)


@pytest.mark.parametrize(
    ("name", "kind", "geometry", "quality", "role"),
    [
        ("drogi_rowerowe", DatasetKind.DATASET, "MultiLineString", {}, "cycleways"),
        ("ulice", DatasetKind.DATASET, "LineString", {}, "streets"),
        ("wody", DatasetKind.DATASET, "Polygon", {}, "water"),
        ("parki", DatasetKind.DATASET, "Polygon", {}, "parks"),
        ("dzielnice", DatasetKind.DATASET, "MultiPolygon", {}, "districts"),
        ("stojaki_rowerowe", DatasetKind.DATASET, "Point", {}, "racks"),
        ("heatmap_cycling", DatasetKind.RASTER, None, {}, "heatmap"),
        ("reports", DatasetKind.REPORTS, "Point", {}, "reports"),
        (
            "gaps_corridors",
            DatasetKind.ANALYSIS,
            "LineString",
            {"analysis": "gaps"},
            "gap_corridors",
        ),
        ("racks_sites", DatasetKind.ANALYSIS, "Point", {"analysis": "racks"}, "proposed_racks"),
        (
            "reports_hotspots",
            DatasetKind.ANALYSIS,
            "Polygon",
            {"analysis": "reports"},
            "report_hotspots",
        ),
        ("racks_uncovered", DatasetKind.ANALYSIS, "Point", {"analysis": "racks"}, None),
        ("szkoly_wody", DatasetKind.DATASET, "Point", {}, "schools"),
        ("activities", DatasetKind.TRACKS, "LineString", {}, None),
    ],
)
def test_role_of_entries(name, kind, geometry, quality, role) -> None:
    assert role_of(_entry(name, kind, **quality), geometry) == role


def test_road_and_category_styles_refine_their_role() -> None:
    assert road_style("primary").width_pt > road_style("residential").width_pt
    assert road_style("primary_link").colour == road_style("primary").colour
    assert road_style("footway") == STYLE_BY_ROLE["streets"]
    assert category_style("pothole").label("pl") == "Dziury w jezdni"
    assert category_style("pothole").label("en") == "Potholes"
    assert category_style("pothole").colour != category_style("litter").colour
    assert category_style("unknown").colour == category_style("other").colour


# --- the print map ------------------------------------------------------------------------

X0, Y0 = 560_000.0, 380_000.0
"""Bottom-left corner of the little test town (EPSG:2180): 4 km wide, 3 km high."""
CYCLEWAY = [(X0 + 200, Y0 + 1500), (X0 + 1500, Y0 + 1500), (X0 + 3800, Y0 + 1600)]
BLANK = (X0 + 2500, Y0 + 2750)
"""A point of the town with nothing on it."""
PRINTED = date(2026, 12, 1)


def _town(path: Path) -> Workspace:
    """A small workspace with a basemap, cycleways, a cycling heatmap and analysis results."""
    ws = Workspace.create(path)
    lines = [shapely.LineString([(X0 + x, Y0), (X0 + x, Y0 + 3000)]) for x in (1000, 2000, 3000)]
    lines += [shapely.LineString([(X0, Y0 + 1000), (X0 + 4000, Y0 + 1000)])]
    streets = gpd.GeoDataFrame(
        {
            "nazwa": ["ul. A", "ul. B", "ul. C", "ul. D"],
            "klasa": ["primary", "residential", "residential", "secondary"],
        },
        geometry=lines,
        crs="EPSG:2180",
    )
    districts = gpd.GeoDataFrame(
        {"nazwa": ["Zachód", "Wschód"]},
        geometry=[
            shapely.box(X0, Y0, X0 + 2000, Y0 + 3000),
            shapely.box(X0 + 2000, Y0, X0 + 4000, Y0 + 3000),
        ],
        crs="EPSG:2180",
    )
    water = gpd.GeoDataFrame(
        geometry=[shapely.box(X0, Y0 + 300, X0 + 4000, Y0 + 450)], crs="EPSG:2180"
    )
    parks = gpd.GeoDataFrame(
        geometry=[shapely.box(X0 + 100, Y0 + 1700, X0 + 400, Y0 + 2000)], crs="EPSG:2180"
    )
    cycleways = gpd.GeoDataFrame(
        {"typ": ["droga"]}, geometry=[shapely.LineString(CYCLEWAY)], crs="EPSG:2180"
    )
    corridors = gpd.GeoDataFrame(
        {"rank": [1, 2], "street": ["ul. B", "ul. C"]},
        geometry=[
            shapely.LineString([(X0 + 2000, Y0 + 100), (X0 + 2000, Y0 + 900)]),
            shapely.LineString([(X0 + 3000, Y0 + 1700), (X0 + 3000, Y0 + 2900)]),
        ],
        crs="EPSG:2180",
    )
    sites = gpd.GeoDataFrame(
        {"rank": [1]}, geometry=[shapely.Point(X0 + 1200, Y0 + 2200)], crs="EPSG:2180"
    )
    hotspots = gpd.GeoDataFrame(
        {"category": ["pothole"], "reports": [12]},
        geometry=[shapely.box(X0 + 500, Y0 + 2300, X0 + 800, Y0 + 2600)],
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
            source_date=date(2026, 5, 1),
        )
        tx.write_layer(districts, "dzielnice", DatasetKind.DATASET, title="Dzielnice", **city)
        tx.write_layer(water, "wody", DatasetKind.DATASET, title="Wody powierzchniowe", **city)
        tx.write_layer(parks, "parki", DatasetKind.DATASET, title="Parki", **city)
        tx.write_layer(
            cycleways, "drogi_rowerowe", DatasetKind.DATASET, title="Drogi rowerowe", **city
        )
        tx.add_raster(tif, "heatmap_cycling", title="Heatmap: cycling")
        for name, frame in (
            ("gaps_corridors", corridors),
            ("racks_sites", sites),
            ("reports_hotspots", hotspots),
        ):
            analysis = name.split("_")[0]
            tx.write_layer(
                frame, name, DatasetKind.ANALYSIS, title=name, quality={"analysis": analysis}
            )
        categories = list(CATEGORY_COLOURS)
        reports = gpd.GeoDataFrame(
            {"category": categories},
            geometry=shapely.points([(X0 + 300 + 400 * i, Y0 + 700) for i in range(7)]),
            crs="EPSG:2180",
        )
        tx.write_layer(reports, "reports", DatasetKind.REPORTS, title="Citizen reports")
        stops = gpd.GeoDataFrame(geometry=[shapely.Point(X0 + 900, Y0 + 1100)], crs="EPSG:2180")
        tx.write_layer(stops, "przystanki", DatasetKind.DATASET, title="Przystanki", **city)
        tx.write_layer(stops, "stojaki_rowerowe", DatasetKind.DATASET, title="Stojaki", **city)
        tx.write_layer(stops, "szkoly", DatasetKind.DATASET, title="Szkoły", **city)
        track = gpd.GeoDataFrame(geometry=[shapely.LineString(CYCLEWAY)], crs="EPSG:2180")
        tx.write_layer(track, "activities", DatasetKind.TRACKS, title="Activities")
        tx.write_table(
            pd.DataFrame({"key": ["a"], "value": [1]}),
            "gaps_summary",
            DatasetKind.ANALYSIS,
            quality={"analysis": "gaps"},
        )
    return ws


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return _town(tmp_path_factory.mktemp("town") / "testowo.gpkg")


def _texts(fig) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _map_axes(fig):
    return next(ax for ax in fig.axes if ax.get_gid() == MAP_GID)


def _pixels(fig) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[:, :, :3].astype(int)


def _near(pixels: np.ndarray, fig, ax, x: float, y: float, radius: int = 1) -> np.ndarray:
    """The pixels around map point (x, y), as an (n, 3) array."""
    px, py = ax.transData.transform((x, y))
    row, col = round(pixels.shape[0] - py), round(px)
    block = pixels[row - radius : row + radius + 1, col - radius : col + radius + 1]
    return block.reshape(-1, 3)


def _rgb(colour: str) -> np.ndarray:
    from matplotlib.colors import to_rgb

    return np.round(np.array(to_rgb(colour)) * 255).astype(int)


def test_default_layers_are_the_basemap_and_thematic_layers(town: Workspace) -> None:
    assert default_layers(town) == [
        "wody",
        "parki",
        "ulice",
        "dzielnice",
        "heatmap_cycling",
        "drogi_rowerowe",
        "gaps_corridors",
        "reports_hotspots",
        "racks_sites",
    ]


@pytest.mark.parametrize(
    ("paper", "orientation", "dpi", "size_mm"),
    [
        ("A4", "landscape", 110, (297, 210)),
        ("A3", "portrait", 60, (297, 420)),
        ("A4", "portrait", 300, (210, 297)),
    ],
)
def test_png_has_the_paper_size_at_the_dpi(
    town: Workspace, tmp_path: Path, paper, orientation, dpi, size_mm
) -> None:
    from PIL import Image

    params = PrintMapParams(paper=paper, orientation=orientation, dpi=dpi, printed=PRINTED)
    out = render_map(town, tmp_path / "mapa.png", params)
    with Image.open(out) as image:
        width, height = image.size
        assert image.format == "PNG"
    assert (width, height) == (round(size_mm[0] / 25.4 * dpi), round(size_mm[1] / 25.4 * dpi))


@pytest.mark.parametrize(
    ("paper", "orientation", "points"),
    [("A4", "landscape", (841.89, 595.28)), ("A3", "portrait", (841.89, 1190.55))],
)
def test_pdf_is_one_page_of_the_paper_with_title_and_legend(
    town: Workspace, tmp_path: Path, paper, orientation, points
) -> None:
    pdfinfo, pdftotext = _tool("pdfinfo"), _tool("pdftotext")
    params = PrintMapParams(
        paper=paper, orientation=orientation, title="Mapa testowa Łódź", printed=PRINTED
    )
    out = render_map(town, tmp_path / "mapa.pdf", params)
    assert out.read_bytes().startswith(b"%PDF-")
    info = subprocess.run([pdfinfo, str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size is not None
    assert float(size[1]) == pytest.approx(points[0], abs=0.05)
    assert float(size[2]) == pytest.approx(points[1], abs=0.05)
    text = subprocess.run(
        [pdftotext, str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for expected in (
        "Mapa testowa Łódź",
        "Legenda",
        "Drogi rowerowe",
        "Ulice główne",
        "Proponowane stojaki",
        "Ruch rowerowy",
        "Skala 1:",
        "Źródła:",
        "Wydruk 2026-12-01",
    ):
        assert expected in flat


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} (poppler-utils) is missing; CI installs it")
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils)")
    return path


def test_cycleways_are_drawn_in_their_colour_and_blank_land_is_not(town: Workspace) -> None:
    fig = draw_map(town, PrintMapParams(dpi=100, printed=PRINTED))
    ax = _map_axes(fig)
    pixels = _pixels(fig)
    blue = _rgb(STYLE_BY_ROLE["cycleways"].colour)
    x, y = CYCLEWAY[1]
    assert (np.abs(_near(pixels, fig, ax, x, y) - blue).max(axis=1) <= 12).any()
    blank = _near(pixels, fig, ax, *BLANK, radius=3)
    assert (np.abs(blank - blue).max(axis=1) > 60).all()
    assert (np.abs(blank - _rgb(LAND_COLOUR)).max(axis=1) <= 2).all()


def test_heatmap_cells_are_coloured_and_its_bar_shows_the_raster_unit(town: Workspace) -> None:
    fig = draw_map(town, PrintMapParams(dpi=100, language="en", printed=PRINTED))
    ax = _map_axes(fig)
    pixels = _pixels(fig)
    busy = _near(pixels, fig, ax, X0 + 3350, Y0 + 2250)  # cell (7, 33), near 370 activities
    quiet = _near(pixels, fig, ax, X0 + 3350, Y0 + 1850)  # an empty cell below it
    assert (np.abs(busy - _rgb(LAND_COLOUR)).max(axis=1) > 60).all()
    assert (np.abs(quiet - _rgb(LAND_COLOUR)).max(axis=1) <= 2).all()
    labels = " ".join(_texts(fig)) + " ".join(a.get_xlabel() for a in fig.axes)
    assert "activities per 100 m cell" in labels
    assert "fewer than 5 people" in labels
    polish = draw_map(town, PrintMapParams(dpi=60, printed=PRINTED))
    assert any("aktywności na komórkę 100 m" in a.get_xlabel() for a in polish.axes)


@pytest.mark.parametrize(
    ("filters", "language", "title"),
    [
        ("cycling", "pl", "Ruch rowerowy"),
        ("cycling, weekends, morning", "pl", "Ruch rowerowy: weekendy, rano"),
        ("running", "pl", "Natężenie aktywności: bieganie"),
        ("all activities", "en", "Activity: all activities"),
        (None, "en", "Cycling activity"),
    ],
)
def test_heatmap_titles_say_what_the_raster_counts(filters, language, title) -> None:
    entry = _entry("heatmap_cycling", DatasetKind.RASTER)
    tags = {"FILTERS": filters} if filters else {}
    image = RasterImage(np.ma.masked_all((1, 1)), (0.0, 0.0, 1.0, 1.0), "x", tags)
    assert layer_label(MapLayer(entry, "heatmap", raster=image), language) == title


def test_scale_bar_length_is_its_label_and_the_stated_scale(town: Workspace) -> None:
    dpi = 100
    fig = draw_map(town, PrintMapParams(dpi=dpi, printed=PRINTED))
    ax = _map_axes(fig)
    fig.canvas.draw()
    bars = [p for p in ax.patches if p.get_gid() == SCALE_BAR_GID]
    assert len(bars) == 4
    left = min(b.get_x() for b in bars)
    right = max(b.get_x() + b.get_width() for b in bars)
    texts = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    label = f"{texts[SCALE_LABEL_GID]} {texts[SCALE_UNIT_GID]}"
    assert right - left == pytest.approx(parse_length(label))
    assert parse_length(label) in (500, 1000, 2000)  # a round length
    scale = next(re.search(r"Skala 1:([\d\u2009]+)", t) for t in _texts(fig) if "Skala 1:" in t)
    denominator = int(scale[1].replace("\u2009", ""))
    (x0, _), (x1, _) = ax.transData.transform([(left, 0), (right, 0)])
    paper_mm = (x1 - x0) / dpi * 25.4
    assert paper_mm == pytest.approx(parse_length(label) * 1000 / denominator, rel=1e-6)


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        (
            "pl",
            (
                "Legenda",
                "Drogi rowerowe",
                "Skala 1:",
                "Źródła:",
                "Wydruk 2026-12-01",
                "Ulice główne",
                "Skupisko zgłoszeń: dziury w jezdni",
                "Testowo: mapa rowerowa",
            ),
            "Legend",
        ),
        (
            "en",
            (
                "Legend",
                "Cycleways",
                "Scale 1:",
                "Sources:",
                "Printed 2026-12-01",
                "Main streets",
                "Report hotspot: potholes",
                "Testowo: cycling map",
            ),
            "Legenda",
        ),
    ],
)
def test_labels_follow_the_language(town: Workspace, language, expected, absent) -> None:
    fig = draw_map(town, PrintMapParams(dpi=60, language=language, printed=PRINTED))
    text = " ".join(" ".join(t.split()) for t in _texts(fig))
    for word in expected:
        assert word in text
    assert absent not in text.split()


def test_sources_line_names_licences_dates_and_the_print_date(town: Workspace) -> None:
    fig = draw_map(town, PrintMapParams(dpi=60, printed=PRINTED))
    line = " ".join(next(t for t in _texts(fig) if t.startswith("Źródła:")).split())
    assert "Ulice: ODbL 1.0 (OpenStreetMap contributors), stan na 2026-05-01" in line
    assert "Dzielnice" in line and "CC BY 4.0 (Urząd Miasta Testowo), stan na 2026-06-30" in line
    assert "Opracowanie: Urbanista (Ruch rowerowy; Brakujące połączenia rowerowe" in line
    assert line.endswith("Wydruk 2026-12-01.")


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_a_crowded_legend_stays_in_its_box(town: Workspace, orientation) -> None:
    every = tuple(
        e.name
        for e in town.entries()
        if e.kind is not DatasetKind.TRACKS and e.name != "gaps_summary"
    )
    params = PrintMapParams(dpi=60, orientation=orientation, layers=every, printed=PRINTED)
    fig = draw_map(town, params)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend_axes = next(ax for ax in fig.axes if ax.get_legend() is not None)
    legend = legend_axes.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert "Zgłoszenia: dziury w jezdni" in labels and "Przystanki" in labels
    assert len(labels) == 7 + 13  # 7 report categories, 13 other rows
    inside = legend.get_window_extent(renderer)
    map_box = _map_axes(fig).get_window_extent(renderer)
    bar = next(ax for ax in fig.axes if ax not in (legend_axes, _map_axes(fig)))
    sources = next(t for t in fig.texts if t.get_text().startswith("Źródła:"))
    assert inside.y0 > sources.get_window_extent(renderer).y1
    assert fig.bbox.contains(inside.x1, inside.y1)
    assert not inside.overlaps(bar.get_window_extent(renderer))
    assert not inside.overlaps(map_box)
    assert "rejestr zgłoszeń urzędu" in " ".join(sources.get_text().split())


def test_empty_results_and_other_rasters_are_no_default_layers(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "male.gpkg")
    streets = gpd.GeoDataFrame(
        {"klasa": ["primary"]},
        geometry=[shapely.LineString([(X0, Y0), (X0 + 900, Y0 + 600)])],
        crs="EPSG:2180",
    )
    nothing = gpd.GeoDataFrame({"rank": []}, geometry=[], crs="EPSG:2180")
    tif = write_geotiff(
        tmp_path / "dem.tif",
        np.ones((6, 9)),
        Grid(X0, Y0 + 600, 100.0, 9, 6),
        "EPSG:2180",
        unit="m",
    )
    with ws.transaction() as tx:
        tx.write_layer(streets, "ulice", DatasetKind.DATASET, title="Ulice")
        tx.write_layer(
            nothing, "gaps_corridors", DatasetKind.ANALYSIS, quality={"analysis": "gaps"}
        )
        tx.add_raster(tif, "wysokosci", title="Numeryczny model terenu")
    assert default_layers(ws) == ["ulice"]
    title = "Bardzo długi tytuł mapy, który nie zmieściłby się w jednym wierszu na A4: " * 2
    fig = draw_map(
        ws, PrintMapParams(dpi=60, title=title, layers=("ulice", "gaps_corridors"), printed=PRINTED)
    )
    fig.canvas.draw()
    heading = next(t for t in fig.texts if t.get_text() == title)
    assert heading.get_window_extent().x1 <= fig.bbox.x1
    legend = next(ax.get_legend() for ax in fig.axes if ax.get_legend() is not None)
    assert [t.get_text() for t in legend.get_texts()] == ["Ulice główne"]  # none for nothing


def test_tracks_are_not_printed(town: Workspace) -> None:
    with pytest.raises(InputError, match=r"'activities' .*\(personal data\).*heatmap"):
        draw_map(town, PrintMapParams(layers=("ulice", "activities")))


def test_basemap_only_workspace_still_gives_a_map(
    city_workspace: Workspace, tmp_path: Path
) -> None:
    from PIL import Image

    assert default_layers(city_workspace) == [
        "wody",
        "parki",
        "ulice",
        "dzielnice",
        "drogi_rowerowe",
    ]
    params = PrintMapParams(dpi=60, printed=PRINTED)
    fig = draw_map(city_workspace, params)
    text = " ".join(_texts(fig))
    assert "Przykładowo: mapa rowerowa" in text  # the city named in the licences
    assert "Ulice osiedlowe" in text and "Drogi rowerowe" in text
    assert "Ruch rowerowy" not in text
    assert len(fig.axes) == 2  # map and legend, no colour bar
    out = render_map(city_workspace, tmp_path / "podklad.png", params)
    with Image.open(out) as image:
        assert image.size == (702, 496)


def test_empty_workspace_is_an_input_error(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "pusty.gpkg")
    with pytest.raises(InputError, match=r"pusty\.gpkg has no layers to draw.*import dataset"):
        render_map(ws, tmp_path / "mapa.png")
    assert not (tmp_path / "mapa.png").exists()


def test_bad_requests_are_input_errors(town: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"mapa\.jpg: a print map is written as \.png or \.pdf"):
        render_map(town, tmp_path / "mapa.jpg")
    with pytest.raises(InputError, match="has no dataset 'rzeki'"):
        draw_map(town, PrintMapParams(layers=("ulice", "rzeki")))
    with pytest.raises(InputError, match=r"'gaps_summary' .* has no geometries"):
        draw_map(town, PrintMapParams(layers=("ulice", "gaps_summary")))
    with pytest.raises(InputError, match="paper 'A5'"):
        PrintMapParams(paper="A5")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="extent"):
        PrintMapParams(extent=(10.0, 0.0, 5.0, 1.0))


def test_named_layers_and_extent_are_drawn(town: Workspace) -> None:
    extent = (X0 + 1000, Y0 + 1000, X0 + 2000, Y0 + 2000)
    fig = draw_map(
        town,
        PrintMapParams(dpi=60, layers=("ulice", "drogi_rowerowe"), extent=extent, printed=PRINTED),
    )
    ax = _map_axes(fig)
    (left, right), (bottom, top) = ax.get_xlim(), ax.get_ylim()
    assert left <= extent[0] and right >= extent[2] and bottom <= extent[1] and top >= extent[3]
    assert right - left < 2000  # zoomed in, not the whole town
    text = " ".join(_texts(fig))
    assert "Drogi rowerowe" in text and "Granice dzielnic" not in text


def test_maps_draw_in_threads(town: Workspace, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    params = PrintMapParams(paper="A4", dpi=110)  # the Excel report's picture
    with ThreadPoolExecutor(2) as pool:
        outs = list(pool.map(lambda n: render_map(town, tmp_path / f"map{n}.png", params), (1, 2)))
    assert [o.read_bytes()[:8] for o in outs] == [b"\x89PNG\r\n\x1a\n"] * 2


@pytest.mark.parametrize(
    ("max_m", "length"),
    [(0.7, 0.5), (1.0, 1.0), (1999.0, 1000.0), (2200.0, 2000.0), (7300.0, 5000.0)],
)
def test_nice_length(max_m: float, length: float) -> None:
    assert nice_length(max_m) == length


@pytest.mark.parametrize(
    ("needed", "scale"),
    [
        (9_000.0, 10_000),
        (10_000.0, 10_000),
        (10_001.0, 15_000),
        (49_157.0, 50_000),
        (54_000.0, 75_000),
        (80_000.0, 100_000),
    ],
)
def test_nice_scale(needed: float, scale: int) -> None:
    assert nice_scale(needed) == scale


@pytest.mark.parametrize(
    ("length", "pl", "en"), [(500.0, "500 m", "500 m"), (2500.0, "2,5 km", "2.5 km")]
)
def test_length_labels_read_back(length: float, pl: str, en: str) -> None:
    assert (length_label(length, "pl"), length_label(length, "en")) == (pl, en)
    assert parse_length(pl) == parse_length(en) == length


def test_north_arrow_turns_by_the_meridian_convergence() -> None:
    from pyproj import Transformer

    to_map = Transformer.from_crs("EPSG:4326", "EPSG:2180", always_xy=True)
    # PUWG 1992 has its central meridian at 19 E: convergence (lon - 19) * sin(lat).
    for lon, lat in ((19.0, 52.0), (15.0, 52.0), (23.5, 50.5)):
        expected = (19.0 - lon) * math.sin(math.radians(lat))
        assert north_angle("EPSG:2180", *to_map.transform(lon, lat)) == pytest.approx(
            expected, abs=0.02
        )
