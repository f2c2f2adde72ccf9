"""Normalise report fields: categories, statuses and dates.

Categories: a label is looked up in plain form (see :func:`~analysis.io.reports.columns.plain`)
in the user's mapping, then in :data:`CATEGORY_LABELS` (the sample city's
Polish labels and common 311 titles), then matched against
:data:`CATEGORY_KEYWORDS`; a label nothing matches is ``other``. An Open311
``service_code`` is tried when the ``service_name`` matches nothing.

Statuses: ``open``, ``in_progress``, ``closed``, ``rejected`` from Polish and
English labels; Open311's coarse ``open``/``closed`` is refined by its
``status_notes`` when they name a status of the same kind. A label nothing
matches gives an empty status (the label itself is kept).

Dates, to UTC: Polish ``dd.mm.rrrr[ gg:mm[:ss]]``, ISO 8601 with or without an
offset, Unix seconds or milliseconds, and Excel serial days, written in the
years :data:`YEARS` and not after tomorrow
(:func:`~analysis.io.dates.latest_plausible`, as for tracks). Anything else is
no date and its row is rejected with the reason (:func:`date_problems`): a
bare year (``2024``, not an Excel day of 1905) or month, a year such as 10000
or 1800, a day after tomorrow, ``03/04/2024`` (day and month in an unknown
order). Times without an offset are
local times of ``timezone`` (Europe/Warsaw unless the import says otherwise);
in the autumn hour that occurs twice the first (summer time) is taken, and a
spring time that does not exist is moved forward.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analysis.errors import InputError
from analysis.io.coords import parse_number
from analysis.io.dates import latest_plausible
from analysis.io.reports.columns import plain

if TYPE_CHECKING:
    import pandas as pd

CATEGORIES = (
    "pothole",
    "litter",
    "street_lighting",
    "missing_bike_rack",
    "illegal_parking",
    "greenery",
    "other",
)
CATEGORY_LABELS: dict[str, str] = {
    # The sample city's CRM (and a typical Polish one).
    "dziura w jezdni": "pothole",
    "uszkodzona nawierzchnia": "pothole",
    "smieci": "litter",
    "oswietlenie uliczne": "street_lighting",
    "brak stojaka rowerowego": "missing_bike_rack",
    "nielegalne parkowanie": "illegal_parking",
    "zielen": "greenery",
    "inne": "other",
    # 311 titles (PublicStuff exports of Hoboken and New York, Open311 service names).
    "pothole": "pothole",
    "cave in": "pothole",
    "failed street repair": "pothole",
    "rough pitted or cracked roads": "pothole",
    "litter": "litter",
    "trash": "litter",
    "street cleaning": "litter",
    "dirty conditions": "litter",
    "street light or lamp": "street_lighting",
    "street light out": "street_lighting",
    "broken streetlight": "street_lighting",
    "bike rack request": "missing_bike_rack",
    "illegal parking": "illegal_parking",
    "blocked driveway": "illegal_parking",
    "trees on sidewalks": "greenery",
    "landscaping and trees in parks": "greenery",
    "dead dying tree": "greenery",
    "damaged tree": "greenery",
    "overgrown tree branches": "greenery",
    "graffiti": "other",
    "noise complaint": "other",
    "other": "other",
}
"""Labels in plain form and the category they mean."""
CATEGORY_KEYWORDS: tuple[tuple[str, str], ...] = (
    (
        r"\b(?:bike|bicycle|cycle) (?:rack|parking|stand)|\bstojak|\bparking rowerow",
        "missing_bike_rack",
    ),
    (r"\bpot ?holes?\b|\bdziur|\bwyrw|\bubyt\w* (?:w )?nawierzchni|\bcave in\b", "pothole"),
    (r"\bstreet ?lights?\b|\blamp|\blatarn|\boswietl|\bluminaire", "street_lighting"),
    (
        r"\bparking\b|\bparked\b|\bparkowa|\bparkuj|\bblocked (?:driveway|hydrant)",
        "illegal_parking",
    ),
    (
        r"\blitter|\btrash|\bgarbage|\brubbish|\bdump|\bsmiec|\bodpad|\bkosz|\bstreet cleaning",
        "litter",
    ),
    (
        r"\btrees?\b|\bbranch|\blimbs?\b|\bgrass|\bweeds?\b|\blandscap|\bzielen|\bdrzew|\bgalez"
        r"|\btraw|\bkrzew",
        "greenery",
    ),
)
"""Patterns (on plain labels) for labels not in the table, tried in order."""

STATUSES = ("open", "in_progress", "closed", "rejected")
STATUS_LABELS: dict[str, str] = {
    **dict.fromkeys(
        (
            "nowe",
            "nowy",
            "otwarte",
            "otwarty",
            "zgloszone",
            "zarejestrowane",
            "przyjete",
            "oczekujace",
            "open",
            "new",
            "submitted",
            "received",
            "reported",
            "pending",
        ),
        "open",
    ),
    **dict.fromkeys(
        (
            "w trakcie realizacji",
            "w trakcie",
            "w realizacji",
            "realizowane",
            "przekazane",
            "przekazane do realizacji",
            "in progress",
            "acknowledged",
            "assigned",
            "scheduled",
        ),
        "in_progress",
    ),
    **dict.fromkeys(
        (
            "zakonczone",
            "zamkniete",
            "zalatwione",
            "rozwiazane",
            "wykonane",
            "zrealizowane",
            "closed",
            "completed",
            "complete",
            "resolved",
            "done",
            "fixed",
        ),
        "closed",
    ),
    **dict.fromkeys(
        (
            "odrzucone",
            "odrzucony",
            "anulowane",
            "bezzasadne",
            "niezasadne",
            "rejected",
            "declined",
            "invalid",
            "duplicate",
            "cancelled",
            "canceled",
            "wont fix",
        ),
        "rejected",
    ),
}
"""Status labels in plain form and the status they mean."""
_REFINES = {"open": ("open", "in_progress"), "closed": ("closed", "rejected")}

YEARS = (1970, 2099)
"""The years a report's dates may be written in; those after tomorrow are refused still."""
_POLISH_DATE = (
    r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4,5})"
    r"(?:[ T,]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$"
)
_NUMBER = r"^[+-]?\d+(?:[.,]\d+)?$"
_ISO = (
    r"^(?P<year>\d{4,5})-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?$"
)
_PARTIAL = r"(?P<year>\d{4})(?:[-./](?P<month>\d{1,2}))?|(?P<month_first>\d{1,2})[-./]\d{4}"
_SLASHED = r"\d{1,2}/\d{1,2}/\d{4}(?:[ T].*)?"
_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "s")
_SPAN = (
    np.datetime64(f"{YEARS[0]}-01-01T00:00:00", "s"),
    np.datetime64(f"{YEARS[1] + 1}-01-01T00:00:00", "s"),
)
_UNIX = tuple(float(t.astype("int64")) for t in _SPAN)
"""The span of :data:`YEARS` in Unix seconds."""
_EXCEL = tuple(float((t - _EXCEL_EPOCH).astype("int64")) / 86_400 for t in _SPAN)
"""The span of :data:`YEARS` in Excel serial days."""


