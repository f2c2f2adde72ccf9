"""Write the attribute table's view to an .xlsx with the core's fast, injection-proof writer."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.io.output_file import check_output, write_output
from analysis.progress import Progress, check_cancelled

if TYPE_CHECKING:
    import pandas as pd

CHUNK_ROWS = 20_000
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_view(frame: pd.DataFrame, path: Path, sheet: str, title: str, progress: Progress) -> int:
    """Write ``frame`` as one titled table (row 1 the title, row 2 the headers) to ``path``.

    The file appears only once it is complete: a cancelled or failed export
    leaves whatever was at ``path`` before. Returns the number of rows written.

    Raises
    ------
    Cancelled
        If ``progress`` asks to stop.
    OutputError
        If ``path`` may not be written (a workspace, a folder...) or the write fails.
    """
    from openpyxl import Workbook

    from analysis.export.report_labels import number_format
    from analysis.export.xlsx_writer import (
        Column,
        ColumnKind,
        StyleBook,
        TableText,
        add_excel_table,
        column_kind,
        write_table,
    )

    check_output(path)
    columns = []
    for key in frame.columns:
        kind = column_kind(frame[key])
        sample = frame[key].dropna().head(500).astype(str)
        longest = int(sample.str.len().max()) if len(sample) else 0
        if kind in (ColumnKind.DATE, ColumnKind.DATETIME):
            longest = 10 if kind is ColumnKind.DATE else 16
        width = min(max(len(str(key)) + 2.0, longest * 1.1 + 2.0, 8.0), 50.0)
        columns.append(Column(str(key), str(key), kind, number_format(str(key), kind), width))
    workbook = Workbook(write_only=True)
    name = _SHEET_FORBIDDEN.sub(" ", sheet).strip("' ")[:31] or "Sheet"
    parts = write_table(
        workbook, name, _chunks(frame, progress), columns, TableText(title), StyleBook(workbook)
    )
    for i, part in enumerate(parts, 1):
        add_excel_table(part, columns, f"Table{i}")
    check_cancelled(progress)
    progress.report(0.95)
    buffer = io.BytesIO()  # openpyxl leaves its ZIP open when a write fails
    workbook.save(buffer)
    write_output(path, buffer.getvalue())
    progress.report(1.0)
    return len(frame)


def _chunks(frame: pd.DataFrame, progress: Progress) -> Iterator[pd.DataFrame]:
    """Slices of ``frame``, reporting progress and stopping when cancelled."""
    from analysis.export.xlsx_writer import chunks_of

    total = max(len(frame), 1)
    for start, chunk in zip(
        range(0, total, CHUNK_ROWS), chunks_of(frame, CHUNK_ROWS), strict=False
    ):
        check_cancelled(progress)
        progress.report(0.9 * start / total)
        yield chunk
