"""Read reports files as rows of text: CSV, XLSX, GeoJSON and Open311 GeoReport v2 JSON.

Each reader returns a :class:`Table`: the column names and an iterator of
:class:`Row` (where the record is, its values as text or None, and why it
could not be taken apart, if so). Rows come one at a time, so memory is
bounded by what the importer keeps of them.

- CSV: UTF-8 (with or without a BOM), UTF-16 with a BOM (as Excel's "Unicode
  text" writes) or a Polish code page, decided line by line
  (:mod:`analysis.io.encodings`), so a file mixing UTF-8 and cp1250 lines
  reads right and a line neither can read is rejected by number; the
  delimiter (``;``, ``,`` or tab) is the one that splits the first lines into
  the same number of fields; quoted fields may hold delimiters and newlines.
- XLSX: the first visible worksheet whose header names coordinate columns
  (hidden sheets are passed over), with openpyxl in read-only mode, after the
  ZIP has been checked by :mod:`analysis.io.safety` (caps on inflated size, no
  DTDs); merged cells are filled with their range's value.
- JSON: a GeoJSON FeatureCollection of points, or an Open311 GeoReport v2
  list of service requests (bare or as ``{"service_requests": [...]}``).
  Nested objects become columns of their own (``extended_attributes.first_name``),
  so that each is judged by its name (personal data is dropped by name).

Hostile files are refused early, without reading them whole: a line longer
than :attr:`ReadLimits.max_line_chars`, more than
:attr:`ReadLimits.max_columns` columns or :attr:`ReadLimits.max_rows`
records, a JSON file larger than :attr:`ReadLimits.max_json_bytes`.
"""

from __future__ import annotations

import csv
import itertools
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from analysis.errors import InputError
from analysis.io.budget import NEVER, Deadline
from analysis.io.encodings import Decoding, decoded_lines, detect, undecodable_header
from analysis.io.safety import CHUNK, Limits, check_xml_prolog, iter_zip

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".json", ".geojson")
GEOMETRY_COLUMNS = ("geometry:first", "geometry:second")
"""Columns in which the GeoJSON reader gives a point's two coordinates, in file order."""
DELIMITERS = {";": "semicolon", ",": "comma", "\t": "tab"}
SNIFF_LINES = 50
XLSX_LIMITS = Limits(member_bytes=512 << 20, total_bytes=1 << 30)
MAX_MERGED = 100_000
"""Merged cell ranges a worksheet may have."""
FLAT_DEPTH = 4
"""Levels of nested JSON objects made into columns; deeper ones stay JSON text."""
CHECK_CHUNKS = 16
"""Chunks of a workbook inflated between two looks at the clock."""
OPEN311_KEYS = frozenset(
    {"service_request_id", "service_code", "service_name", "requested_datetime"}
)


@dataclass(frozen=True)
class ReadLimits:
    """Caps that keep a hostile file from taking the memory or the time."""

    max_line_chars: int = 1 << 20
    """A CSV line longer than 1 Mi characters is not a table."""
    max_columns: int = 1_000
    max_rows: int = 1_000_000
    max_json_bytes: int = 100 << 20
    """JSON is parsed whole; 100 MiB holds some 150,000 Open311 requests."""


DEFAULT_LIMITS = ReadLimits()


@dataclass(frozen=True)
class Row:
    """One record: ``where`` (``"line 12"``), its values, and why it is broken, if it is."""

    where: str
    values: list[str | None]
    error: str | None = None


@dataclass
class Table:
    """A file's records as text, read lazily."""

    format: str
    columns: list[str]
    rows: Iterator[Row]
    notes: dict[str, str] = field(default_factory=dict)
    """How the file was read: ``encoding``, ``delimiter``, ``sheet``."""
    crs: str | None = None
    """The CRS a GeoJSON file declares (a ``crs`` member), if any."""
    remarks: list[str] = field(default_factory=list)
    """What a person should know of how the file was read (a code page, the sheet read)."""


