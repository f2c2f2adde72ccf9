"""Fast streaming of large tables into openpyxl write-only worksheets.

openpyxl's write-only mode keeps memory flat, but it still builds a cell object
for every value, infers its type, looks its style up and serialises it through
a Python-level XML writer: about 10 us a cell, and a styled cell (a date, a
number with a format) costs about twice as much again. This module keeps
everything openpyxl does for a write-only sheet (the workbook, styles, column
widths, frozen panes, tables, conditional formatting, charts, drawings) and
replaces only the ``<sheetData>`` part: each column of a chunk of rows is turned
into its ``<c>`` elements at once from numpy arrays, with the style index found
once per column, and the rows are written straight into the sheet's XML
stream. Dates become Excel serial numbers with a date format.

Text is neutralised against formula injection (OWASP "CSV injection"): every
string is written as an inline string cell (``t="inlineStr"``), a cell type
that Excel and LibreOffice never evaluate, whatever its first character; one
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return also
gets a style with ``quotePrefix``, so it stays text even when someone edits the
cell and presses Enter. We do not prefix a literal apostrophe, as OWASP
suggests for CSV: in an xlsx file the apostrophe would become part of the text
and change the data residents wrote. Characters XML cannot carry (control
characters other than tab, line feed and carriage return) are dropped.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

EXCEL_MAX_ROWS = 1_048_576
"""Rows of an Excel worksheet; longer tables continue on further sheets."""
EXCEL_MAX_TEXT = 32_767
"""Characters of one Excel cell."""
EXCEL_EPOCH_DAYS = 25_569
"""Excel serial number of 1970-01-01 (1900 date system)."""
PAGE_WIDTH = 220.0
"""Column widths (characters) printed on one landscape page; wider tables span more."""
DANGEROUS_STARTS = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read text as a formula (OWASP)."""
_MS_PER_DAY = 86_400_000
_ESCAPES: dict[int, str | None] = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord("\r"): "&#13;",
}
_ESCAPES.update({c: None for c in (*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF)})


class ColumnKind(StrEnum):
    """How the values of a column are written."""

    INT = "int"
    FLOAT = "float"
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"
    TEXT = "text"


@dataclass(frozen=True)
class CellStyle:
    """One of the few shared styles of a report; each becomes one cell format."""

    number_format: str = "General"
    bold: bool = False
    size: float = 11.0
    font_color: str | None = None
    """RGB hex, e.g. ``"FFFFFF"``."""
    fill: str | None = None
    """Background RGB hex."""
    wrap: bool = False
    quote_prefix: bool = False
    italic: bool = False
    border_bottom: bool = False


@dataclass(frozen=True)
class Column:
    """A column of a written table: where its values come from and how they look."""

    key: str
    """Column of the source frame."""
    header: str
    kind: ColumnKind
    number_format: str = "General"
    width: float = 12.0
    wrap: bool = False
    """Wrap long text in the cell (rows grow) rather than cut it at the column's edge."""


@dataclass(frozen=True)
class TableStyles:
    """Styles of a written table's title, header and notes."""

    title: CellStyle = CellStyle(bold=True, size=13.0)
    header: CellStyle = CellStyle(bold=True, font_color="FFFFFF", fill="1F4E79", wrap=True)
    note: CellStyle = CellStyle(italic=True, font_color="595959")


@dataclass(frozen=True)
class SheetPart:
    """One worksheet of a written table: its title and where its data rows are."""

    sheet: WriteOnlyWorksheet
    header_row: int
    first_row: int
    last_row: int
    """Last data row; ``header_row`` when the part has no data row."""


@dataclass(frozen=True)
class TableText:
    """Texts a written table shows: its title and the notes of a split table."""

    title: str
    continued_on: str = "Continued on sheet '{sheet}'."
    continued_from: str = "{title}, continued from sheet '{sheet}' (part {part})."
    no_rows: str = "No rows."


