"""Phones and PESEL numbers stored as numbers: a column mostly of them is dropped; ids stay."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.io.contacts import contact_numbers
from analysis.io.personal import strip_personal

PESEL_WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
REGON_WEIGHTS = [8, 9, 2, 3, 4, 5, 6, 7]


def with_pesel_check(first_ten: str) -> int:
    check = (10 - sum(int(d) * w for d, w in zip(first_ten, PESEL_WEIGHTS, strict=True)) % 10) % 10
    return int(first_ten + str(check))


def with_regon_check(first_eight: str) -> int:
    check = sum(int(d) * w for d, w in zip(first_eight, REGON_WEIGHTS, strict=True)) % 11 % 10
    return int(first_eight + str(check))


def pesels(n: int, seed: int = 1) -> list[int]:
    """Valid PESELs of people born 1950-2009 (those of 2000-2009 lose a leading zero)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        year = int(rng.integers(1950, 2010))
        month = int(rng.integers(1, 13)) + (20 if year >= 2000 else 0)
        day = int(rng.integers(1, 29))
        serial = int(rng.integers(0, 10_000))
        out.append(with_pesel_check(f"{year % 100:02d}{month:02d}{day:02d}{serial:04d}"))
    return out


def phones(n: int, seed: int = 2) -> list[int]:
    rng = np.random.default_rng(seed)
    prefixes = rng.choice([500, 510, 530, 600, 660, 690, 720, 790, 880, 221, 126, 618], n)
    return (prefixes * 1_000_000 + rng.integers(0, 1_000_000, n)).tolist()


def regons(n: int, seed: int = 3) -> list[int]:
    rng = np.random.default_rng(seed)
    return [with_regon_check(str(int(v))) for v in rng.integers(10_000_000, 100_000_000, n)]


def kept(column: pd.Series) -> bool:
    frame = pd.DataFrame({"nr": column, "kategoria": ["a"] * len(column)})
    out, report = strip_personal(frame)
    assert ("nr" in out) != ("nr" in report.dropped_columns)
    return "nr" in out


def test_known_pesel_and_phone_numbers() -> None:
    assert contact_numbers(np.array([44051401359, 2070803628, 600100200, 48600100200])).all()
    assert not contact_numbers(np.array([44051401358, 1234, 2026, 0, -600100200])).any()


@pytest.mark.parametrize(
    "values",
    [
        phones(200),  # int64 column "nr" of phones
        [48_000_000_000 + p for p in phones(200)],  # with 48 in front
        pesels(200),  # PESELs stored as numbers
        [float(p) for p in phones(150)] + [np.nan] * 50,  # read as floats for the gaps
    ],
    ids=["phones", "phones-48", "pesel", "float-phones"],
)
def test_a_column_mostly_of_phones_or_pesels_is_dropped(values: list[float]) -> None:
    assert not kept(pd.Series(values))


def test_a_nullable_integer_column_of_phones_is_dropped() -> None:
    assert not kept(pd.Series(phones(100) + [None] * 20, dtype="Int64"))


@pytest.mark.parametrize(
    "values",
    [
        regons(200),  # 9-digit REGON numbers of firms (an open dataset)
        list(range(202_600_001, 202_600_201)),  # report numbers: year and counter
        [20_260_506_1, 19_990_101_2] * 100,  # dates with a digit
        list(range(1990, 2026)) * 5,  # years
        list(range(200)),  # counts
        (np.arange(200) * 1_000_000 + 100_000_000).tolist(),  # amounts in złoty
        (np.random.default_rng(4).integers(10**10, 10**11, 200)).tolist(),  # other 11-digit ids
        (np.random.default_rng(5).integers(10**9, 10**10, 200)).tolist(),  # NIP-like 10 digits
        [600100200.5, 500100200.25] * 50,  # fractions: measurements
    ],
    ids=[
        "regon",
        "report-numbers",
        "dates",
        "years",
        "counts",
        "amounts",
        "ids-11",
        "ids-10",
        "fractions",
    ],
)
def test_ids_years_counts_and_amounts_stay(values: list[float]) -> None:
    assert kept(pd.Series(values))


def test_a_few_phones_among_other_numbers_stay() -> None:
    assert kept(pd.Series(phones(40) + list(range(160))))


def test_booleans_stay() -> None:
    assert kept(pd.Series([True, False] * 50))