def read_table(
    path: Path,
    label: str,
    limits: ReadLimits = DEFAULT_LIMITS,
    deadline: Deadline | None = None,
) -> Table:
    """Read ``path`` (named ``label`` in messages) by its suffix.

    ``deadline`` bounds what is read before the rows: a workbook's inflation.

    Raises
    ------
    InputError
        If the file is empty, unreadable, of an unsupported kind or hostile.
    """
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return read_csv(path, label, limits)
    if suffix == ".xlsx":
        return read_xlsx(path, label, limits, deadline)
    if suffix in (".json", ".geojson"):
        return read_json(path, label, limits)
    raise InputError(
        f"{label}: not a reports file; expected one of {', '.join(TABLE_SUFFIXES)} (or .zip)"
    )


# CSV ------------------------------------------------------------------------------------


def read_csv(path: Path, label: str, limits: ReadLimits = DEFAULT_LIMITS) -> Table:
    """Read a delimited text file, detecting its encoding (line by line) and delimiter."""
    with open(path, "rb") as f:
        decoding = detect(f)
        sample = list(itertools.islice(_capped_lines(f, decoding, label, limits), SNIFF_LINES))
    texts = [text for text, _ in sample]
    if not "".join(texts).strip():
        raise InputError(f"{label}: the file is empty")
    first = next(i for i, text in enumerate(texts) if text.strip())
    if why := sample[first][1]:
        raise InputError(f"{label}: {undecodable_header(first + 1, why)}")
    delimiter, header = _sniff(texts, complete=len(sample) < SNIFF_LINES, label=label)
    if len(header) > limits.max_columns:
        raise InputError(
            f"{label}: the header has {len(header):,} columns, more than the "
            f"{limits.max_columns:,} a reports table may have; refused"
        )
    columns = _unique_names(header)
    rows = _csv_rows(path, decoding, delimiter, len(columns), label, limits)
    notes = {"encoding": decoding.describe(), "delimiter": DELIMITERS[delimiter]}
    remarks = [note] if (note := decoding.note()) else []
    return Table("CSV", columns, rows, notes, remarks=remarks)


def _capped_lines(
    f: IO[bytes], decoding: Decoding, label: str, limits: ReadLimits
) -> Iterator[tuple[str, str | None]]:
    """The lines of ``f`` with why each could not be decoded; InputError at an overlong one."""
    lines = decoded_lines(f, decoding, limits.max_line_chars + 1)
    for number, (line, error) in enumerate(lines, 1):
        if len(line) > limits.max_line_chars:
            raise InputError(
                f"{label}: line {number:,} is longer than {limits.max_line_chars:,} characters; "
                "not a reports table, refused"
            )
        yield line, error


def _sniff(sample: list[str], complete: bool, label: str) -> tuple[str, list[str]]:
    """The delimiter that splits the sample into equally long records, and the header.

    A header whose quote never closes (it runs to the end of the sample) is refused.
    """
    best: tuple[tuple[bool, float, int], str, list[str], int] | None = None
    error = None
    for delimiter in DELIMITERS:
        reader = csv.reader(sample, delimiter=delimiter)
        try:
            header = next((r for r in reader if r), None)
            header_end = reader.line_num
            body = [r for r in reader if r]
        except csv.Error as exc:  # e.g. a field past the csv module's limit with this delimiter
            error = exc
            continue
        if header is None:
            continue
        body = body if complete else body[:-1]
        same = sum(len(r) == len(header) for r in body) / len(body) if body else 1.0
        score = (len(header) > 1, same, len(header))
        if best is None or score > best[0]:
            best = (score, delimiter, header, header_end)
    if best is None and error is not None:
        raise InputError(f"{label}: not a readable CSV file ({error})")
    if best is None or not best[0][0]:
        raise InputError(
            f"{label}: the first line has no ';', ',' or tab between column names; "
            "is it a table with a header line?"
        )
    _, delimiter, header, header_end = best
    if header_end == len(sample) > 1 and any("\n" in name or "\r" in name for name in header):
        start = next(i for i, line in enumerate(sample, 1) if line.strip())
        raise InputError(
            f'{label}: line {start} (the header): a quote (") opens a column name that does '
            f"not close before line {header_end}; remove the stray quote and import it again"
        )
    return delimiter, header


