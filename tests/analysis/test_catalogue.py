from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.workspace.catalogue import (
    CatalogueEntry,
    DatasetKind,
    SourceFile,
    quality_summary,
    read_entries,
    upsert_entries,
)

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
entries = st.builds(
    CatalogueEntry,
    name=st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True),
    kind=st.sampled_from(DatasetKind),
    crs=st.sampled_from(["EPSG:2180", "EPSG:2177"]),
    feature_count=st.none() | st.integers(0, 10**9),
    extent=st.none() | st.tuples(finite, finite, finite, finite),
    sources=st.lists(
        st.builds(SourceFile, text, st.from_regex(r"[0-9a-f]{64}", fullmatch=True)), max_size=3
    ).map(tuple),
    imported_at=st.datetimes(timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
    title=st.none() | text,
    licence=st.none() | text,
    source_date=st.none() | st.dates(),
    quality=st.dictionaries(text, st.integers() | st.booleans() | text, max_size=4),
    raster_path=st.none() | text,
)


@given(entry=entries)
def test_entries_survive_the_catalogue_table(entry: CatalogueEntry) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE gpkg_contents (table_name TEXT, data_type TEXT, identifier TEXT,"
        " description TEXT, last_change TEXT)"
    )
    from analysis.workspace.catalogue import create_catalogue

    create_catalogue(conn)
    upsert_entries(conn, [entry])
    assert read_entries(conn) == [entry]


def test_kind_may_be_given_as_text() -> None:
    entry = CatalogueEntry("a", "tracks", "EPSG:2180")  # type: ignore[arg-type]
    assert entry.kind is DatasetKind.TRACKS
    with pytest.raises(ValueError):
        CatalogueEntry("a", "photos", "EPSG:2180")  # type: ignore[arg-type]


def test_new_entries_are_stamped_to_the_second() -> None:
    entry = CatalogueEntry("a", DatasetKind.DATASET, "EPSG:2180", source_date=date(2026, 1, 2))
    assert entry.imported_at.microsecond == 0
    assert abs(entry.imported_at - datetime.now(UTC)).total_seconds() < 5


@pytest.mark.parametrize(
    ("quality", "expected"),
    [
        ({}, ""),
        ({"duplicates_removed": 0, "outside_city": False, "notes": ""}, ""),
        ({"outside_city": True}, "outside_city"),
        ({"rows_dropped": 3, "encoding": "cp1250"}, "rows_dropped: 3, encoding: cp1250"),
        ({"bad_rows": [4, 9, 12]}, "bad_rows: 3"),
    ],
)
def test_quality_summary(quality: dict[str, object], expected: str) -> None:
    assert quality_summary(quality) == expected
