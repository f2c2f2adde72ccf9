"""CSV files with point coordinates, as city offices export them.

The delimiter (``;``, ``,``, tab or ``|``, or an Excel ``sep=`` line) is
detected from the first lines; the encoding line by line
(:mod:`analysis.io.encodings`), so a file mixing UTF-8 lines with cp1250 ones
reads right and a row whose line neither can read is left without geometry,
with the reason. Coordinates come from a pair of columns found by name: longitude
and latitude (``lon``/``lat``, ``długość``/``szerokość``...) or ``X``/``Y``,
which Polish geodesy writes northing first. Values may use a decimal comma.
Which CRS and axis order they are in is decided later, from the values.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from analysis.errors import InputError
from analysis.io.coords import parse_number
from analysis.io.encodings import (
    REPLACEMENT,
    DecodedText,
    Decoding,
    decoded_lines,
    detect,
    undecodable_header,
)

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

MAX_COLUMNS = 1_000
MAX_LINE_BYTES = 1 << 20
MAX_FILE_BYTES = 1 << 30
SNIFF_LINES = 50
DELIMITERS = (";", ",", "\t", "|")
LONLAT_NAMES = (
    {"lon", "lng", "long", "longitude", "dlugosc", "dlugoscgeograficzna", "dlgeogr", "lambda"},
    {"lat", "latitude", "szerokosc", "szerokoscgeograficzna", "szergeogr", "phi"},
)
XY_NAMES = (
    {"x", "wspx", "wspolrzednax", "coordx", "xcoord"},
    {"y", "wspy", "wspolrzednay", "coordy", "ycoord"},
)


@dataclass(frozen=True)
class CsvPoints:
    """A CSV file's rows as points (no CRS yet) and how its coordinates were found.

    Rows without readable coordinates have no geometry. ``northing_first``
    says the columns are ``X``/``Y``, where the Polish convention puts the
    northing first; ``crs`` is the CRS the column names imply (WGS84 for
    longitude/latitude, none for ``X``/``Y``); ``first_line`` is the file line
    of the first row.
    """

    frame: gpd.GeoDataFrame
    columns: tuple[str, str]
    northing_first: bool
    crs: str | None
    first_line: int
    decoding: Decoding
    """How the lines were decoded: :meth:`~Decoding.describe` for the catalogue,
    :meth:`~Decoding.note` for people."""
    invalid: Mapping[int, str] = field(default_factory=dict)
    """Rows (by position) without geometry because their line could not be decoded, and why."""


def read_csv_points(source: Path | bytes) -> CsvPoints:
    """Read the CSV file ``source`` (a path, or the bytes of an archive member) as points.

    Every attribute is kept as text.

    Raises
    ------
    InputError
        If the file is empty, has an overlong first line or too many columns,
        cannot be parsed (the message names the line), or has no coordinate columns.
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    head = source[: MAX_LINE_BYTES + 1] if isinstance(source, bytes) else _head(source)
    size = len(source) if isinstance(source, bytes) else source.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"larger than {MAX_FILE_BYTES >> 20} MiB; split it")
    if not head.strip():
        raise InputError("the file is empty")
    if b"\n" not in head and len(head) > MAX_LINE_BYTES:
        raise InputError(f"the first line is longer than {MAX_LINE_BYTES >> 20} MiB")
    with _open(source) as f:
        decoding = detect(f)
    sample = list(itertools.islice(decoded_lines(io.BytesIO(head), decoding), SNIFF_LINES))
    lines = [text.rstrip("\r\n") for text, _ in sample]
    skip = 0
    if lines[0].lower().startswith("sep=") and len(lines[0]) == 5:
        delimiter, skip = lines[0][4], 1
    else:
        delimiter = max(DELIMITERS, key=lambda d: _fit(lines, d))
    if len(sample) > skip and (why := sample[skip][1]):
        raise InputError(undecodable_header(skip + 1, why))
    header = next(csv.reader(lines[skip : skip + 1], delimiter=delimiter))
    if len(header) > MAX_COLUMNS:
        raise InputError(f"{len(header):,} columns, more than {MAX_COLUMNS:,}")
    first, second, northing_first = coordinate_columns(header)
    frame, invalid = _read(source, delimiter, decoding, skip)
    x, y = parse_number(frame[first].to_numpy()), parse_number(frame[second].to_numpy())
    geometry = shapely.points(x, y)
    geometry[~(pd.notna(x) & pd.notna(y))] = None
    geometry[list(invalid)] = None
    return CsvPoints(
        frame=gpd.GeoDataFrame(frame, geometry=geometry),
        columns=(first, second),
        northing_first=northing_first,
        crs=None if northing_first else "EPSG:4326",
        first_line=skip + 2,
        decoding=decoding,
        invalid=invalid,
    )


def coordinate_columns(header: list[str]) -> tuple[str, str, bool]:
    """The (first, second) coordinate columns and whether the first may be the northing.

    Raises
    ------
    InputError
        If no pair of columns is named like coordinates.
    """
    keys = {_key(column): column for column in reversed(header)}
    for (firsts, seconds), northing_first in ((LONLAT_NAMES, False), (XY_NAMES, True)):
        found = [keys[k] for k in firsts if k in keys], [keys[k] for k in seconds if k in keys]
        if found[0] and found[1]:
            return found[0][0], found[1][0], northing_first
    raise InputError(
        f"no coordinate columns (expected X/Y, lon/lat or długość/szerokość; "
        f"found {', '.join(header[:12])})"
    )


def _key(column: str) -> str:
    plain = unicodedata.normalize("NFKD", column.replace("ł", "l").replace("Ł", "L"))
    return re.sub(r"[^a-z0-9]", "", plain.encode("ascii", "ignore").decode().lower())


def _head(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(MAX_LINE_BYTES + 1)


def _open(source: Path | bytes) -> IO[bytes]:
    return io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")


def _fit(lines: list[str], delimiter: str) -> tuple[int, int]:
    """How well ``delimiter`` splits ``lines``: rows as wide as the header, then that width."""
    rows = list(csv.reader(lines[:-1] or lines, delimiter=delimiter))
    width = len(rows[0]) if rows else 0
    if width < 2:
        return (0, 0)
    return (sum(len(r) == width for r in rows[1:] if r), width)


def _read(
    source: Path | bytes, delimiter: str, decoding: Decoding, skip: int
) -> tuple[pd.DataFrame, dict[int, str]]:
    """The rows as text, and those (by position) holding a line that could not be decoded.

    Those are the rows with a :data:`REPLACEMENT` character, where the
    undecodable bytes went, once some line could not be decoded.
    """
    import pandas as pd

    with _open(source) as f:
        text = DecodedText(f, decoding)
        try:
            with warnings.catch_warnings():
                # Rows longer than the header: pandas would drop or shift values.
                warnings.simplefilter("error", pd.errors.ParserWarning)
                frame = pd.read_csv(
                    text,
                    sep=delimiter,
                    dtype=str,
                    keep_default_na=False,
                    na_values=[""],
                    skiprows=skip,
                    index_col=False,
                    engine="c",
                )
        except pd.errors.ParserWarning as exc:
            raise InputError(f"rows have more fields than the header ({exc})") from exc
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
            raise InputError(f"not a readable CSV file ({exc})") from exc
    if (why := text.why) is None:
        return frame, {}
    marked = frame.apply(lambda c: c.str.contains(REPLACEMENT, regex=False, na=False))
    return frame, {int(i): why for i in marked.to_numpy().any(axis=1).nonzero()[0]}
