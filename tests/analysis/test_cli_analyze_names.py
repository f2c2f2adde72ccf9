"""What a user types wrong in ``urbanista analyze``: one result over another, ``all`` mixed in.

An analysis' results are its own to replace (a rerun); one analysis saved under
another's name (``usage --save-as gaps``) is refused unless ``--replace``, and
the other's tables stay as they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from analysis import registry
from analysis.cli.main import cli
from analysis.params import check, param
from analysis.planning.inputs import Inputs, Slot
from analysis.planning.result import AnalysisResult, store_result
from analysis.progress import Progress
from analysis.workspace import Workspace
from analysis.workspace import roles as r
from analysis.workspace.transaction import NameTakenError


def urbanista(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@dataclass(frozen=True)
class TallyParams:
    """How many rows."""

    rows: int = param(3, at_least=1, at_most=100, flag="--rows")
    """Rows of the table."""

    def __post_init__(self) -> None:
        check(self)


def tally(inputs: Inputs, params: TallyParams, progress: Progress) -> AnalysisResult:
    """A table of ``rows`` numbers."""
    return AnalysisResult("tally", {"counts": pd.DataFrame({"n": range(params.rows)})})


TALLY = registry.Analysis(
    key="tally",
    title="Tally",
    description="Count to a number.",
    params=TallyParams,
    run=tally,
    prefix_flag="--save-as",
)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A workspace holding the gap analysis' ``gaps_counts`` (two rows)."""
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    store_result(ws, AnalysisResult("gaps", {"counts": pd.DataFrame({"n": [7, 8]})}))
    return ws


def test_an_analysis_saved_under_anothers_name_is_refused(ws: Workspace) -> None:
    with registry.registered(TALLY):
        refused = urbanista("analyze", "tally", "-w", str(ws.path), "--save-as", "gaps")
        assert refused.exit_code == 1
        assert refused.output.splitlines()[-1] + "\n" == (
            f"urbanista: error: 'gaps_counts' in {ws.path} is a result of the gaps analysis, "
            "which the tally analysis must not replace: choose another name "
            "(--save-as PREFIX) or replace it (--replace)\n"
        )
        assert ws.read_layer("gaps_counts", read_geometry=False)["n"].tolist() == [7, 8]
        again = urbanista("analyze", "tally", "-w", str(ws.path), "--save-as", "gaps", "--replace")
        assert again.exit_code == 0, again.output
    assert ws.read_layer("gaps_counts", read_geometry=False)["n"].tolist() == [0, 1, 2]
    assert ws.entry("gaps_counts").quality["analysis"] == "tally"


def test_an_analysis_replaces_its_own_results(ws: Workspace) -> None:
    with registry.registered(TALLY):
        for rows in ("2", "4"):
            done = urbanista("analyze", "tally", "-w", str(ws.path), "--rows", rows)
            assert done.exit_code == 0, done.output
    assert len(ws.read_layer("tally_counts", read_geometry=False)) == 4


def test_the_core_refuses_it_too(ws: Workspace) -> None:
    with pytest.raises(NameTakenError, match="result of the gaps analysis"):
        store_result(
            ws, AnalysisResult("tally", {"counts": pd.DataFrame({"n": [1]})}), prefix="gaps"
        )


def test_all_mixed_with_a_type_is_refused(ws: Workspace) -> None:
    for types in (("all", "cycling"), ("cycling", "all")):
        args = [a for t in types for a in ("--type", t)]
        done = urbanista("analyze", "racks", "-w", str(ws.path), *args)
        assert done.exit_code == 2
        assert done.output.endswith("Error: --type all means every one: give it alone\n")
    assert "racks_sites" not in {e.name for e in ws.entries()}


def test_the_heatmap_can_be_saved_under_a_name_and_dates_say_how_to_write_them() -> None:
    shown = urbanista("analyze", "heatmap", "--help").output
    assert "--save-as PREFIX" in shown and "--from YYYY-MM-DD" in shown
    assert "%Y" not in shown


def test_a_group_without_a_command_shows_its_help_on_lines() -> None:
    done = urbanista("analyze")
    assert done.exit_code == 2
    assert "\\n" not in done.output
    assert done.output.startswith("Usage: cli analyze [OPTIONS] COMMAND [ARGS]...\n\n  Run")
    assert "\n  racks " in done.output


@pytest.mark.parametrize("key", registry.keys())
def test_every_built_in_analysis_is_a_valid_declaration(key: str) -> None:
    registry.check_analysis(registry.get(key))


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"key": "list"}, "cannot be an analysis' key"),
        ({"key": "Tally!"}, "cannot be an analysis' key"),
        ({"prefix_flag": "--rows"}, "two options --rows"),
        ({"prefix_flag": "--json"}, "two options --json"),
        ({"slots": (Slot("rows", r.REPORTS),)}, "two options --rows"),
        ({"slots": (Slot("workspace", r.REPORTS),)}, "two options --workspace"),
    ],
)
def test_a_declaration_the_faces_cannot_show_is_refused(changes: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        registry.register(replace(TALLY, **changes))
    known = registry.keys()
    assert "list" not in known and "tally" not in known


def test_help_speaks_to_a_planner() -> None:
    """No parameter's help names Python's None or a constant of the code."""
    for analysis in registry.analyses():
        for p in registry.parameters(analysis.params):
            if p.flag is not None:
                assert not re.search(r"\bNone\b|[A-Z]{2,}_[A-Z]", p.help), (analysis.key, p.name)


class _CancelWhenCounted:
    """A progress whose user cancels as the analysis ends, before its results are stored."""

    cancelled = False

    def report(self, fraction: float, message: str = "") -> None:
        self.cancelled = self.cancelled or message == "counted"

    def is_cancelled(self) -> bool:
        return self.cancelled


def test_a_run_cancelled_before_it_stores_stores_nothing(ws: Workspace) -> None:
    from analysis.errors import Cancelled

    def counting(inputs: Inputs, params: TallyParams, progress: Progress) -> AnalysisResult:
        result = tally(inputs, params, progress)
        progress.report(1.0, "counted")
        return result

    with registry.registered(replace(TALLY, run=counting)), pytest.raises(Cancelled):
        registry.run_on_workspace(ws, "tally", progress=_CancelWhenCounted())
    assert "tally_counts" not in {e.name for e in ws.entries()}
