from __future__ import annotations

import pandas as pd
import pytest

from analysis.io.personal import REDACTED, is_personal_column, redact, strip_personal

OPEN311_PERSONAL = [
    "first_name",
    "last_name",
    "requested_by",
    "device_id",
    "account_id",
    "email",
    "email_address",
    "phone",
    "phone_number",
    "submitted_by",
    "created_by",
    "reporter_name",
    "user_name",
    "login",
    "ip",
    "ip_address",
    "firstName",
    "requestedBy",
    "deviceId",
    "IPAddress",
    "extended_attributes.first_name",
]
CRM_PERSONAL = [
    "Zgłaszający",
    "Wnioskodawca",
    "Kto zgłosił",
    "Nadawca",
    "Reported by",
    "Autor zgłoszenia",
    "Imię i nazwisko",
    "Dane kontaktowe",
    "Nr telefonu",
    "Adres e-mail",
    "Mieszkaniec",
    "Składający",
    "Petent",
    "Obywatel",
    "Od kogo",
    "Login",
    "Konto",
    "Identyfikator urządzenia",
    "IP",
    "E-mail",
    "Telefon",
    "tel.",
    "OSOBA_MOD",
    "User",
    "PESEL",
    "Zgłoszone przez",
    "Adres korespondencyjny",
    "Adres zamieszkania",
]
NOT_PERSONAL = [
    # Open311 GeoReport v2
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_string",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
    # Polish CRM exports
    "Numer",
    "Nr zgłoszenia",
    "Kategoria",
    "Rodzaj zgłoszenia",
    "Status",
    "Stan",
    "Data zgłoszenia",
    "Data zamknięcia",
    "Opis",
    "Treść",
    "Adres",
    "Miejsce",
    "Ulica",
    "Dzielnica",
    "Kod pocztowy",
    "Szerokość",
    "Długość",
    "Jednostka",
    "Wydział",
    "Priorytet",
    "Uwagi",
    "Title",
    "Hotel",
    "Typ urządzenia",
    "Kontener",
    "Adresat",
    "Nazwa",
    "liczba_mieszkancow",
    "mieszkancy",
    "residents",
    "population",
    "Date Created",
    "Location",
]


@pytest.mark.parametrize("name", OPEN311_PERSONAL + CRM_PERSONAL)
def test_personal_columns_by_name(name: str) -> None:
    assert is_personal_column(name)


@pytest.mark.parametrize("name", NOT_PERSONAL)
def test_other_columns_stay(name: str) -> None:
    assert not is_personal_column(name, reports=True)


def test_a_bare_name_is_the_reporter_only_in_reports() -> None:
    assert is_personal_column("name", reports=True) and is_personal_column("Name", reports=True)
    assert not is_personal_column("name")  # an OSM street, a district


@pytest.mark.parametrize(
    "contact",
    [
        "600.100.200",
        "600 100 200",
        "600-100-200",
        "600100200",
        "+48 600 100 200",
        "+48600100200",
        "0048 600 100 200",
        "(+48) 600 100 200",
        "600 10 02 00",
        "(0-22) 123 45 67",
        "(22) 123 45 67",
        "22 123 45 67",
        "022 123 45 67",
        "22 1234567",
        "(212) 555-1234",
        "718 229-5905",
        "jan.kowalski@poczta.example.pl",
        "x(at)y.pl",
        "x [at] y [dot] pl",
        "x (at) y (dot) pl",
        "x(małpa)y.pl",
        "x[malpa]y.pl",
        "jan kropka kowalski małpa poczta kropka pl",
        "x @ y . pl",
        "x@y . pl",
        "x AT y DOT pl",
        "x＠y.pl",
        "x&#64;y.pl",
        "44051401359",
        "83.12.44.201",
        "2a02:a311:8143:1b00:9c1d:2f44:aa10:77e1",
        "fe80::1",
    ],
)
def test_each_form_of_contact_is_redacted(contact: str) -> None:
    for before, after in (("", ""), ("Proszę o kontakt: ", ", dziękuję."), ("(", ")\nDzięki")):
        assert redact(f"{before}{contact}{after}") == (f"{before}{REDACTED}{after}", 1)


@pytest.mark.parametrize(
    "text",
    [
        "2026-05-12",
        "12.05.2026",
        "2026-05-12T12:30:45+02:00",
        "12:30",
        "o godz. 12.30",
        "12.05.2026 8.30",
        "ZGL/2026/00123",
        "nr 2026/00012",
        "ul. Sienkiewicza 12/4",
        "25-001 Kielce",
        "1 200 zł",
        "120 000 000 zł",
        "1 500 000 PLN",
        "12 500 m2",
        "50.8703, 20.6275",
        "50.870312 20.627512",
        "51.3209187",
        "19.9512701",
        "3.14159265",
        "123.456789",
        "0,35 m",
        "6541655,25537",
        "560123.45 380123.12",
        "4933221",
        "1538492521",
        "10455-1234",
        "93-24-93-28 213th St",
        "Light at the corner of 5th Ave.",
        "meet at 12.30",
        "price @ 5.99",
        "Meeting @ 5 pm",
        "h3fa1234567890ab",
        "v1.2.3",
    ],
)
def test_what_is_no_contact_stays(text: str) -> None:
    assert redact(text) == (text, 0)


