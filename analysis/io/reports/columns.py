"""Which column of a reports file holds which field: by name (Polish, English) or as the user says.

Names are compared in a plain form (lower case, no diacritics, words separated
by single spaces), so ``Data zgłoszenia``, ``DATA_ZGLOSZENIA`` and
``data zgloszenia`` are one name. For each field the aliases are tried in order
and the first column that matches is taken; a column serves one field only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from analysis.errors import InputError

ALIASES: dict[str, tuple[str, ...]] = {
    "report_id": (
        "numer",
        "numer zgloszenia",
        "nr zgloszenia",
        "nr",
        "id zgloszenia",
        "identyfikator",
        "service request id",
        "request id",
        "report id",
        "case id",
        "ticket id",
        "unique key",
        "id",
    ),
    "category": (
        "kategoria",
        "kategoria zgloszenia",
        "rodzaj zgloszenia",
        "rodzaj",
        "typ zgloszenia",
        "temat",
        "category",
        "service name",
        "complaint type",
        "title",
        "type",
        "problem",
    ),
    "category_code": ("kod kategorii", "service code", "category code"),
    "status": ("status", "status zgloszenia", "stan", "state"),
    "status_notes": ("status notes", "uwagi do statusu"),
    "created": (
        "data zgloszenia",
        "data utworzenia",
        "data przyjecia",
        "data",
        "requested datetime",
        "created",
        "created at",
        "date created",
        "created date",
        "opened",
        "date",
    ),
    "closed": (
        "data zamkniecia",
        "data zakonczenia",
        "data realizacji",
        "closed",
        "closed at",
        "date closed",
        "closed date",
        "closed datetime",
        "resolved",
        "resolved at",
    ),
    "updated": (
        "data aktualizacji",
        "data modyfikacji",
        "ostatnia zmiana",
        "updated datetime",
        "updated",
        "updated at",
        "last updated",
        "date updated",
        "modified",
    ),
    "description": (
        "opis",
        "opis zgloszenia",
        "tresc",
        "tresc zgloszenia",
        "description",
        "details",
    ),
    "address": (
        "adres",
        "adres zgloszenia",
        "miejsce",
        "address",
        "address string",
        "incident address",
        "street address",
    ),
    "lat": ("szerokosc", "szerokosc geograficzna", "lat", "latitude"),
    "lon": ("dlugosc", "dlugosc geograficzna", "lon", "lng", "long", "longitude"),
    "x": ("x", "wspolrzedna x", "wsp x"),
    "y": ("y", "wspolrzedna y", "wsp y"),
}
"""Column names (in plain form) that hold each field, most specific first."""
FIELDS = tuple(ALIASES)
AUXILIARY = ("category_code", "status_notes")
"""Fields that help normalise others and stay in the layer under the file's column name."""
PAIRS = (("lat", "lon"), ("x", "y"))


def plain(name: str) -> str:
    """``name`` in lower case, without diacritics, words separated by single spaces."""
    ascii_ = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    words = re.split(r"[^a-z0-9]+", ascii_.encode("ascii", "ignore").decode().lower())
    return " ".join(w for w in words if w)


def map_columns(
    columns: Sequence[str], column_map: Mapping[str, str] | None, label: str
) -> dict[str, str]:
    """Return ``{field: column}`` for the fields found among ``columns``.

    ``column_map`` (field -> column name) comes first; a column it names may be
    written in plain form. Then each remaining field takes the first free column
    matching one of its :data:`ALIASES`.

    Raises
    ------
    InputError
        If ``column_map`` names a column the file lacks, or only one column of a
        coordinate pair (lat/lon, x/y).
    """
    found: dict[str, str] = {}
    by_plain: dict[str, str] = {}
    for column in columns:
        by_plain.setdefault(plain(column), column)
    for field, wanted in (column_map or {}).items():
        match = wanted if wanted in columns else by_plain.get(plain(wanted))
        if match is None:
            shown = ", ".join(repr(c) for c in columns[:30])
            raise InputError(
                f"{label}: column {wanted!r} given for {field} is not in the file "
                f"(its columns: {shown})"
            )
        found[field] = match
    for first, second in PAIRS:
        if (first in found) != (second in found):
            raise InputError(
                f"{label}: the column mapping names only one of {first}/{second}; give both"
            )
    taken = set(found.values())
    for field, aliases in ALIASES.items():
        if field in found or (field in ("lat", "lon", "x", "y") and _has_pair(found)):
            continue
        for alias in aliases:
            match = by_plain.get(alias)
            if match is not None and match not in taken:
                found[field] = match
                taken.add(match)
                break
    return found


def check_column_map(column_map: Mapping[str, str] | None) -> None:
    """Raise InputError if ``column_map`` names a field that does not exist."""
    unknown = sorted(set(column_map or {}) - set(FIELDS))
    if unknown:
        raise InputError(
            f"unknown field(s) in the column mapping: {', '.join(unknown)}; "
            f"the fields are {', '.join(FIELDS)}"
        )


def _has_pair(found: Mapping[str, str]) -> bool:
    return any(a in found and b in found for a, b in PAIRS)


def has_coordinates(columns: Sequence[str]) -> bool:
    """Whether ``columns`` name a pair of coordinate columns (lat/lon or x/y)."""
    return _has_pair(map_columns(columns, None, ""))