def _csv_rows(
    path: Path, decoding: Decoding, delimiter: str, width: int, label: str, limits: ReadLimits
) -> Iterator[Row]:
    """The records after the header; broken ones (bad quoting, undecodable lines) with an error."""
    undecodable: dict[int, str] = {}

    def lines(f: IO[bytes]) -> Iterator[str]:
        for number, (line, error) in enumerate(_capped_lines(f, decoding, label, limits), 1):
            if error:
                undecodable[number] = error
            yield line

    with open(path, "rb") as f:
        reader = csv.reader(lines(f), delimiter=delimiter, strict=True)
        start, header_seen, count = 1, False, 0
        while True:
            try:
                record, error = next(reader), None
            except StopIteration:
                return
            except csv.Error as exc:
                record, error = [], _quoting(exc, reader.line_num)
            line, start = start, reader.line_num + 1
            errors = [undecodable.pop(n) for n in range(line, start) if n in undecodable]
            if not header_seen:
                header_seen = bool(record) or error is not None  # the first line not blank
                continue
            if error is None and not any(v.strip() for v in record):
                continue
            count += 1
            _check_rows(count, label, limits)
            if error or errors:
                yield Row(f"line {line}", [], error or errors[0])
            else:
                yield _fit(f"line {line}", record, width)


def _quoting(exc: csv.Error, end: int) -> str:
    """Why a record could not be split into fields, in words."""
    if "unexpected end of data" in str(exc):
        return (
            f'a quote (") opens a field that does not close before the end of the file '
            f"(line {end:,}); the lines up to there are not read"
        )
    return f"broken quoting ({exc})"


# XLSX -----------------------------------------------------------------------------------


_DAMAGED_XLSX = (
    KeyError,
    ValueError,
    TypeError,
    OSError,
    SyntaxError,
    EOFError,
    zlib.error,
    zipfile.BadZipFile,
)
"""What openpyxl raises for a damaged workbook: it builds its objects from the XML, so a
missing attribute is a TypeError, a missing part a KeyError."""


def read_xlsx(
    path: Path,
    label: str,
    limits: ReadLimits = DEFAULT_LIMITS,
    deadline: Deadline | None = None,
) -> Table:
    """Read the worksheet of an Excel workbook that holds the reports.

    That is the first visible worksheet whose header (its first non-empty row)
    names coordinate columns, else the first visible one that is not empty.
    Merged cells take the value of their range's first cell (a category
    written once for several rows).
    """
    _check_workbook(path, label, deadline or NEVER)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except _DAMAGED_XLSX as exc:
        raise InputError(f"{label}: not a readable XLSX workbook ({exc})") from exc
    try:
        sheet, numbered, (number, names), skipped = _data_sheet(book, label, limits)
        merged = _merged_ranges(sheet, number, f"{label}, sheet {sheet.title!r}")
    except InputError:  # a ValueError too: said as it is
        book.close()
        raise
    except _DAMAGED_XLSX as exc:
        book.close()
        raise InputError(f"{label}: damaged worksheet ({exc})") from exc
    while names and names[-1] is None:
        names.pop()
    if len(names) > limits.max_columns:
        book.close()
        raise InputError(
            f"{label}: the header has more than {limits.max_columns:,} columns; refused"
        )
    columns = _unique_names([n or "" for n in names])
    rows = _xlsx_rows(book, _filled(numbered, merged), len(columns), label, limits)
    notes, remarks = {"sheet": str(sheet.title)}, []
    if skipped:
        notes["sheets_skipped"] = ", ".join(skipped)
        remarks.append(f"read sheet {sheet.title!r}; not read: {notes['sheets_skipped']}")
    if merged:
        notes["merged_ranges_filled"] = f"{len(merged):,}"
        remarks.append(f"{len(merged):,} merged cell range(s) filled with their first cell's value")
    return Table("XLSX", columns, rows, notes, remarks=remarks)


