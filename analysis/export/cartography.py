"""Map furniture for print maps: scale, scale bar, north arrow, legend entries, sources.

Everything here draws on a matplotlib ``Axes`` whose data units are the
metres of a projected CRS, with equal scales on both axes; no pyplot.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, cast

from analysis.export.styles import Style
from analysis.workspace.catalogue import CatalogueEntry, DatasetKind

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.transforms import Affine2DBase

SCALE_BAR_GID = "scale-bar"
"""``gid`` of the scale bar's segments, so tests and editors can find them."""
SCALE_LABEL_GID = "scale-bar-label"
"""``gid`` of the number at the bar's end; the unit's is :data:`SCALE_UNIT_GID`."""
SCALE_UNIT_GID = "scale-bar-unit"
_NICE_STEPS = (1.0, 2.0, 5.0)
_SCALE_STEPS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 7.5)
_WORDS = {
    "pl": {
        "scale": "Skala",
        "sources": "Źródła",
        "printed": "wydruk",
        "as_of": "stan na",
        "analyses": "Opracowanie: Urbanista",
        "no_licence": "licencja nieznana",
        "reports": "rejestr zgłoszeń urzędu",
    },
    "en": {
        "scale": "Scale",
        "sources": "Sources",
        "printed": "printed",
        "as_of": "as of",
        "analyses": "Analysis: Urbanista",
        "no_licence": "licence unknown",
        "reports": "the city's report register",
    },
}


def words(language: str) -> dict[str, str]:
    """The map's fixed words ("Skala", "Źródła"...) in ``language``."""
    return _WORDS["pl" if language == "pl" else "en"]


def nice_length(max_m: float) -> float:
    """The longest 1, 2 or 5 times a power of ten metres not above ``max_m``."""
    if not max_m > 0:
        raise ValueError(f"a scale bar needs a positive length, not {max_m}")
    power = 10.0 ** math.floor(math.log10(max_m))
    return max(step * power for step in _NICE_STEPS if step * power <= max_m * (1 + 1e-9))


def nice_scale(denominator: float) -> int:
    """The smallest round map scale (1:10 000, 1:15 000, 1:20 000, 1:25 000...) at or above."""
    if not denominator > 0:
        raise ValueError(f"a map scale needs a positive denominator, not {denominator}")
    power = 10.0 ** math.floor(math.log10(denominator))
    for factor in (1.0, 10.0):
        for step in _SCALE_STEPS:
            if step * power * factor >= denominator * (1 - 1e-9):
                return round(step * power * factor)
    raise AssertionError("unreachable: 10 x the power is above the denominator")


def length_label(length_m: float, language: str) -> str:
    """``"500 m"``, ``"2 km"``, ``"2,5 km"`` (decimal comma in Polish)."""
    if length_m < 1000:
        return f"{_number(length_m, language)} m"
    return f"{_number(length_m / 1000, language)} km"


def scale_text(denominator: int, language: str) -> str:
    """``"Skala 1:25 000"`` with a thin space between thousands."""
    return f"{words(language)['scale']} 1:{denominator:,}".replace(",", "\u2009")


def parse_length(label: str) -> float:
    """Metres in a :func:`length_label` text (its inverse)."""
    number, unit = label.split()
    value = float(number.replace(",", "."))
    return value * 1000 if unit == "km" else value


def draw_scale_bar(
    ax: Axes,
    length_m: float,
    language: str,
    *,
    at: tuple[float, float],
    height_pt: float = 4.0,
    fontsize: float = 7.0,
    segments: int = 4,
) -> list[Artist]:
    """Draw a black-and-white scale bar ``length_m`` long, its left end at ``at`` (data).

    The segments are rectangles in data coordinates, so their total width *is*
    the labelled length on the map. Numbers stand over 0, the middle and the
    end, the unit right of the bar; a white panel lies underneath.
    """
    from matplotlib.patches import FancyBboxPatch, Rectangle

    per_pt = metres_per_point(ax)
    height = height_pt * per_pt
    x0, y0 = at
    step = length_m / segments
    artists: list[Artist] = []
    for i in range(segments):
        rect = Rectangle(
            (x0 + i * step, y0),
            step,
            height,
            facecolor="black" if i % 2 == 0 else "white",
            edgecolor="black",
            linewidth=0.5,
            zorder=30,
            gid=SCALE_BAR_GID,
        )
        artists.append(ax.add_patch(rect))
    end_number, unit = length_label(length_m, language).split()
    scale = 1000.0 if unit == "km" else 1.0
    numbers = ["0", _number(length_m / 2 / scale, language), end_number]
    style: dict[str, Any] = {"fontsize": fontsize, "va": "bottom", "ha": "center", "zorder": 30}
    for x, number in zip((x0, x0 + length_m / 2, x0 + length_m), numbers, strict=True):
        artists.append(ax.text(x, y0 + height + 1.5 * per_pt, number, **style))
    artists[-1].set_gid(SCALE_LABEL_GID)
    unit_x = x0 + length_m + 0.8 * fontsize * per_pt
    unit_text = ax.text(
        unit_x,
        y0 + height / 2,
        unit,
        fontsize=fontsize,
        va="center",
        ha="left",
        zorder=30,
        gid=SCALE_UNIT_GID,
    )
    artists.append(unit_text)
    pad = 5 * per_pt
    panel = FancyBboxPatch(
        (x0 - pad - 0.5 * fontsize * per_pt, y0 - pad),
        length_m + 2 * pad + (0.5 + 0.8 + 0.6 * len(unit)) * fontsize * per_pt,
        height + 1.5 * per_pt + 1.2 * fontsize * per_pt + 2 * pad,
        boxstyle=f"round,pad=0,rounding_size={3 * per_pt}",
        facecolor=(1, 1, 1, 0.88),
        edgecolor="#999999",
        linewidth=0.4,
        zorder=29,
    )
    artists.append(ax.add_patch(panel))
    return artists