def column_kind(values: pd.Series) -> ColumnKind:
    """The :class:`ColumnKind` a pandas column is written as."""
    import pandas as pd

    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return ColumnKind.BOOL
    if pd.api.types.is_integer_dtype(dtype):
        return ColumnKind.INT
    if pd.api.types.is_float_dtype(dtype):
        return ColumnKind.FLOAT
    if pd.api.types.is_datetime64_any_dtype(dtype):
        local = _naive(values).dropna()
        midnight = (local == local.dt.normalize()).all()
        return ColumnKind.DATE if midnight else ColumnKind.DATETIME
    return ColumnKind.TEXT


def chunks_of(frame: pd.DataFrame, rows: int = 20_000) -> Iterator[pd.DataFrame]:
    """Slices of ``frame`` of at most ``rows`` rows (one empty slice for an empty frame)."""
    if len(frame) == 0:
        yield frame
    for start in range(0, len(frame), rows):
        yield frame.iloc[start : start + rows]


class StyleBook:
    """Cell format indices of a workbook, one per :class:`CellStyle`, made once."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self._ids: dict[CellStyle, int] = {}

    def apply(self, cell: Any, style: CellStyle) -> None:
        """Give an openpyxl cell the font, fill, alignment and format of ``style``."""
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        cell.font = Font(
            bold=style.bold, italic=style.italic, size=style.size, color=style.font_color
        )
        if style.fill:
            cell.fill = PatternFill("solid", start_color=style.fill, end_color=style.fill)
        cell.alignment = Alignment(wrap_text=style.wrap, vertical="top" if style.wrap else None)
        if style.border_bottom:
            cell.border = Border(bottom=Side(style="thin", color="1F4E79"))
        cell.number_format = style.number_format
        cell.protection = Protection()
        if style.quote_prefix:
            cell.quotePrefix = True

    def index(self, sheet: WriteOnlyWorksheet, style: CellStyle) -> int:
        """The workbook's cell format index (``s`` attribute) of ``style``."""
        if style not in self._ids:
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(sheet)
            self.apply(cell, style)
            self._ids[style] = cell.style_id
        return self._ids[style]

    def cell(self, sheet: WriteOnlyWorksheet, value: Any, style: CellStyle) -> Any:
        """A write-only cell holding ``value`` in ``style`` (text kept as text)."""
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet)
        if isinstance(value, str):
            value = _clean_text(value)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the first character
            if value[:1] in DANGEROUS_STARTS:
                style = dataclasses.replace(style, quote_prefix=True)
        else:
            cell.value = value
        self.apply(cell, style)
        return cell


def write_table(
    workbook: Workbook,
    sheet_name: str,
    chunks: Iterable[pd.DataFrame],
    columns: Sequence[Column],
    text: TableText,
    styles: StyleBook,
    *,
    table_styles: TableStyles = TableStyles(),
    row_limit: int = EXCEL_MAX_ROWS,
    timezone: str = "Europe/Warsaw",
) -> list[SheetPart]:
    """Write the rows of ``chunks`` as a titled table, continued on more sheets if needed.

    Each sheet gets a title row, a header row (frozen, repeated on printed
    pages) and data rows up to ``row_limit`` sheet rows in all; a table that
    does not fit ends its sheet with a note naming the continuation sheet
    (``"<name> (2)"``...), which starts with a note naming the sheet before.
    Time-zone-aware timestamps are shown in ``timezone``. Returns the sheets
    written, for the caller to add tables, formatting and charts.

    Raises
    ------
    ValueError
        If ``row_limit`` leaves no room for a data row.
    """
    if row_limit < 4:
        raise ValueError(
            f"row_limit must be at least 4 (title, header, one row, note), not {row_limit}"
        )
    writer = _TableWriter(workbook, sheet_name, columns, text, styles, table_styles, timezone)
    per_sheet = row_limit - 3
    for chunk in chunks:
        start = 0
        while start < len(chunk) or writer.current is None:
            if writer.current is None or writer.rows_in_part == per_sheet:
                writer.next_part()
            take = min(per_sheet - writer.rows_in_part, len(chunk) - start)
            if take > 0:
                writer.write_rows(chunk.iloc[start : start + take])
            start += take
            if start >= len(chunk):
                break
    return writer.finish()