Numbered = Iterator[tuple[int, list[str | None]]]


def _data_sheet(
    book: Any, label: str, limits: ReadLimits
) -> tuple[Any, Numbered, tuple[int, list[str | None]], list[str]]:
    """The worksheet holding the reports, its rows after the header, the header, and the others.

    The others are named with why they were not read. Each visible sheet's
    header is looked at, so that a second sheet of reports is named too.
    """
    from analysis.io.reports.columns import has_coordinates

    skipped: list[tuple[int, str]] = []
    tables: list[tuple[int, Any, Numbered, tuple[int, list[str | None]], bool]] = []
    for i, sheet in enumerate(book.worksheets):
        if sheet.sheet_state != "visible":
            skipped.append((i, f"{sheet.title!r} ({sheet.sheet_state})"))
            continue
        cells = sheet.iter_rows(values_only=True, max_col=limits.max_columns + 1)
        numbered = ((n, [_text(v) for v in r]) for n, r in enumerate(cells, 1))
        header = next(((n, r) for n, r in numbered if any(v is not None for v in r)), None)
        if header is None:
            skipped.append((i, f"{sheet.title!r} (empty)"))
        else:
            tables.append(
                (i, sheet, numbered, header, has_coordinates([n or "" for n in header[1]]))
            )
    if not tables:
        listed = f" ({', '.join(why for _, why in skipped)})" if skipped else ""
        raise InputError(f"{label}: no visible worksheet holds a table{listed}")
    chosen = next((t for t in tables if t[4]), tables[0])
    reason = {True: "also has coordinates, not read", False: "no coordinate columns"}
    skipped += [
        (i, f"{s.title!r} ({reason[xy]})") for i, s, _, _, xy in tables if s is not chosen[1]
    ]
    return chosen[1], chosen[2], chosen[3], [why for _, why in sorted(skipped)]