def _number(value: float, language: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if language == "pl" else text


def metres_per_point(ax: Axes) -> float:
    """Map metres per typographic point on paper, from the axes' limits and size."""
    x0, x1 = ax.get_xlim()
    fig = ax.get_figure(root=True)
    assert fig is not None
    width_in = fig.get_figwidth() * ax.get_position().width
    return float(x1 - x0) / (width_in * 72.0)


def north_angle(crs: str, x: float, y: float) -> float:
    """Degrees from grid north to true north at ``(x, y)``, clockwise positive.

    In PUWG 1992 this is the meridian convergence, up to about 5 degrees at
    Poland's eastern and western ends.
    """
    from pyproj import Transformer

    to_geo = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    to_map = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    lon, lat = to_geo.transform(x, y)
    nx, ny = to_map.transform(lon, lat + 0.01)
    return math.degrees(math.atan2(nx - x, ny - y))


def draw_north_arrow(
    ax: Axes,
    angle_deg: float,
    *,
    at: tuple[float, float],
    size_pt: float = 22.0,
    fontsize: float = 9.0,
) -> list[Artist]:
    """Draw a north arrow centred at ``at`` (axes fraction), turned to true north."""
    from matplotlib.patches import Polygon
    from matplotlib.transforms import Affine2D, ScaledTranslation

    fig = ax.get_figure(root=True)
    assert fig is not None
    half = size_pt / 2
    place = (
        Affine2D().rotate_deg(-angle_deg).scale(1 / 72)
        + fig.dpi_scale_trans
        + ScaledTranslation(at[0], at[1], cast("Affine2DBase", ax.transAxes))
    )
    w = size_pt * 0.28
    left = Polygon(
        [(0, half), (-w, -half), (0, -half * 0.55)],
        closed=True,
        transform=place,
        facecolor="black",
        edgecolor="black",
        linewidth=0.6,
        zorder=30,
    )
    right = Polygon(
        [(0, half), (w, -half), (0, -half * 0.55)],
        closed=True,
        transform=place,
        facecolor="white",
        edgecolor="black",
        linewidth=0.6,
        zorder=30,
    )
    letter = ax.text(
        0,
        half + 2,
        "N",
        transform=place,
        ha="center",
        va="bottom",
        fontsize=fontsize,
        fontweight="bold",
        zorder=30,
        rotation=-angle_deg,
        rotation_mode="anchor",
    )
    ax.add_patch(left)
    ax.add_patch(right)
    return [left, right, letter]


@dataclass(frozen=True)
class LegendItem:
    """One legend row: a style, the geometry it is drawn as, and the text."""

    style: Style
    shape: Literal["line", "polygon", "point"]
    label: str


def legend_handle(item: LegendItem) -> Artist:
    """A matplotlib legend handle drawn like the item's layer."""
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    s = item.style
    if item.shape == "polygon":
        return Patch(
            facecolor=to_rgba(s.fill, s.fill_opacity) if s.fill else "none",
            edgecolor=s.colour,
            linewidth=max(s.width_pt, 0.6),
            linestyle=(0, s.dash) if s.dash else "solid",
            label=item.label,
        )
    if item.shape == "line":
        return Line2D(
            [],
            [],
            color=s.colour,
            linewidth=s.width_pt,
            alpha=s.opacity,
            label=item.label,
            linestyle=(0, s.dash) if s.dash else "solid",
        )
    face = s.fill if s.fill is not None else s.colour
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=s.marker,
        markersize=max(s.marker_size_pt, 4.0),
        markerfacecolor=face,
        markeredgecolor=s.colour if s.fill else "white",
        markeredgewidth=s.width_pt if s.fill else 0.3,
        alpha=s.opacity,
        label=item.label,
    )


def sources_line(
    entries: Iterable[CatalogueEntry],
    language: str,
    printed: date,
    names: Mapping[str, str] | None = None,
) -> str:
    """The "Źródła: …" line from the catalogue: titles grouped by licence and source date.

    Computed layers (rasters, analyses) are credited to Urbanista with the day
    they were made; they and citizen reports go by their ``names`` (say, their
    legend labels) if given. The line ends with the print date.
    """
    w = words(language)
    groups: dict[tuple[str, date | None], list[str]] = {}
    computed: list[str] = []
    made: list[date] = []
    for e in entries:
        title = e.title or e.name
        if e.kind in (DatasetKind.RASTER, DatasetKind.ANALYSIS, DatasetKind.TRACKS):
            computed.append((names or {}).get(e.name, title))
            made.append(e.imported_at.date())
            continue
        if e.kind is DatasetKind.REPORTS:
            title = (names or {}).get(e.name, title)
            licence = e.licence or w["reports"]
        else:
            licence = e.licence or w["no_licence"]
        groups.setdefault((licence, e.source_date), []).append(title)
    parts = []
    for (licence, as_of), titles in groups.items():
        when = f", {w['as_of']} {as_of.isoformat()}" if as_of else ""
        parts.append(f"{', '.join(_unique(titles))}: {licence}{when}")
    if computed:
        parts.append(f"{w['analyses']} ({'; '.join(_unique(computed))}), {max(made).isoformat()}")
    return f"{w['sources']}: {'. '.join(parts)}. {w['printed'].capitalize()} {printed.isoformat()}."


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))
