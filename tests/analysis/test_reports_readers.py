"""Reading reports files as text rows: encodings, delimiters, XLSX, JSON, hostile input."""

from __future__ import annotations

import csv
import io
import json
import time
import tracemalloc
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from analysis.errors import InputError
from analysis.io.reports.readers import GEOMETRY_COLUMNS, ReadLimits, Table, read_table

HEADER = ["Numer", "Kategoria", "Opis", "Szerokość", "Długość"]
ROWS = [
    ["2026/1", "Dziura w jezdni", "Zażółć gęślą jaźń", "51,320918", "19,951270"],
    ["2026/2", "Śmieci", 'Kosz; pełny, "bardzo"', "51,312013", "19,918779"],
]


def write_csv(
    path: Path,
    rows: list[list[str]],
    delimiter: str = ";",
    encoding: str = "utf-8",
    header: list[str] = HEADER,
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def records(table: Table) -> list[tuple[str, list[str | None], str | None]]:
    return [(r.where, r.values, r.error) for r in table.rows]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1250", "cp1250"), ("utf-16", "utf-16")],
)
@pytest.mark.parametrize(("delimiter", "name"), [(";", "semicolon"), (",", "comma"), ("\t", "tab")])
def test_csv_encodings_and_delimiters_are_detected(
    tmp_path: Path, encoding: str, expected: str, delimiter: str, name: str
) -> None:
    path = write_csv(tmp_path / "z.csv", ROWS, delimiter, encoding)
    table = read_table(path, "z.csv")
    assert table.columns == HEADER  # no BOM glued to "Numer"
    assert table.notes == {"encoding": expected, "delimiter": name}
    assert [values for _, values, _ in records(table)] == ROWS


def test_quoted_fields_keep_newlines_and_rows_name_their_first_line(tmp_path: Path) -> None:
    rows = [
        ["1", "Inne", "pierwsza linia\ndruga linia\ntrzecia", "51,3", "19,9"],
        ["2", "Inne", "krótko", "51,3", "19,9"],
    ]
    table = read_table(write_csv(tmp_path / "z.csv", rows), "z.csv")
    got = records(table)
    assert [w for w, _, _ in got] == ["line 2", "line 5"]
    assert got[0][1][2] == "pierwsza linia\ndruga linia\ntrzecia"


def test_short_rows_are_padded_and_long_ones_flagged(tmp_path: Path) -> None:
    path = tmp_path / "z.csv"
    path.write_text("a;b;c\n1;2\n1;2;3;;\n1;2;3;4\n\n;;\n5;6;7\n", encoding="utf-8")
    got = records(read_table(path, "z.csv"))
    assert got == [
        ("line 2", ["1", "2", None], None),
        ("line 3", ["1", "2", "3"], None),
        ("line 4", [], "4 fields where the header has 3"),
        ("line 7", ["5", "6", "7"], None),
    ]


def test_a_line_neither_utf8_nor_the_code_page_is_rejected_by_number(tmp_path: Path) -> None:
    path = tmp_path / "z.csv"
    text = "a;b\nŚmieci;1\n".encode() + "Zieleń;2\n".encode("cp1250") + b"\x81\x83;\x98\n"
    path.write_bytes(text)  # 0x81, 0x83, 0x98: undefined in cp1250, invalid in UTF-8
    table = read_table(path, "z.csv")
    assert table.notes["encoding"] == "utf-8, 2 line(s) in cp1250"
    assert records(table) == [
        ("line 2", ["Śmieci", "1"], None),
        ("line 3", ["Zieleń", "2"], None),
        ("line 4", [], "the line is neither utf-8 nor cp1250 text"),
    ]


@pytest.mark.parametrize(
    ("encoding", "text"),
    [("cp1250", "Śmieci, źródło"), ("iso8859_2", "Śmieci, źródło"), ("cp852", "Śmieci, źródło")],
)
def test_a_single_code_page_is_told_by_its_polish_letters(
    tmp_path: Path, encoding: str, text: str
) -> None:
    path = tmp_path / "z.csv"
    path.write_bytes(f"a;b\n{text};1\n".encode(encoding))
    table = read_table(path, "z.csv")
    assert table.notes["encoding"] == encoding
    assert records(table) == [("line 2", [text, "1"], None)]


@pytest.mark.parametrize("content", [b"", b"\n\n  \r\n", b"\xef\xbb\xbf"])
def test_an_empty_csv_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "z.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"z\.csv: the file is empty"):
        read_table(path, "z.csv")


def test_a_text_without_delimiters_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "z.csv"
    path.write_text("to nie jest tabela\nani trochę\n", encoding="utf-8")
    with pytest.raises(InputError, match="no ';', ',' or tab between column names"):
        read_table(path, "z.csv")


def test_a_million_columns_are_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(";" * 999_999 + "\n1\n", encoding="ascii")
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"wide\.csv: the header has 1,000,000 columns"):
        read_table(path, "wide.csv")
    assert time.perf_counter() - start < 5.0


def test_a_huge_single_line_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "line.csv"
    block = b"x" * (1 << 20)
    with open(path, "wb") as f:
        f.write(b"a;b;")
        for _ in range(200):  # a 200 MiB line: enough to show that nothing reads it whole
            f.write(block)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(InputError, match=r"line\.csv: line 1 is longer than 1,048,576"):
            read_table(path, "line.csv")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20
    assert time.perf_counter() - start < 10.0


