"""Gaps, racks, reports, districts and audit through the registry, on the sample city.

``run_on_workspace`` must store what the analysis functions stored when called on
the layers the old commands read (the same tables, rows and facts), under the
table constants of each module; each analysis must offer every flag its old
command had, with the same default; the gap analysis counts the usage itself
when no usage layer is stored, and says so.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from analysis.errors import InputError
from analysis.heatmap.usage import CYCLING_SEGMENTS
from analysis.planning import audit, districts, gaps, racks, reports
from analysis.planning.inputs import LEFT_OUT
from analysis.planning.result import SUMMARY_FACT, AnalysisResult, store_result
from analysis.registry import describe, get, run_on_workspace
from analysis.workspace import DatasetKind, Workspace

OLD_FLAGS: dict[str, dict[str, Any]] = {
    "gaps": {"--min-users-per-day": 1.0, "--along": 15.0, "--weights": [0.6, 0.2, 0.2]},
    "reports": {
        "--district-field": None,
        "--district-column": None,
        "--cell-m": 100.0,
        "--alpha": 0.05,
        "--permutations": 999,
        "--seed": 12345,
        "--fdr": True,
        "--min-reports": 5,
        "--duplicate-m": 50.0,
        "--duplicate-days": 7.0,
        "--as-of": None,
    },
    "districts": {
        "--population-field": None,
        "--car-share": 0.3,
        "--car-co2": 120.0,
        "--min-users": 5,
    },
    "audit": {"--twin": [], "--tolerance": 30.0, "--line-buffer": 15.0},
    "racks": {
        "--new": 10,
        "--target-pct": None,
        "--walk": 150.0,
        "--spacing": 50.0,
        "--type": ["cycling"],
        "--method": "exact",
        "--cell": 100.0,
        "--min-users": 5,
        "--trip-weight": 1.0,
        "--report-weight": 5.0,
        "--school-weight": 20.0,
        "--bus-stop-weight": 3.0,
        "--shop-weight": 10.0,
        "--park-weight": 10.0,
    },
}
"""Each old command's parameter options (analysis/cli/analyze/*.py) and their defaults."""

OLD_LAYER_FLAGS = {
    "gaps": {"--usage", "--streets", "--cycleways", "--reports"},
    "reports": {"--reports", "--districts"},
    "districts": {"--districts", "--cycleways", "--racks", "--reports", "--activities"},
    "audit": set(),
    "racks": {
        "--streets",
        "--racks",
        "--reports",
        "--schools",
        "--bus-stops",
        "--shops",
        "--parks",
    },
}
"""Each old command's layer options."""

TITLES = {
    "gaps": "Cycle network gaps",
    "reports": "Citizen reports",
    "districts": "District statistics",
    "audit": "Data audit",
    "racks": "Bike stand siting",
}
"""The desktop's titles, as the translations know them."""

TABLES = {
    "gaps": [
        gaps.CORRIDORS,
        gaps.SEGMENTS,
        gaps.LINKS,
        gaps.COMPONENTS,
        gaps.ISSUES,
        gaps.SUMMARY,
    ],
    "reports": [
        reports.HOTSPOTS,
        reports.DUPLICATES,
        reports.BACKLOG,
        reports.CLOSE_TIMES,
        reports.MONTHS,
        reports.TRENDS,
    ],
    "districts": [districts.STATS],
    "audit": [audit.INVENTORY, audit.TWINS, audit.UNMATCHED],
    "racks": [racks.SITES, racks.UNCOVERED],
}

SAMPLE_LAYERS = {
    "gaps": {"usage": "", "streets": "ulice", "cycleways": "drogi_rowerowe", "reports": "reports"},
    "reports": {"reports": "reports", "districts": "dzielnice"},
    "districts": {
        "districts": "dzielnice",
        "cycleways": "drogi_rowerowe",
        "racks": "stojaki_rowerowe",
        "reports": "reports",
        "activities": "activities",
    },
    "audit": {},
    "racks": {
        "streets": "ulice",
        "racks": "stojaki_rowerowe",
        "activities": "activities",
        "reports": "reports",
        "schools": "szkoly",
        "bus_stops": "przystanki",
        "shops": "",
        "parks": "parki",
    },
}
"""The layers the old commands guessed on the sample city, by slot ("": none)."""


