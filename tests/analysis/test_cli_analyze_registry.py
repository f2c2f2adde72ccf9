"""``urbanista analyze``: its commands are built from the registry, and ``analyze list`` shows it.

An analysis registered in process (here: reports per category) is listed, run and
refused through the CLI with no change to CLI code; every kind of parameter
becomes its option; the plugin's copy of the registry is what the registry says now.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner, Result

from analysis import registry
from analysis.cli.main import cli
from analysis.params import check, param
from analysis.planning.inputs import Inputs, Slot
from analysis.planning.result import AnalysisResult, layer_parameters, parameters_of
from analysis.progress import Progress
from analysis.workspace import DatasetKind, Workspace
from analysis.workspace import roles as r

ROOT = Path(__file__).parents[2]
BUILTIN = ["heatmap", "usage", "gaps", "racks", "reports", "districts", "audit"]
"""The analyses this project has shipped, in menu order: a later built-in may come among them."""


def _shipped(keys: list[str]) -> list[str]:
    """The shipped analyses among ``keys``, in their order."""
    return [key for key in keys if key in BUILTIN]


def urbanista(*args: str) -> Result:
    """``urbanista ARGS`` through click's runner."""
    return CliRunner().invoke(cli, list(args))


# An analysis the CLI has never heard of ------------------------------------------------------


@dataclass(frozen=True)
class ReportCountParams:
    """Which categories to keep."""

    min_count: int = param(1, at_least=1, at_most=1000, flag="--min-count")
    """Leave out categories of fewer reports."""

    def __post_init__(self) -> None:
        check(self)


def count_reports(inputs: Inputs, params: ReportCountParams, progress: Progress) -> AnalysisResult:
    """Reports per category, those of at least ``min_count``."""
    counts = inputs.layer("reports").groupby("category").size().rename("reports").reset_index()
    kept = counts[counts["reports"] >= params.min_count].reset_index(drop=True)
    return AnalysisResult(
        "report_counts",
        tables={"counts": kept},
        summary={"categories": len(kept)},
        parameters={**parameters_of(params), **layer_parameters(inputs.names)},
        lines=(f"{len(kept)} categories of at least {params.min_count} reports",),
    )