def _merged_ranges(sheet: Any, header: int, label: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges below the header row, as (min_col, min_row, max_col, max_row)."""
    from lxml import etree
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet.merge import MergeCells
    from openpyxl.xml.constants import SHEET_MAIN_NS

    ranges: list[tuple[int, int, int, int]] = []
    # Read-only worksheets do not bind their merged cells; their <mergeCells> follows the rows.
    with sheet._get_source() as source:
        tag = f"{{{SHEET_MAIN_NS}}}mergeCells"
        for _, element in etree.iterparse(source, tag=tag, resolve_entities=False):
            for cell in MergeCells.from_tree(element).mergeCell:
                ranges.append(range_boundaries(cell.ref))
                if len(ranges) > MAX_MERGED:
                    raise InputError(f"{label}: more than {MAX_MERGED:,} merged ranges; refused")
            element.clear()
    return sorted((r for r in ranges if r[1] > header), key=lambda r: r[1])


def _filled(numbered: Numbered, merged: list[tuple[int, int, int, int]]) -> Numbered:
    """The rows with each merged range's empty cells given the value of its first cell."""
    pending = iter(merged)
    upcoming = next(pending, None)
    active: list[tuple[int, int, int, str | None]] = []  # first column, last column, last row
    for number, values in numbered:
        while upcoming is not None and upcoming[1] <= number:
            first, _, last, bottom = upcoming
            value = values[first - 1] if first <= len(values) else None
            active.append((first, last, bottom, value))
            upcoming = next(pending, None)
        active = [a for a in active if a[2] >= number]
        for first, last, _, value in active:
            for i in range(first - 1, min(last, len(values))):
                values[i] = value if values[i] is None else values[i]
        yield number, values


def _check_workbook(path: Path, label: str, deadline: Deadline) -> None:
    """Inflate every member under caps and refuse XML that declares a DTD, before ``deadline``."""
    chunks = 0
    for name, stream in iter_zip(path, ("",), XLSX_LIMITS):
        head = stream.read(1 << 16)
        if name.lower().endswith((".xml", ".rels", ".vml")):
            check_xml_prolog(head, f"{label}:{name}")
        while stream.read(CHUNK):
            chunks += 1
            if chunks % CHECK_CHUNKS == 0:
                deadline.check(label, f"member {name}")


def _xlsx_rows(
    book: Any,
    numbered: Numbered,
    width: int,
    label: str,
    limits: ReadLimits,
) -> Iterator[Row]:
    try:
        count = 0
        for number, values in numbered:
            if all(v is None for v in values):
                continue
            count += 1
            _check_rows(count, label, limits)
            yield _fit(f"row {number}", values, width)
    except InputError:  # a ValueError too: said as it is
        raise
    except _DAMAGED_XLSX as exc:
        raise InputError(f"{label}: damaged worksheet ({exc})") from exc
    finally:
        book.close()


# JSON: GeoJSON and Open311 --------------------------------------------------------------


def read_json(path: Path, label: str, limits: ReadLimits = DEFAULT_LIMITS) -> Table:
    """Read a GeoJSON FeatureCollection or an Open311 GeoReport v2 list of requests."""
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{label}: the file is empty")
    if size > limits.max_json_bytes:
        raise InputError(
            f"{label}: {size / 2**20:,.0f} MiB is more than the {limits.max_json_bytes >> 20} MiB "
            "a JSON reports file may have; split it"
        )
    try:
        data = json.loads(path.read_bytes())
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{label}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except (UnicodeDecodeError, RecursionError) as exc:
        raise InputError(f"{label}: not readable JSON ({type(exc).__name__})") from exc
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        return _geojson(data, label, limits)
    requests = data.get("service_requests") if isinstance(data, dict) else data
    if isinstance(requests, list) and _looks_like_open311(requests):
        return _open311(requests, label, limits)
    found = (
        f"an object with keys {sorted(data)[:8]}"
        if isinstance(data, dict)
        else (
            f"a {type(data).__name__}" if not isinstance(data, list) else "a list of other records"
        )
    )
    raise InputError(
        f"{label}: neither a GeoJSON FeatureCollection nor an Open311 GeoReport v2 list of "
        f"service requests (found {found})"
    )


def _looks_like_open311(records: list[Any]) -> bool:
    """An empty list, or one whose first objects have GeoReport v2 keys."""
    head = [r for r in records[:20] if isinstance(r, dict)]
    return not records or any(OPEN311_KEYS & r.keys() for r in head)


def _open311(records: list[Any], label: str, limits: ReadLimits) -> Table:
    _check_rows(len(records), label, limits)
    records = [_flat(r) if isinstance(r, dict) else r for r in records]
    columns = _keys((r for r in records if isinstance(r, dict)), label, limits)

    def rows() -> Iterator[Row]:
        for i, record in enumerate(records, 1):
            where = f"request {i}"
            if not isinstance(record, dict):
                yield Row(where, [], f"a {type(record).__name__}, not a service request object")
                continue
            yield Row(where, [_text(record.get(c)) for c in columns])

    return Table("Open311", columns, rows())


def _geojson(data: dict[str, Any], label: str, limits: ReadLimits) -> Table:
    features = data.get("features")
    if not isinstance(features, list):
        raise InputError(f"{label}: a FeatureCollection without a list of features")
    _check_rows(len(features), label, limits)
    properties: list[dict[str, Any]] = [
        _flat(f["properties"])
        if isinstance(f, dict) and isinstance(f.get("properties"), dict)
        else {}
        for f in features
    ]
    names = _keys(properties, label, limits)
    with_id = "id" not in names and any(isinstance(f, dict) and "id" in f for f in features)
    keys = [n for n in names if n not in GEOMETRY_COLUMNS]
    columns = [*keys, *(["id"] if with_id else []), *GEOMETRY_COLUMNS]

    def rows() -> Iterator[Row]:
        for i, (feature, props) in enumerate(zip(features, properties, strict=True), 1):
            where = f"feature {i}"
            if not isinstance(feature, dict):
                yield Row(where, [], f"a {type(feature).__name__}, not a GeoJSON feature")
                continue
            point, error = _point(feature.get("geometry"))
            values = [_text(props.get(k)) for k in keys]
            values += [_text(feature.get("id"))] if with_id else []
            yield Row(where, [*values, *point], error)

    return Table("GeoJSON", columns, rows(), crs=_declared_crs(data))


def _point(geometry: Any) -> tuple[list[str | None], str | None]:
    if geometry is None:
        return [None, None], None
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if kind != "Point":
        return [None, None], f"a {kind or 'malformed'} geometry, not a point"
    if not (isinstance(coords, list) and len(coords) >= 2):
        return [None, None], "a point without two coordinates"
    return [_text(coords[0]), _text(coords[1])], None


def _declared_crs(data: dict[str, Any]) -> str | None:
    """``EPSG:NNNN`` from a GeoJSON 2008 ``crs`` member such as ``urn:ogc:def:crs:EPSG::2180``."""
    crs = data.get("crs")
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not isinstance(name, str):
        return None
    code = name.rstrip(":").rsplit(":", 1)[-1]
    if name.upper().endswith("CRS84"):
        return "EPSG:4326"
    return f"EPSG:{code}" if code.isdigit() else None


# Shared ---------------------------------------------------------------------------------


def _flat(record: dict[str, Any], prefix: str = "", depth: int = FLAT_DEPTH) -> dict[str, Any]:
    """``record`` with nested objects as dotted keys: ``{"a": {"b": 1}}`` -> ``{"a.b": 1}``."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and depth > 0:
            flat.update(_flat(value, f"{name}.", depth - 1))
        else:
            flat[name] = value
    return flat


def _keys(records: Iterable[dict[str, Any]], label: str, limits: ReadLimits) -> list[str]:
    """Keys of ``records`` in order of first appearance."""
    keys: dict[str, None] = {}
    for record in records:
        keys.update(dict.fromkeys(str(k) for k in record))
        if len(keys) > limits.max_columns:
            raise InputError(
                f"{label}: the records have more than {limits.max_columns:,} different "
                "fields; refused"
            )
    return list(keys)


def _check_rows(count: int, label: str, limits: ReadLimits) -> None:
    if count > limits.max_rows:
        raise InputError(
            f"{label}: more than {limits.max_rows:,} records; split the file and import the parts"
        )


def _fit(where: str, values: Sequence[str | None], width: int) -> Row:
    """A row of exactly ``width`` values (stripped, empty as None), or one with an error."""
    if len(values) > width and any(v and v.strip() for v in values[width:]):
        return Row(where, [], f"{len(values)} fields where the header has {width}")
    clean = [(v.strip() or None) if v else None for v in values[:width]]
    return Row(where, clean + [None] * (width - len(clean)))


def _text(value: Any) -> str | None:
    """A cell or JSON value as text: numbers without a spurious ``.0``, dates in ISO form."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, int | str):
        return str(value).strip() or None
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _unique_names(names: Sequence[str]) -> list[str]:
    """Header names made unique (``Opis``, ``Opis_2``) and non-empty (``column_3``)."""
    seen: set[str] = set()
    out = []
    for i, name in enumerate(names, 1):
        base = name.strip() or f"column_{i}"
        unique, n = base, 1
        while unique in seen:
            n += 1
            unique = f"{base}_{n}"
        seen.add(unique)
        out.append(unique)
    return out