def test_a_long_line_later_in_the_file_stops_the_rows(tmp_path: Path) -> None:
    path = tmp_path / "z.csv"
    path.write_text("a;b\n" + "1;2\n" * 60 + "3;" + "4" * 5000 + "\n", encoding="utf-8")
    table = read_table(path, "z.csv", ReadLimits(max_line_chars=1000))
    rows = table.rows
    assert [next(rows).values for _ in range(60)] == [["1", "2"]] * 60
    with pytest.raises(InputError, match="line 62 is longer than 1,000 characters"):
        next(rows)


def test_too_many_rows_are_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "z.csv", ROWS * 3)
    with pytest.raises(InputError, match="more than 5 records"):
        records(read_table(path, "z.csv", ReadLimits(max_rows=5)))


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Zgłoszenia"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_cells_become_text_like_the_csv(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "z.xlsx",
        [
            ["ID", "Title", "Date Created", "Latitude", "Longitude", "Closed", None],
            [4933221, "Pothole", 1538492521, 40.7472791, -74.0285881, datetime(2026, 1, 2, 9, 5)],
            [],
            [4622831.0, "Trash", 1533250609.0, 40.750296, -74.03474, None, None],
        ],
    )
    table = read_table(path, "z.xlsx")
    assert table.columns == ["ID", "Title", "Date Created", "Latitude", "Longitude", "Closed"]
    assert table.notes == {"sheet": "Zgłoszenia"}
    assert records(table) == [
        (
            "row 2",
            [
                "4933221",
                "Pothole",
                "1538492521",
                "40.7472791",
                "-74.0285881",
                "2026-01-02T09:05:00",
            ],
            None,
        ),
        ("row 4", ["4622831", "Trash", "1533250609", "40.750296", "-74.03474", None], None),
    ]


def test_a_truncated_xlsx_is_refused(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx", [["a", "b"], [1, 2]]).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match=r"cut\.xlsx: not a readable ZIP archive"):
        read_table(path, "cut.xlsx")


def test_an_xlsx_declaring_a_dtd_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "z.xlsx", [["a", "b"], [1, 2]])
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(evil, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + data
            dst.writestr(info, data)
    with pytest.raises(InputError, match="declares a DTD"):
        read_table(evil, "evil.xlsx")


def test_open311_requests_become_rows(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    requests = [
        {
            "service_request_id": "7",
            "service_name": "Pothole",
            "lat": 51.3,
            "long": 19.9,
            "media_url": None,
            "attributes": [{"code": "a"}],
        },
        {"service_request_id": 8, "status": "open", "lat": 51.31, "long": 19.91},
        "nonsense",
    ]
    path.write_text(json.dumps({"service_requests": requests}), encoding="utf-8")
    table = read_table(path, "feed.json")
    assert table.format == "Open311"
    assert table.columns == [
        "service_request_id",
        "service_name",
        "lat",
        "long",
        "media_url",
        "attributes",
        "status",
    ]
    assert records(table) == [
        ("request 1", ["7", "Pothole", "51.3", "19.9", None, '[{"code": "a"}]', None], None),
        ("request 2", ["8", None, "51.31", "19.91", None, None, "open"], None),
        ("request 3", [], "a str, not a service request object"),
    ]


def test_geojson_points_and_their_properties_become_rows(tmp_path: Path) -> None:
    path = tmp_path / "z.geojson"
    feature = {
        "type": "Feature",
        "id": 5,
        "properties": {"Kategoria": "Zieleń"},
        "geometry": {"type": "Point", "coordinates": [19.9, 51.3]},
    }
    polygon = {
        "type": "Feature",
        "properties": {"Kategoria": "Inne"},
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 1], [0, 0]]]},
    }
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2180"}},
        "features": [feature, polygon, {"type": "Feature", "properties": None, "geometry": None}],
    }
    path.write_text(json.dumps(collection), encoding="utf-8")
    table = read_table(path, "z.geojson")
    assert (table.format, table.crs) == ("GeoJSON", "EPSG:2180")
    assert table.columns == ["Kategoria", "id", *GEOMETRY_COLUMNS]
    assert records(table) == [
        ("feature 1", ["Zieleń", "5", "19.9", "51.3"], None),
        ("feature 2", ["Inne", None, None, None], "a Polygon geometry, not a point"),
        ("feature 3", [None, None, None, None], None),
    ]


@pytest.mark.parametrize(
    ("content", "found"),
    [
        ('{"foo": 1}', "an object with keys ['foo']"),
        ("[1, 2, 3]", "a list of other records"),
        ('[{"name": "x", "value": 1}]', "a list of other records"),
        ('"text"', "a str"),
    ],
)
def test_json_that_is_not_open311_is_refused(tmp_path: Path, content: str, found: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="neither a GeoJSON FeatureCollection nor an Open311") as e:
        read_table(path, "x.json")
    assert found in str(e.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b'[{"service_request_id": 1,', "not valid JSON (line 1, column 27"),
        (b"[" * 100_000 + b"]" * 100_000, "not readable JSON (RecursionError)"),
    ],
)
def test_broken_json_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"x\.json: ") as e:
        read_table(path, "x.json")
    assert message in str(e.value)


def test_a_large_json_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[" + ",".join(['{"service_request_id": 1}'] * 2000) + "]", encoding="utf-8")
    with pytest.raises(InputError, match="MiB a JSON reports file may have"):
        read_table(path, "x.json", ReadLimits(max_json_bytes=10_000))


def test_unsupported_suffixes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.shp"
    path.write_bytes(b"\0")
    with pytest.raises(InputError, match=r"x\.shp: not a reports file"):
        read_table(path, "x.shp")