def test_strip_drops_columns_of_contacts_and_redacts_text() -> None:
    frame = pd.DataFrame(
        {
            "Numer": ["2026/1", "2026/2", "2026/3"],
            "Opis": ["dziura, tel 600123456", "ok", None],
            "kontakty": ["a@b.pl", "c@d.pl", "600 700 800"],
            "Zgłaszający": ["Jan Nowak", None, "Anna Nowak"],
            "waga": [1, 2, 3],
        }
    )
    out, report = strip_personal(frame, own=frozenset({"Numer"}))
    assert list(out.columns) == ["Numer", "Opis", "waga"]
    assert out["Opis"].tolist()[:2] == [f"dziura, tel {REDACTED}", "ok"]
    assert report.dropped_columns == ["kontakty", "Zgłaszający"] and report.redacted_values == 1
    assert report.as_quality() == {
        "personal_columns_removed": ["kontakty", "Zgłaszający"],
        "personal_data_redacted_in_text": 1,
    }


@pytest.mark.parametrize(
    "values",
    [
        ["6f1c2e8a-4b7d-4e2f-9a3c-5d8e7f6a1b2c", "a3f1c9e2-7b44-4c1e-8d2a-0f9e8d7c6b5a"],
        ["9774d56d682e549c", "0123456789abcdef"],
        ["83.12.44.201", "91.203.7.14"],
        ["x(at)y.pl", "jan kropka nowak małpa poczta kropka pl"],
        ["600.100.200", "(0-22) 123 45 67"],
        ["Jan Nowak, tel. 600 100 200", "Anna Lis <anna@lis.pl>"],
        ["dGhpcyBpcyBhIHB1c2ggdG9rZW4gMTIzNDU2Nzg5MA", "c2Vzc2lvbi10b2tlbi0wMDAwMDAwMDAwMDAx"],
    ],
)
def test_a_column_of_contacts_or_device_ids_is_dropped_whatever_its_name(
    values: list[str],
) -> None:
    frame = pd.DataFrame({"pole_7": [*values, None], "Uwagi": ["a", "b", "c"]})
    out, report = strip_personal(frame)
    assert list(out.columns) == ["Uwagi"] and report.dropped_columns == ["pole_7"]


def test_own_columns_are_redacted_never_dropped() -> None:
    frame = pd.DataFrame(
        {"status": ["jan@x.pl", "x(at)y.pl"], "uwagi": ["dzwonić 600100200", "ok"]}
    )
    out, report = strip_personal(frame, own=frozenset({"status"}))
    assert out["status"].tolist() == [REDACTED, REDACTED]
    assert out["uwagi"].tolist() == [f"dzwonić {REDACTED}", "ok"]  # text mentioning a phone
    assert report.redacted_values == 3 and report.dropped_columns == []


def test_a_header_line_that_is_a_record_is_dropped_and_listed_redacted() -> None:
    frame = pd.DataFrame({"Jan Nowak": ["Anna Lis"], "jan@x.pl": ["a@b.pl"], "Opis": ["ok"]})
    out, report = strip_personal(frame)
    assert list(out.columns) == ["Jan Nowak", "Opis"]  # a name alone cannot be told
    assert report.dropped_columns == [REDACTED]


def test_lists_and_objects_are_redacted_as_json() -> None:
    frame = pd.DataFrame({"tagi": [{"kontakt": "jan@x.pl", "typ": "a"}, ["b"]]})
    out, _ = strip_personal(frame)
    assert out["tagi"].tolist() == [f'{{"kontakt": "{REDACTED}", "typ": "a"}}', ["b"]]


@pytest.mark.parametrize(
    "text",
    [
        "oddzwonić: 6 0 0 1 0 0 2 0 5",
        "pisać na jan\u200b.kowalski@poczta.pl",
        "tel. 600\u2060100\u2060200",
    ],
)
def test_contacts_spelled_digit_by_digit_or_split_by_invisible_characters_are_found(
    text: str,
) -> None:
    redacted, count = redact(text)
    assert count == 1 and "[usunięto]" in redacted
    assert not any(ch.isdigit() for ch in redacted.split("[usunięto]")[-1])
    assert "kowalski" not in redacted


@pytest.mark.parametrize("text", ["numery 1 2 3 4 5 6 7 8 9 0 1", "1 2 3", "ul. Długa 1 2 3"])
def test_short_or_long_runs_of_single_digits_are_not_phones(text: str) -> None:
    assert redact(text) == (text, 0)
