"""What analyses, reports and maps print: names from the data escaped, in lines and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from analysis.workspace import DatasetKind, Workspace
from tests.analysis.test_cli_terminal import NAMES, clean, run

X0, Y0 = 560_000.0, 380_000.0


@pytest.fixture(params=list(NAMES))
def name(request: pytest.FixtureRequest) -> tuple[str, str]:
    """A name holding characters that steer a terminal, and how it is shown."""
    return NAMES[request.param]


@pytest.fixture
def ws(tmp_path: Path, name: tuple[str, str]) -> Workspace:
    """Two districts whose names and population field hold ``name``; reports whose
    personal column does."""
    raw, _ = name
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    districts = gpd.GeoDataFrame(
        {"nazwa": [f"Zachód {raw}", f"Wschód {raw}"], f"ludnosc {raw}": [2_000, 4_000]},
        geometry=[
            shapely.box(X0, Y0, X0 + 500, Y0 + 500),
            shapely.box(X0 + 500, Y0, X0 + 1000, Y0 + 500),
        ],
        crs="EPSG:2180",
    )
    reports = gpd.GeoDataFrame(
        {"category": ["stojak", "droga"], f"email {raw}": ["a@b.pl", "c@d.pl"]},
        geometry=shapely.points([(X0 + 100, Y0 + 100), (X0 + 600, Y0 + 100)]),
        crs="EPSG:2180",
    )
    with ws.transaction() as tx:
        tx.write_layer(districts, "dzielnice", DatasetKind.DATASET, title=f"Dzielnice {raw}")
        tx.write_layer(reports, "zgloszenia", DatasetKind.REPORTS, title="Zgłoszenia")
    return ws


def test_an_analysis_prints_names_from_the_data_escaped(
    ws: Workspace, name: tuple[str, str]
) -> None:
    raw, shown = name
    args = (
        "analyze",
        "districts",
        "-w",
        str(ws.path),
        "--districts",
        "dzielnice",
        "--population-field",
        f"ludnosc {raw}",
        "--reports",
        "",
    )
    plain = run(*args)
    assert plain.exit_code == 0, plain.output
    lines = clean(plain.stdout).splitlines()
    assert lines[0] == f"2 districts, 6,000 residents (field 'ludnosc {shown}')"
    as_json = run(*args, "--json", "--replace")
    assert as_json.exit_code == 0, as_json.output
    summary = json.loads(clean(as_json.stdout.replace("\n", "")))
    assert summary["summary"]["population_field"] == f"ludnosc {raw}"  # the real name, escaped


def test_a_report_names_the_personal_columns_it_left_out_escaped(
    ws: Workspace, name: tuple[str, str], tmp_path: Path
) -> None:
    raw, shown = name
    out = tmp_path / "raport.xlsx"
    args = ("report", "-w", str(ws.path), "-o", str(out), "--sections", "zgloszenia", "--no-map")
    plain = run(*args)
    assert plain.exit_code == 0, plain.output
    [left_out] = [line for line in clean(plain.stdout).splitlines() if "personal" in line]
    assert (
        left_out
        == f"left out personal columns: zgloszenia.email {shown} (--include-personal keeps them)"
    )
    as_json = run(*args, "--json")
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(clean(as_json.stdout.replace("\n", "")))
    assert report["personal_columns_left_out"] == [f"zgloszenia.email {raw}"]


def test_a_map_names_its_file_escaped(ws: Workspace, name: tuple[str, str], tmp_path: Path) -> None:
    raw, shown = name
    out = tmp_path / f"mapa {raw}.html"
    result = run("map", "-w", str(ws.path), "-o", str(out))
    assert result.exit_code == 0, result.output
    [wrote] = [line for line in clean(result.stdout).splitlines() if line.startswith("wrote")]
    assert wrote.startswith(f"wrote {tmp_path}/mapa {shown}.html (") and out.exists()
