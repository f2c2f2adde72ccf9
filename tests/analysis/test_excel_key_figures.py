"""The report's key figures are the summaries the analyses stored, the same numbers their
tables give; a workspace stored before a figure was summarised shows what it has."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from analysis.cli.main import cli
from analysis.export.excel_report import ReportParams, build_report
from analysis.export.key_figures import key_figures
from analysis.planning import audit, districts, gaps, racks, reports
from analysis.planning.result import SUMMARY_FACT, AnalysisResult, store_result
from analysis.workspace import DatasetKind, Workspace
from tests.analysis.conftest import points_2180

pytestmark = pytest.mark.slow  # the sample city and its five analyses


@pytest.fixture(scope="module")
def ws(
    city_workspace: Workspace, city: Path, tmp_path_factory: pytest.TempPathFactory
) -> Workspace:
    """The sample city with its reports and every analysis the report shows."""
    from analysis.io.reports import import_reports

    path = tmp_path_factory.mktemp("figures") / "przykladowo.gpkg"
    shutil.copy(city_workspace.path, path)
    workspace = Workspace.open(path)
    import_reports(workspace, [city / "reports" / "zgloszenia.csv"])
    for analysis in ("gaps", "racks", "reports", "districts", "audit"):
        run = CliRunner().invoke(cli, ["analyze", analysis, "-w", str(path)])
        assert run.exit_code == 0, run.output
    return workspace


def from_tables(ws: Workspace) -> dict[str, Any]:
    """The key figures computed from the stored tables, as the report did before it read them."""

    def table(name: str) -> pd.DataFrame:
        return ws.read_layer(name, read_geometry=False)

    summary = table(gaps.SUMMARY)
    values = dict(zip(summary["figure"], summary["value"], strict=True))
    sites, stats = table(racks.SITES), table(districts.STATS)
    duplicates = table(reports.DUPLICATES)
    return {
        "Residents' reports": ws.entry("reports").feature_count,
        "Open reports (backlog)": int(table(reports.BACKLOG)["open"].sum()),
        "Recorded activities": ws.entry("activities").feature_count,
        "Cycleway network [km]": float(values["network.cycleway_km"]),
        "Corridors without a cycleway": int(values["corridors"]),
        "Length of those corridors [km]": float(values["corridor_km"]),
        "Most needed corridor": values["top_corridor.street"],
        "Proposed new bike stands": len(sites),
        "Demand the proposals cover": float(sites["covered_demand"].sum()),
        "Report hotspots (Gi*)": len(table(reports.HOTSPOTS)),
        "Likely duplicate reports": int((~duplicates["first"].astype(bool)).sum()),
        "Groups of duplicates (a first report and its repeats)": duplicates["group"].nunique(),
        "Districts": len(stats),
        "Existing bike stands": int(stats["racks"].sum()),
        "CO₂ avoided per year [t]": float(stats["co2_avoided_kg_per_year"].sum()) / 1000,
        "Datasets audited": len(table(audit.INVENTORY)),
        "Oldest data [days]": int(table(audit.INVENTORY)["age_days"].max()),
    }


def test_every_figure_is_the_stored_summary_and_what_the_tables_give(ws: Workspace) -> None:
    shown = {label: value for label, value, _ in key_figures(ws, "en")}
    expected = from_tables(ws)
    assert list(shown) == list(expected)  # every figure, in the summary's order
    for label, value in expected.items():
        if isinstance(value, float):  # summaries are rounded: to 0.1 kg of CO2, 0.001 of demand
            assert shown[label] == pytest.approx(value, abs=5e-4), label
        else:
            assert shown[label] == value, label
    assert shown["Proposed new bike stands"] > 0 and shown["Likely duplicate reports"] > 0
    stored = ws.entry(racks.SITES).quality[SUMMARY_FACT]["figures"]
    assert shown["Proposed new bike stands"] == stored["proposed_sites"]


def test_the_summary_sheet_shows_them_with_their_formats(ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    build_report(ws, out, ReportParams(lang="en", sections=(audit.KEY,)))
    sheet = openpyxl.load_workbook(out)["Summary"]
    rows: dict[str, Any] = {}
    for label, value in sheet.iter_rows(max_col=2):
        rows.setdefault(label.value, value)  # the key figures come first
    shown = [e for e in ws.entries() if e.quality.get("analysis") == audit.KEY]
    expected = key_figures(ws, "en", shown)
    assert {label for label, _, _ in expected} == {
        "Residents' reports",
        "Recorded activities",
        "Datasets audited",
        "Oldest data [days]",
    }  # the catalogue's and the audit's: the analyses the report shows
    for label, value, number_format in expected:
        assert rows[label].value == value and rows[label].number_format == number_format
    assert "Proposed new bike stands" not in rows


def test_a_workspace_stored_before_a_figure_was_summarised_shows_what_it_has(
    tmp_path: Path,
) -> None:
    ws = Workspace.create(tmp_path / "stary.gpkg")
    sites = points_2180(3).assign(covered_demand=[5.0, 3.0, 1.5])
    old_racks = AnalysisResult("racks", {"sites": sites}, summary={"new_sites": 3})
    old_audit = AnalysisResult(
        "audit", {"inventory": pd.DataFrame({"name": ["a"]})}, summary={"datasets": 1}
    )
    store_result(ws, old_racks)
    store_result(ws, old_audit)
    stats = gpd.GeoDataFrame({"racks": [4, 5]}, geometry=points_2180(2).geometry)
    with ws.transaction() as tx:  # stored before summaries were: no summary at all
        tx.write_layer(
            stats, districts.STATS, DatasetKind.ANALYSIS, quality={"analysis": "districts"}
        )
    assert key_figures(ws, "en") == [  # from the tables where the summary lacks them
        ("Proposed new bike stands", 3, "#,##0"),
        ("Demand the proposals cover", 9.5, "#,##0"),
        ("Datasets audited", 1, "#,##0"),
    ]  # not the oldest data: the inventory has no age_days; no districts: no summary
    out = tmp_path / "r.xlsx"
    build_report(ws, out, ReportParams(lang="en"))
    sheets = openpyxl.load_workbook(out).sheetnames
    assert {"Racks – proposed sites", "Districts – figures", "Audit – inventory"} <= set(sheets)