class _TableWriter:
    """The sheets of one table being written, part by part."""

    def __init__(
        self,
        workbook: Workbook,
        name: str,
        columns: Sequence[Column],
        text: TableText,
        styles: StyleBook,
        table_styles: TableStyles,
        timezone: str,
    ) -> None:
        self.workbook = workbook
        self.name = name
        self.columns = list(columns)
        self.text = text
        self.styles = styles
        self.table_styles = table_styles
        self.timezone = timezone
        self.parts: list[SheetPart] = []
        self.current: _RawSheet | None = None
        self.rows_in_part = 0

    def next_part(self) -> None:
        """Close the sheet being written (with a note naming the next) and open the next."""
        number = len(self.parts) + (self.current is not None) + 1
        title = self.name if number == 1 else f"{self.name[: 31 - 3 - len(str(number))]} ({number})"
        if self.current is not None:
            self.current.write_note(
                self.text.continued_on.format(sheet=title), self.table_styles.note
            )
            self._close_current()
        sheet = self.workbook.create_sheet(title)
        sheet.freeze_panes = "A3"
        sheet.print_title_rows = "2:2"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = max(1, round(sum(c.width for c in self.columns) / PAGE_WIDTH))
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        for i, col in enumerate(self.columns, 1):
            sheet.column_dimensions[_letter(i)].width = col.width
        heading = (
            self.text.title
            if number == 1
            else self.text.continued_from.format(
                title=self.text.title, sheet=self.parts[-1].sheet.title, part=number
            )
        )
        self.current = _RawSheet(sheet, self.styles, self.columns, self.timezone)
        self.current.write_heading(heading, self.table_styles)
        self.rows_in_part = 0

    def write_rows(self, rows: pd.DataFrame) -> None:
        """Append ``rows`` to the current sheet."""
        assert self.current is not None
        self.current.write_rows(rows)
        self.rows_in_part += len(rows)

    def _close_current(self) -> None:
        assert self.current is not None
        last = 2 + self.rows_in_part
        self.parts.append(SheetPart(self.current.sheet, 2, 3, last))
        if self.rows_in_part == 0:
            self.current.write_note(self.text.no_rows, self.table_styles.note)
        self.current.close()
        self.current = None

    def finish(self) -> list[SheetPart]:
        """Close the last sheet and return every part."""
        if self.current is None and not self.parts:
            self.next_part()
        self._close_current()
        return self.parts


