"""From one file's rows of text to report records in the workspace CRS.

A record gets the fields of :data:`FIELDS` plus the file's other columns as
text. A record is rejected, with its place in the file and a reason, when it
has no report number (in a file with a number column), a date that cannot be
read, no usable coordinates, or coordinates outside the workspace's area. A
file without a number column gets numbers made from a hash of each record's
content, so that importing it again adds nothing. A whole file is refused when
it holds no records, or when its X/Y values lie in Poland in either axis order
and the workspace holds no data to tell which (unless the column mapping names
the northing column as ``x``): read the wrong way they land some 250 km off.

Unless personal data is kept on purpose, personal columns are dropped and
contacts in every text, ours included, are redacted
(:func:`~analysis.io.personal.strip_personal`); a report number that holds a
contact (and is more than digits) gets a number made from the record instead.
The file's notes for the catalogue are redacted in any case.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import InputError
from analysis.io import contacts
from analysis.io.budget import NEVER, Deadline
from analysis.io.coords import (
    POLISH_CRS,
    Area,
    AxisGuess,
    both_orders,
    guess_axes,
    parse_number,
    to_workspace,
)
from analysis.io.personal import redact, strip_personal
from analysis.io.reports.columns import AUXILIARY, PAIRS, map_columns
from analysis.io.reports.normalize import CategoryMapping, date_problems, parse_dates, statuses
from analysis.io.reports.readers import GEOMETRY_COLUMNS, Row, Table, read_table
from analysis.progress import Progress, check_cancelled

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

FIELDS = (
    "report_id",
    "category",
    "category_label",
    "status",
    "status_label",
    "created",
    "closed",
    "updated",
    "description",
    "address",
    "source",
)
"""The layer's own columns; ``updated`` is the last change known (else closed, else created)."""
NUMERIC_ID = re.compile(r"[\d\s/.\-]+")
"""A report number of digits and separators: kept as it is, though it may look like a phone."""
RESERVED = frozenset({*FIELDS, "fid", "geometry", "geom"})
CHUNK_ROWS = 20_000
CHECK_EVERY = 1_000
"""Rows read between two looks at the clock (a file of fewer is never timed out)."""
MAX_LISTED = 20


@dataclass(frozen=True)
class Context:
    """What every file of one import is read with."""

    crs: str
    """The workspace CRS."""
    area: Area
    categories: CategoryMapping
    timezone: str
    column_map: Mapping[str, str] | None = None
    xy_crs: str | None = None
    """CRS of X/Y columns and GeoJSON points, when given; else detected from the values."""
    keep_personal: bool = False


@dataclass
class Rejected:
    """A record not imported: where it is, the kind of reason (for counts) and the reason."""

    where: str
    kind: str
    reason: str


@dataclass
class FileRecords:
    """The records of one file that can be imported, and what happened to the others."""

    frame: gpd.GeoDataFrame
    label: str
    """How messages name the file (with the worksheet read, when there was a choice)."""
    rejected: list[Rejected] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)
    """How the file was read, for the catalogue's quality flags."""
    remarks: tuple[str, ...] = ()
    """What a person should know of how the file was read, for the import's summary."""
    personal_columns: list[str] = field(default_factory=list)
    redacted_values: int = 0


@dataclass(frozen=True)
class _Coordinates:
    first: str
    second: str
    kind: str
    """``lat/lon``, ``x/y`` or ``geometry``."""


