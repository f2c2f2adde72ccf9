"""``urbanista import reports`` with files nobody here wrote: a CLI test per kind of bad input."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from pyproj import Transformer

from analysis.workspace import Workspace
from tests.analysis.test_cli_import import urbanista

HEADER = "Numer;Kategoria;Data zgłoszenia;Szerokość;Długość"
CITY = (19.95, 51.32)
"""The sample city's centre (longitude, latitude); every report here lies within 5 km of it."""
TO_2180 = Transformer.from_crs("EPSG:4326", "EPSG:2180", always_xy=True)
TO_LONLAT = Transformer.from_crs("EPSG:2180", "EPSG:4326", always_xy=True)


def run(*paths: Path, ws: Path, extra: tuple[str, ...] = ()) -> tuple[int, dict, str]:
    """Import ``paths`` into ``ws``: the exit code, the JSON summary and stderr."""
    result = urbanista("import", "reports", *map(str, paths), "-w", str(ws), "--json", *extra)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout), result.stderr


def printed(*paths: Path, ws: Path) -> str:
    """Import ``paths`` into ``ws`` and return the summary printed for people."""
    result = urbanista("import", "reports", *map(str, paths), "-w", str(ws))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result.stdout


def notes(summary: dict) -> dict[str, list[str]]:
    return {f["path"]: f["notes"] for f in summary["files"]}


def rejections(summary: dict) -> list[tuple[str, str, str]]:
    return [(f["path"], r["where"], r["reason"]) for f in summary["files"] for r in f["rejected"]]


def row(number: int, category: str, date: str = "02.01.2026 09:05", shift: float = 0.0) -> str:
    lon, lat = CITY
    return f"{number};{category};{date};{lat + shift:.4f};{lon + shift:.4f}"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return Workspace.create(tmp_path / "miasto.gpkg").path


def reports(ws: Path) -> dict:
    """The reports layer by report number: category and (longitude, latitude)."""
    frame = Workspace.open(ws).read_layer("reports").set_index("report_id")
    lon, lat = TO_LONLAT.transform(frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy())
    return {
        str(i): (c, (round(float(x), 4), round(float(y), 4)))
        for i, c, x, y in zip(frame.index, frame["category"], lon, lat, strict=True)
    }


def assert_in_city(places: list[tuple[float, float]]) -> None:
    lon, lat = np.array(places).T
    assert np.all(np.abs(lon - CITY[0]) < 0.07) and np.all(np.abs(lat - CITY[1]) < 0.05)


def test_mixed_utf8_and_cp1250_lines_are_decoded_line_by_line(ws: Path, tmp_path: Path) -> None:
    utf8 = "\r\n".join([HEADER, row(1, "Śmieci"), row(2, "Zieleń")]) + "\r\n"
    cp1250 = "\r\n".join([row(3, "Dziura w jezdni"), row(4, "Oświetlenie uliczne")]) + "\r\n"
    path = tmp_path / "zgloszenia.csv"
    path.write_bytes(utf8.encode("utf-8") + cp1250.encode("cp1250") + b"5;\x81\x98;x;1;2\r\n")
    code, summary, _ = run(path, ws=ws)
    assert code == 0 and (summary["imported"], summary["rejected"]) == (4, 1)
    # The line neither UTF-8 nor cp1250 can read is named; the others are not garbled.
    assert rejections(summary) == [
        (str(path), "line 6", "the line is neither utf-8 nor cp1250 text")
    ]
    got = reports(ws)
    assert {k: c for k, (c, _) in got.items()} == {
        "1": "litter",
        "2": "greenery",
        "3": "pothole",
        "4": "street_lighting",
    }
    labels = Workspace.open(ws).read_layer("reports")["category_label"].tolist()
    assert sorted(labels) == ["Dziura w jezdni", "Oświetlenie uliczne", "Zieleń", "Śmieci"]
    flags = Workspace.open(ws).entry("reports").quality["files"][str(path)]
    assert flags["encoding"] == "utf-8, 2 line(s) in cp1250"  # line 4 is ASCII
    # Lines 5 and 6 are not UTF-8; line 6, not cp1250 either, is rejected above.
    assert notes(summary) == {str(path): ["2 line(s) not UTF-8, read as cp1250"]}


def test_a_cp1250_header_over_utf8_rows_finds_its_coordinate_columns(
    ws: Path, tmp_path: Path
) -> None:
    path = tmp_path / "z.csv"
    path.write_bytes(f"{HEADER}\n".encode("cp1250") + f"{row(1, 'Śmieci')}\n".encode())
    code, summary, _ = run(path, ws=ws)
    assert code == 0 and summary["imported"] == 1
    assert reports(ws)["1"][0] == "litter"