def _copy(path: Path, tmp_path: Path, name: str) -> Workspace:
    shutil.copy(path, tmp_path / f"{name}.gpkg")
    return Workspace.open(tmp_path / f"{name}.gpkg")


# The old paths: each analysis function on the layers the old command read ---------------------


def _old_gaps(ws: Workspace) -> AnalysisResult:
    from analysis.heatmap.activity import read_tracks
    from analysis.heatmap.filters import ActivityFilter
    from analysis.heatmap.segments import SegmentUsageParams, segment_usage

    tracks, _ = read_tracks(ws.path, ActivityFilter(types=("cycling",)))
    usage = segment_usage(tracks, ws.read_layer("ulice"), SegmentUsageParams()).segments
    return gaps.gap_analysis(
        usage,
        ws.read_layer("drogi_rowerowe"),
        ws.read_layer("reports"),
        gaps.GapParams(),
        layer_names=SAMPLE_LAYERS["gaps"],
    )


def _old_reports(ws: Workspace) -> AnalysisResult:
    return reports.analyze_reports(
        ws.read_layer("reports"), ws.read_layer("dzielnice"), districts_layer="dzielnice"
    )


def _old_districts(ws: Workspace) -> AnalysisResult:
    from analysis.io.tracks.store import read_copies

    return districts.district_stats(
        ws.read_layer("dzielnice"),
        ws.read_layer("drogi_rowerowe"),
        ws.read_layer("stojaki_rowerowe"),
        ws.read_layer("reports"),
        ws.read_layer("activities"),
        params=districts.DistrictParams(),
        layer_names=SAMPLE_LAYERS["districts"],
        copies=read_copies(ws.path),
    )


def _source(ws: Workspace, name: str) -> audit.Source:
    return audit.Source(name, ws.read_layer(name), ws.entry(name).source_date)


def _old_audit(ws: Workspace) -> AnalysisResult:
    twins = [audit.Twin(_source(ws, a), _source(ws, b), r) for r, a, b in audit.find_twins(ws)]
    return audit.audit(ws.entries(), twins, geometry_types=ws.geometry_types())


def _old_racks(ws: Workspace) -> AnalysisResult:
    from analysis.io.tracks.store import read_copies
    from analysis.privacy.people import COLUMNS

    rack_inputs = racks.RackInputs(
        streets=ws.read_layer("ulice"),
        racks=ws.read_layer("stojaki_rowerowe"),
        activities=ws.read_layer("activities", columns=["activity_id", "type", *COLUMNS]),
        copies=read_copies(ws.path),
        reports=ws.read_layer("reports"),
        pois={
            "school": ws.read_layer("szkoly"),
            "bus_stop": ws.read_layer("przystanki"),
            "park": ws.read_layer("parki"),
        },
        names=SAMPLE_LAYERS["racks"],
    )
    return racks.site_racks(rack_inputs, racks.RackParams())


OLD: dict[str, Callable[[Workspace], AnalysisResult]] = {
    "gaps": _old_gaps,
    "reports": _old_reports,
    "districts": _old_districts,
    "audit": _old_audit,
    "racks": _old_racks,
}


def _same_stored(new: Workspace, old: Workspace, name: str) -> None:
    """The layer ``name`` holds the same rows and facts in both workspaces."""
    a, b = new.read_layer(name), old.read_layer(name)
    assert len(a) == len(b) and list(a.columns) == list(b.columns), name
    if isinstance(a, gpd.GeoDataFrame):
        assert a.geometry.geom_equals_exact(b.geometry, 1e-6).all(), name
        a, b = (
            pd.DataFrame(a.drop(columns=a.geometry.name)),
            pd.DataFrame(b.drop(columns="geometry")),
        )
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9, obj=name)
    assert new.entry(name).quality == old.entry(name).quality, name


@pytest.mark.slow
@pytest.mark.parametrize("key", list(OLD))
def test_the_registry_stores_what_the_old_path_stored(
    key: str, city_with_reports: Path, tmp_path: Path
) -> None:
    new, old = _copy(city_with_reports, tmp_path, "new"), _copy(city_with_reports, tmp_path, "old")
    outcome = run_on_workspace(new, key)
    stored = store_result(old, OLD[key](old))
    assert outcome.layers == stored == TABLES[key]
    assert outcome.inputs == SAMPLE_LAYERS[key]
    for name in stored:
        _same_stored(new, old, name)
    assert new.entry(stored[0]).quality[SUMMARY_FACT]["figures"]  # the summary is stored


