"""The report's sections follow the registry: an analysis registered in process gets its
sheets and methodology rows with no change to the export code; one kept out of the report
(``in_report=False``, as street usage) shows only when named."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis import registry
from analysis.errors import InputError
from analysis.export.excel_report import ReportParams, build_report
from analysis.heatmap import usage
from analysis.param_docs import field_docs
from analysis.params import check, param
from analysis.planning.inputs import Inputs, Slot
from analysis.planning.result import (
    AnalysisResult,
    layer_parameters,
    parameters_of,
    store_result,
)
from analysis.progress import Progress
from analysis.registry import N_, Analysis
from analysis.workspace import Workspace
from analysis.workspace import roles as r
from tests.analysis.conftest import points_2180


@dataclass(frozen=True)
class SpacingParams:
    """How far apart the points are counted."""

    spacing_m: float = param(25.0, unit="m", above=0, at_most=1_000, flag="--spacing")
    """Points closer than this count as one."""

    def __post_init__(self) -> None:
        check(self)


def count_points(inputs: Inputs, params: SpacingParams, progress: Progress) -> AnalysisResult:
    """Each point with its neighbours within the spacing, and how many there are."""
    points = inputs.layer("points")
    near = [int((points.distance(p) < params.spacing_m).sum()) for p in points.geometry]
    table = points.assign(neighbours=near)
    return AnalysisResult(
        "spacing",
        tables={"points": table, "totals": pd.DataFrame({"points": [len(points)]})},
        summary={"points": len(points)},
        parameters={**parameters_of(params), **layer_parameters(inputs.names)},
        titles={"points": "Spacing – points", "totals": "Spacing – totals"},
    )


def declared(key: str, in_report: bool) -> Analysis:
    return Analysis(
        key=key,
        title=N_("Point spacing"),
        description=N_("Count each point's neighbours."),
        params=SpacingParams,
        run=count_points,
        slots=(Slot("points", r.RACKS, required=True),),
        in_report=in_report,
    )


def sheets_and_methodology(ws: Workspace, out: Path, **params: object) -> tuple[list[str], set]:
    build_report(ws, out, ReportParams(lang="en", **params))  # type: ignore[arg-type]
    book = openpyxl.load_workbook(out)
    rows = book["Methodology"].iter_rows(min_row=3, values_only=True)
    return book.sheetnames, {(row[0], row[1], row[3]) for row in rows}


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    """Five points, as stands, and the spacing analysis stored on them."""
    with registry.registered(declared("spacing", in_report=True)):
        params = SpacingParams(spacing_m=15.0)
        registry.run_on_workspace(workspace, "spacing", params, {"points": "punkty"})
    return workspace


def test_a_registered_analysis_has_its_sheets_and_methodology(
    ws: Workspace, tmp_path: Path
) -> None:
    with registry.registered(declared("spacing", in_report=True)):
        sheets, methodology = sheets_and_methodology(ws, tmp_path / "r.xlsx")
    assert sheets == ["Summary", "Spacing – points", "Spacing – totals", "Methodology"]
    assert ("Point spacing", "spacing_m", "15.0") in methodology  # by its registered title
    assert ("Point spacing", "layer.points", "punkty") in methodology
    rows = openpyxl.load_workbook(tmp_path / "r.xlsx")["Methodology"].iter_rows(values_only=True)
    meaning = next(row[2] for row in rows if row[1] == "spacing_m")
    assert meaning == field_docs(SpacingParams)["spacing_m"]  # the field's help
    points = openpyxl.load_workbook(tmp_path / "r.xlsx")["Spacing – points"]
    assert [c.value for c in points[2]][-1] == "Neighbours"
    assert [points.cell(row, 3).value for row in range(3, 8)] == [2, 3, 3, 3, 2]


def test_an_analysis_not_registered_counts_as_in_the_report(ws: Workspace, tmp_path: Path) -> None:
    sheets, methodology = sheets_and_methodology(ws, tmp_path / "r.xlsx")
    assert "Spacing – points" in sheets and ("spacing", "spacing_m", "15.0") in methodology
    # by its key, as nothing else names it


def usage_counts() -> AnalysisResult:
    """Cycling per street segment, as street usage stores it."""
    return AnalysisResult(
        usage.KEY,
        {usage.SEGMENTS: points_2180(2)},
        parameters={"segments.min_users": 5},
        titles={usage.SEGMENTS: "Usage per street segment: cycling"},
        prefix=f"{usage.KEY}_{usage.CYCLING}",
    )


def test_one_kept_out_of_the_report_shows_only_when_named(ws: Workspace, tmp_path: Path) -> None:
    assert not registry.get(usage.KEY).in_report
    store_result(ws, usage_counts())
    default, methodology = sheets_and_methodology(ws, tmp_path / "r.xlsx")
    assert default == ["Summary", "Spacing – points", "Spacing – totals", "Methodology"]
    assert "Street usage" not in {row[0] for row in methodology}
    named, rows = sheets_and_methodology(ws, tmp_path / "r2.xlsx", sections=(usage.KEY,))
    assert named == ["Summary", "Cycling – segments", "Methodology"]
    assert ("Street usage", "segments.min_users", "5") in rows
    assert "spacing" not in {row[0] for row in rows}  # the analyses shown, no others


def test_a_workspace_of_results_kept_out_has_none_to_report(
    workspace: Workspace, tmp_path: Path
) -> None:
    store_result(workspace, usage_counts())
    with pytest.raises(InputError, match=r"run 'urbanista analyze [\w|]*\bracks\|[\w|]* -w"):
        build_report(workspace, tmp_path / "r.xlsx", ReportParams())