def read_records(
    path: Path,
    label: str,
    context: Context,
    progress: Progress,
    deadline: Deadline | None = None,
) -> FileRecords:
    """Read and normalise the reports of ``path`` (named ``label`` in messages).

    Reading and normalising stop, every :data:`CHECK_EVERY` rows, once
    ``deadline`` has passed.

    The ``source`` column gets the file's name (a ZIP member's own name). A
    workbook's sheet is named with the file, in messages and in
    :attr:`FileRecords.label`, when it had others.

    Raises
    ------
    InputError
        If the file cannot be read as a whole: unreadable, hostile, without
        coordinate columns or records, with coordinates that fit no CRS in
        the area, or still being read at ``deadline``
        (:class:`~analysis.io.budget.TooSlow`).
    """
    import pandas as pd

    deadline = deadline or NEVER
    table = read_table(path, label, deadline=deadline)
    source, label = Path(label).name, _sheet_label(label, table)
    mapping = map_columns(table.columns, context.column_map, label)
    coordinates = _coordinate_columns(table, mapping, context.column_map, label)
    frames: list[pd.DataFrame] = []
    rejected: list[Rejected] = []
    for batch in _batched(_timed(table.rows, deadline, label), CHUNK_ROWS):
        check_cancelled(progress)
        progress.report(0.0, f"reading {label}: {len(frames) * CHUNK_ROWS + len(batch):,} records")
        rejected += [Rejected(r.where, "unreadable record", r.error) for r in batch if r.error]
        good = [r for r in batch if r.error is None]
        raw = pd.DataFrame([r.values for r in good], columns=table.columns, dtype=object)
        frames.append(_normalize(raw, [r.where for r in good], mapping, coordinates, context))
    notes: dict[str, Any] = {"format": table.format, **table.notes}
    columns = [*FIELDS, "_where", "_first", "_second", "_reason", "_kind"]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    frame["source"] = source
    notes["records"] = len(frame) + len(rejected)
    if not notes["records"]:
        raise InputError(f"{label}: no records after the header; nothing to import")
    remarks = list(table.remarks)
    if "report_id" not in mapping:
        notes["report_ids"] = "made from a hash of each record (the file has no number column)"
        remarks.append("no report number column: numbers made from each record's content")
    _note_labels(frame, notes)
    if n := notes.get("categories_read_as_other"):
        remarks.append(f"{n:,} record(s) of a category not recognised, read as 'other'")
    frame = _locate(frame, coordinates, context, table.crs, label, notes, remarks)
    bad = frame["_reason"].notna().to_numpy()
    rejected += [
        Rejected(w, k, r)
        for w, k, r in zip(
            frame["_where"][bad], frame["_kind"][bad], frame["_reason"][bad], strict=True
        )
    ]
    rejected.sort(key=lambda r: _position(r.where))
    frame = frame[~bad].drop(columns=["_where", "_reason", "_kind"])
    result = FileRecords(
        _to_points(frame, context.crs),
        label,
        rejected,
        _redacted(notes),
        tuple(redact(r)[0] for r in remarks),
    )
    if not context.keep_personal:
        _strip(result)
    return result


def _sheet_label(label: str, table: Table) -> str:
    """``label``, with the worksheet read when the workbook has others."""
    if "sheets_skipped" not in table.notes:
        return label
    return f"{label}, sheet {table.notes['sheet']!r}"


def _coordinate_columns(
    table: Table, mapping: Mapping[str, str], column_map: Mapping[str, str] | None, label: str
) -> _Coordinates:
    """The coordinate columns: the user's, else a GeoJSON's points, else lat/lon, else X/Y."""
    pairs = [(a, b) for a, b in PAIRS if a in mapping and b in mapping]
    chosen = [(a, b) for a, b in pairs if a in (column_map or {})] or pairs
    if table.format == "GeoJSON" and not any(a in (column_map or {}) for a, _ in pairs):
        return _Coordinates(*GEOMETRY_COLUMNS, "geometry")
    if chosen:
        first, second = chosen[0]
        return _Coordinates(mapping[first], mapping[second], f"{first}/{second}")
    raise InputError(
        f"{label}: no coordinate columns; expected Szerokość/Długość, lat/lon, "
        "Latitude/Longitude or X/Y (or name them in the column mapping)"
    )


