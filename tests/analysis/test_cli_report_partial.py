"""The Excel report of analyses that ran without some layers: their figures are left out,
not invented, and nothing fails for a column the analysis could not give."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
import shapely
from click.testing import CliRunner, Result

from analysis.cli import cli
from analysis.workspace import DatasetKind, Workspace

RACKS = [(100, 100), (200, 300), (300, 200), (700, 500), (50, 900)]
"""Bike racks: three in the western district, one in the eastern, one outside both."""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """Two districts (their name field is ``name``, not ``nazwa``) and bike racks only."""
    ws = Workspace.create(tmp_path / "gmina.gpkg")
    x0, y0 = 560_000.0, 380_000.0
    districts = gpd.GeoDataFrame(
        {"name": ["Zachód", "Wschód"], "ludnosc": [2_000, 4_000]},
        geometry=[
            shapely.box(x0, y0, x0 + 500, y0 + 500),
            shapely.box(x0 + 500, y0, x0 + 1000, y0 + 500),
        ],
        crs="EPSG:2180",
    )
    racks = gpd.GeoDataFrame(
        geometry=shapely.points([(x0 + x, y0 + y) for x, y in RACKS]), crs="EPSG:2180"
    )
    with ws.transaction() as tx:
        tx.write_layer(districts, "dzielnice", DatasetKind.DATASET, title="Dzielnice")
        tx.write_layer(racks, "stojaki", DatasetKind.DATASET, title="Stojaki")
    return ws


def summary_figures(path: Path) -> dict[str, object]:
    sheet = openpyxl.load_workbook(path)["Podsumowanie"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0]]
    start = next(i for i, r in enumerate(rows) if r[0] == "Wskaźnik") + 1
    end = next(i for i, r in enumerate(rows) if r[0] == "Źródła danych")
    return {str(r[0]): r[1] for r in rows[start:end]}


def test_districts_without_activities_or_reports_give_a_report_without_those_figures(
    ws: Workspace, tmp_path: Path
) -> None:
    analyzed = run(
        "analyze",
        "districts",
        "-w",
        str(ws.path),
        "--districts",
        "dzielnice",
        "--racks",
        "stojaki",
        "--cycleways",
        "",
        "--reports",
        "",
    )
    assert analyzed.exit_code == 0, analyzed.output
    out = tmp_path / "raport.xlsx"
    result = run("report", "-w", str(ws.path), "-o", str(out), "--no-map")
    assert result.exit_code == 0, result.output
    assert summary_figures(out) == {"Dzielnice": 2, "Istniejące stojaki": 4}  # no CO2, no zero
    book = openpyxl.load_workbook(out)
    assert not book["Podsumowanie"]._charts  # reports per district: none counted


def test_a_dataset_named_like_a_result_is_not_read_as_one(ws: Workspace, tmp_path: Path) -> None:
    """A user's own layer called ``districts_stats`` lacks the result's columns."""
    own = gpd.GeoDataFrame(
        {"uwagi": ["x"]}, geometry=[shapely.Point(560_000, 380_000)], crs="EPSG:2180"
    )
    with ws.transaction() as tx:
        tx.write_layer(own, "districts_stats", DatasetKind.DATASET, title="Moje")
        tx.write_layer(own, "audit_inventory", DatasetKind.DATASET, title="Moje 2")
    out = tmp_path / "raport.xlsx"
    result = run(
        "report",
        "-w",
        str(ws.path),
        "-o",
        str(out),
        "--no-map",
        "--sections",
        "districts_stats,audit_inventory",
    )
    assert result.exit_code == 0, result.output
    assert summary_figures(out) == {"–": None}  # an empty block


def test_the_chart_of_reports_per_district_names_them_by_their_name_field(
    ws: Workspace, tmp_path: Path
) -> None:
    x0, y0 = 560_000.0, 380_000.0
    reports = gpd.GeoDataFrame(
        {"category": ["stojak"] * 3, "status": ["open", "closed", "open"]},
        geometry=shapely.points([(x0 + 600, y0 + 100), (x0 + 700, y0 + 100), (x0 + 100, y0 + 50)]),
        crs="EPSG:2180",
    )
    with ws.transaction() as tx:
        tx.write_layer(reports, "zgloszenia", DatasetKind.DATASET, title="Zgłoszenia")
    analyzed = run(
        "analyze",
        "districts",
        "-w",
        str(ws.path),
        "--districts",
        "dzielnice",
        "--racks",
        "stojaki",
        "--cycleways",
        "",
        "--reports",
        "zgloszenia",
    )
    assert analyzed.exit_code == 0, analyzed.output
    out = tmp_path / "raport.xlsx"
    result = run("report", "-w", str(ws.path), "-o", str(out), "--no-map")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out)["Podsumowanie"]
    rows = [r[:3] for r in sheet.iter_rows(values_only=True) if r and r[0]]
    start = next(i for i, r in enumerate(rows) if r[0] == "Zgłoszenia w dzielnicach") + 2
    assert rows[start : start + 2] == [("Wschód", 2, 1), ("Zachód", 1, 1)]
    assert len(sheet._charts) == 1