class _RawSheet:
    """A write-only sheet whose rows we serialise ourselves, fast."""

    def __init__(
        self,
        sheet: WriteOnlyWorksheet,
        styles: StyleBook,
        columns: Sequence[Column],
        timezone: str,
    ) -> None:
        import openpyxl

        if not openpyxl.LXML:
            raise RuntimeError("the fast xlsx writer needs lxml; unset OPENPYXL_LXML=False")
        self.sheet = sheet
        self.styles = styles
        self.columns = list(columns)
        self.timezone = timezone
        self.letters = [_letter(i) for i in range(1, len(self.columns) + 1)]
        self.ids = [
            styles.index(sheet, CellStyle(number_format=c.number_format)) for c in self.columns
        ]
        self.text_ids = {
            wrap: (
                styles.index(sheet, CellStyle(wrap=wrap)),
                styles.index(sheet, CellStyle(wrap=wrap, quote_prefix=True)),
            )
            for wrap in (False, True)
        }
        self.row = 0
        self._out: IO[bytes] = _open_rows(sheet)

    def write_heading(self, title: str, styles: TableStyles) -> None:
        """The title row and the header row."""
        title_id = self.styles.index(self.sheet, styles.title)
        header_id = self.styles.index(self.sheet, styles.header)
        self.row += 1
        self._out.write(
            f'<row r="{self.row}" ht="22" customHeight="1">'
            f"{_text_cell('A', self.row, title, title_id)}</row>".encode()
        )
        self.row += 1
        cells = "".join(
            _text_cell(letter, self.row, c.header, header_id)
            for letter, c in zip(self.letters, self.columns, strict=True)
        )
        lines = max(
            (math.ceil(len(c.header) / max(c.width - 2, 1)) for c in self.columns), default=1
        )
        height = 15 * min(max(lines, 1), 4)
        row = f'<row r="{self.row}" ht="{height}" customHeight="1">{cells}</row>'
        self._out.write(row.encode())

    def write_note(self, note: str, style: CellStyle) -> None:
        """A row of italic text below the data."""
        self.row += 1
        cell = _text_cell("A", self.row, note, self.styles.index(self.sheet, style))
        self._out.write(f'<row r="{self.row}">{cell}</row>'.encode())

    def write_rows(self, rows: pd.DataFrame) -> None:
        """Serialise ``rows`` column by column, then join them row by row."""
        numbers = range(self.row + 1, self.row + 1 + len(rows))
        cells = [
            self._column_cells(rows[col.key], letter, numbers, col, style)
            for col, letter, style in zip(self.columns, self.letters, self.ids, strict=True)
        ]
        rows_cells = zip(numbers, zip(*cells, strict=True), strict=True)
        wrapped = [c for c in self.columns if c.wrap]
        if wrapped:  # spreadsheets do not grow rows on opening: give each its height
            heights = _wrapped_lines(rows, wrapped) * 15
            xml = "".join(
                [
                    f'<row r="{r}" ht="{h}" customHeight="1">{"".join(c)}</row>'
                    for (r, c), h in zip(rows_cells, heights.tolist(), strict=True)
                ]
            )
        else:
            xml = "".join([f'<row r="{r}">{"".join(c)}</row>' for r, c in rows_cells])
        self._out.write(xml.encode())
        self.row += len(rows)

    def _column_cells(
        self, values: pd.Series, letter: str, rows: range, column: Column, style: int
    ) -> list[str]:
        import numpy as np

        kind = column.kind
        if kind is ColumnKind.TEXT:
            return self._text_cells(values, letter, rows, column.wrap)
        if kind is ColumnKind.BOOL:
            present = values.notna().to_numpy()
            flags = values.fillna(False).astype(bool).to_numpy().astype(np.int8).tolist()
            return [
                f'<c r="{letter}{r}" s="{style}" t="b"><v>{v}</v></c>' if p else ""
                for r, v, p in zip(rows, flags, present, strict=True)
            ]
        if kind in (ColumnKind.DATE, ColumnKind.DATETIME):
            local = _naive(values, self.timezone)
            present = local.notna().to_numpy()
            ms = local.to_numpy().astype("datetime64[ms]").astype(np.int64)
            days = ms / _MS_PER_DAY + EXCEL_EPOCH_DAYS  # a date format hides, never drops, a time
            whole = days == np.floor(days)
            serial: list[Any] = np.round(days, 8).tolist()
            if whole.all():
                serial = days.astype(np.int64).tolist()
        elif kind is ColumnKind.INT and isinstance(values.dtype, np.dtype):  # no missing values
            present = np.ones(len(values), dtype=bool)
            serial = values.to_numpy().tolist()
        else:
            array = values.to_numpy(dtype=float, na_value=np.nan)
            present = np.isfinite(array)
            if kind is ColumnKind.INT:
                array = np.where(present, array, 0).astype(np.int64)
            serial = array.tolist()
        if present.all():
            return [
                f'<c r="{letter}{r}" s="{style}"><v>{v}</v></c>'
                for r, v in zip(rows, serial, strict=True)
            ]
        return [
            f'<c r="{letter}{r}" s="{style}"><v>{v}</v></c>' if p else ""
            for r, v, p in zip(rows, serial, present.tolist(), strict=True)
        ]

    def _text_cells(self, values: pd.Series, letter: str, rows: range, wrap: bool) -> list[str]:
        present = values.notna().to_numpy().tolist()
        texts = values.astype(str).tolist()
        (plain, quoted), danger = self.text_ids[wrap], DANGEROUS_STARTS
        return [
            _text_cell(letter, r, t, quoted if t[:1] in danger else plain) if p else ""
            for r, t, p in zip(rows, texts, present, strict=True)
        ]

    def close(self) -> None:
        """End the sheet's rows; openpyxl writes the rest when the workbook is saved."""
        _close_rows(self.sheet)