def _normalize(
    raw: pd.DataFrame,
    where: list[str],
    mapping: Mapping[str, str],
    coordinates: _Coordinates,
    context: Context,
) -> pd.DataFrame:
    """Our fields (and the file's other columns) for one batch of rows."""
    import pandas as pd

    def column(name: str) -> pd.Series:
        if name in mapping:
            return raw[mapping[name]]
        return pd.Series(None, index=raw.index, dtype=object)

    out = pd.DataFrame(index=raw.index)
    reason = pd.Series(None, index=raw.index, dtype=object)
    kind = pd.Series(None, index=raw.index, dtype=object)

    def fail(mask: np.ndarray | pd.Series, why: str | pd.Series, what: str) -> None:
        mask = np.asarray(mask, dtype=bool) & reason.isna().to_numpy()
        reason[mask] = why.to_numpy()[mask] if isinstance(why, pd.Series) else why
        kind[mask] = what

    if "report_id" in mapping:
        out["report_id"] = column("report_id")
        fail(
            out["report_id"].isna(),
            f"no report number in column {mapping['report_id']!r}",
            "no report number",
        )
    else:
        out["report_id"] = [_content_id(row) for row in raw.itertuples(index=False)]
    out["category_label"] = column("category")
    out["category"] = context.categories.categorize(column("category"), column("category_code"))
    out["status_label"] = column("status")
    out["status"] = statuses(column("status"), column("status_notes"))
    for name in ("created", "closed", "updated"):
        stamps, unreadable = parse_dates(column(name), context.timezone)
        out[name] = stamps
        if unreadable.any():
            values = column(name)
            problems = date_problems(pd.unique(values[unreadable]), context.timezone)
            kinds = values.map(lambda v, p=problems: p[v][0] if v in p else None)
            text = values.map(
                lambda v, p=problems, n=mapping[name]: (
                    f"{p[v][0]} {v!r} in {n!r} {p[v][1]}" if v in p else None
                )
            )
            for what in {kind for kind, _ in problems.values()}:
                fail(unreadable & (kinds == what).to_numpy(), text, what)
    out["updated"] = out["updated"].fillna(out["closed"]).fillna(out["created"])
    out["description"] = column("description")
    out["address"] = column("address")

    a, b = raw[coordinates.first], raw[coordinates.second]
    out["_first"], out["_second"] = parse_number(a.to_numpy()), parse_number(b.to_numpy())
    missing = a.isna() & b.isna()
    fail(missing, "no coordinates", "no coordinates")
    unreadable = ~np.isfinite(out["_first"].to_numpy()) | ~np.isfinite(out["_second"].to_numpy())
    text = pd.Series(
        [f"unreadable coordinates ({x!r}, {y!r})" for x, y in zip(a, b, strict=True)],
        index=raw.index,
        dtype=object,
    )
    fail(unreadable, text, "unreadable coordinates")

    consumed = {c for f, c in mapping.items() if f not in AUXILIARY} | set(GEOMETRY_COLUMNS)
    consumed |= {coordinates.first, coordinates.second}
    for name, extra in _extra_names([c for c in raw.columns if c not in consumed]).items():
        out[extra] = raw[name]
    out["_where"], out["_reason"], out["_kind"] = where, reason, kind
    return out


def _locate(
    frame: pd.DataFrame,
    coordinates: _Coordinates,
    context: Context,
    declared: str | None,
    label: str,
    notes: dict[str, Any],
    remarks: list[str],
) -> pd.DataFrame:
    """Detect the CRS and axis order, transform, and reject points outside the area.

    How they were read goes to ``notes``; latitude and longitude read the
    other way, also to ``remarks``.
    """
    usable = frame["_reason"].isna().to_numpy()
    if not usable.any():
        return frame
    first = frame["_first"].to_numpy(dtype=float)
    second = frame["_second"].to_numpy(dtype=float)
    candidates: tuple[str, ...] | None = None
    if coordinates.kind != "lat/lon" and context.xy_crs:
        candidates = (context.xy_crs,)
    elif declared:
        candidates = tuple(dict.fromkeys((declared, "EPSG:4326", *POLISH_CRS, context.crs)))
    try:
        guess = guess_axes(
            first[usable],
            second[usable],
            context.area,
            candidates=candidates,
            northing_first_convention=coordinates.kind != "geometry",
        )
    except InputError as exc:
        raise InputError(f"{label}: {exc}; is the workspace the right one for this file?") from exc
    named = coordinates.kind.split("/")[0] in (context.column_map or {})
    if (
        guess.ambiguous
        and context.area.box is None
        and coordinates.kind != "geometry"
        and not named
    ):
        raise InputError(_ambiguous(label, coordinates, first[usable], second[usable], guess))
    names = (
        "GeoJSON geometry"
        if coordinates.kind == "geometry"
        else (f"columns {coordinates.first!r}, {coordinates.second!r}")
    )
    notes["coordinates"] = f"{guess.describe()}; {names}"
    if coordinates.kind == "lat/lon" and not guess.swapped:
        notes["coordinates"] += " (latitude and longitude swapped in the file)"
        remarks.append(
            f"latitude and longitude are swapped in the file (columns {coordinates.first!r}, "
            f"{coordinates.second!r}); read the other way"
        )
    x, y = to_workspace(first, second, guess, context.crs)
    frame = frame.drop(columns=["_first", "_second"])
    frame["_x"], frame["_y"] = x, y
    outside = usable & ~context.area.contains(x, y)
    reasons = [
        f"coordinates ({a:g}, {b:g}) lie outside the workspace's area"
        for a, b in zip(first[outside], second[outside], strict=True)
    ]
    frame.loc[outside, "_reason"] = reasons
    frame.loc[outside, "_kind"] = "outside the area"
    return frame


