"""Importing hand-made reports files with every quirk into a workspace."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from pyproj import Transformer

from analysis.errors import Cancelled, InputError
from analysis.io.reports import ReportImportParams, import_reports
from analysis.workspace import DatasetKind, Workspace

TO_2180 = Transformer.from_crs("EPSG:4326", "EPSG:2180", always_xy=True)
TO_2177 = Transformer.from_crs("EPSG:4326", "EPSG:2177", always_xy=True)
CRM_HEADER = [
    "Numer",
    "Kategoria",
    "Status",
    "Data zgłoszenia",
    "Data zamknięcia",
    "Opis",
    "Adres",
    "Szerokość",
    "Długość",
    "Zgłaszający",
    "E-mail",
    "Telefon",
]
CRM_ROWS = [
    [
        "2026/00001",
        "Dziura w jezdni",
        "Zakończone",
        "02.01.2026 09:05",
        "02.02.2026 01:14",
        "Zapadnięta studzienka, ul. Wodna",
        "ul. Wodna 90",
        "51,320918",
        "19,951270",
        "Grzegorz Wieczorek",
        "grzegorz.wieczorek0@poczta.example.pl",
        "",
    ],
    [
        "2026/00002",
        "Śmieci",
        "W trakcie realizacji",
        "03.01.2026 10:10",
        "",
        "Śmieci na trawniku. Proszę o kontakt: 623 928 724",
        "ul. Norwida 32",
        "51,312013",
        "19,918779",
        "Tomasz Kamiński",
        "tomasz.kaminski1@poczta.example.pl",
        "+48 623 928 724",
    ],
    [
        "2026/00003",
        "Brak stojaka rowerowego",
        "Nowe",
        "04.07.2026 18:30",
        "",
        "Nie ma gdzie przypiąć roweru",
        "ul. Targowa 1",
        "51,331455",
        "19,940810",
        "",
        "",
        "",
    ],
    [
        "2026/00004",
        "Nielegalne parkowanie",
        "Odrzucone",
        "05.01.2026 07:00",
        "05.01.2026 08:00",
        "Auto na chodniku",
        "ul. Lipowa 11",
        "51,320868",
        "19,862073",
        "",
        "",
        "",
    ],
]
PERSONAL = [b"Grzegorz Wieczorek", b"Tomasz Kami\xc5\x84ski", b"poczta.example.pl", b"623 928 724"]


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def xy_2180(lon: float, lat: float) -> tuple[float, float]:
    x, y = TO_2180.transform(lon, lat)
    return float(x), float(y)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path / "miasto.gpkg")


@pytest.fixture
def crm(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return write_csv(folder / "zgloszenia.csv", CRM_HEADER, CRM_ROWS)


def layer(ws: Workspace, name: str = "reports") -> pd.DataFrame:
    return ws.read_layer(name).set_index("report_id").sort_index()


def test_a_polish_crm_export_imports_every_field(ws: Workspace, crm: Path) -> None:
    summary = import_reports(ws, [crm])
    assert (summary.imported, summary.skipped, summary.rejected) == (4, 0, 0)
    assert summary.datasets == ["reports"]
    got = layer(ws)
    assert got["category"].tolist() == ["pothole", "litter", "missing_bike_rack", "illegal_parking"]
    assert got["category_label"].tolist() == [r[1] for r in CRM_ROWS]
    assert got["status"].tolist() == ["closed", "in_progress", "open", "rejected"]
    assert got.loc["2026/00001", "created"] == pd.Timestamp("2026-01-02T08:05Z")  # CET
    assert got.loc["2026/00003", "created"] == pd.Timestamp("2026-07-04T16:30Z")  # CEST
    assert got.loc["2026/00001", "closed"] == pd.Timestamp("2026-02-02T00:14Z")
    assert pd.isna(got.loc["2026/00002", "closed"])
    assert got.loc["2026/00004", "updated"] == pd.Timestamp("2026-01-05T07:00Z")  # = closed
    assert got.loc["2026/00003", "updated"] == got.loc["2026/00003", "created"]
    assert (
        got.loc["2026/00002", "description"] == "Śmieci na trawniku. Proszę o kontakt: [usunięto]"
    )
    point = got.loc["2026/00001", "geometry"]
    assert (point.x, point.y) == pytest.approx(xy_2180(19.951270, 51.320918), abs=0.01)
    assert {"Zgłaszający", "E-mail", "Telefon"}.isdisjoint(got.columns)
    data = ws.path.read_bytes()
    assert not [p for p in PERSONAL if p in data]

    entry = ws.entry("reports")
    assert entry.kind is DatasetKind.REPORTS and entry.feature_count == 4
    assert entry.sources[0].sha256 == hashlib.sha256(crm.read_bytes()).hexdigest()
    flags = entry.quality["files"][str(crm)]
    assert flags["encoding"] == "utf-8-sig" and flags["delimiter"] == "semicolon"
    assert flags["coordinates"].startswith("EPSG:4326, northing/latitude first")
    assert entry.quality["personal_columns_removed"] == ["E-mail", "Telefon", "Zgłaszający"]
    assert entry.quality["personal_data_redacted_in_text"] == 1
    assert entry.quality["empty_fields"] == {"closed": 2}


def test_personal_data_is_kept_only_when_asked(ws: Workspace, crm: Path) -> None:
    import_reports(ws, [crm], ReportImportParams(keep_personal=True))
    got = layer(ws)
    assert got.loc["2026/00002", "Telefon"] == "+48 623 928 724"
    assert "Proszę o kontakt: 623 928 724" in got.loc["2026/00002", "description"]
    assert ws.entry("reports").quality["personal_data_kept"] is True


def test_report_fields_that_look_like_phones_are_not_redacted(
    ws: Workspace, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "z.csv",
        ["Numer", "Kategoria", "Szerokość", "Długość", "Opis"],
        [
            ["600 700 800", "Inne", "51,32", "19,95", "dzwonić 600 700 800"],
            ["90010112345", "Inne", "51,33", "19,95", "PESEL 90010112345"],
        ],
    )
    import_reports(ws, [path])
    got = layer(ws)
    assert got.index.tolist() == ["600 700 800", "90010112345"]
    assert got["description"].tolist() == ["dzwonić [usunięto]", "PESEL [usunięto]"]


def test_cp1250_with_polish_letters_and_comma_delimiter(ws: Workspace, tmp_path: Path) -> None:
    rows = [["1", "Zieleń", "Zażółć gęślą jaźń", "51,320918", "19,951270"]]
    path = write_csv(
        tmp_path / "z.csv",
        ["Nr", "Kategoria", "Opis", "Szerokość", "Długość"],
        rows,
        delimiter=",",
        encoding="cp1250",
    )
    import_reports(ws, [path])
    got = layer(ws)
    assert got.loc["1", "description"] == "Zażółć gęślą jaźń"
    assert got.loc["1", "category"] == "greenery"
    flags = ws.entry("reports").quality["files"][str(path)]
    assert (flags["encoding"], flags["delimiter"]) == ("cp1250", "comma")


LONLAT = [(19.951270, 51.320918), (19.918779, 51.312013), (19.940810, 51.331455)]


def coordinate_rows(kind: str) -> tuple[list[str], list[list[str]]]:
    """Three reports whose positions are LONLAT, written as ``kind`` says."""
    if kind == "swapped lat/lon":
        return ["ID", "Latitude", "Longitude"], [
            [f"{i}", f"{lo}", f"{la}"] for i, (lo, la) in enumerate(LONLAT)
        ]
    if kind == "EPSG:2180, X = northing":
        xy = [TO_2180.transform(lo, la) for lo, la in LONLAT]
        return ["ID", "X", "Y"], [
            [f"{i}", f"{y:.2f}".replace(".", ","), f"{x:.2f}"] for i, (x, y) in enumerate(xy)
        ]
    xy = [TO_2177.transform(lo, la) for lo, la in LONLAT]
    return ["ID", "X", "Y"], [[f"{i}", f"{y:.2f}", f"{x:.2f}"] for i, (x, y) in enumerate(xy)]


@pytest.mark.parametrize(
    ("kind", "note"),
    [
        ("swapped lat/lon", "EPSG:4326, easting/longitude first"),
        ("EPSG:2180, X = northing", "EPSG:2180, northing/latitude first"),
        ("PL-2000 zone 6, X = northing", "EPSG:2177, northing/latitude first"),
    ],
)
def test_coordinate_systems_and_axis_orders_are_detected(
    ws: Workspace, tmp_path: Path, kind: str, note: str
) -> None:
    header, rows = coordinate_rows(kind)
    path = write_csv(tmp_path / "z.csv", header, rows)
    # EPSG:2180 values fit Poland in both orders: in an empty workspace the user says
    # which column is the northing (test_cli_reports_bad_input covers the refusal).
    xy = {"x": "X", "y": "Y"} if kind.startswith("EPSG:2180") else None
    summary = import_reports(ws, [path], ReportImportParams(column_map=xy))
    assert summary.imported == 3
    got = layer(ws)
    expected = np.array([xy_2180(lo, la) for lo, la in LONLAT])
    assert np.column_stack([got.geometry.x, got.geometry.y]) == pytest.approx(expected, abs=0.05)
    coordinates = ws.entry("reports").quality["files"][str(path)]["coordinates"]
    assert coordinates.startswith(note)
    if kind == "swapped lat/lon":
        assert "(latitude and longitude swapped in the file)" in coordinates


def test_pl2000_zone6_points_in_gdansk(ws: Workspace, tmp_path: Path) -> None:
    gdansk = [(18.6466, 54.3520), (18.5700, 54.4416)]
    rows = [
        [str(i), f"{y:.2f}", f"{x:.2f}"]
        for i, (x, y) in enumerate(TO_2177.transform(lo, la) for lo, la in gdansk)
    ]
    path = write_csv(tmp_path / "z.csv", ["ID", "X", "Y"], rows)
    import_reports(ws, [path])
    got = layer(ws)
    expected = np.array([xy_2180(lo, la) for lo, la in gdansk])
    assert np.column_stack([got.geometry.x, got.geometry.y]) == pytest.approx(expected, abs=0.05)
    assert ws.entry("reports").quality["files"][str(path)]["coordinates"].startswith("EPSG:2177")


def test_the_crs_parameter_names_a_crs_detection_does_not_try(
    ws: Workspace, tmp_path: Path
) -> None:
    mercator = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    rows = [
        [str(i), f"{x:.2f}", f"{y:.2f}"]
        for i, (x, y) in enumerate(mercator.transform(lo, la) for lo, la in LONLAT)
    ]
    path = write_csv(tmp_path / "z.csv", ["ID", "X", "Y"], rows)
    refused = import_reports(ws, [path])
    assert "fit no known CRS" in refused.files[0].rejected[0].reason
    summary = import_reports(ws, [path], ReportImportParams(crs="3857"))
    assert summary.imported == 3
    got = layer(ws)
    expected = np.array([xy_2180(lo, la) for lo, la in LONLAT])
    assert np.column_stack([got.geometry.x, got.geometry.y]) == pytest.approx(expected, abs=0.05)


def test_rows_without_usable_coordinates_are_rejected_with_their_line(
    ws: Workspace, tmp_path: Path
) -> None:
    rows = [
        ["1", "Inne", "opis\nw dwóch liniach", "51,32", "19,95", ""],
        ["2", "Inne", "brak", "", "", ""],
        ["3", "Inne", "zła liczba", "51,32", "abc", ""],
        ["4", "Inne", "Berlin", "52,52", "13,40", ""],
        ["", "Inne", "bez numeru", "51,32", "19,95", ""],
        ["6", "Inne", "zła data", "51,32", "19,95", "30.02.2026"],
        ["7", "Inne", "dobry", "51,33", "19,94", "01.03.2026"],
    ]
    header = ["Numer", "Kategoria", "Opis", "Szerokość", "Długość", "Data"]
    path = write_csv(tmp_path / "z.csv", header, rows)
    summary = import_reports(ws, [path])
    assert (summary.imported, summary.rejected) == (2, 5)
    rejected = [(r.where, r.reason) for r in summary.files[0].rejected]
    assert rejected == [
        ("line 4", "no coordinates"),
        ("line 5", "unreadable coordinates ('51,32', 'abc')"),
        ("line 6", "coordinates (52.52, 13.4) lie outside the workspace's area"),
        ("line 7", "no report number in column 'Numer'"),
        ("line 8", "unreadable date '30.02.2026' in 'Data' is no day of the calendar"),
    ]
    assert ws.entry("reports").quality["rejected"] == {
        "no coordinates": 1,
        "unreadable coordinates": 1,
        "outside the area": 1,
        "no report number": 1,
        "unreadable date": 1,
    }


def test_dates_in_every_format(ws: Workspace, tmp_path: Path) -> None:
    dates = ["02.01.2026 09:05", "2026-01-02T09:05:00+01:00", "2026-01-02 09:05", "1767341100"]
    rows = [[str(i), d, "51,32", "19,95"] for i, d in enumerate(dates)]
    csv_path = write_csv(tmp_path / "z.csv", ["ID", "created", "lat", "lon"], rows)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ID", "Date Created", "Latitude", "Longitude"])
    sheet.append(["x1", pd.Timestamp("2026-01-02 09:05").to_pydatetime(), 51.32, 19.95])
    sheet.append(["x2", 46024.378472222, 51.32, 19.95])
    sheet.append(["x3", 1767341100, 51.32, 19.95])
    book.save(tmp_path / "z.xlsx")
    summary = import_reports(ws, [csv_path, tmp_path / "z.xlsx"])
    assert summary.imported == 7
    assert (layer(ws)["created"] == pd.Timestamp("2026-01-02T08:05Z")).all()


def test_another_time_zone(ws: Workspace, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "z.csv",
        ["ID", "created", "lat", "lon"],
        [["1", "2026-01-02 09:05", "51,32", "19,95"]],
    )
    import_reports(ws, [path], ReportImportParams(timezone="America/New_York"))
    assert layer(ws).loc["1", "created"] == pd.Timestamp("2026-01-02T14:05Z")


def test_an_explicit_column_map(ws: Workspace, tmp_path: Path) -> None:
    header = ["Nr sprawy", "Rodzaj problemu", "Kiedy", "Gdzie N", "Gdzie E", "Co"]
    path = write_csv(
        tmp_path / "z.csv",
        header,
        [["A-1", "Dziura w jezdni", "02.01.2026 09:05", "51,32", "19,95", "dół"]],
    )
    refused = import_reports(ws, [path])
    assert refused.imported == 0
    assert "no coordinate columns" in refused.files[0].rejected[0].reason
    column_map = {
        "report_id": "Nr sprawy",
        "category": "Rodzaj problemu",
        "created": "Kiedy",
        "lat": "Gdzie N",
        "lon": "Gdzie E",
        "description": "Co",
    }
    summary = import_reports(ws, [path], ReportImportParams(column_map=column_map))
    assert summary.imported == 1
    got = layer(ws).loc["A-1"]
    assert (got["category"], got["description"]) == ("pothole", "dół")
    assert got["created"] == pd.Timestamp("2026-01-02T08:05Z")


def test_a_category_map(ws: Workspace, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "z.csv",
        ["ID", "Kategoria", "lat", "lon"],
        [["1", "Koleiny na drodze", "51,32", "19,95"], ["2", "Dziura w jezdni", "51,32", "19,95"]],
    )
    params = ReportImportParams(layer="zgloszenia", category_map={"Koleiny na drodze": "pothole"})
    import_reports(ws, [path], params)
    got = layer(ws, "zgloszenia")
    assert got["category"].tolist() == ["pothole", "pothole"]
    assert got["category_label"].tolist() == ["Koleiny na drodze", "Dziura w jezdni"]


def open311(path: Path, requests: list[dict]) -> Path:
    path.write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    return path


def request(number: str, status: str, notes: str | None, updated: str) -> dict:
    return {
        "service_request_id": number,
        "status": status,
        "status_notes": notes,
        "service_name": "Dziura w jezdni",
        "service_code": "pothole",
        "requested_datetime": "2026-01-02T09:05:10+01:00",
        "updated_datetime": updated,
        "description": "z feedu",
        "lat": 51.320918,
        "long": 19.951270,
    }


def test_other_columns_are_kept_under_names_the_geopackage_accepts(
    ws: Workspace, tmp_path: Path
) -> None:
    header = ["Numer", "Szerokość", "Długość", "fid", "Source", "dzielnica", "Dzielnica", "_x"]
    path = write_csv(tmp_path / "z.csv", header, [["1", "51,32", "19,95", "7", "s", "a", "b", "c"]])
    import_reports(ws, [path])
    got = layer(ws).loc["1"]
    extras = {"fid_2": "7", "Source_2": "s", "dzielnica": "a", "Dzielnica_2": "b", "x": "c"}
    assert {k: got[k] for k in extras} == extras
    assert got["source"] == "z.csv"


def test_a_file_whose_records_are_all_rejected_writes_nothing(
    ws: Workspace, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "z.csv", ["ID", "lat", "lon"], [["1", "", ""], ["2", "x", "y"]])
    before = ws.path.read_bytes()
    summary = import_reports(ws, [path])
    assert (summary.imported, summary.rejected, summary.datasets) == (0, 2, [])
    assert ws.path.read_bytes() == before


def test_the_most_recent_record_wins_and_gaps_are_filled(
    ws: Workspace, crm: Path, tmp_path: Path
) -> None:
    feed = open311(
        tmp_path / "feed.json",
        [
            request("2026/00001", "closed", "Zakończone", "2026-02-02T01:14:30+01:00"),  # newer
            request(
                "2026/00002", "open", "W trakcie realizacji", "2026-01-03T10:10:00+01:00"
            ),  # tie
            request("2026/00099", "closed", "Odrzucone", "2026-01-03T10:10:00+01:00"),
        ],
    )
    summary = import_reports(ws, [crm, feed])
    assert [(f.imported, f.skipped) for f in summary.files] == [(3, 1), (2, 1)]
    got = layer(ws)
    assert len(got) == 5
    first = got.loc["2026/00001"]
    assert first["description"] == "z feedu"  # the feed's record is more recent
    assert first["closed"] == pd.Timestamp("2026-02-02T00:14Z")  # from the CSV: the feed has none
    assert first["created"] == pd.Timestamp("2026-01-02T08:05:10Z")
    assert got.loc["2026/00002", "description"].startswith("Śmieci")  # tie: read first
    assert got.loc["2026/00099", "status"] == "rejected"
    assert ws.entry("reports").quality["duplicates_skipped"] == 2

    before = ws.path.read_bytes()
    again = import_reports(ws, [crm, feed])
    assert (again.imported, again.skipped, again.datasets) == (0, 7, [])
    assert ws.path.read_bytes() == before


def test_a_later_export_updates_a_known_report(ws: Workspace, tmp_path: Path) -> None:
    old = open311(tmp_path / "old.json", [request("7", "open", None, "2026-01-02T09:05:10+01:00")])
    new = open311(
        tmp_path / "new.json", [request("7", "closed", "Zakończone", "2026-01-09T12:00:00+01:00")]
    )
    import_reports(ws, [old])
    summary = import_reports(ws, [new])
    assert (summary.imported, summary.skipped) == (1, 0)
    assert layer(ws).loc["7", "status"] == "closed"
    assert ws.entry("reports").quality["reports_updated"] == 1
    older = import_reports(ws, [old])
    assert (older.imported, older.skipped) == (0, 1)
    assert layer(ws).loc["7", "status"] == "closed"
    assert len(ws.entry("reports").sources) == 2


def test_a_file_without_numbers_gets_stable_ids(ws: Workspace, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "z.csv",
        ["Kategoria", "Opis", "lat", "lon"],
        [
            ["Inne", "a", "51,32", "19,95"],
            ["Inne", "b", "51,32", "19,95"],
            ["Inne", "a", "51,32", "19,95"],
        ],
    )
    first = import_reports(ws, [path])
    assert (first.imported, first.skipped) == (2, 1)  # the third row repeats the first
    ids = layer(ws).index.tolist()
    assert all(i.startswith("h") and len(i) == 16 for i in ids)
    assert import_reports(ws, [path]).imported == 0
    assert layer(ws).index.tolist() == ids


def test_geojson_points_in_a_declared_crs(ws: Workspace, tmp_path: Path) -> None:
    x, y = xy_2180(19.95, 51.32)
    features = [
        {
            "type": "Feature",
            "properties": {"Numer": "g1", "Kategoria": "Zieleń"},
            "geometry": {"type": "Point", "coordinates": [x, y]},
        },
        {
            "type": "Feature",
            "properties": {"Numer": "g2", "Kategoria": "Inne"},
            "geometry": {"type": "LineString", "coordinates": [[x, y], [x + 1, y]]},
        },
    ]
    path = tmp_path / "z.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": features,
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2180"}},
            }
        ),
        encoding="utf-8",
    )
    summary = import_reports(ws, [path])
    assert summary.imported == 1
    assert [(r.where, r.reason) for r in summary.files[0].rejected] == [
        ("feature 2", "a LineString geometry, not a point")
    ]
    point = layer(ws).loc["g1", "geometry"]
    assert (point.x, point.y) == pytest.approx((x, y), abs=0.01)


def test_bad_files_are_rejected_and_the_others_imported(
    ws: Workspace, crm: Path, tmp_path: Path
) -> None:
    folder = crm.parent
    (folder / "pusty.csv").write_bytes(b"")
    (folder / "inne.json").write_text('{"hello": "world"}', encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.append(["a", "b"])
    book.save(tmp_path / "whole.xlsx")
    whole = (tmp_path / "whole.xlsx").read_bytes()
    (folder / "urwany.xlsx").write_bytes(whole[: len(whole) // 2])
    (folder / "notatki.txt").write_text("not a reports file", encoding="utf-8")
    (folder / "szeroki.csv").write_text(";" * 999_999 + "\n1\n", encoding="ascii")
    summary = import_reports(ws, [folder])
    outcomes = {Path(f.path).name: f for f in summary.files}
    assert sorted(outcomes) == [
        "inne.json",
        "pusty.csv",
        "szeroki.csv",
        "urwany.xlsx",
        "zgloszenia.csv",
    ]
    assert outcomes["zgloszenia.csv"].imported == 4
    assert outcomes["pusty.csv"].rejected[0].reason == "the file is empty"
    assert (
        outcomes["inne.json"]
        .rejected[0]
        .reason.startswith("neither a GeoJSON FeatureCollection nor an Open311")
    )
    assert outcomes["urwany.xlsx"].rejected[0].reason.startswith("not a readable ZIP archive")
    assert outcomes["szeroki.csv"].rejected[0].reason.startswith("the header has 1,000,000 columns")
    assert summary.to_json()["rejected"] == 4
    quality = ws.entry("reports").quality
    assert quality["rejected"] == {"file refused": 4}
    assert [s.path for s in ws.entry("reports").sources] == [str(crm)]


def test_a_zip_archive_is_read_member_by_member(ws: Workspace, crm: Path, tmp_path: Path) -> None:
    archive = tmp_path / "eksport.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(crm, "dane/zgloszenia.csv")
        zf.writestr("dane/opis.pdf", b"%PDF")
    summary = import_reports(ws, [archive])
    assert [(f.path, f.imported) for f in summary.files] == [(f"{archive}:dane/zgloszenia.csv", 4)]
    assert ws.entry("reports").sources[0].sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert set(layer(ws)["source"]) == {"zgloszenia.csv"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (ReportImportParams(layer="punkty"), "'punkty' is a dataset layer, not reports"),
        (ReportImportParams(layer="Zgłoszenia"), "layer name 'Zgłoszenia'"),
        (ReportImportParams(timezone="Mars/Olympus"), "unknown time zone 'Mars/Olympus'"),
        (ReportImportParams(crs="EPSG:99999"), "unknown CRS 'EPSG:99999'"),
        (ReportImportParams(column_map={"when": "Data"}), "unknown field"),
        (ReportImportParams(category_map={"Dziura": "dziura"}), "unknown category key"),
    ],
)
def test_wrong_parameters_are_refused_before_reading(
    workspace: Workspace, crm: Path, params: ReportImportParams, message: str
) -> None:
    before = workspace.path.read_bytes()
    with pytest.raises(InputError, match=message):
        import_reports(workspace, [crm], params)
    with pytest.raises(InputError, match="no such file or folder"):
        import_reports(workspace, [crm.parent / "brak.csv"])
    assert workspace.path.read_bytes() == before


@dataclass
class Recorder:
    cancel_after: int | None = None
    reports: list[tuple[float, str]] = field(default_factory=list)

    def report(self, fraction: float, message: str = "") -> None:
        self.reports.append((fraction, message))

    def is_cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.reports) >= self.cancel_after


def test_progress_and_cancellation(ws: Workspace, crm: Path, tmp_path: Path) -> None:
    feed = open311(tmp_path / "feed.json", [request("9", "open", None, "2026-01-03T10:10:00Z")])
    before = ws.path.read_bytes()
    with pytest.raises(Cancelled):
        import_reports(ws, [crm, feed], progress=Recorder(cancel_after=1))
    assert ws.path.read_bytes() == before
    recorder = Recorder()
    import_reports(ws, [crm, feed], progress=recorder)
    fractions = [f for f, _ in recorder.reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert recorder.reports[0][1] == f"reading {crm}"
