"""Analysis results stored in a workspace: vector layers and attribute tables, catalogued."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from analysis.planning.result import (
    SUMMARY_FACT,
    AnalysisResult,
    layer_parameters,
    parameters_of,
    store_result,
)
from analysis.workspace import DatasetKind, Workspace


@dataclass(frozen=True)
class Inner:
    radius_m: float = 150.0


@dataclass(frozen=True)
class Outer:
    count: int = 3
    inner: Inner = field(default_factory=Inner)
    kinds: tuple[str, ...] = ("a", "b")


def test_parameters_are_flattened_for_the_methodology_sheet() -> None:
    assert parameters_of(Outer()) == {"count": 3, "inner.radius_m": 150.0, "kinds": "('a', 'b')"}


def test_tables_become_catalogued_layers_and_attribute_tables(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    sites = gpd.GeoDataFrame(
        {"covered": [12.5, 3.0]},
        geometry=shapely.points([(560_000, 380_000), (560_100, 380_000)]),
        crs="EPSG:2180",
    )
    months = pd.DataFrame({"month": ["2026-04", "2026-05"], "reports": [10, 14]})
    result = AnalysisResult(
        "racks",
        {"sites": sites, "months": months},
        summary={"after_pct": 80.0},
        parameters=parameters_of(Outer()),
        titles={"sites": "Proposed bike stands"},
    )
    assert store_result(ws, result) == ["racks_sites", "racks_months"]
    entries = {e.name: e for e in ws.entries()}
    assert entries["racks_sites"].kind is DatasetKind.ANALYSIS
    assert entries["racks_sites"].title == "Proposed bike stands"
    assert entries["racks_sites"].feature_count == 2 and entries["racks_sites"].extent
    assert entries["racks_months"].feature_count == 2 and entries["racks_months"].extent is None
    assert entries["racks_months"].quality["inner.radius_m"] == 150.0
    assert ws.read_layer("racks_months")["reports"].tolist() == [10, 14]
    assert ws.read_layer("racks_sites").crs == "EPSG:2180"


def test_an_empty_result_without_a_crs_is_stored_in_the_workspace_crs(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "pusty.gpkg", crs="EPSG:2177")
    empty = gpd.GeoDataFrame({"name": []}, geometry=gpd.GeoSeries([]))
    assert store_result(ws, AnalysisResult("audit", {"unmatched": empty})) == ["audit_unmatched"]
    assert ws.entry("audit_unmatched").feature_count == 0
    assert ws.entry("audit_unmatched").crs == "EPSG:2177"


def test_each_stored_table_keeps_the_summary_apart_from_the_parameters(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    sites = gpd.GeoDataFrame(
        {"covered": [12.5]}, geometry=shapely.points([(560_000, 380_000)]), crs="EPSG:2180"
    )
    result = AnalysisResult(
        "racks",
        {"sites": sites, "months": pd.DataFrame({"month": ["2026-04"]})},
        summary={"covered_after_pct": 58.5, "by_source": {"school": 20.0}},
        parameters={"walk_m": 150.0, **layer_parameters({"racks": ""})},
        lines=("Coverage 36.83% -> 58.5%.", "Optimality gap 0%."),
    )
    store_result(ws, result)
    stored = {
        "lines": ["Coverage 36.83% -> 58.5%.", "Optimality gap 0%."],
        "figures": {"covered_after_pct": 58.5, "by_source": {"school": 20.0}},
    }
    for name in ("racks_sites", "racks_months"):
        assert ws.entry(name).quality == {
            "analysis": "racks",
            "walk_m": 150.0,
            "layer.racks": "",
            SUMMARY_FACT: stored,
        }
    assert result.stored_summary() == stored


def test_a_summary_figure_json_cannot_hold_is_stored_as_text(tmp_path: Path) -> None:
    from datetime import date

    result = AnalysisResult("reports", {}, summary={"as_of": date(2026, 5, 1)})
    assert result.stored_summary() == {"lines": [], "figures": {"as_of": "2026-05-01"}}