def _wrapped_lines(rows: pd.DataFrame, columns: Sequence[Column]) -> Any:
    """Lines each row takes when the text of ``columns`` wraps (an array, at least 1)."""
    import numpy as np

    lines = np.ones(len(rows), dtype=np.int64)
    for col in columns:
        chars = rows[col.key].fillna("").astype(str).str.len().to_numpy()
        lines = np.maximum(lines, np.ceil(chars / max(col.width - 1.0, 1.0)).astype(np.int64))
    return np.minimum(lines, 15)


def _text_cell(letter: str, row: int, text: str, style: int) -> str:
    if len(text) > EXCEL_MAX_TEXT:
        text = text[: EXCEL_MAX_TEXT - 1] + "…"
    return (
        f'<c r="{letter}{row}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
        f"{text.translate(_ESCAPES)}</t></is></c>"
    )


def _clean_text(text: str) -> str:
    """``text`` without the characters XML cannot hold, cut to Excel's cell size."""
    cleaned = text.translate({k: v for k, v in _ESCAPES.items() if v is None})
    return cleaned if len(cleaned) <= EXCEL_MAX_TEXT else cleaned[: EXCEL_MAX_TEXT - 1] + "…"


def _naive(values: pd.Series, timezone: str = "Europe/Warsaw") -> pd.Series:
    """Timestamps as naive local times (aware ones converted to ``timezone``)."""
    import pandas as pd

    stamps = pd.to_datetime(values)
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_convert(timezone).dt.tz_localize(None)
    return stamps


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _open_rows(sheet: WriteOnlyWorksheet) -> IO[bytes]:
    """Start ``sheet``'s XML up to ``<sheetData>`` and return the file to write rows into.

    The sheet's openpyxl writer streams into a file we hold open, so our rows land
    between the header openpyxl writes (columns, panes) and the tail it writes on
    save (tables, conditional formatting, drawings).
    """
    writer = _rows_writer_class()(sheet)
    sheet._writer = writer
    writer.write_top()
    xf = writer.xf.send(True)
    writer.sheet_data = xf.element("sheetData")
    writer.sheet_data.__enter__()
    xf.write("")  # close the start tag
    xf.flush()
    out: IO[bytes] = writer.file
    return out


def _close_rows(sheet: WriteOnlyWorksheet) -> None:
    writer = sheet._writer
    writer.file.flush()
    writer.sheet_data.__exit__(None, None, None)
    writer.xf.send(None)
    sheet._rows = _done()  # what WriteOnlyWorksheet.close() closes instead of writing rows


def _done() -> Iterator[None]:
    yield None


@functools.cache
def _rows_writer_class() -> type:
    """The openpyxl worksheet writer, streaming into a file we can write to as well."""
    from lxml.etree import xmlfile
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.xml.constants import SHEET_MAIN_NS

    class RowsWriter(WorksheetWriter):  # type: ignore[misc]
        def get_stream(self) -> Iterator[Any]:
            self.file = open(self.out, "wb")  # noqa: SIM115 - closed in close()
            with xmlfile(self.file) as xf, xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                try:
                    while True:
                        el = yield
                        if el is True:
                            yield xf
                        elif el is not None:
                            xf.write(el)
                except GeneratorExit:
                    pass

        def close(self) -> None:
            super().close()
            self.file.close()

    return RowsWriter