@pytest.mark.parametrize("key", list(OLD_FLAGS))
def test_every_old_flag_is_offered_with_its_old_default(key: str) -> None:
    described = describe(get(key))
    assert described["title"] == TITLES[key]
    defaults: dict[str, Any] = {}
    for p in sorted(described["parameters"], key=lambda p: p["position"] or 0):
        if p["flag"] is None:
            continue
        if p["position"] is None:
            defaults.setdefault(p["flag"], p["default"])
        else:
            defaults.setdefault(p["flag"], []).append(p["default"])
    assert defaults == OLD_FLAGS[key]
    assert {s["flag"] for s in described["slots"]} >= OLD_LAYER_FLAGS[key]
    help_of = {p["flag"]: p["help"] for p in described["parameters"]}
    assert all(help_of[flag] for flag in OLD_FLAGS[key])


def test_the_options_that_are_no_numbers_keep_their_kind() -> None:
    kinds = {
        (key, p["flag"]): p["type"]
        for key in ("reports", "districts", "audit")
        for p in describe(get(key))["parameters"]
    }
    assert kinds[("reports", "--fdr")] == "bool" and kinds[("reports", "--as-of")] == "datetime"
    assert kinds[("reports", "--district-field")] == "str"
    assert kinds[("districts", "--population-field")] == "str"
    assert kinds[("audit", "--twin")] == "list[pair]"


class _Messages:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def report(self, fraction: float, message: str = "") -> None:
        self.messages.append(message)

    def is_cancelled(self) -> bool:
        return False


@pytest.mark.slow
def test_gaps_without_usage_count_it_say_so_and_find_the_planted_corridor(
    city_with_reports: Path, tmp_path: Path, truth: dict
) -> None:
    ws = _copy(city_with_reports, tmp_path, "counted")
    notes: list[str] = []
    progress = _Messages()
    outcome = run_on_workspace(ws, "gaps", progress=progress, say=notes.append)
    assert notes == [
        "no usage_cycling_segments layer: counting cycling usage from the tracks now "
        "(store the street usage of cycling once, and every run reads it instead)"
    ]
    assert gaps.COUNTING_USAGE in progress.messages
    corridors = outcome.result.tables["corridors"]
    planted = set(truth["corridor"]["street_ids"])
    overlap = [
        len(planted & {int(i) for i in ids.split(",")}) for ids in corridors.head(3)["street_ids"]
    ]
    best = corridors.iloc[int(np.argmax(overlap))]
    assert max(overlap) >= 0.8 * len(planted) and best["street"] == truth["corridor"]["street"]
    assert ws.entry(gaps.CORRIDORS).quality["layer.streets"] == "ulice"
    # The usage stored, the same corridors are read from it, without counting or a note.
    counted = gaps.count_usage(gaps.read(ws, None, progress), progress)
    with ws.transaction() as tx:
        tx.write_layer(counted, "usage_cycling_segments", DatasetKind.ANALYSIS)
    notes.clear()
    progress.messages.clear()
    again = run_on_workspace(ws, "gaps", replace=True, progress=progress, say=notes.append)
    assert notes == [] and gaps.COUNTING_USAGE not in progress.messages
    assert again.inputs["usage"] == "usage_cycling_segments" and again.inputs["streets"] == ""
    pd.testing.assert_frame_equal(
        pd.DataFrame(again.result.tables["corridors"].drop(columns="geometry")),
        pd.DataFrame(corridors.drop(columns="geometry")),
    )


@pytest.mark.slow
def test_the_audit_compares_the_twins_named(city_with_reports: Path, tmp_path: Path) -> None:
    new, old = _copy(city_with_reports, tmp_path, "new"), _copy(city_with_reports, tmp_path, "old")
    pairs = (("drogi_rowerowe", "ulice"),)
    outcome = run_on_workspace(new, "audit", audit.AuditParams(twins=pairs))
    named = [audit.Twin(_source(old, "drogi_rowerowe"), _source(old, "ulice"), "named")]
    stored = store_result(
        old, audit.audit(old.entries(), named, audit.AuditParams(twins=pairs), old.geometry_types())
    )
    assert outcome.layers == stored
    twins = new.read_layer(audit.TWINS)
    assert set(twins["pair"]) == {"drogi_rowerowe / ulice"} and set(twins["role"]) == {"named"}
    for name in stored:
        _same_stored(new, old, name)