@dataclass(frozen=True)
class CategoryMapping:
    """Labels (plain form) -> category key: the defaults extended by the user's."""

    labels: Mapping[str, str]

    @classmethod
    def extended(cls, category_map: Mapping[str, str] | None) -> CategoryMapping:
        """The default labels, with ``category_map`` (label -> key) taking precedence.

        Raises
        ------
        InputError
            If ``category_map`` maps a label to a key that is not a category.
        """
        extra = {plain(label): key for label, key in (category_map or {}).items()}
        wrong = sorted({key for key in extra.values() if key not in CATEGORIES})
        if wrong:
            raise InputError(
                f"unknown category key(s) in the category mapping: {', '.join(wrong)}; "
                f"use one of {', '.join(CATEGORIES)}"
            )
        keys = {plain(key): key for key in CATEGORIES}  # "street_lighting" as an Open311 code
        return cls({**keys, **CATEGORY_LABELS, **extra})

    def key(self, label: str | None) -> str | None:
        """The category of ``label``, or None when nothing matches."""
        if label is None:
            return None
        text = plain(label)
        if text in self.labels:
            return self.labels[text]
        for pattern, key in CATEGORY_KEYWORDS:
            if re.search(pattern, text):
                return key
        return None

    def categorize(self, labels: pd.Series, codes: pd.Series) -> pd.Series:
        """Category keys for ``labels``, falling back to ``codes``, then ``other``."""
        by_label = _map_unique(labels, self.key)
        by_code = _map_unique(codes, self.key)
        return by_label.fillna(by_code).fillna("other")