REPORT_COUNTS = registry.Analysis(
    key="report_counts",
    title="Reports per category",
    description="Count the citizen reports of each category.",
    params=ReportCountParams,
    run=count_reports,
    slots=(Slot("reports", r.REPORTS, required=True, columns=("category",)),),
)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace of six reports: three potholes, two of litter, one of lighting."""
    workspace = Workspace.create(tmp_path / "miasto.gpkg")
    categories = ["pothole", "pothole", "litter", "pothole", "litter", "lighting"]
    reports = gpd.GeoDataFrame(
        {"category": categories},
        geometry=shapely.points([(560_000 + 10 * i, 380_000) for i in range(6)]),
        crs="EPSG:2180",
    )
    with workspace.transaction() as tx:
        tx.write_layer(reports, "zgloszenia", DatasetKind.REPORTS)
    return workspace.path


def test_a_registered_analysis_is_listed_with_its_slot_and_parameter() -> None:
    with registry.registered(REPORT_COUNTS):
        listed = urbanista("analyze", "list", "--json")
        table = urbanista("analyze", "list")
    assert listed.exit_code == 0, listed.output
    found = {a["key"]: a for a in json.loads(listed.output)}
    assert _shipped(list(found)) == BUILTIN and list(found)[-1] == "report_counts"
    counts = found["report_counts"]
    assert counts["title"] == "Reports per category"
    [slot] = counts["slots"]
    assert slot["key"] == "reports" and slot["flag"] == "--reports" and slot["required"]
    assert slot["geometry"] == ["point", "multipoint"] and slot["columns"] == ["category"]
    [parameter] = counts["parameters"]
    assert parameter["name"] == "min_count" and parameter["flag"] == "--min-count"
    assert parameter["type"] == "int" and parameter["default"] == 1
    assert (parameter["at_least"], parameter["at_most"]) == (1, 1000)
    assert parameter["help"] == "Leave out categories of fewer reports."
    line = next(t for t in table.output.splitlines() if t.startswith("report_counts "))
    assert line.split() == ["report_counts", "Reports", "per", "category", "reports*", "1"]


def test_a_registered_analysis_runs_and_stores_through_the_cli(ws: Path) -> None:
    with registry.registered(REPORT_COUNTS):
        result = urbanista("analyze", "report_counts", "-w", str(ws), "--min-count", "2")
        helped = urbanista("analyze", "report_counts", "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "2 categories of at least 2 reports",
        f"stored report_counts_counts in {ws}",
    ]
    stored = Workspace.open(ws).read_layer("report_counts_counts")
    assert dict(zip(stored["category"], stored["reports"], strict=True)) == {
        "litter": 2,
        "pothole": 3,
    }
    assert Workspace.open(ws).entry("report_counts_counts").quality["layer.reports"] == (
        "zgloszenia"
    )
    assert "--min-count INTEGER" in helped.output and "[default: 1]" in helped.output
    assert "Leave out categories of fewer reports." in helped.output


def test_a_registered_analysis_refuses_a_value_out_of_range_naming_its_option(ws: Path) -> None:
    with registry.registered(REPORT_COUNTS):
        result = urbanista("analyze", "report_counts", "-w", str(ws), "--min-count", "0")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "urbanista: error: invalid value for --min-count: must be at least 1, got 0"
    )
    assert "report_counts_counts" not in {e.name for e in Workspace.open(ws).entries()}


def test_an_unregistered_analysis_is_no_command() -> None:
    result = urbanista("analyze", "report_counts", "--help")
    assert result.exit_code == 2 and "No such command 'report_counts'" in result.output


# Every kind of parameter becomes its option ------------------------------------------------


@dataclass(frozen=True)
class Counting:
    """A nested dataclass: its fields are dotted."""

    min_users: int = param(5, at_least=0, flag="--min-users")
    """People at least."""

    def __post_init__(self) -> None:
        check(self)


@dataclass(frozen=True)
class ProbeParams:
    """One field of each kind."""

    fast: bool = param(True, flag="--fast")
    """Bool, default True."""
    verbose: bool = param(False, flag="--verbose")
    """Bool, default False."""
    method: Literal["exact", "greedy"] = param("exact", flag="--method")
    """A choice."""
    parts: tuple[Literal["morning", "evening"], ...] = param((), flag="--part")
    """Choices, repeatable."""
    types: tuple[str, ...] = param(("cycling",), flag="--type")
    """Names, repeatable."""
    months: tuple[int, ...] = param((), at_least=1, at_most=12, flag="--month")
    """Numbers, repeatable."""
    twins: tuple[tuple[str, str], ...] = param((), flag="--twin")
    """Pairs."""
    day: date | None = param(None, flag="--day")
    """A date."""
    as_of: datetime | None = param(None, flag="--as-of")
    """A time."""
    share: float | None = param(None, unit="%", above=0, at_most=100, flag="--share")
    """Optional number."""
    walk_m: float = param(150.0, unit="m", above=0, flag="--walk")
    """A number with a unit."""
    a: float = param(0.6, at_least=0, flag="--weights", position=0)
    """Weight a."""
    b: float = param(0.4, at_least=0, flag="--weights", position=1)
    """Weight b."""
    segments: Counting = field(default_factory=Counting)
    hexagons: Counting = field(default_factory=Counting)
    hidden: float = param(1.0, at_least=0)
    """No flag: no option."""

    def __post_init__(self) -> None:
        check(self)


def _probe(inputs: Inputs, params: ProbeParams, progress: Progress) -> AnalysisResult:
    return AnalysisResult(
        "probe", tables={"values": pd.DataFrame({"n": [1]})}, parameters=parameters_of(params)
    )


PROBE = registry.Analysis(
    key="probe",
    title="Probe",
    description="Store the parameters it was given.",
    params=ProbeParams,
    run=_probe,
    exclusive=(("share", "walk_m"),),
    prefix_flag="--save-as",
)


def probe(ws: Path, *args: str) -> dict[str, object]:
    """The parameters ``urbanista analyze probe -w WS ARGS`` ran with, as stored."""
    with registry.registered(PROBE):
        result = urbanista("analyze", "probe", "-w", str(ws), "--replace", "--json", *args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["layers"] == ["probe_values"]
    stored = Workspace.open(ws).entry("probe_values").quality
    assert {k: stored[k] for k in out["parameters"]} == out["parameters"]
    parameters: dict[str, object] = out["parameters"]
    return parameters


DEFAULTS = {
    "fast": True,
    "verbose": False,
    "method": "exact",
    "parts": "()",
    "types": "('cycling',)",
    "months": "()",
    "twins": "()",
    "day": None,
    "as_of": None,
    "share": None,
    "walk_m": 150.0,
    "a": 0.6,
    "b": 0.4,
    "segments.min_users": 5,
    "hexagons.min_users": 5,
    "hidden": 1.0,
}


def test_options_not_given_keep_the_dataclass_defaults(ws: Path) -> None:
    assert probe(ws) == DEFAULTS


def test_every_kind_of_option_sets_its_field(ws: Path) -> None:
    given = probe(
        ws,
        *("--no-fast", "--verbose", "--method", "greedy", "--part", "evening"),
        *("--part", "morning", "--type", "running", "--type", "walking", "--month", "4"),
        *("--month", "5", "--twin", "a", "b", "--twin", "c", "d", "--day", "2026-05-17"),
        *("--as-of", "2026-06-30T12:00:00", "--share", "50", "--weights", "0.2", "0.8"),
        *("--min-users", "7"),
    )
    assert given == {
        **DEFAULTS,
        "fast": False,
        "verbose": True,
        "method": "greedy",
        "parts": "('evening', 'morning')",
        "types": "('running', 'walking')",
        "months": "(4, 5)",
        "twins": "(('a', 'b'), ('c', 'd'))",
        "day": "2026-05-17",
        "as_of": "2026-06-30 12:00:00",
        "share": 50.0,
        "a": 0.2,
        "b": 0.8,
        "segments.min_users": 7,
        "hexagons.min_users": 7,
    }


def test_all_means_every_one_of_a_repeatable_choice_or_name(ws: Path) -> None:
    given = probe(ws, "--type", "all", "--part", "all")
    assert (given["types"], given["parts"]) == ("()", "()")


def test_the_prefix_option_names_the_stored_layers(ws: Path) -> None:
    with registry.registered(PROBE):
        result = urbanista("analyze", "probe", "-w", str(ws), "--save-as", "proba")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"stored proba_values in {ws}"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--share", "5", "--walk", "100"), "give --share or --walk, not both"),
        (("--method", "best"), "'best' is not one of 'exact', 'greedy'"),
        (("--part", "noon"), "'noon' is not one of 'morning', 'evening', 'all'"),
        (("--month", "13"), "invalid value for --month: must be at most 12, got 13"),
        (("--day", "17.05.2026"), "'17.05.2026' does not match the format '%Y-%m-%d'"),
        (("--weights", "0.2"), "Option '--weights' requires 2 arguments"),
        (("--min-users", "-1"), "invalid value for --min-users: must be at least 0, got -1"),
        (("--hidden", "2"), "No such option '--hidden'"),
    ],
)
def test_a_wrong_option_is_a_usage_error_naming_it(
    ws: Path, args: tuple[str, ...], words: str
) -> None:
    with registry.registered(PROBE):
        result = urbanista("analyze", "probe", "-w", str(ws), *args)
    assert result.exit_code == 2 and words in result.output, result.output
    assert not any(e.name.startswith("probe") for e in Workspace.open(ws).entries())


def test_the_help_shows_units_defaults_and_repeatable_options() -> None:
    with registry.registered(PROBE):
        helped = " ".join(urbanista("analyze", "probe", "--help").output.split())
    assert "--fast / --no-fast Bool, default True. [default: fast]" in helped
    assert "--walk FLOAT A number with a unit (m). [default: 150.0]" in helped
    assert "--type TEXT Names, repeatable. Repeatable; all: every one. [default: cycling]" in (
        helped
    )
    assert "--twin A B Pairs. Repeatable." in helped
    assert "--weights FLOAT... Weight a; Weight b. [default: 0.6, 0.4]" in helped
    assert "--save-as PREFIX" in helped and "--hidden" not in helped


# What every face reads --------------------------------------------------------------------


def test_the_cli_help_imports_no_analysis() -> None:
    code = (
        "import sys\n"
        "from analysis.cli.main import main\n"
        "assert main(['--help']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith(('geopandas', 'analysis.planning.',"
        " 'analysis.heatmap.', 'analysis.registry'))))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "usage" in run.stdout and "analyze" in run.stdout
    assert run.stdout.strip().splitlines()[-1] == "[]"


FILTER_FLAGS = {
    "--type": "list[str]",
    "--from": "date",
    "--to": "date",
    "--days": "choice",
    "--day-part": "list[choice]",
    "--month": "list[int]",
}
FLAGS = {
    "heatmap": {
        "--mode": "choice",
        "--measure": "choice",
        "--pixel": "float",
        "--radius": "float",
        "--min-users": "int",
        **FILTER_FLAGS,
    },
    "usage": {**FILTER_FLAGS, "--tolerance": "float", "--min-users": "int", "--h3": "int"},
    "gaps": {"--along": "float", "--min-users-per-day": "float", "--weights": "float"},
    "racks": {
        "--new": "int",
        "--target-pct": "float",
        "--walk": "float",
        "--spacing": "float",
        "--type": "list[str]",
        "--trip-weight": "float",
        "--report-weight": "float",
        "--school-weight": "float",
        "--bus-stop-weight": "float",
        "--shop-weight": "float",
        "--park-weight": "float",
        "--method": "choice",
        "--cell": "float",
        "--min-users": "int",
    },
    "reports": {
        "--cell-m": "float",
        "--alpha": "float",
        "--permutations": "int",
        "--seed": "int",
        "--fdr": "bool",
        "--min-reports": "int",
        "--duplicate-m": "float",
        "--duplicate-days": "float",
        "--district-field": "str",
        "--district-column": "str",
        "--as-of": "datetime",
    },
    "districts": {
        "--population-field": "str",
        "--car-share": "float",
        "--car-co2": "float",
        "--min-users": "int",
    },
    "audit": {"--tolerance": "float", "--line-buffer": "float", "--twin": "list[pair]"},
}
"""Every option of the built-in analyses, as the commands had them, and its type."""
SLOTS = {
    "heatmap": [],
    "usage": [("streets", True)],
    "gaps": [("usage", False), ("streets", False), ("cycleways", True), ("reports", False)],
    "racks": [
        ("streets", True),
        *((k, False) for k in ("racks", "activities", "reports", "schools", "bus_stops")),
        *((k, False) for k in ("shops", "parks")),
    ],
    "reports": [("reports", True), ("districts", False)],
    "districts": [
        ("districts", True),
        *((k, False) for k in ("cycleways", "racks", "reports", "activities")),
    ],
    "audit": [],
}


def test_the_list_describes_the_seven_built_in_analyses_with_slots_and_typed_parameters() -> None:
    listed = urbanista("analyze", "list", "--json")
    assert listed.exit_code == 0, listed.output
    found = {a["key"]: a for a in json.loads(listed.output)}
    assert _shipped(list(found)) == BUILTIN
    for key in BUILTIN:
        analysis = found[key]
        assert analysis["title"] and analysis["description"], key
        assert [(s["key"], s["required"]) for s in analysis["slots"]] == SLOTS[key]
        assert all(s["flag"] == "--" + s["key"].replace("_", "-") for s in analysis["slots"])
        flagged = {p["flag"]: p["type"] for p in analysis["parameters"] if p["flag"]}
        assert flagged == FLAGS[key], key
    racks = {p["flag"]: p for p in found["racks"]["parameters"]}
    assert (racks["--walk"]["unit"], racks["--walk"]["default"]) == ("m", 150.0)
    assert (racks["--walk"]["above"], racks["--walk"]["at_most"]) == (0, 5_000)
    assert racks["--target-pct"]["optional"] and racks["--target-pct"]["default"] is None
    assert racks["--method"]["choices"] == ["exact", "greedy"]
    assert racks["--type"]["default"] == ["cycling"]
    weights = [p for p in found["gaps"]["parameters"] if p["flag"] == "--weights"]
    assert [(p["position"], p["default"]) for p in weights] == [(0, 0.6), (1, 0.2), (2, 0.2)]
    shared = [p["name"] for p in found["usage"]["parameters"] if p["flag"] == "--min-users"]
    assert shared == ["segments.min_users", "hexagons.min_users"]
    table = urbanista("analyze", "list").output.splitlines()
    keys = [line.split()[0] for line in table]
    assert keys[0] == "key" and _shipped(keys) == BUILTIN
    racks_row = table[keys.index("racks")]
    assert racks_row.split()[-1] == str(len(found["racks"]["parameters"]))


def test_the_plugins_copy_of_the_registry_is_the_registry() -> None:
    listed = urbanista("analyze", "list", "--json")
    assert listed.exit_code == 0, listed.output
    committed = (ROOT / "qgis_plugin" / "analyses.json").read_text(encoding="utf-8")
    assert committed == listed.output, "the registry changed: run `make registry` and commit it"
