"""Attacks: reporter data planted in Open311, CSV and XLSX exports must leave no trace.

Each file is imported through the CLI into a fresh workspace (twice: the second
time for the JSON summary), drawn as an HTML map and written as an Excel report;
then every text value of the workspace (each table, the catalogue), the workspace
file's raw bytes, the map, the report and what the commands printed are searched
for each planted name, e-mail, phone, device id, account or IP address, in any
form: diacritics folded, case ignored, and phones as their bare digits.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from analysis.io.reports import import_reports
from analysis.workspace import Workspace

ROOT = Path(__file__).parents[2]
KIELCE = (50.8703, 20.6275)


@dataclass(frozen=True)
class Plant:
    """A planted value: the column (or field) it sits in, its text, and what would betray it."""

    column: str
    value: str
    clues: tuple[str, ...]
    """Folded text (lower case, no diacritics) that must appear nowhere."""
    digits: str = ""
    """Digits that must appear in no value's digits."""


def name(column: str, tag: str) -> Plant:
    return Plant(column, f"Bożydar Podsłuch{tag}", (f"podsluch{tag}",))


def email(column: str, tag: str) -> Plant:
    return Plant(column, f"szpieg{tag}@poczta.example.pl", (f"szpieg{tag}",))


def phone(column: str, number: int) -> Plant:
    digits = f"601234{number:03d}"
    return Plant(column, f"+48 {digits[:3]} {digits[3:6]} {digits[6:]}", (), digits)


OPEN311 = [
    name("first_name", "fn"),
    name("last_name", "ln"),
    name("requested_by", "rb"),
    name("name", "nm"),
    name("submitted_by", "sb"),
    name("created_by", "cb"),
    name("reporter_name", "rn"),
    name("user_name", "un"),
    Plant("login", "podsluchlogin77", ("podsluchlogin",)),
    Plant("device_id", "6f1c2e8a-4b7d-4e2f-9a3c-5d8e7f6a1b2c", ("6f1c2e8a", "5d8e7f6a1b2c")),
    Plant("account_id", "acct-7731942", ("7731942",)),
    email("email", "em"),
    email("email_address", "ea"),
    phone("phone", 101),
    phone("phone_number", 102),
    Plant("ip", "83.12.44.201", ("83.12.44.201",)),
    Plant("ip_address", "2a02:a311:8143:1b00:9c1d:2f44:aa10:77e1", ("9c1d:2f44",)),
    name("extended_attributes.first_name", "ex"),
]
"""Open311 fields (``extended_attributes.*`` nested in the request, as GeoReport v2 sends it)."""
CRM = [
    name("Wnioskodawca", "wn"),
    name("Kto zgłosił", "kz"),
    name("Nadawca", "na"),
    name("Reported by", "rp"),
    name("Zgłaszający", "zg"),
    name("Autor zgłoszenia", "az"),
    name("Imię i nazwisko", "in"),
    Plant("Dane kontaktowe", "Bożydar Podsłuchdk, ul. Tajna 1", ("podsluchdk",)),
    phone("Nr telefonu", 201),
    email("Adres e-mail", "ae"),
    name("Mieszkaniec", "mi"),
    name("Składający", "sk"),
    name("Petent", "pe"),
    name("Obywatel", "ob"),
    name("Od kogo", "ok"),
    Plant("Login", "podsluchcrm1", ("podsluchcrm",)),
    Plant("Konto", "konto-5519377", ("5519377",)),
    Plant("Identyfikator urządzenia", "a3f1c9e2-7b44-4c1e-8d2a-0f9e8d7c6b5a", ("a3f1c9e2",)),
    Plant("IP", "91.203.7.14", ("91.203.7.14",)),
    Plant("Kolumna bez nazwy", "szpiegkb@poczta.example.pl", ("szpiegkb",)),
]
"""Polish CRM columns; the last one is judged by its values, all of them e-mails."""
FORMS = [
    Plant("description", "Dziura. Tel. 601.234.301", (), "601234301"),
    Plant("description", "Dziura. Tel. 601 234 302", (), "601234302"),
    Plant("description", "Dziura. Tel. 601-234-303", (), "601234303"),
    Plant("description", "Dziura. Tel. +48 601 234 304", (), "601234304"),
    Plant("description", "Dziura. Tel. (0-22) 123 43 05", (), "221234305"),
    Plant("description", "Dziura, pisz: szpiegfa(at)poczta.pl", ("szpiegfa",)),
    Plant("description", "Dziura, pisz: szpiegfb [at] poczta [dot] pl", ("szpiegfb",)),
    Plant("description", "Dziura, pisz: szpiegfc(małpa)poczta.pl", ("szpiegfc",)),
    Plant(
        "description", "Dziura, pisz: szpiegfd kropka kowal małpa poczta kropka pl", ("szpiegfd",)
    ),
    Plant("description", "Dziura, pisz: szpiegfe @ poczta . pl", ("szpiegfe",)),
    Plant("status", "szpiegst@poczta.example.pl", ("szpiegst",)),
    Plant("status", "oddzwonić 601 234 306", (), "601234306"),
    Plant("address", "ul. Sienkiewicza 12/4, tel. 601234307", (), "601234307"),
    Plant("category", "Dziura (szpiegct@poczta.pl)", ("szpiegct",)),
    Plant("status_notes", "Zgłosił szpiegsn(at)poczta.pl", ("szpiegsn",)),
    Plant("Uwagi", "Proszę o telefon 601 234 308 po 12:30", (), "601234308"),
    Plant("created", "szpiegdt@poczta.pl", ("szpiegdt",)),  # rejected: quoted in the reason
]
"""Contacts disguised in the report's own fields and in a free-text column."""
KEPT = {
    "report_id": "ZGL/2026/00123",
    "description": "Ubytek 2026-05-12 o 12:30, ul. Sienkiewicza 12/4, 25-001 Kielce, "
    "koszt 1 200 zł, punkt 50.8703, 20.6275, głębokość 0,35 m",
}
"""A report whose every number must survive: a date, a time, a report and a house
number, a postcode, an amount, coordinates, decimals."""


def fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return plain.encode("ascii", "ignore").decode().lower()


def urbanista(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def point(i: int) -> tuple[float, float]:
    return KIELCE[0] + 0.001 * i, KIELCE[1] + 0.001 * i


def open311_file(path: Path) -> Path:
    """One request per planted field, each with every planted field, and one per form."""
    base = {
        "service_code": "pothole",
        "service_name": "Dziura w jezdni",
        "status": "open",
        "requested_datetime": "2026-05-12T10:00:00+02:00",
    }
    requests = []
    for i in range(3):
        request = {**base, "service_request_id": f"{1000 + i}", "description": "Dziura"}
        request["lat"], request["long"] = point(i)
        for plant in OPEN311:
            group, _, key = plant.column.rpartition(".")
            (request.setdefault(group, {}) if group else request)[key] = plant.value
        requests.append(request)
    for i, plant in enumerate(FORMS):
        field = {
            "category": "service_name",
            "address": "address_string",
            "created": "requested_datetime",
        }.get(plant.column, plant.column)
        request = {
            **base,
            "service_request_id": f"{2000 + i}",
            "description": "Dziura",
            field: plant.value,
        }
        request["lat"], request["long"] = point(10 + i)
        requests.append(request)
    path.write_text(
        json.dumps({"service_requests": requests}, ensure_ascii=False), encoding="utf-8"
    )
    return path


CRM_FIELDS = {
    "report_id": "Numer",
    "category": "Kategoria",
    "status": "Status",
    "status_notes": "Uwagi do statusu",
    "description": "Opis",
    "address": "Adres",
    "created": "Data zgłoszenia",
}


def crm_rows() -> tuple[list[str], list[list[str]]]:
    """A CRM export: reporter columns on every row, a form per row, one row to keep intact."""
    header = [*CRM_FIELDS.values(), "Uwagi", "Szerokość", "Długość", *(p.column for p in CRM)]
    rows = []
    for i, plant in enumerate([*FORMS, None]):
        values = {
            "Numer": f"ZGL/2026/{i + 1:05d}",
            "Kategoria": "Dziura w jezdni",
            "Status": "Nowe",
            "Uwagi do statusu": "",
            "Opis": "Dziura",
            "Adres": "ul. Lipowa 1",
            "Data zgłoszenia": "12.05.2026 10:00",
            "Uwagi": "",
        }
        if plant is None:
            values |= {"Numer": KEPT["report_id"], "Opis": KEPT["description"]}
        else:
            column = CRM_FIELDS.get(plant.column, plant.column)
            values[column] = plant.value
        lat, lon = point(i)
        rows.append(
            [
                *values.values(),
                f"{lat:.6f}".replace(".", ","),
                f"{lon:.6f}".replace(".", ","),
                *(p.value for p in CRM),
            ]
        )
    return header, rows


def csv_file(path: Path) -> Path:
    header, rows = crm_rows()
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return path


def xlsx_file(path: Path) -> Path:
    header, rows = crm_rows()
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append(row)
    book.save(path)
    return path


PLACES = ("workspace", "map", "report", "terminal")


@dataclass
class Outputs:
    """What one import left, by place: the workspace, the HTML map, the Excel report, and
    what the commands printed."""

    workspace: Workspace
    texts: dict[str, list[str]]
    """Every text value: the workspace's, the map's strings, the report's cells."""
    documents: dict[str, list[str]]
    """The workspace file, the map page and the report's XML members, whole."""
    quality: dict


def workspace_texts(path: Path) -> Iterator[str]:
    """Every text value of every table of a GeoPackage (blobs read as UTF-8 where they are)."""
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, str):
                        yield value
                    elif isinstance(value, bytes):
                        yield value.decode("utf-8", "ignore")
        yield from (r[0] or "" for r in db.execute("SELECT sql FROM sqlite_master"))