def statuses(labels: pd.Series, notes: pd.Series) -> pd.Series:
    """Status keys for ``labels`` (None where not recognised), refined by ``notes``."""
    status = _map_unique(labels, lambda s: STATUS_LABELS.get(plain(s)) if s else None)
    finer = _map_unique(notes, lambda s: STATUS_LABELS.get(plain(s)) if s else None)
    for coarse, allowed in _REFINES.items():
        use = (status == coarse) & finer.isin(allowed)
        status = status.mask(use, finer)
    return status


def parse_dates(values: pd.Series, timezone: str) -> tuple[pd.Series, np.ndarray]:
    """Parse ``values`` (text or None) to UTC timestamps, none after tomorrow.

    Returns the timestamps (NaT where empty, unreadable or after tomorrow) and
    a mask of the values that were given but could not be taken.
    """
    import pandas as pd

    out = _parse(values, timezone)
    out[out > pd.Timestamp(latest_plausible(), tz="UTC")] = pd.NaT
    given = np.asarray(values.astype("string").str.strip().fillna("") != "", dtype=bool)
    return out, given & np.asarray(out.isna(), dtype=bool)


def _parse(values: pd.Series, timezone: str) -> pd.Series:
    """``values`` as UTC timestamps in any format known, NaT where none reads them."""
    import pandas as pd

    text = values.astype("string").str.strip()
    given = np.asarray(text.notna() & (text != ""), dtype=bool)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    for stage in (_polish_dates, _number_dates, _iso_dates):
        rows = given & np.asarray(out.isna(), dtype=bool)
        if not rows.any():
            break
        out[rows] = stage(text[rows], timezone)
    return out


def _polish_dates(text: pd.Series, timezone: str) -> pd.Series:
    import pandas as pd

    parts = text.str.extract(_POLISH_DATE)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    rows = np.asarray(parts["day"].notna(), dtype=bool) & _in_years(parts["year"])
    if rows.any():
        parts = parts[rows].astype(float).fillna({"hour": 0, "minute": 0, "second": 0})
        out[rows] = _localize(pd.to_datetime(parts, errors="coerce"), timezone)
    return out


def _number_dates(text: pd.Series, timezone: str) -> pd.Series:
    import pandas as pd

    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    rows = np.asarray(text.str.fullmatch(_NUMBER).fillna(False), dtype=bool)
    if rows.any():
        out[rows] = _from_number(parse_number(text[rows].to_numpy()), timezone, text[rows].index)
    return out


def _iso_dates(text: pd.Series, timezone: str) -> pd.Series:
    import pandas as pd

    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    parts = text.str.extract(_ISO)
    iso = np.asarray(text.str.fullmatch(_ISO).fillna(False), dtype=bool) & _in_years(parts["year"])
    offset = iso & np.asarray(parts["offset"].notna(), dtype=bool)
    if offset.any():
        out[offset] = pd.to_datetime(text[offset], format="ISO8601", utc=True, errors="coerce")
    naive = iso & ~offset
    if naive.any():
        stamps = pd.to_datetime(text[naive], format="ISO8601", errors="coerce")
        out[naive] = _localize(stamps, timezone)
    return out


