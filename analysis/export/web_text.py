"""What the offline HTML map says: its words, popups and legend, in Polish and English.

Its words for activity filters and raster units serve the print map and the
layer titles (:mod:`analysis.export.titles`) as well.

Every value that comes from data is HTML-escaped here; report descriptions
are handed over as plain text (the page puts them in with ``textContent``).
As a last line of defence, every text from data has its contacts (e-mails,
phone numbers, PESEL, IP addresses) redacted again: a workspace imported with
personal data kept must not publish them on a map.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analysis.export.web_layers import HeatmapImage


WORDS: dict[str, dict[str, str]] = {
    "pl": {
        "subtitle": "Mapa interaktywna, stan na {date}",
        "date": "Data",
        "status": "Status",
        "number": "Nr",
        "corridor": "Brakujące połączenie nr {rank}",
        "length": "Długość",
        "users_per_day": "Rowerzystów dziennie",
        "reports": "Zgłoszeń",
        "score": "Ocena",
        "site": "Proponowany stojak nr {rank}",
        "covered_demand": "Pokryty popyt",
        "points_within_walk": "Punktów popytu w zasięgu",
        "peak_month": "Miesiąc szczytowy",
        "link": "Luka w sieci rowerowej",
        "blank": "Puste komórki: mniej niż {k} osób",
        "categories": "Kategorie zgłoszeń",
        "tiles": "Podkład (kafle)",
        "sources": "Dane",
        "local_tiles": "kafle lokalne",
    },
    "en": {
        "subtitle": "Interactive map, as of {date}",
        "date": "Date",
        "status": "Status",
        "number": "No.",
        "corridor": "Missing link no. {rank}",
        "length": "Length",
        "users_per_day": "Cyclists a day",
        "reports": "Reports",
        "score": "Score",
        "site": "Proposed bike stand no. {rank}",
        "covered_demand": "Demand covered",
        "points_within_walk": "Demand points within walk",
        "peak_month": "Peak month",
        "link": "Gap in the cycle network",
        "blank": "Blank cells: fewer than {k} people",
        "categories": "Report categories",
        "tiles": "Basemap (tiles)",
        "sources": "Data",
        "local_tiles": "local tiles",
    },
}
"""The map's fixed words, by language."""
STATUSES = {
    "open": ("Nowe", "Open"),
    "in_progress": ("W realizacji", "In progress"),
    "closed": ("Zakończone", "Closed"),
    "rejected": ("Odrzucone", "Rejected"),
}
"""Polish and English names of the normalised report statuses."""
DESCRIPTION_CHARS = 400
"""Longest description a popup shows."""
_UNITS_PL = (
    (re.compile(r"activities per (\S+) m cell"), "aktywności na komórkę {0} m"),
    (re.compile(r"users per (\S+) m cell"), "osób na komórkę {0} m"),
    (re.compile(r"points per km2"), "punktów na km²"),
    (re.compile(r"kernel-weighted points \(QGIS raw\)"), "punkty ważone jądrem (QGIS)"),
)
_FILTER_WORDS_PL = {
    "cycling": "rower",
    "running": "bieganie",
    "inline_skating": "rolki",
    "nordic_walking": "nordic walking",
    "walking": "spacer",
    "other": "inne",
    "all activities": "wszystkie aktywności",
    "weekdays": "dni robocze",
    "weekends": "weekendy",
    "morning": "rano",
    "midday": "południe",
    "evening": "wieczór",
    "night": "noc",
}
"""Polish for the parts of a heatmap's filter description (``ActivityFilter.describe``)."""
_DATES = re.compile(r"(\S+) to (\S+)")


def filters_label(filters: str, language: str) -> str:
    """A heatmap's filter description (``cycling, weekdays, morning``) in ``language``."""
    if language != "pl":
        return filters
    return ", ".join(_filter_words_pl(part) for part in filters.split(", "))


def _filter_words_pl(part: str) -> str:
    if dates := _DATES.fullmatch(part):
        return f"{dates.group(1)} – {dates.group(2)}"
    if part.startswith("months "):
        return "miesiące " + part.removeprefix("months ")
    return _FILTER_WORDS_PL.get(part, part)


def unit_label(unit: str, language: str) -> str:
    """A raster unit (``activities per 10 m cell``) in ``language``."""
    if language == "pl":
        for pattern, text in _UNITS_PL:
            if match := pattern.fullmatch(unit):
                return text.format(*match.groups())
    return unit


def number(value: Any, language: str, digits: int = 2) -> str:
    """``value`` with at most ``digits`` decimals, a decimal comma in Polish; "" if missing."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return ""
    if not math.isfinite(x):
        return ""
    text = f"{x:,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{x:,.0f}"
    text = text.replace(",", "\u00a0")
    return text.replace(".", ",") if language == "pl" else text


def as_int(value: Any) -> int | None:
    """``value`` as an int, None if it is missing or no number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def safe_text(value: Any) -> str:
    """``value`` as text with its contacts redacted; "" if it is missing."""
    from analysis.io.personal import redact

    return "" if value is None else redact(str(value))[0]


def _popup(title: str, rows: list[tuple[str, str]], text: str = "") -> str:
    """Popup HTML; every value redacted and escaped here, none arrives as markup."""
    cells = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(safe_text(v))}</td></tr>"
        for k, v in rows
        if v
    )
    body = f"<p>{html.escape(safe_text(text))}</p>" if text else ""
    return (
        f'<div class="urbanista-popup"><h3>{html.escape(safe_text(title))}</h3>'
        f"<table>{cells}</table>{body}</div>"
    )


