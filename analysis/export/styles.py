"""Colours and widths of the layers on every map Urbanista draws (print and HTML).

One table, so a cycleway is the same blue on paper and in the browser. A
layer's *role* (water, streets, cycleways, gap corridors...) is decided from its
catalogue entry: an analysis result by its table's name (the analysis' constant),
a dataset by the role patterns of :mod:`analysis.workspace.roles` and its
geometry. Widths and marker sizes are in typographic points (1/72 inch); the
HTML map may use them as pixels.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from analysis.workspace import roles
from analysis.workspace.catalogue import CatalogueEntry, DatasetKind

if TYPE_CHECKING:
    import geopandas as gpd


@dataclass(frozen=True)
class Style:
    """How one layer (or one category of it) is drawn.

    ``colour`` strokes lines and outlines and fills point markers; ``fill``
    fills polygons (None: outline only). ``cmap`` names the matplotlib colour
    map of a raster. ``zorder`` stacks layers, higher on top.
    """

    colour: str
    label_pl: str
    label_en: str
    width_pt: float = 1.0
    fill: str | None = None
    fill_opacity: float = 1.0
    opacity: float = 1.0
    marker: str = "o"
    """Point marker in matplotlib's notation: ``o`` circle, ``^`` triangle, ``s`` square."""
    marker_size_pt: float = 5.0
    dash: tuple[float, ...] | None = None
    """On/off lengths in points, None for a solid line."""
    zorder: int = 1
    cmap: str | None = None

    def label(self, language: str) -> str:
        """The legend label in ``language`` ("pl" or "en")."""
        return self.label_pl if language == "pl" else self.label_en


STYLE_BY_ROLE: dict[str, Style] = {
    # Basemap.
    "water": Style("#7fb2d9", "Wody", "Water", width_pt=0.4, fill="#b9d8ee", zorder=2),
    "parks": Style(
        "#9cc58a", "Parki i zieleń", "Parks and greenery", width_pt=0.3, fill="#d4e9c6", zorder=3
    ),
    "districts": Style(
        "#6e5a82",
        "Granice dzielnic",
        "District boundaries",
        width_pt=0.9,
        dash=(5.0, 2.5),
        zorder=9,
    ),
    "streets": Style("#b4b4b4", "Ulice", "Streets", width_pt=0.5, zorder=5),
    "bus_stops": Style(
        "#555555", "Przystanki", "Public transport stops", marker="s", marker_size_pt=2.5, zorder=11
    ),
    "schools": Style("#8c510a", "Szkoły", "Schools", marker="s", marker_size_pt=4.0, zorder=11),
    # Thematic layers.
    "heatmap": Style(
        "#f03b20", "Natężenie ruchu", "Activity", opacity=0.9, zorder=6, cmap="YlOrRd"
    ),
    "cycleways": Style("#1f5fbf", "Drogi rowerowe", "Cycleways", width_pt=1.6, zorder=12),
    "racks": Style(
        "#1f5fbf", "Stojaki rowerowe", "Bike stands", marker="o", marker_size_pt=3.0, zorder=13
    ),
    "gap_corridors": Style(
        "#d0007a",
        "Brakujące połączenia rowerowe",
        "Missing cycle links",
        width_pt=2.6,
        opacity=0.85,
        zorder=10,
    ),
    "gap_links": Style(
        "#d0007a",
        "Luki w sieci rowerowej",
        "Gaps in the cycle network",
        width_pt=1.6,
        dash=(3.0, 1.5),
        zorder=10,
    ),
    "proposed_racks": Style(
        "#ffffff",
        "Proponowane stojaki",
        "Proposed bike stands",
        fill="#2e8b3a",
        marker="^",
        marker_size_pt=7.0,
        width_pt=0.6,
        zorder=15,
    ),
    "reports": Style(
        "#6a3d9a",
        "Zgłoszenia mieszkańców",
        "Citizen reports",
        marker_size_pt=2.0,
        opacity=0.7,
        zorder=13,
    ),
    "report_hotspots": Style(
        "#6a3d9a",
        "Skupiska zgłoszeń",
        "Report hotspots",
        width_pt=1.0,
        fill="#6a3d9a",
        fill_opacity=0.3,
        marker_size_pt=6.0,
        zorder=8,
    ),
}
"""The style of each layer role; categories refine it (:data:`ROAD_CLASS_STYLE`)."""

ROAD_CLASS_STYLE: dict[str, tuple[str, float, str, str]] = {
    "motorway": ("#7f7f7f", 2.2, "Autostrady i drogi ekspresowe", "Motorways"),
    "trunk": ("#7f7f7f", 2.0, "Drogi krajowe", "Trunk roads"),
    "primary": ("#8c8c8c", 1.7, "Ulice główne", "Main streets"),
    "secondary": ("#a0a0a0", 1.1, "Ulice zbiorcze", "Collector streets"),
    "tertiary": ("#a8a8a8", 0.9, "Ulice lokalne", "Local streets"),
    "residential": ("#bdbdbd", 0.5, "Ulice osiedlowe", "Residential streets"),
    "service": ("#cccccc", 0.35, "Drogi dojazdowe", "Service roads"),
}
"""Colour, width (pt) and labels of streets by OSM ``highway`` class."""
ROAD_CLASS_COLUMNS = ("klasa", "highway", "class", "fclass", "road_class")
"""Columns that may hold a street's class, in the order they are looked for."""

