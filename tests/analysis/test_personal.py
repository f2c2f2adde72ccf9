from __future__ import annotations

import pandas as pd
import pytest

from analysis.io.personal import REDACTED, is_personal_column, redact, strip_personal


@pytest.mark.parametrize(
    "name", ["Zgłaszający", "E-mail", "Telefon", "tel.", "OSOBA_MOD", "User", "firstName", "PESEL"]
)
def test_personal_columns_by_name(name: str) -> None:
    assert is_personal_column(name)


@pytest.mark.parametrize(
    "name", ["Opis", "Numer", "Title", "Hotel", "Adres", "Kategoria", "Status"]
)
def test_other_columns_stay(name: str) -> None:
    assert not is_personal_column(name)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Proszę o kontakt: 600 123 456", 1),
        ("tel. 42 631 22 33 lub +48 600-123-456", 2),
        ("call 718 229-5905 or (212) 555-1234", 2),
        ("jan.kowalski@poczta.example.pl", 1),
        ("PESEL 44051401359", 1),
        ("nr 2026/00012 z 2026-04-01, 51,271234; ul. Lipowa 12, 97-300", 0),
    ],
)
def test_redact(text: str, count: int) -> None:
    redacted, n = redact(text)
    assert n == count
    assert redacted.count(REDACTED) == count


def test_strip_drops_columns_of_contacts_and_redacts_text() -> None:
    frame = pd.DataFrame({
        "Numer": ["2026/1", "2026/2", "2026/3"],
        "Opis": ["dziura, tel 600123456", "ok", None],
        "kontakty": ["a@b.pl", "c@d.pl", "600 700 800"],
        "Zgłaszający": ["Jan Nowak", None, "Anna Nowak"],
        "waga": [1, 2, 3],
    })  # fmt: skip
    out, report = strip_personal(frame, keep=frozenset({"Numer"}))
    assert list(out.columns) == ["Numer", "Opis", "waga"]
    assert out["Opis"].tolist()[:2] == [f"dziura, tel {REDACTED}", "ok"]
    assert report.dropped_columns == ["kontakty", "Zgłaszający"] and report.redacted_values == 1
    assert report.as_quality() == {
        "personal_columns_removed": ["kontakty", "Zgłaszający"],
        "personal_data_redacted_in_text": 1,
    }
