"""Column names, categories, statuses and dates of reports files."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.io.reports.columns import check_column_map, map_columns, plain
from analysis.io.reports.normalize import CategoryMapping, parse_dates, statuses

CRM = [
    "Numer",
    "Kategoria",
    "Status",
    "Data zgłoszenia",
    "Data zamknięcia",
    "Opis",
    "Adres",
    "Dzielnica",
    "Szerokość",
    "Długość",
    "Zgłaszający",
    "E-mail",
    "Telefon",
]
PUBLICSTUFF = [
    "Attachment URL",
    "ID",
    "Title",
    "Description",
    "Status",
    "Address",
    "Location",
    "Zip Code",
    "Date Created",
    "Latitude",
    "Longitude",
    "User",
]
OPEN311 = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "requested_datetime",
    "updated_datetime",
    "address",
    "lat",
    "long",
]


def test_plain_names_ignore_case_diacritics_and_punctuation() -> None:
    assert plain("  Data_ZGŁOSZENIA ") == plain("data zgłoszenia") == "data zgloszenia"
    assert plain("Długość (E)") == "dlugosc e"


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            CRM,
            {
                "report_id": "Numer",
                "category": "Kategoria",
                "status": "Status",
                "created": "Data zgłoszenia",
                "closed": "Data zamknięcia",
                "description": "Opis",
                "address": "Adres",
                "lat": "Szerokość",
                "lon": "Długość",
            },
        ),
        (
            PUBLICSTUFF,
            {
                "report_id": "ID",
                "category": "Title",
                "description": "Description",
                "status": "Status",
                "address": "Address",
                "created": "Date Created",
                "lat": "Latitude",
                "lon": "Longitude",
            },
        ),
        (
            OPEN311,
            {
                "report_id": "service_request_id",
                "status": "status",
                "status_notes": "status_notes",
                "category": "service_name",
                "category_code": "service_code",
                "description": "description",
                "created": "requested_datetime",
                "updated": "updated_datetime",
                "address": "address",
                "lat": "lat",
                "lon": "long",
            },
        ),
        (["NR", "X", "Y", "lat"], {"report_id": "NR", "x": "X", "y": "Y", "lat": "lat"}),
    ],
)
def test_columns_are_found_by_their_polish_or_english_names(
    columns: list[str], expected: dict[str, str]
) -> None:
    assert map_columns(columns, None, "f.csv") == expected


def test_a_column_map_overrides_detection_and_frees_the_column() -> None:
    found = map_columns(
        ["Numer", "Nr sprawy", "Gdzie N", "Gdzie E", "X", "Y"],
        {"report_id": "nr sprawy", "lat": "Gdzie N", "lon": "Gdzie E"},
        "f.csv",
    )
    assert found == {"report_id": "Nr sprawy", "lat": "Gdzie N", "lon": "Gdzie E"}


def test_a_column_map_naming_a_missing_column_is_refused() -> None:
    with pytest.raises(InputError, match=r"f\.csv: column 'Kiedy' given for created is not in"):
        map_columns(["Numer", "Data"], {"created": "Kiedy"}, "f.csv")
    with pytest.raises(InputError, match="names only one of x/y"):
        map_columns(["a", "b"], {"x": "a"}, "f.csv")
    with pytest.raises(InputError, match=r"unknown field.*: kolor"):
        check_column_map({"kolor": "a"})


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Dziura w jezdni", "pothole"),
        ("Śmieci", "litter"),
        ("Oświetlenie uliczne", "street_lighting"),
        ("Brak stojaka rowerowego", "missing_bike_rack"),
        ("Nielegalne parkowanie", "illegal_parking"),
        ("Zieleń", "greenery"),
        ("Inne", "other"),
        ("Pothole", "pothole"),
        ("Pothole in Bike Lan", "pothole"),
        ("Cave-in", "pothole"),
        ("Street Light Out", "street_lighting"),
        ("Broken Streetlight", "street_lighting"),
        ("Street Light or Lamp", "street_lighting"),
        ("Lamppost Leaning", "street_lighting"),
        ("Litter", "litter"),
        ("Trash", "litter"),
        ("E12 Illegal Dumping Surveillance", "litter"),
        ("Illegal Parking", "illegal_parking"),
        ("Blocked Driveway", "illegal_parking"),
        ("Dead/Dying Tree", "greenery"),
        ("Trees on Sidewalks", "greenery"),
        ("Landscaping and Trees in Parks", "greenery"),
        ("Branch Cracked and Will Fall", "greenery"),
        ("Bike rack request", "missing_bike_rack"),
        ("Benches - Parks", "other"),
        ("Noise Complaint", "other"),
        ("Graffiti", "other"),
        ("Abandoned Bike", "other"),
    ],
)
def test_default_categories(label: str, key: str) -> None:
    mapping = CategoryMapping.extended(None)
    assert mapping.categorize(pd.Series([label]), pd.Series([None])).tolist() == [key]


def test_a_category_map_extends_the_defaults_and_codes_are_a_fallback() -> None:
    labels = pd.Series(["Koleiny na drodze", "KOLEINY NA DRODZE", "Graffiti", "Coś", None])
    codes = pd.Series([None, None, "pothole", "litter", "street_lighting"])
    default = CategoryMapping.extended(None)
    assert default.categorize(labels, codes).tolist() == [
        "other",
        "other",
        "other",
        "litter",
        "street_lighting",
    ]
    extended = CategoryMapping.extended({"Koleiny na drodze": "pothole", "Graffiti": "litter"})
    assert extended.categorize(labels, codes).tolist() == [
        "pothole",
        "pothole",
        "litter",
        "litter",
        "street_lighting",
    ]
    with pytest.raises(InputError, match=r"unknown category key.*: potholes"):
        CategoryMapping.extended({"x": "potholes"})


def test_statuses_with_open311_notes_refining_them() -> None:
    labels = pd.Series(
        [
            "Nowe",
            "W trakcie realizacji",
            "Zakończone",
            "Odrzucone",
            "completed",
            "in progress",
            "submitted",
            "other",
            None,
            "open",
            "closed",
            "closed",
        ]
    )
    notes = pd.Series([None] * 9 + ["W trakcie realizacji", "Odrzucone", "W trakcie realizacji"])
    assert statuses(labels, notes).tolist() == [
        "open",
        "in_progress",
        "closed",
        "rejected",
        "closed",
        "in_progress",
        "open",
        None,
        None,
        "in_progress",
        "rejected",
        "closed",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "02.01.2026 09:05",  # Polish, local time
        "2.1.2026 09:05:00",
        "2026-01-02T09:05:00+01:00",  # ISO 8601 with an offset
        "2026-01-02T08:05:00Z",
        "2026-01-02 09:05",  # ISO without an offset: local time
        "1767341100",  # Unix seconds
        "1767341100000",  # Unix milliseconds
        "46024.378472222",  # Excel serial days, local time
        "46024,378472222",
    ],
)
def test_each_date_format_gives_the_same_instant(text: str) -> None:
    stamps, unreadable = parse_dates(pd.Series([text]), "Europe/Warsaw")
    assert stamps[0] == pd.Timestamp("2026-01-02T08:05:00Z")
    assert not unreadable.any()


def test_dates_in_summer_another_zone_empty_and_unreadable() -> None:
    values = pd.Series(["01.07.2026 12:00", "", None, "31.02.2026", "wczoraj", "12345678"])
    stamps, unreadable = parse_dates(values, "Europe/Warsaw")
    assert stamps[0] == pd.Timestamp("2026-07-01T10:00:00Z")
    assert stamps[1:].isna().all()
    assert unreadable.tolist() == [False, False, False, True, True, True]
    new_york, _ = parse_dates(pd.Series(["2026-01-02 09:05", "1767341100"]), "America/New_York")
    assert new_york.tolist() == [
        pd.Timestamp("2026-01-02T14:05:00Z"),
        pd.Timestamp("2026-01-02T08:05:00Z"),
    ]


def test_local_times_around_the_clock_changes() -> None:
    stamps, unreadable = parse_dates(
        pd.Series(["29.03.2026 02:30", "25.10.2026 02:30"]), "Europe/Warsaw"
    )
    # 02:30 does not exist on 29 March (moved to 03:00 CEST); on 25 October it occurs twice
    # and the first one (CEST) is taken.
    assert stamps.tolist() == [
        pd.Timestamp("2026-03-29T01:00:00Z"),
        pd.Timestamp("2026-10-25T00:30:00Z"),
    ]
    assert not unreadable.any()