CATEGORY_COLOURS: dict[str, str] = {
    "pothole": "#b2182b",
    "litter": "#8c6d31",
    "street_lighting": "#e6ab02",
    "missing_bike_rack": "#1f5fbf",
    "illegal_parking": "#7b3294",
    "greenery": "#1b7837",
    "other": "#737373",
}
"""Colour of each citizen-report category (see ``analysis.io.reports.normalize``)."""
CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "pothole": ("Dziury w jezdni", "Potholes"),
    "litter": ("Śmieci", "Litter"),
    "street_lighting": ("Oświetlenie uliczne", "Street lighting"),
    "missing_bike_rack": ("Brak stojaka rowerowego", "Missing bike rack"),
    "illegal_parking": ("Nielegalne parkowanie", "Illegal parking"),
    "greenery": ("Zieleń", "Greenery"),
    "other": ("Inne", "Other"),
}
"""Polish and English names of the report categories."""
ISSUE_COLOURS: dict[str, str] = {
    "dead_end": "#b2182b",
    "stops_short_of_junction": "#e08214",
    "overshoots_junction": "#542788",
    "missing_tags": "#35978f",
}
"""Colour of each kind of cycle network issue (the ``type`` of ``gaps_issues``).

Apart in hue and none of them blue, so that they show on the blue cycleways.
"""
ISSUE_LABELS: dict[str, tuple[str, str]] = {
    "dead_end": ("Ślepe zakończenia", "Dead ends"),
    "stops_short_of_junction": ("Koniec przed skrzyżowaniem", "Stops short of a junction"),
    "overshoots_junction": ("Koniec za skrzyżowaniem", "Runs past a junction"),
    "missing_tags": ("Brak atrybutów", "Missing tags"),
}
"""Polish and English names of the cycle network issues (see
``analysis.planning.cycle_network``)."""


@functools.cache
def _analysis_roles() -> dict[str, str]:
    """Role of an analysis table, by its stored name; the analyses are imported when first asked."""
    from analysis.planning import gaps, racks, reports

    return {
        gaps.CORRIDORS: "gap_corridors",
        gaps.LINKS: "gap_links",
        racks.SITES: "proposed_racks",
        reports.HOTSPOTS: "report_hotspots",
    }


_WATER = re.compile(r"wod|water|rzek|river|jezior|lake|staw|pond|hydro", re.I)
_DATASET_ROLES = (
    ("cycleways", roles.CYCLEWAYS),
    ("racks", roles.RACKS),
    ("streets", roles.STREETS),
    ("districts", roles.DISTRICTS),
    ("parks", roles.PARKS),
    ("schools", roles.SCHOOLS),
    ("bus_stops", roles.BUS_STOPS),
)


def role_of(entry: CatalogueEntry, geometry_type: str | None = None) -> str | None:
    """The role a catalogue entry plays on a map, or None for layers maps leave out.

    ``geometry_type`` ("LineString", "MultiPolygon"...) narrows the name-based
    guess for datasets, as in :func:`analysis.workspace.roles.find_layer`.
    """
    if entry.kind is DatasetKind.RASTER:
        return "heatmap"
    if entry.kind is DatasetKind.REPORTS:
        return "reports"
    if entry.kind is DatasetKind.ANALYSIS:
        return _analysis_roles().get(entry.name)
    if entry.kind is not DatasetKind.DATASET:
        return None
    text = f"{entry.name} {entry.title or ''}"
    geometry = (geometry_type or "").upper()
    for role_name, role in _DATASET_ROLES:
        fits = geometry_type is None or geometry in role.geometries
        if fits and re.search(role.pattern, text, re.I) and not re.search(role.exclude, text, re.I):
            return role_name
    if _WATER.search(text) and (geometry_type is None or geometry in roles.POLYGONS + roles.LINES):
        return "water"
    return None


def road_class_column(gdf: gpd.GeoDataFrame) -> str | None:
    """The column of a street layer that holds road classes, if any."""
    return next((c for c in ROAD_CLASS_COLUMNS if c in gdf.columns), None)


def road_style(road_class: str | None) -> Style:
    """The street style for an OSM ``highway`` class (unknown classes: plain streets)."""
    base = STYLE_BY_ROLE["streets"]
    key = (road_class or "").removesuffix("_link")
    if key not in ROAD_CLASS_STYLE:
        return base
    colour, width, label_pl, label_en = ROAD_CLASS_STYLE[key]
    return replace(base, colour=colour, width_pt=width, label_pl=label_pl, label_en=label_en)


def category_style(category: str) -> Style:
    """The report style for a category (unknown ones: the colour of ``other``)."""
    base = STYLE_BY_ROLE["reports"]
    label_pl, label_en = CATEGORY_LABELS.get(category, (category, category))
    return replace(
        base,
        colour=CATEGORY_COLOURS.get(category, CATEGORY_COLOURS["other"]),
        label_pl=label_pl,
        label_en=label_en,
    )