def test_dates_that_are_no_day_reject_their_rows_and_never_become_other_dates(
    ws: Path, tmp_path: Path
) -> None:
    dates = ["2024", "2024-05", "03/04/2024", "45293", "02.01.2026", "1767341100"]
    path = tmp_path / "daty.csv"
    lines = [HEADER, *(row(i, "Śmieci", d) for i, d in enumerate(dates, 1))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, summary, _ = run(path, ws=ws)
    assert code == 0 and (summary["imported"], summary["rejected"]) == (3, 3)
    assert rejections(summary) == [
        (str(path), "line 2", "unreadable date '2024' in 'Data zgłoszenia' is a year, not a day"),
        (
            str(path),
            "line 3",
            "unreadable date '2024-05' in 'Data zgłoszenia' is a month, not a day",
        ),
        (
            str(path),
            "line 4",
            "unreadable date '03/04/2024' in 'Data zgłoszenia' has day and month in an order that "
            "cannot be told; write dd.mm.rrrr or rrrr-mm-dd",
        ),
    ]
    created = Workspace.open(ws).read_layer("reports").set_index("report_id")["created"]
    # An Excel serial day within the years a report may have is a date (2024-01-02 local).
    assert str(created["4"]) == "2024-01-01 23:00:00+00:00"
    assert str(created["5"]) == "2026-01-01 23:00:00+00:00"
    assert all(stamp.year >= 2024 for stamp in created)


def test_years_10000_0_and_1800_reject_their_rows_and_the_others_are_imported(
    ws: Path, tmp_path: Path
) -> None:
    dates = [
        "10000-01-01",
        "01.01.10000",
        "0000-01-01",
        "1800-05-01",
        "99999999999999",
        "9999-12-31T10:00:00+02:00",
        "02.01.2026",
    ]
    path = tmp_path / "daty.csv"
    lines = [HEADER, *(row(i, "Śmieci", d) for i, d in enumerate(dates, 1))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, summary, _ = run(path, ws=ws)
    assert code == 0 and (summary["imported"], summary["rejected"]) == (1, 6)
    got = rejections(summary)
    assert [where for _, where, _ in got] == [f"line {n}" for n in range(2, 8)]
    assert all(reason.startswith("impossible date") for _, _, reason in got)
    assert "'10000-01-01' in 'Data zgłoszenia' is not between 1970 and tomorrow" in got[0][2]
    assert list(reports(ws)) == ["7"]
    quality = Workspace.open(ws).entry("reports").quality
    assert quality["rejected"] == {"impossible date": 6}


def test_a_report_dated_after_tomorrow_is_rejected_as_a_track_would_be_and_today_imported(
    ws: Path, tmp_path: Path
) -> None:
    today = datetime.datetime.now(datetime.UTC).date()
    later = today + datetime.timedelta(days=3)
    unix_2090 = str(int(datetime.datetime(2090, 5, 1, tzinfo=datetime.UTC).timestamp()))
    dates = [
        "01.05.2090 10:00",
        "2090-05-01",
        unix_2090,
        f"{later:%d.%m.%Y}",
        f"{today:%d.%m.%Y} 00:01",
    ]
    path = tmp_path / "przyszle.csv"
    lines = [HEADER, *(row(i, "Śmieci", d) for i, d in enumerate(dates, 1))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, summary, _ = run(path, ws=ws)
    assert code == 0 and (summary["imported"], summary["rejected"]) == (1, 4)
    tomorrow = today + datetime.timedelta(days=1)
    assert [(where, reason) for _, where, reason in rejections(summary)] == [
        (
            f"line {n}",
            f"impossible date {d!r} in 'Data zgłoszenia' lies after {tomorrow} "
            "(tomorrow): a report cannot come from the future",
        )
        for n, d in enumerate(dates[:4], 2)
    ]
    assert list(reports(ws)) == ["5"]


def xy_file(path: Path, easting_first: bool) -> Path:
    """Three reports in the city as EPSG:2180 columns X;Y, X holding the easting or the northing."""
    lines = ["Numer;Kategoria;X;Y"]
    for i, shift in enumerate((0.0, -0.02, 0.015), 1):
        e, n = TO_2180.transform(CITY[0] + shift, CITY[1] + shift)
        first, second = (e, n) if easting_first else (n, e)
        lines.append(f"{i};Śmieci;{first:.2f};{second:.2f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_xy_whose_order_an_empty_workspace_cannot_tell_is_refused_with_the_way_out(
    ws: Path, tmp_path: Path
) -> None:
    path = xy_file(tmp_path / "xy.csv", easting_first=True)
    good = tmp_path / "dobre.csv"
    good.write_text(f"{HEADER}\n{row(10, 'Zieleń')}\n", encoding="utf-8")
    code, summary, _ = run(path, good, ws=ws)
    assert code == 0 and (summary["imported"], summary["rejected"]) == (1, 1)
    [(where_file, where, reason)] = rejections(summary)
    assert (where_file, where) == (str(path), "")
    assert "columns 'X' and 'Y' (EPSG:2180) lie in Poland in either axis order" in reason
    assert re.search(r"\b25\d km apart", reason)
    assert "--column x=NORTHING --column y=EASTING" in reason
    assert list(reports(ws)) == ["10"]  # the good file beside it is imported

    # Told which column holds the northing, the reports land in the city, not 250 km away.
    code, summary, _ = run(path, ws=ws, extra=("--column", "x=Y", "--column", "y=X"))
    assert code == 0 and summary["imported"] == 3
    assert_in_city([place for key, (_, place) in reports(ws).items() if key != "10"])


def test_xy_in_a_workspace_with_data_is_read_in_the_order_that_fits_it(
    ws: Path, tmp_path: Path
) -> None:
    good = tmp_path / "dobre.csv"
    good.write_text(f"{HEADER}\n{row(10, 'Zieleń')}\n", encoding="utf-8")
    assert run(good, ws=ws)[0] == 0
    code, summary, _ = run(xy_file(tmp_path / "xy.csv", easting_first=True), ws=ws)
    assert code == 0 and summary["imported"] == 3
    assert_in_city([place for _, place in reports(ws).values()])


def test_latitude_and_longitude_swapped_are_read_the_right_way_with_a_note(
    ws: Path, tmp_path: Path
) -> None:
    path = tmp_path / "z.csv"
    lon, lat = CITY
    path.write_text(f"{HEADER}\n1;Śmieci;02.01.2026;{lon};{lat}\n", encoding="utf-8")
    code, summary, _ = run(path, ws=ws)
    assert code == 0 and summary["imported"] == 1
    assert notes(summary) == {
        str(path): [
            "latitude and longitude are swapped in the file (columns 'Szerokość', 'Długość'); "
            "read the other way"
        ]
    }
    assert_in_city([reports(ws)["1"][1]])


@pytest.mark.parametrize(
    "header",
    [
        'Numer;"Kategoria;Data zgłoszenia;Szerokość;Długość',
        'Numer;Szerokość;Długość;"Kategoria;Data zgłoszenia',
    ],
)
def test_a_stray_quote_in_the_header_refuses_the_file_naming_the_line(
    ws: Path, tmp_path: Path, header: str
) -> None:
    path = tmp_path / "cudzyslow.csv"
    path.write_text(f"{header}\n1;x;y;51,32;19,95\n2;x;y;51,32;19,95\n", encoding="utf-8")
    before = ws.read_bytes()
    code, summary, _ = run(path, ws=ws)
    assert code == 1 and (summary["imported"], summary["rejected"]) == (0, 1)
    assert rejections(summary) == [
        (
            str(path),
            "",
            'line 1 (the header): a quote (") opens a column name that does not close before '
            "line 3; remove the stray quote and import it again",
        )
    ]
    assert ws.read_bytes() == before


def test_a_stray_quote_in_a_row_rejects_that_row_and_keeps_those_before(
    ws: Path, tmp_path: Path
) -> None:
    path = tmp_path / "z.csv"
    lines = [HEADER, row(1, "Śmieci"), row(2, '"Zieleń'), row(3, "Śmieci")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, summary, _ = run(path, ws=ws)
    assert code == 0 and (summary["imported"], summary["rejected"]) == (1, 1)
    assert rejections(summary)[0][:2] == (str(path), "line 3")
    assert "does not close before the end of the file (line 4)" in rejections(summary)[0][2]


def test_a_header_without_records_is_an_error_not_zero_imported(ws: Path, tmp_path: Path) -> None:
    path = tmp_path / "pusty.csv"
    path.write_text(HEADER + "\n", encoding="utf-8")
    code, summary, _ = run(path, ws=ws)
    assert code == 1
    assert rejections(summary) == [
        (str(path), "", "no records after the header; nothing to import")
    ]


def workbook(path: Path, sheets: list[tuple[str, list[list[object]], str]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        sheet = book.create_sheet(title)
        for values in rows:
            sheet.append(values)
        sheet.sheet_state = state
    book.save(path)
    return path


XLSX_HEADER = ["Numer", "Kategoria", "Data zgłoszenia", "Szerokość", "Długość"]


def test_a_hidden_first_sheet_is_passed_over_for_the_visible_data_sheet(
    ws: Path, tmp_path: Path
) -> None:
    lon, lat = CITY
    data = [XLSX_HEADER] + [[i, "Zieleń", "02.01.2026", lat, lon] for i in (1, 2)]
    codes = [["Kod", "Szerokość", "Długość"], [1, 0, 0]]  # coordinates, yet hidden
    path = workbook(
        tmp_path / "z.xlsx", [("Słowniki", codes, "hidden"), ("Zgłoszenia", data, "visible")]
    )
    code, summary, _ = run(path, ws=ws)
    assert code == 0 and (summary["imported"], summary["rejected"]) == (2, 0)
    assert summary["files"][0]["path"] == f"{path}, sheet 'Zgłoszenia'"
    assert {c for c, _ in reports(ws).values()} == {"greenery"}
    flags = Workspace.open(ws).entry("reports").quality["files"][str(path)]
    assert (flags["sheet"], flags["sheets_skipped"]) == ("Zgłoszenia", "'Słowniki' (hidden)")
    assert notes(summary) == {
        f"{path}, sheet 'Zgłoszenia'": ["read sheet 'Zgłoszenia'; not read: 'Słowniki' (hidden)"]
    }


def test_data_on_the_second_sheet_names_the_sheet_and_the_row(ws: Path, tmp_path: Path) -> None:
    lon, lat = CITY
    data = [
        XLSX_HEADER,
        [1, "Śmieci", "02.01.2026", lat, lon],
        [2, "Śmieci", "2024", lat, lon],
        [3, "Śmieci", "02.01.2026", "abc", lon],
    ]
    notes = [["Eksport z CRM"]]
    path = workbook(tmp_path / "z.xlsx", [("Opis", notes, "visible"), ("Dane", data, "visible")])
    code, summary, _ = run(path, ws=ws)
    assert code == 0 and (summary["imported"], summary["rejected"]) == (1, 2)
    assert rejections(summary) == [
        (
            f"{path}, sheet 'Dane'",
            "row 3",
            "unreadable date '2024' in 'Data zgłoszenia' is a year, not a day",
        ),
        (f"{path}, sheet 'Dane'", "row 4", "unreadable coordinates ('abc', '19.95')"),
    ]


def test_a_workbook_without_coordinates_is_refused_naming_the_sheet(
    ws: Path, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "z.xlsx",
        [
            ("Arkusz1", [["a"], [1]], "hidden"),
            ("Arkusz2", [["Numer", "Adres"], [1, "Wodna 1"]], "visible"),
        ],
    )
    code, summary, _ = run(path, ws=ws)
    assert code == 1
    [(_, where, reason)] = rejections(summary)
    assert where == "" and reason.startswith("sheet 'Arkusz2': no coordinate columns")


def test_merged_category_cells_fill_their_rows(ws: Path, tmp_path: Path) -> None:
    lon, lat = CITY
    rows = [XLSX_HEADER] + [
        [i, {1: "Śmieci", 4: "Zieleń"}.get(i), "02.01.2026", lat + i / 1000, lon]
        for i in range(1, 7)
    ]
    path = workbook(tmp_path / "z.xlsx", [("Zgłoszenia", rows, "visible")])
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("B2:B4")
    book.active.merge_cells("B5:B7")
    book.save(path)
    code, summary, _ = run(path, ws=ws)
    assert code == 0 and summary["imported"] == 6
    assert notes(summary) == {
        str(path): ["2 merged cell range(s) filled with their first cell's value"]
    }
    got = reports(ws)
    assert [got[str(i)][0] for i in range(1, 7)] == ["litter"] * 3 + ["greenery"] * 3
    assert_in_city([place for _, place in got.values()])


def test_a_second_sheet_of_reports_is_named_as_not_read(ws: Path, tmp_path: Path) -> None:
    lon, lat = CITY
    first = [XLSX_HEADER, [1, "Zieleń", "02.01.2026", lat, lon]]
    second = [XLSX_HEADER, [2, "Śmieci", "02.01.2025", lat, lon]]
    path = workbook(
        tmp_path / "z.xlsx",
        [
            ("Opis", [["Eksport z CRM"]], "visible"),
            ("2026", first, "visible"),
            ("Puste", [], "visible"),
            ("2025", second, "visible"),
        ],
    )
    code, summary, _ = run(path, ws=ws)
    assert code == 0 and summary["imported"] == 1 and sorted(reports(ws)) == ["1"]
    assert notes(summary) == {
        f"{path}, sheet '2026'": [
            "read sheet '2026'; not read: 'Opis' (no coordinate columns), 'Puste' (empty), "
            "'2025' (also has coordinates, not read)"
        ]
    }


def test_numbers_made_from_content_and_unknown_categories_are_noted(
    ws: Path, tmp_path: Path
) -> None:
    path = tmp_path / "z.csv"
    lon, lat = CITY
    rows = [
        f"{c};02.01.2026;{lat};{lon + i / 1000}" for i, c in enumerate(["Hałas", "Hałas", "Zieleń"])
    ]
    path.write_text("Kategoria;Data;Szerokość;Długość\n" + "\n".join(rows) + "\n", "utf-8")
    code, summary, _ = run(path, ws=ws)
    assert code == 0 and summary["imported"] == 3
    assert notes(summary) == {
        str(path): [
            "no report number column: numbers made from each record's content",
            "2 record(s) of a category not recognised, read as 'other'",
        ]
    }


def test_the_printed_summary_says_the_sheet_read_the_code_page_lines_and_the_swap(
    ws: Path, tmp_path: Path
) -> None:
    lon, lat = CITY
    mixed = tmp_path / "mieszany.csv"
    cp1250 = f"{row(2, 'Zieleń')}\n{row(3, 'Oświetlenie')}\n".encode("cp1250")
    mixed.write_bytes(f"{HEADER}\n{row(1, 'Śmieci')}\n".encode() + cp1250)
    swapped = tmp_path / "odwrotnie.csv"
    swapped.write_text(f"{HEADER}\n4;Śmieci;02.01.2026;{lon};{lat}\n", encoding="utf-8")
    data = [XLSX_HEADER, [5, "Zieleń", "02.01.2026", lat, lon]]
    hidden = workbook(
        tmp_path / "ukryty.xlsx",
        [("Słowniki", [["Kod"], [1]], "hidden"), ("Dane", data, "visible")],
    )
    lines = printed(mixed, swapped, hidden, ws=ws).splitlines()
    assert lines == [
        "reports: 5 imported, 0 skipped as already imported, 0 rejected, from 3 file(s)",
        f"  {mixed}: 2 line(s) not UTF-8, read as cp1250",
        f"  {swapped}: latitude and longitude are swapped in the file (columns 'Szerokość', "
        "'Długość'); read the other way",
        f"  {hidden}, sheet 'Dane': read sheet 'Dane'; not read: 'Słowniki' (hidden)",
    ]
    assert sorted(Workspace.open(ws).read_layer("reports")["category_label"]) == [
        "Oświetlenie",
        "Zieleń",
        "Zieleń",
        "Śmieci",
        "Śmieci",
    ]


def test_one_refused_file_among_good_ones_costs_nothing(ws: Path, tmp_path: Path) -> None:
    good = tmp_path / "a.csv"
    good.write_text(f"{HEADER}\n{row(1, 'Śmieci')}\n{row(2, 'Zieleń')}\n", encoding="utf-8")
    bad = tmp_path / "b.csv"
    bad.write_text('Numer;"Kategoria;Szerokość;Długość\n3;x;51,32;19,95\n', encoding="utf-8")
    also_good = workbook(
        tmp_path / "c.xlsx",
        [("Dane", [XLSX_HEADER, [4, "Śmieci", "02.01.2026", CITY[1], CITY[0]]], "visible")],
    )
    code, summary, _ = run(good, bad, also_good, ws=ws)
    assert code == 0 and (summary["imported"], summary["rejected"]) == (3, 1)
    assert [(f["path"], f["imported"], len(f["rejected"])) for f in summary["files"]] == [
        (str(good), 2, 0),
        (str(bad), 0, 1),
        (str(also_good), 1, 0),
    ]
    assert sorted(reports(ws)) == ["1", "2", "4"]
    refused = Workspace.open(ws).entry("reports").quality["files"][str(bad)]
    assert refused["refused"].startswith("line 1 (the header): a quote")
