"""Real exports written by others: personal data found, and nothing else taken for it."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from analysis.io.personal import REDACTED, is_personal_column
from analysis.io.reports import import_reports
from analysis.workspace import Workspace

REAL = Path(__file__).parents[3] / "shared" / "data" / "real"
pytestmark = pytest.mark.skipif(
    not (REAL / "publicstuff311_Hoboken_20190521.csv").is_file(),
    reason=f"the real third-party files are not in {REAL} (outside CI)",
)
PERSONAL = {"User", "OSOBA_MOD", "OSOBA_TWORZACA"}
"""The only personal columns of the real files: a 311 user, the Gdańsk register's editors."""


def headers() -> list[str]:
    names = []
    for path in sorted(REAL.glob("publicstuff311_*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            names += next(csv.reader(f))
    for path in sorted(REAL.glob("gdansk_*.geojson")):
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        names += list(features[0]["properties"])
    return sorted(set(names))


def test_only_the_personal_columns_of_real_exports_are_personal_by_name() -> None:
    flagged = {n for n in headers() if is_personal_column(n, reports=True)}
    assert flagged == PERSONAL
    assert len(headers()) > 25  # locations, categories, statuses, descriptions, dates...


def import_311(tmp_path: Path, name: str) -> Workspace:
    ws = Workspace.create(tmp_path / f"{Path(name).stem}.gpkg", crs="EPSG:32618")  # UTM 18N
    import_reports(ws, [REAL / name])
    return ws


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_311_export_keeps_every_column_but_the_user(tmp_path: Path, suffix: str) -> None:
    ws = import_311(tmp_path, f"publicstuff311_Hoboken_20190521.{suffix}")
    layer = ws.read_layer("reports")
    kept = {
        "Attachment URL",
        "Location",
        "Zip Code",
        "Num Of Comments",
        "Num Of Followers",
        "Num Of Supporters",
        "Rank",
    }
    assert kept <= set(layer.columns) and "User" not in layer.columns
    for field in ("category_label", "status_label", "description", "address", "created"):
        assert layer[field].notna().mean() > 0.9, field
    quality = ws.entry("reports").quality
    assert quality["personal_columns_removed"] == ["User"]
    assert quality["personal_data_redacted_in_text"] == 0


@pytest.mark.slow
def test_a_large_311_export_loses_only_contacts(tmp_path: Path) -> None:
    ws = import_311(tmp_path, "publicstuff311_NYC_20190522.csv")
    layer = ws.read_layer("reports").set_index("report_id")
    with open(REAL / "publicstuff311_NYC_20190522.csv", encoding="utf-8", newline="") as f:
        rows = {r["ID"]: r for r in reversed(list(csv.DictReader(f)))}
    changed = [
        rows[number][column]
        for column, field in (("Description", "description"), ("Address", "address"))
        for number, value in layer[field].dropna().items()
        if REDACTED in value
    ]
    # Two reports with an e-mail, one with a phone number; one Queens address range
    # ("114-106 229 Street") is taken for a phone, the price of finding grouped phones.
    assert len(changed) == 4 < len(layer) / 1000
    assert sum("@" in v for v in changed) == 2
    assert all("@" in v or re.search(r"\d{3}\D{1,2}\d{3}\D\d{3,4}", v) for v in changed)
    assert ws.entry("reports").quality["personal_data_redacted_in_text"] >= len(changed)