def add_excel_table(
    part: SheetPart, columns: Sequence[Column], name: str, style: str = "TableStyleMedium2"
) -> bool:
    """Make the rows of ``part`` an Excel table (filter buttons, banded rows) called ``name``.

    Returns False when the part has no data row: Excel rejects a table of a
    header alone, so the header only gets filter buttons.
    """
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

    if part.last_row < part.first_row:
        part.sheet.auto_filter.ref = f"A{part.header_row}:{_letter(len(columns))}{part.header_row}"
        return False
    ref = f"A{part.header_row}:{_letter(len(columns))}{part.last_row}"
    table = Table(
        displayName=name,
        ref=ref,
        autoFilter=AutoFilter(ref=ref),
        tableColumns=[TableColumn(id=i, name=c.header) for i, c in enumerate(columns, 1)],
        tableStyleInfo=TableStyleInfo(name=style, showRowStripes=True),
    )
    _add_table(part.sheet, table)
    return True


def _add_table(sheet: WriteOnlyWorksheet, table: Any) -> None:
    with warnings.catch_warnings():  # "you must add table columns manually": we did
        warnings.filterwarnings("ignore", "In write-only mode", UserWarning)
        sheet.add_table(table)


def column_range(part: SheetPart, index: int) -> str:
    """The data cells of the ``index``-th column (0-based) of ``part``, e.g. ``"C3:C120"``."""
    letter = _letter(index + 1)
    return f"{letter}{part.first_row}:{letter}{max(part.last_row, part.first_row)}"


class SheetBlocks:
    """Rows appended to a small write-only sheet, counted, with titled blocks as Excel tables."""

    def __init__(
        self, sheet: WriteOnlyWorksheet, styles: StyleBook, heading: CellStyle, header: CellStyle
    ) -> None:
        self.sheet = sheet
        self.heading = heading
        self.header = header
        self.styles = styles
        self.row = 1
        self.tables = 0

    def add(self, *values: Any, link_first: bool = False) -> None:
        """Append a row; a value may be a ``(value, CellStyle)`` pair.

        With ``link_first``, the first value names a sheet and links to it.
        """
        cells = []
        for value in values:
            value, style = value if isinstance(value, tuple) else (value, CellStyle())
            cells.append(None if value is None else self.styles.cell(self.sheet, value, style))
        first = cells[0] if cells else None
        if link_first and first is not None:
            from openpyxl.worksheet.hyperlink import Hyperlink

            quoted = str(first.value).replace("'", "''")
            first.hyperlink = Hyperlink(ref="A1", location=f"'{quoted}'!A1")
        self.sheet.append(cells)
        self.row += 1

    def blank(self) -> None:
        """Append an empty row."""
        self.sheet.append([])
        self.row += 1

    def block(
        self, title: str, header: list[str], body: list[list[Any]], links: bool = False
    ) -> int:
        """A heading, then ``body`` as an Excel table; returns the header's row."""
        from openpyxl.worksheet.filters import AutoFilter
        from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

        self.add((title, self.heading))
        first = self.row
        self.add(*[(h, self.header) for h in header])
        for values in body or [["–"]]:
            self.add(*values, link_first=links and bool(body))
        self.tables += 1
        ref = f"A{first}:{chr(ord('A') + len(header) - 1)}{self.row - 1}"
        _add_table(
            self.sheet,
            Table(
                displayName=f"S{self.tables}_summary",
                ref=ref,
                autoFilter=AutoFilter(ref=ref),
                tableColumns=[TableColumn(id=i, name=h) for i, h in enumerate(header, 1)],
                tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True),
            ),
        )
        self.blank()
        return first