def page_texts(html: str) -> Iterator[str]:
    """Each JavaScript string of the map page, decoded."""
    for literal in re.findall(r'"(?:[^"\\\n]|\\.)*"', html):
        try:
            yield str(json.loads(literal))
        except json.JSONDecodeError:
            yield literal


def xlsx_texts(path: Path) -> Iterator[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            yield from (str(v) for v in row if v is not None)
    book.close()


def documents(*paths: Path) -> Iterator[str]:
    """Whole files, and each member of a ZIP (XLSX), as text."""
    for path in paths:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                yield from (z.read(m).decode("utf-8", "ignore") for m in z.namelist())
        else:
            yield path.read_bytes().decode("utf-8", "ignore")


def leaks(plant: Plant, outputs: Outputs, places: tuple[str, ...] = PLACES) -> list[str]:
    """The clues of ``plant`` found: in any text or file (folded), in any value's digits."""
    found = []
    for place in places:
        texts, files = outputs.texts[place], outputs.documents[place]
        found += [f"{place}: {c}" for t in [*texts, *files] for c in plant.clues if c in fold(t)]
        found += [f"{place}: {t}" for t in texts if plant.digits and plant.digits in digits(t)]
        found += [f"{place}: {plant.value}" for f in files if plant.value in f]
    return found


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def import_and_draw(tmp: Path, source: Path, keep_personal: bool = False) -> Outputs:
    ws = Workspace.create(tmp / "w.gpkg")
    extra = ["--keep-personal"] if keep_personal else []
    runs = [
        urbanista("import", "reports", str(source), "-w", str(ws.path), *extra),
        urbanista("import", "reports", str(source), "-w", str(ws.path), "--json", *extra),
        urbanista("map", "-w", str(ws.path), "-o", str(tmp / "map.html")),
        urbanista(
            "report",
            "-w",
            str(ws.path),
            "-o",
            str(tmp / "r.xlsx"),
            "--sections",
            "reports",
            "--no-map",
        ),
    ]
    printed = [run.stdout + run.stderr for run in runs]
    page = (tmp / "map.html").read_text(encoding="utf-8")
    texts = {
        "workspace": list(workspace_texts(ws.path)),
        "map": list(page_texts(page)),
        "report": list(xlsx_texts(tmp / "r.xlsx")),
        "terminal": printed,
    }
    files = {
        "workspace": list(documents(ws.path)),
        "map": [page],
        "report": list(documents(tmp / "r.xlsx")),
        "terminal": printed,
    }
    return Outputs(ws, texts, files, ws.entry("reports").quality)


@pytest.fixture(scope="module")
def open311(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    tmp = tmp_path_factory.mktemp("open311")
    return import_and_draw(tmp, open311_file(tmp / "requests.json"))


@pytest.fixture(scope="module", params=["csv", "xlsx"])
def crm(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    tmp = tmp_path_factory.mktemp(request.param)
    write = csv_file if request.param == "csv" else xlsx_file
    return import_and_draw(tmp, write(tmp / f"zgloszenia.{request.param}"))


@pytest.mark.slow
@pytest.mark.parametrize("plant", OPEN311, ids=lambda p: p.column)
def test_open311_reporter_fields_leave_no_trace(open311: Outputs, plant: Plant) -> None:
    assert leaks(plant, open311) == []
    assert plant.column in open311.quality["personal_columns_removed"]


@pytest.mark.slow
@pytest.mark.parametrize("plant", CRM, ids=lambda p: p.column)
def test_crm_reporter_columns_leave_no_trace(crm: Outputs, plant: Plant) -> None:
    assert leaks(plant, crm) == []
    assert plant.column in crm.quality["personal_columns_removed"]


@pytest.mark.slow
@pytest.mark.parametrize("plant", FORMS, ids=lambda p: f"{p.column}: {p.value}")
def test_disguised_contacts_leave_no_trace(open311: Outputs, crm: Outputs, plant: Plant) -> None:
    assert leaks(plant, open311) == []
    assert leaks(plant, crm) == []


@pytest.mark.slow
def test_the_catalogue_counts_what_was_removed(open311: Outputs, crm: Outputs) -> None:
    in_text = [p for p in FORMS if p.column not in ("status_notes", "created")]
    assert open311.quality["personal_data_redacted_in_text"] >= len(in_text)
    assert crm.quality["personal_data_redacted_in_text"] >= len(in_text)
    assert {p.column for p in CRM} <= set(crm.quality["personal_columns_removed"])
    for outputs in (open311, crm):  # the status e-mail was once copied here
        (flags,) = outputs.quality["files"].values()
        assert flags["statuses_not_recognised"] == {"[usunięto]": 1, "oddzwonić [usunięto]": 1}
        assert flags["rejected"] == {"unreadable date": 1}


@pytest.mark.slow
def test_what_is_no_contact_survives(crm: Outputs) -> None:
    layer = crm.workspace.read_layer("reports").set_index("report_id")
    assert layer.loc[KEPT["report_id"], "description"] == KEPT["description"]
    numbers = {f"ZGL/2026/{i:05d}" for i, p in enumerate(FORMS, 1) if p.column != "created"}
    assert numbers <= set(layer.index)
    assert layer.loc["ZGL/2026/00013", "address"] == "ul. Sienkiewicza 12/4, tel. [usunięto]"
    for place in ("map", "report"):  # the outputs searched do show the reports
        assert KEPT["description"] in crm.texts[place]
        assert "Dziura. Tel. [usunięto]" in crm.texts[place]


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    tmp = tmp_path_factory.mktemp("kept")
    return import_and_draw(tmp, csv_file(tmp / "zgloszenia.csv"), keep_personal=True)


@pytest.mark.slow
@pytest.mark.parametrize(
    "plant",
    [*CRM, *(p for p in FORMS if p.column != "created")],  # an unreadable date is not kept
    ids=lambda p: f"{p.column}: {p.value}",
)
def test_kept_personal_data_stays_off_the_map_and_the_report(kept: Outputs, plant: Plant) -> None:
    assert leaks(plant, kept, ("workspace",)) != []  # the search finds what is there
    assert leaks(plant, kept, ("map", "report", "terminal")) == []


def test_a_report_number_holding_a_contact_is_replaced_for_good(tmp_path: Path) -> None:
    header = ["Numer", "Kategoria", "Szerokość", "Długość"]
    rows = [
        ["szpiegnr@poczta.pl/7", "Inne", "50,87", "20,62"],
        ["600 700 800", "Inne", "50,88", "20,62"],
    ]
    path = tmp_path / "z.csv"
    path.write_text("\n".join(";".join(r) for r in [header, *rows]), encoding="utf-8")
    ws = Workspace.create(tmp_path / "w.gpkg")
    first = import_reports(ws, [path])
    again = import_reports(ws, [path])
    ids = sorted(ws.read_layer("reports")["report_id"])
    assert ids[0] == "600 700 800" and re.fullmatch(r"h[0-9a-f]{15}", ids[1])  # only digits kept
    assert (first.imported, again.imported, again.skipped) == (2, 0, 2)
    assert ws.entry("reports").quality["personal_data_redacted_in_text"] == 1
    assert b"szpiegnr" not in ws.path.read_bytes()
