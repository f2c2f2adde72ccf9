"""Track file names are kept without the names, ids, phones and e-mails people put in them."""

from __future__ import annotations

import pytest

from analysis.io.tracks.source_names import redact_name


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("Jan Kowalski - poranna jazda.gpx", "… - poranna jazda.gpx"),
        ("Łukasz Wieczorek 502 123 456 bieg 2024-05-17.fit.gz", "… bieg 2024-05-17.fit.gz"),
        ("+48502123456 ride.gpx", "+… ride.gpx"),
        ("20240517T073000_Morning_Ride.fit", "20240517T073000_Morning_Ride.fit"),
        ("17.05.2024 07:30 Bieg.tcx", "17.05.2024 07:30 Bieg.tcx"),
        ("export_12345678.zip:activities/1001.gpx", "export_….zip:activities/….gpx"),
        ("2024-05-17 12345678.gpx", "2024-05-17 ….gpx"),
        ("Poranna jazda rowerem - Ewa.gpx", "Poranna jazda rowerem - ….gpx"),
        ("Jan/Trasy/Activity_9876543210.gpx", "…/Trasy/Activity_….gpx"),
        (
            "UploadedFiles_0-_Part1.zip:jan.kowalski@poczta.example.pl_502.fit",
            "UploadedFiles_0-_Part1.zip:….fit",
        ),
        ("May June April Maja Sobota Marzec.gpx", "….gpx"),  # months and weekdays are people too
    ],
)
def test_only_words_of_activities_dates_and_times_are_kept(name: str, kept: str) -> None:
    assert redact_name(name) == kept


def test_the_athletes_identity_goes_even_when_it_looks_like_a_date() -> None:
    assert redact_name("export_20150312.zip") == "export_20150312.zip"  # a date, as far as it shows
    assert redact_name("export_20150312.zip", "20150312") == "export_….zip"
    assert redact_name("ride with JAN KOWALSKI.gpx", "Jan Kowalski") == "ride ….gpx"
