"""Probable people of an activities layer: k counts people, not files, and each recording once."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from analysis.errors import InputError
from analysis.io.tracks.activity import UNIDENTIFIED
from analysis.privacy.people import People, PeopleParams, people_of

HOME = np.array([560_000.0, 380_000.0])
DAY = pd.Timestamp("2024-05-06 06:30", tz="UTC")


def ride(home: np.ndarray, out: float, back: float, far: float = 3_000.0) -> shapely.LineString:
    """A trimmed loop: from 220 m out at bearing ``out`` to ``far``, back to 230 m at ``back``."""

    def at(metres: float, degrees: float) -> np.ndarray:
        a = np.radians(degrees)
        return home + metres * np.array([np.cos(a), np.sin(a)])

    middle = (out + back) / 2 + 180 if abs(out - back) > 180 else (out + back) / 2
    return shapely.LineString([at(220, out), at(far, out), at(far, middle), at(230, back)])


def layer(rows: list[dict], **columns: list) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:2180")
    return frame.assign(**columns) if columns else frame


def activity(geometry, user: str, basis: str = "gpx_author", start=DAY, distance=None) -> dict:
    line = geometry if geometry is not None else None
    return {
        "user_id": user,
        "user_basis": basis,
        "start": start,
        "distance_m": distance if distance is not None else (line.length + 440 if line else 0.0),
        "geometry": geometry,
    }


def test_five_unidentified_files_of_one_person_are_one_person() -> None:
    # Attack (a): five GPX files without an author, one a day, leaving home in five directions.
    rows = [
        activity(ride(HOME, out, out + 150), f"file{k}", UNIDENTIFIED, DAY + pd.Timedelta(days=k))
        for k, out in enumerate([0, 72, 144, 216, 288])
    ]
    found = people_of(layer(rows))
    assert found.person.tolist() == [0, 0, 0, 0, 0]
    assert found.summary() == {
        "activities_without_identity": 5,
        "duplicate_activities": 0,
        "probable_people": 1,
    }


def test_five_identified_neighbours_are_five_people() -> None:
    rows = [
        activity(ride(HOME + np.array([300.0 * k, 0.0]), 90, 270), f"user{k}", "device")
        for k in range(5)
    ]
    found = people_of(layer(rows))
    assert (found.people, found.unidentified) == (5, 0)
    assert found.person.tolist() == [0, 1, 2, 3, 4]


def test_without_user_basis_the_user_id_identifies_everyone() -> None:
    rows = [activity(ride(HOME, 90 * k, 90 * k + 45), f"file{k}") for k in range(4)]
    tracks = layer(rows).drop(columns="user_basis")
    assert people_of(tracks).people == 4


def test_an_unidentified_ride_from_one_door_to_another_merges_two_people() -> None:
    # Conservative: the ride may be Ewa's or Jan's, so both count as one person.
    ewa, jan = HOME, HOME + np.array([4_000.0, 0.0])
    between = shapely.LineString([ewa + np.array([220.0, 0.0]), jan - np.array([230.0, 0.0])])
    rows = [
        activity(ride(ewa, 0, 90), "ewa"),
        activity(ride(jan, 0, 90), "jan"),
        activity(between, "file1", UNIDENTIFIED, DAY + pd.Timedelta(days=1)),
    ]
    assert people_of(layer(rows)).person.tolist() == [0, 0, 0]
    assert people_of(layer(rows[:2])).person.tolist() == [0, 1]


def test_a_ride_imported_as_gpx_and_fit_counts_once_and_ties_the_identities() -> None:
    # Attack (b): the GPX names the author, the FIT the watch; the FIT starts 1 s later and
    # measures 0.6 % more. The watch's other ride, elsewhere, is the same person's.
    line = ride(HOME, 0, 90)
    far = HOME + np.array([9_000.0, 0.0])
    rows = [
        activity(line, "ewa", "gpx_author", DAY, 25_000.0),
        activity(line, "watch", "device", DAY + pd.Timedelta(seconds=1), 25_150.0),
        activity(ride(far, 0, 90), "watch", "device", DAY + pd.Timedelta(days=3), 18_000.0),
    ]
    found = people_of(layer(rows))
    assert found.duplicate.tolist() == [False, True, False]
    assert found.person.tolist() == [0, -1, 0]
    assert found.summary() == {
        "activities_without_identity": 0,
        "duplicate_activities": 1,
        "probable_people": 1,
    }


def test_a_copy_with_one_byte_changed_is_a_duplicate() -> None:
    # Another file, hence another per-file user id; same start, line and distance.
    line = ride(HOME, 0, 90)
    rows = [activity(line, "file1", UNIDENTIFIED), activity(line, "file2", UNIDENTIFIED)]
    found = people_of(layer(rows))
    assert found.duplicate.tolist() == [False, True]
    assert (found.unidentified, found.duplicates, found.people) == (1, 1, 1)


def test_the_same_route_on_two_days_is_two_activities() -> None:
    line = ride(HOME, 0, 90)
    rows = [activity(line, "ewa"), activity(line, "ewa", start=DAY + pd.Timedelta(days=1))]
    found = people_of(layer(rows))
    assert found.duplicate.tolist() == [False, False]
    assert (found.duplicates, found.people) == (0, 1)


def test_without_start_times_nothing_is_a_duplicate() -> None:
    line = ride(HOME, 0, 90)
    tracks = layer([activity(line, "a"), activity(line, "b")]).drop(columns="start")
    assert people_of(tracks).duplicates == 0
    naive = layer([activity(line, "a"), activity(line, "b")])
    naive["start"] = [pd.NaT, pd.NaT]
    assert people_of(naive).duplicates == 0


def test_start_times_may_be_naive_utc_or_text() -> None:
    line = ride(HOME, 0, 90)
    rows = [activity(line, "a"), activity(line, "b", basis="garmin_profile")]
    tracks = layer(rows, start=["2024-05-06T06:30:00Z", "2024-05-06 08:31:00+02:00"])
    assert people_of(tracks).duplicate.tolist() == [False, True]
    tracks = layer(rows, start=np.array(["2024-05-06T06:30", "2024-05-06T06:33"], "M8[ms]"))
    assert people_of(tracks).duplicate.tolist() == [False, False]  # 3 minutes apart


def test_without_distance_the_line_length_decides() -> None:
    short = ride(HOME, 0, 90, far=3_000.0)
    longer = ride(HOME, 0, 90, far=3_400.0)  # ends in the same places, 12 % longer
    rows = [activity(short, "a"), activity(longer, "b", basis="garmin_profile")]
    assert people_of(layer(rows).drop(columns="distance_m")).duplicates == 0
    assert people_of(layer(rows, distance_m=[25_000.0, 25_100.0])).duplicates == 1


def test_rows_without_a_line_are_the_person_of_their_user_id() -> None:
    line = ride(HOME, 0, 90)
    rows = [
        activity(line, "ewa"),
        activity(None, "ewa"),  # an identified athlete: Ewa
        activity(None, "file7", UNIDENTIFIED),  # its own file, same start: never a duplicate
        activity(shapely.LineString(), "file8", UNIDENTIFIED),
        activity(line, "file9", UNIDENTIFIED, DAY + pd.Timedelta(days=2)),  # Ewa's door
    ]
    found = people_of(layer(rows))
    assert found.person.tolist() == [0, 0, 1, 2, 0]
    assert found.duplicate.tolist() == [False] * 5
    assert (found.unidentified, found.people) == (3, 3)


def test_no_activities() -> None:
    found = people_of(layer([activity(ride(HOME, 0, 90), "a")]).iloc[:0])
    assert found.summary() == {
        "activities_without_identity": 0,
        "duplicate_activities": 0,
        "probable_people": 0,
    }
    assert found.person.dtype == np.int64


def test_a_missing_user_id_column_is_named() -> None:
    tracks = layer([activity(ride(HOME, 0, 90), "a")]).drop(columns="user_id")
    with pytest.raises(InputError, match="'user_id'"):
        people_of(tracks)


def test_the_home_radius_is_a_parameter() -> None:
    # End points 416-460 m apart: one person at 500 m, two at 400 m.
    rows = [
        activity(ride(HOME, 0, 45), "file1", UNIDENTIFIED),
        activity(ride(HOME, 180, 225), "file2", UNIDENTIFIED, DAY + pd.Timedelta(days=1)),
    ]
    assert people_of(layer(rows)).people == 1
    assert people_of(layer(rows), PeopleParams(home_radius_m=400.0)).people == 2


@pytest.mark.parametrize(
    "bad",
    [
        {"home_radius_m": 0.0},
        {"home_radius_m": -500.0},
        {"duplicate_time_s": float("nan")},
        {"duplicate_place_m": float("inf")},
        {"duplicate_length": True},
        {"duplicate_length": "5%"},
    ],
)
def test_parameters_must_be_positive_numbers(bad: dict) -> None:
    name = next(iter(bad))
    with pytest.raises(InputError, match=name):
        PeopleParams(**bad)


def test_people_is_a_plain_result() -> None:
    found = people_of(layer([activity(ride(HOME, 0, 90), "a")]))
    assert isinstance(found, People)
    assert found.person.tolist() == [0] and found.duplicate.tolist() == [False]


def test_two_accounts_of_one_app_riding_together_are_two_people() -> None:
    line = ride(HOME, 0, 90)
    later = DAY + pd.Timedelta(seconds=20)
    together = [activity(line, "anna"), activity(line, "bartek", start=later)]
    found = people_of(layer(together))
    assert found.duplicates == 0 and found.people == 2
    across_apps = [activity(line, "anna"), activity(line, "anna-watch", basis="garmin_profile")]
    found = people_of(layer(across_apps))
    assert found.duplicates == 1 and found.people == 1  # one ride from two apps: one person


def test_one_file_relabelled_with_other_authors_is_one_person() -> None:
    line = ride(HOME, 0, 90)
    copies = [activity(line, name) for name in ("anna", "bartek", "celina", "daria", "ewa")]
    found = people_of(layer(copies))
    assert found.duplicates == 4 and found.people == 1