def popup_builder(role: str | None, language: str) -> Callable[[Mapping[str, Any]], str] | None:
    """A function making the popup of a feature of an analysis layer, None for other roles."""
    w = WORDS[language]

    def corridor(row: Mapping[str, Any]) -> str:
        title = w["corridor"].format(rank=as_int(row.get("rank")) or "")
        street = row.get("street")
        return _popup(
            f"{title}: {street}" if isinstance(street, str) and street else title,
            [
                (w["length"], _km(row.get("length_m"), language)),
                (w["users_per_day"], number(row.get("users_per_day"), language, 1)),
                (w["reports"], number(row.get("reports"), language, 0)),
                (w["score"], number(row.get("score"), language, 2)),
            ],
        )

    def link(row: Mapping[str, Any]) -> str:
        return _popup(w["link"], [(w["length"], _km(row.get("length_m"), language))])

    def site(row: Mapping[str, Any]) -> str:
        return _popup(
            w["site"].format(rank=as_int(row.get("rank")) or ""),
            [
                (w["covered_demand"], number(row.get("covered_demand"), language, 1)),
                (w["points_within_walk"], number(row.get("points_within_walk"), language, 0)),
            ],
        )

    def hotspot(row: Mapping[str, Any]) -> str:
        return _popup(
            category_label(str(row.get("category") or "other"), language),
            [
                (w["reports"], number(row.get("reports"), language, 0)),
                (w["peak_month"], str(row.get("peak_month") or "")),
            ],
        )

    builders = {
        "gap_corridors": corridor,
        "gap_links": link,
        "proposed_racks": site,
        "report_hotspots": hotspot,
    }
    return builders.get(role or "")


def report_fields(row: Mapping[str, Any], language: str) -> tuple[str, str, str, str]:
    """What a citizen report's popup shows: date, status, number and description.

    Nothing else of the row is read. The status, number and description are
    redacted of contacts (again: see :func:`safe_text`), the description cut to
    :data:`DESCRIPTION_CHARS`; they are plain text, which the map puts in as
    text, never as markup.
    """
    import pandas as pd

    status = str(row.get("status") or "")
    if status in STATUSES:
        status = STATUSES[status][0 if language == "pl" else 1]
    created = pd.to_datetime(row.get("created"), utc=True, errors="coerce")
    when = "" if pd.isna(created) else created.tz_convert("Europe/Warsaw").strftime("%Y-%m-%d")
    text = row.get("description")
    text = safe_text(text) if isinstance(text, str) else ""
    if len(text) > DESCRIPTION_CHARS:
        text = text[: DESCRIPTION_CHARS - 1].rstrip() + "…"
    number_ = row.get("report_id")
    number_ = "" if number_ is None or pd.isna(number_) else safe_text(number_)
    return when, safe_text(status), number_, text


def category_label(category: str, language: str) -> str:
    """The name of a report category in ``language``."""
    from analysis.export.styles import category_style

    return category_style(category).label(language)


def category_colour(category: str) -> str:
    """The colour of a report category."""
    from analysis.export.styles import category_style

    return category_style(category).colour


def _km(metres: Any, language: str) -> str:
    try:
        m = float(metres)
    except (TypeError, ValueError):
        return ""
    if not math.isfinite(m):
        return ""
    if m < 1000:
        return f"{number(m, language, 0)} m"
    return f"{number(m / 1000, language, 2)} km"


def heatmap_section(heat: HeatmapImage, label: str, tags: Mapping[str, str], language: str) -> str:
    """Legend HTML of a heatmap: its colour ramp, ticks in its unit, and the blank-cell rule."""
    digits = 0 if heat.vmax >= 20 else 1
    ticks = "".join(
        f'<span style="left:{heat.position(v) * 100:.1f}%">'
        f"{'≥ ' if v == heat.ticks[-1] and len(heat.ticks) > 1 else ''}"
        f"{number(v, language, digits)}</span>"
        for v in heat.ticks
    )
    min_users = as_int(tags.get("MIN_USERS"))
    note = WORDS[language]["blank"].format(k=min_users) if min_users else ""
    return (
        f"<h2>{html.escape(label)}</h2>"
        f'<div class="urbanista-ramp" style="background:{heat.gradient}">'
        f'</div><div class="urbanista-ticks">{ticks}</div>'
        f'<div class="urbanista-unit">{html.escape(unit_label(heat.unit, language))}</div>'
        + (f'<div class="urbanista-note">{html.escape(note)}</div>' if note else "")
    )


def categories_section(categories: Any, language: str) -> str:
    """Legend HTML of the report categories, most frequent first, with their counts."""
    if categories is None:
        return ""
    counts = categories.fillna("other").astype(str).value_counts()
    items = "".join(
        f'<li><span class="urbanista-swatch urbanista-swatch-point" '
        f'style="background:{html.escape(category_colour(c))}"></span>'
        f"{html.escape(category_label(c, language))} ({number(n, language, 0)})</li>"
        for c, n in counts.items()
    )
    return f"<h2>{html.escape(WORDS[language]['categories'])}</h2><ul>{items}</ul>"
