"""Acceptance: the sample city's reports folder and real 311 exports written by others."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from analysis.io.reports import ReportImportParams, import_reports
from analysis.workspace import Workspace
from tests.analysis.city_files import report_rows

REAL = Path(__file__).parents[3] / "shared" / "data" / "real"
WARSAW = ZoneInfo("Europe/Warsaw")
# Written out here, not imported, so that the test checks the importer's tables.
CATEGORY = {
    "Dziura w jezdni": "pothole",
    "Śmieci": "litter",
    "Oświetlenie uliczne": "street_lighting",
    "Brak stojaka rowerowego": "missing_bike_rack",
    "Nielegalne parkowanie": "illegal_parking",
    "Zieleń": "greenery",
    "Inne": "other",
}
STATUS = {
    "Nowe": "open",
    "W trakcie realizacji": "in_progress",
    "Zakończone": "closed",
    "Odrzucone": "rejected",
}


def expected_reports(city: Path) -> dict[str, tuple[str, str, datetime]]:
    """Report number -> (category, status, creation time) read from the CSV and the feed."""
    rows, feed = report_rows(city)
    expected = {}
    for r in rows:
        created = datetime.strptime(r["Data zgłoszenia"], "%d.%m.%Y %H:%M").replace(tzinfo=WARSAW)
        expected[r["Numer"]] = (CATEGORY[r["Kategoria"]], STATUS[r["Status"]], created)
    for r in feed:
        status = STATUS[r["status_notes"]] if r["status_notes"] else r["status"]
        created = datetime.fromisoformat(r["requested_datetime"])
        if r["service_request_id"] in expected:  # in both: the two must agree
            category, known, when = expected[r["service_request_id"]]
            assert (category, known) == (CATEGORY[r["service_name"]], status)
            assert abs((created - when).total_seconds()) < 60
        expected[r["service_request_id"]] = (CATEGORY[r["service_name"]], status, created)
    return expected


@pytest.mark.slow
def test_the_sample_city_reports_import_exactly_once(
    city: Path, truth: dict, tmp_path: Path
) -> None:
    ws = Workspace.create(tmp_path / "przykladowo.gpkg")
    summary = import_reports(ws, [city / "reports"])
    counts = truth["counts"]
    assert (summary.imported, summary.skipped, summary.rejected) == (
        counts["reports"],
        counts["reports_in_both"],
        0,
    )
    got = ws.read_layer("reports")
    assert sorted(got["report_id"]) == sorted(truth["report_numbers"])
    assert got["report_id"].is_unique

    expected = expected_reports(city)
    by_id = got.set_index("report_id")
    assert by_id["category"].to_dict() == {k: v[0] for k, v in expected.items()}
    assert by_id["status"].to_dict() == {k: v[1] for k, v in expected.items()}
    created = pd.Series({k: v[2] for k, v in expected.items()}).map(lambda d: d.astimezone(UTC))
    delay = (by_id["created"] - pd.to_datetime(created, utc=True)).dt.total_seconds().abs()
    assert delay.max() < 60  # the CSV gives minutes, the feed seconds
    per_category = Counter(v[0] for v in expected.values())
    assert got["category"].value_counts().to_dict() == dict(per_category)
    assert per_category["missing_bike_rack"] >= truth["rack_demand"]["missing_rack_reports"]

    before = ws.path.read_bytes()
    again = import_reports(ws, [city / "reports"])
    assert (again.imported, again.skipped) == (
        0,
        counts["report_csv_rows"] + counts["report_open311_rows"],
    )
    assert ws.path.read_bytes() == before


@pytest.mark.slow
def test_no_reporter_name_email_or_phone_reaches_the_workspace(city: Path, tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "przykladowo.gpkg")
    import_reports(ws, [city / "reports"])
    rows, _ = report_rows(city)
    personal = {v for r in rows for v in (r["Zgłaszający"], r["E-mail"], r["Telefon"]) if v}
    phones_in_text = {
        m for r in rows for m in re.findall(r"kontakt: (\d{3} \d{3} \d{3})", r["Opis"])
    }
    assert len(personal) > 500 and phones_in_text
    data = ws.path.read_bytes()
    leaked = [v for v in sorted(personal | phones_in_text) if v.encode("utf-8") in data]
    assert leaked == []
    quality = ws.entry("reports").quality
    assert quality["personal_columns_removed"] == ["E-mail", "Telefon", "Zgłaszający"]
    assert quality["personal_data_redacted_in_text"] >= len(phones_in_text)

    kept = Workspace.create(tmp_path / "z_danymi.gpkg")  # the search finds them when they are in
    import_reports(kept, [city / "reports"], ReportImportParams(keep_personal=True))
    data = kept.path.read_bytes()
    assert all(v.encode("utf-8") in data for v in sorted(personal | phones_in_text))


def read_311(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def import_311(city: str, suffix: str, tmp_path: Path) -> tuple[Workspace, object]:
    ws = Workspace.create(tmp_path / f"{city}_{suffix}.gpkg", crs="EPSG:32618")  # UTM 18N
    return ws, import_reports(ws, [REAL / f"publicstuff311_{city}.{suffix}"])


FIELDS = [
    "report_id",
    "category",
    "category_label",
    "status",
    "status_label",
    "created",
    "description",
    "address",
]


@pytest.mark.parametrize(
    ("city", "rejected"),
    [("Hoboken_20190521", 0), pytest.param("NYC_20190522", 3, marks=pytest.mark.slow)],
)
def test_311_exports_from_csv_and_xlsx_give_the_same_records(
    tmp_path: Path, city: str, rejected: int
) -> None:
    if not REAL.is_dir():
        pytest.skip(f"the real third-party files are not here ({REAL})")
    rows = read_311(REAL / f"publicstuff311_{city}.csv")
    layers = {}
    for suffix in ("csv", "xlsx"):
        ws, summary = import_311(city, suffix, tmp_path)
        outcome = summary.files[0]  # type: ignore[attr-defined]
        assert len(outcome.rejected) == rejected
        assert all(r.reason and re.fullmatch(r"(line|row) \d+", r.where) for r in outcome.rejected)
        assert outcome.imported + outcome.skipped + len(outcome.rejected) == len(rows)
        layers[suffix] = ws.read_layer("reports").set_index("report_id").sort_index()
        assert "User" not in layers[suffix].columns
        assert ws.entry("reports").quality["personal_columns_removed"] == ["User"]
    from_csv, from_xlsx = layers["csv"], layers["xlsx"]
    assert from_csv.index.is_unique and from_csv.index.tolist() == from_xlsx.index.tolist()
    assert len(from_csv) == len({r["ID"] for r in rows}) - rejected
    pd.testing.assert_frame_equal(from_csv[FIELDS[1:]], from_xlsx[FIELDS[1:]])
    # The CSV rounds some coordinates to 8 decimals where the XLSX has 12: under 1 mm.
    assert (from_csv.geometry.distance(from_xlsx.geometry) < 0.001).all()

    first = {r["ID"]: r for r in reversed(rows)}
    for number, record in from_csv.iterrows():
        row = first[number]
        assert record["created"] == pd.Timestamp(int(row["Date Created"]), unit="s", tz="UTC")
        assert record["category_label"] == row["Title"].strip()  # values are stripped
    status = dict(zip(from_csv["status_label"], from_csv["status"], strict=True))
    assert {k: v for k, v in status.items() if k != "other"} == {
        k: v
        for k, v in {
            "completed": "closed",
            "in progress": "in_progress",
            "received": "open",
            "submitted": "open",
        }.items()
        if k in status
    }
    category = dict(zip(from_csv["category_label"], from_csv["category"], strict=True))
    spot = {
        "Pothole": "pothole",
        "Street Light Out": "street_lighting",
        "Litter": "litter",
        "Illegal Parking": "illegal_parking",
        "Dead/Dying Tree": "greenery",
        "Trees on Sidewalks": "greenery",
        "Street Light or Lamp": "street_lighting",
        "Noise Complaint": "other",
        "Benches - Parks": "other",
        "Trash": "litter",
    }
    assert {k: category[k] for k in spot if k in category} == {
        k: v for k, v in spot.items() if k in category
    }
    assert len(set(spot) & set(category)) >= 5