def _ambiguous(
    label: str, coordinates: _Coordinates, first: np.ndarray, second: np.ndarray, guess: AxisGuess
) -> str:
    """Why a file whose axis order the values cannot tell is refused, and what to do."""
    (lon, lat), (other_lon, other_lat), km = both_orders(first, second, guess)
    a, b = coordinates.first, coordinates.second
    read = a if guess.swapped else b
    return (
        f"{label}: the values of columns {a!r} and {b!r} ({guess.crs}) lie in Poland in "
        f"either axis order, {km:,.0f} km apart: {read!r} as the northing puts the reports "
        f"around {lat:.3f}°N {lon:.3f}°E, the other order around {other_lat:.3f}°N "
        f"{other_lon:.3f}°E; the workspace holds no data yet to tell which is right. Import "
        f"the city's datasets first, or say which column holds the northing: "
        f"--column {coordinates.kind.split('/')[0]}=NORTHING --column "
        f"{coordinates.kind.split('/')[1]}=EASTING (in the import wizard, choose the columns)"
    )


def _to_points(frame: pd.DataFrame, crs: str) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import shapely

    columns = [c for c in frame.columns if c not in ("_x", "_y", "_first", "_second")]
    if "_x" not in frame:  # no usable coordinates at all
        return gpd.GeoDataFrame(frame[columns], geometry=[None] * len(frame), crs=crs)
    geometry = shapely.points(frame["_x"].to_numpy(), frame["_y"].to_numpy())
    return gpd.GeoDataFrame(frame[columns].reset_index(drop=True), geometry=geometry, crs=crs)


def _strip(records: FileRecords) -> None:
    """Drop personal columns, redact contacts in the text and in report numbers."""
    frame = records.frame
    ids = frame["report_id"].copy()
    hiding = ids.map(_holds_contact).astype(bool)
    if hiding.any():
        rows = frame.loc[hiding].drop(columns=[frame.geometry.name, "source"])
        ids[hiding] = [_content_id(tuple(row)) for row in rows.itertuples(index=False)]
    rest, report = strip_personal(
        frame.drop(columns="report_id"), own=frozenset(FIELDS), reports=True
    )
    rest.insert(0, "report_id", ids)
    records.frame = rest
    records.personal_columns = report.dropped_columns
    records.redacted_values = report.redacted_values + int(hiding.sum())


def _holds_contact(report_id: str) -> bool:
    return not NUMERIC_ID.fullmatch(report_id) and contacts.CONTACT.search(report_id) is not None


def _redacted(notes: dict[str, Any]) -> dict[str, Any]:
    """The notes with contacts redacted in their text and in the keys of their counts."""
    out: dict[str, Any] = {}
    for key, value in notes.items():
        if isinstance(value, str):
            value = redact(value)[0]
        elif isinstance(value, dict):
            counts: Counter[str] = Counter()
            for label, n in value.items():
                counts[redact(str(label))[0]] += n
            value = dict(counts)
        out[key] = value
    return out


def _note_labels(frame: pd.DataFrame, notes: dict[str, Any]) -> None:
    """Note status labels not recognised and how many categories fell back to ``other``."""
    unknown = frame["status"].isna() & frame["status_label"].notna()
    if unknown.any():
        counts = Counter(frame["status_label"][unknown])
        notes["statuses_not_recognised"] = dict(counts.most_common(MAX_LISTED))
    fallback = (frame["category"] == "other") & frame["category_label"].notna()
    if fallback.any():
        notes["categories_read_as_other"] = int(fallback.sum())


def _extra_names(columns: list[str]) -> dict[str, str]:
    """The file's other columns, renamed (``Status_2``) where names clash case-insensitively.

    GeoPackage column names ignore case, and ours (and ``_`` helpers) come first.
    """
    taken = {r.lower() for r in RESERVED}
    names = {}
    for column in columns:
        base = column.lstrip("_") or "column"
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name.lower())
        names[column] = name
    return names


def _content_id(values: tuple[Any, ...]) -> str:
    text = "\x1f".join("" if v is None else str(v) for v in values)
    return "h" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:15]


def _timed(rows: Iterator[Row], deadline: Deadline, label: str) -> Iterator[Row]:
    """``rows``, stopped at the row reached when ``deadline`` is found passed."""
    for i, row in enumerate(rows, 1):
        if i % CHECK_EVERY == 0:
            deadline.check(label, row.where)
        yield row


def _batched(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while batch := list(itertools.islice(rows, size)):
        yield batch


def _position(where: str) -> int:
    number = where.rsplit(" ", 1)[-1]
    return int(number) if number.isdigit() else 0