def _from_number(number: np.ndarray, timezone: str, index: pd.Index) -> pd.Series:
    """Unix seconds or milliseconds (UTC), or Excel serial days (local time), within :data:`YEARS`.

    Seconds from 1e8 (1973) and milliseconds from 1e11 (1973): smaller numbers are
    Excel days, whose span (25,569-73,051) leaves out bare years (2024).
    """
    import pandas as pd

    out = pd.Series(pd.NaT, index=index, dtype="datetime64[ns, UTC]")
    unix = np.where(number >= 1e11, number / 1000.0, number)
    is_unix = (number >= 1e8) & (unix >= _UNIX[0]) & (unix < _UNIX[1])
    out[is_unix] = pd.to_datetime(np.round(unix[is_unix]), unit="s", utc=True)
    excel = (number >= _EXCEL[0]) & (number < _EXCEL[1])
    if excel.any():
        stamps = _EXCEL_EPOCH + np.round(number[excel] * 86_400).astype("timedelta64[s]")
        out[excel] = _localize(pd.Series(stamps, index=index[excel]), timezone)
    return out


def date_problems(values: Iterable[str], timezone: str) -> dict[str, tuple[str, str]]:
    """Why each of ``values``, which :func:`parse_dates` could not take, is no date.

    Each gets a kind (``unreadable date``, ``impossible date``), which counts
    rejections, and a phrase that follows the value in a message.
    """
    import pandas as pd

    values = list(values)
    stamps = _parse(pd.Series(values, dtype=object), timezone)
    latest = pd.Timestamp(latest_plausible(), tz="UTC")
    late = f"lies after {latest:%Y-%m-%d} (tomorrow): a report cannot come from the future"
    return {
        value: ("impossible date", late) if stamp > latest else date_problem(value)
        for value, stamp in zip(values, stamps, strict=True)
    }


def date_problem(value: str) -> tuple[str, str]:
    """Why ``value``, which no format reads, is no date: a kind and a phrase."""
    text = value.strip()
    partial = re.fullmatch(_PARTIAL, text)
    if partial:
        return "unreadable date", "is a month, not a day" if partial["month"] or partial[
            "month_first"
        ] else "is a year, not a day"
    span = f"between {YEARS[0]} and tomorrow"
    year = re.match(r"\d{1,2}\.\d{1,2}\.(\d+)\b|(\d{4,})-\d", text)
    if year and not YEARS[0] <= int(year[1] or year[2]) <= YEARS[1]:
        return "impossible date", f"is not {span}"
    if re.fullmatch(_NUMBER, text):
        return "impossible date", (
            f"is a number that is no time {span} (Unix seconds or milliseconds, Excel serial days)"
        )
    if re.fullmatch(_SLASHED, text):
        return "unreadable date", (
            "has day and month in an order that cannot be told; write dd.mm.rrrr or rrrr-mm-dd"
        )
    if re.fullmatch(_POLISH_DATE, text) or re.fullmatch(_ISO, text):
        return "unreadable date", "is no day of the calendar"
    return "unreadable date", "is not a date that can be read (dd.mm.rrrr, ISO 8601)"


def _in_years(years: pd.Series) -> np.ndarray:
    """Mask of ``years`` (text or NaN) within :data:`YEARS`."""
    number = years.astype(float).to_numpy()
    return np.asarray((number >= YEARS[0]) & (number <= YEARS[1]), dtype=bool)


def _localize(naive: pd.Series, timezone: str) -> pd.Series:
    return naive.dt.tz_localize(
        timezone, ambiguous=np.ones(len(naive), dtype=bool), nonexistent="shift_forward"
    ).dt.tz_convert("UTC")


def _map_unique(values: pd.Series, func: Callable[[str], str | None]) -> pd.Series:
    """``func`` applied once per distinct value of ``values`` (None stays None)."""
    import pandas as pd

    text = values.astype(object).where(values.notna(), None)
    table = {v: func(v) for v in pd.unique(text.dropna())}
    mapped = text.map(table).astype(object)
    return mapped.where(mapped.notna(), None)
