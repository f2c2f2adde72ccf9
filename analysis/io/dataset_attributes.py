"""Tidy the attributes of an imported layer so they read and write cleanly.

- Columns whose names differ only in case (``DOSTEP`` and ``dostep`` in the
  Gdańsk bike stands, each set on other features) are merged: a GeoPackage's
  column names ignore case.
- A column called ``fid`` would clash with the GeoPackage's feature id; it is renamed.
- Text is stripped, blank text becomes empty (null), lists and objects become JSON text.
- Text holding numbers with a decimal comma (``"6541655,25537"``) becomes numbers;
  for CSV, whose every value is text, plain numbers do too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

RESERVED = {"fid": "source_fid"}
_INTEGER = r"[+-]?(?:0|[1-9]\d{0,14})"
_DECIMAL_COMMA = r"[+-]?\d{1,15},\d+"
_DECIMAL_POINT = r"[+-]?\d{1,15}\.\d+"


def clean_attributes(
    frame: gpd.GeoDataFrame, *, plain_numbers: bool = False
) -> tuple[gpd.GeoDataFrame, dict[str, Any]]:
    """Return the tidied frame and quality flags saying what changed.

    Parameters
    ----------
    frame
        The layer as read.
    plain_numbers
        Also turn text holding plain numbers (``"12"``, ``"3.5"``) into numbers:
        for formats where every value is text (CSV).
    """
    flags: dict[str, Any] = {}
    frame, merged = _merge_case_duplicates(frame.copy())
    if merged:
        flags["columns_merged"] = merged
    frame = frame.rename(
        columns={c: RESERVED[str(c).lower()] for c in frame.columns if str(c).lower() in RESERVED}
    )
    comma = []
    for column in [c for c in frame.columns if c != frame.geometry.name]:
        if not _is_text(frame[column]):
            continue
        text = _tidy_text(frame[column])
        numbers = _as_numbers(text, plain_numbers)
        if numbers is not None and text.str.contains(",", regex=False).any():
            comma.append(str(column))
        frame[column] = text if numbers is None else numbers
    if comma:
        flags["decimal_comma_numbers"] = comma
    return frame, flags


def _is_text(values: pd.Series) -> bool:
    """Text, or lists and objects (GeoJSON arrays) to be written as JSON text; not bytes."""
    import pandas as pd

    if values.dtype != object:
        return bool(pd.api.types.is_string_dtype(values))
    return bool(values.dropna().map(lambda v: not isinstance(v, bytes | bytearray)).all())


def _merge_case_duplicates(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Merge columns equal but for case into the one with the most values."""
    groups: dict[str, list[str]] = {}
    for column in frame.columns:
        groups.setdefault(str(column).lower(), []).append(str(column))
    merged = []
    for names in (g for g in groups.values() if len(g) > 1):
        names = sorted(names, key=lambda c: -int(frame[c].notna().sum()))
        keep = names[0]
        for other in names[1:]:
            frame[keep] = frame[keep].where(frame[keep].notna(), frame[other])
        frame = frame.drop(columns=names[1:])
        merged.append(keep)
    return frame, merged


def _tidy_text(values: pd.Series) -> pd.Series:
    """Strip text, make blank text null and nested values JSON text."""
    import pandas as pd

    def scalar(value: Any) -> Any:
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False)
        if hasattr(value, "__len__") and not isinstance(value, str):
            return json.dumps(list(value), ensure_ascii=False, default=str)
        return value

    if values.dtype == object:
        values = values.map(scalar, na_action="ignore")
    text = values.astype("string").str.strip()
    return text.mask(text == "", pd.NA)


def _as_numbers(text: pd.Series, plain_numbers: bool) -> pd.Series | None:
    """The column as numbers if all its values are numbers as this format writes them."""
    import pandas as pd

    values = text.dropna()
    if values.empty:
        return None
    comma = values.str.fullmatch(_DECIMAL_COMMA)
    integer = values.str.fullmatch(_INTEGER)
    if comma.any() and (comma | integer).all():
        return pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    if not plain_numbers:
        return None
    if integer.all():
        return pd.to_numeric(text, errors="coerce").astype("Int64")
    if (integer | values.str.fullmatch(_DECIMAL_POINT)).all():
        return pd.to_numeric(text, errors="coerce")
    return None