@pytest.mark.slow
def test_the_summaries_hold_the_report_figures(city_with_reports: Path, tmp_path: Path) -> None:
    ws = _copy(city_with_reports, tmp_path, "figures")
    done = {key: run_on_workspace(ws, key).result for key in OLD}
    inventory = done["audit"].tables["inventory"]
    assert done["audit"].summary["oldest_days"] == int(inventory["age_days"].max()) > 0
    sites = done["racks"].tables["sites"]
    rack = done["racks"].summary
    assert rack["proposed_sites"] == len(sites) == rack["new_sites"] > 0
    assert rack["covered_by_new"] == pytest.approx(float(sites["covered_demand"].sum()))
    # The coverage gained, less trip ends a stand serves of fewer than min_users people.
    gained = rack["covered_after"] - rack["covered_before"]
    assert gained - 0.01 * gained <= rack["covered_by_new"] <= gained
    report = done["reports"].summary
    assert report["hotspots"] == len(done["reports"].tables["hotspots"]) > 0
    assert report["duplicate_reports"] == len(done["reports"].tables["duplicates"]) > 0
    assert report["duplicate_groups"] > 0 and report["open"] > 0
    district = done["districts"].summary
    assert district["districts"] == 8 and district["racks"] == 150
    assert district["co2_avoided_kg_per_year"] > 0
    gap = done["gaps"].summary
    assert gap["corridors"] == len(done["gaps"].tables["corridors"]) > 0
    assert gap["corridor_km"] > 0 and gap["network"]["cycleway_km"] > 0
    assert set(gap["top_corridor"]) == {"street", "length_m", "users_per_day", "score"}


def _lines(n: int) -> gpd.GeoDataFrame:
    x0, y0 = 560_000.0, 380_000.0
    return gpd.GeoDataFrame(
        geometry=[
            shapely.LineString([(x0, y0 + 10 * i), (x0 + 100, y0 + 10 * i)]) for i in range(n)
        ],
        crs="EPSG:2180",
    )


def test_reading_the_gaps_only_reads_and_says_the_counting_to_come(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg", crs="EPSG:2180")  # no tracks
    with ws.transaction() as tx:
        tx.write_layer(_lines(4), "ulice", DatasetKind.DATASET)
        tx.write_layer(_lines(6), "drogi_rowerowe", DatasetKind.DATASET)
    analysis = get("gaps")
    read = analysis.read_inputs(ws)
    assert read.names == {
        "usage": "",
        "streets": "ulice",
        "cycleways": "drogi_rowerowe",
        "reports": "",
    }
    assert read.layers["usage"] is None and len(read.layer("streets")) == 4
    assert read.notes == (
        f"no {CYCLING_SEGMENTS} layer: counting cycling usage from the tracks now "
        "(store the street usage of cycling once, and every run reads it instead)",
    )
    with pytest.raises(InputError, match="no street network layer chosen"):
        analysis.read_inputs(ws, {"usage": LEFT_OUT, "streets": LEFT_OUT})
    usage = _lines(3).assign(users=[0, 3, 5], users_per_day=[0.0, 0.1, 0.2])
    with ws.transaction() as tx:
        tx.write_layer(usage, CYCLING_SEGMENTS, DatasetKind.ANALYSIS)
    stored = analysis.read_inputs(ws)
    assert stored.notes == () and stored.layers["streets"] is None
    assert stored.names["usage"] == CYCLING_SEGMENTS and stored.names["streets"] == ""
    assert stored.layer("usage")["users"].tolist() == [0, 3, 5]
    # Streets named without usage: counted on them, the usage stored is not read.
    on_streets = analysis.read_inputs(ws, {"streets": "ulice"})
    assert on_streets.names["usage"] == "" and on_streets.names["streets"] == "ulice"
    assert len(on_streets.notes) == 1
