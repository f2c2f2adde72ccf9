"""The analyses the app runs: title, parameters dataclass and a ``run`` that calls the core.

Each ``run(workspace, params, progress)`` finds its layers and stores its
results as the CLI command of the same analysis does (``urbanista heatmap
--save``, ``urbanista usage``, ``urbanista analyze NAME``), and returns the
names of the layers it stored. Layers are the CLI's defaults: the best guess
for each role. The layer finding below repeats the CLI's, which lives inside
its click commands; it belongs in the core, beside each analysis.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from analysis.progress import Progress, Steps, check_cancelled
from analysis.workspace import Workspace
from analysis.workspace import roles as r

if TYPE_CHECKING:
    import geopandas as gpd

    from analysis.heatmap.activity import ActivityHeatmapParams
    from analysis.heatmap.filters import ActivityFilter
    from analysis.heatmap.usage import UsageParams
    from analysis.planning.audit import AuditParams
    from analysis.planning.districts import DistrictParams
    from analysis.planning.gaps import GapParams
    from analysis.planning.racks import RackParams
    from analysis.planning.reports import ReportParams
    from analysis.planning.result import AnalysisResult

USAGE_LAYER = "usage_cycling_segments"
"""The per-segment cycling usage the gap analysis reads (``urbanista usage --type cycling``)."""

Run = Callable[[Workspace, Any, Progress], list[str]]


@dataclass(frozen=True)
class Analysis:
    """One analysis: its key, title, parameters dataclass and how to run it."""

    key: str
    source_title: str
    """The English title, marked for translation; :meth:`title` translates it."""
    params_class: str
    """``module:Class`` of the parameters dataclass, imported when first asked for."""
    run: Run

    def title(self) -> str:
        """The analysis' title in the user's language."""
        return QCoreApplication.translate("analyses", self.source_title)

    @property
    def params_type(self) -> type:
        """The parameters dataclass (importing it loads the analysis' libraries)."""
        module, _, name = self.params_class.partition(":")
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def heatmap_name(filters: ActivityFilter) -> str:
    """The raster's name: ``heatmap_cycling`` for one type, ``heatmap_all`` for every type."""
    return "heatmap_" + ("_".join(filters.types) or "all")


def run_heatmap(
    workspace: Workspace, params: ActivityHeatmapParams, progress: Progress
) -> list[str]:
    """Draw the activity heatmap and add it to the workspace as ``heatmap_<types>``.

    ``activity_heatmap`` takes no progress: cancelling works before it starts and
    after it ends, not while it runs.
    """
    from analysis.heatmap.activity import activity_heatmap
    from analysis.heatmap.store import add_heatmap
    from analysis.planning.result import parameters_of

    check_cancelled(progress)
    progress.report(0.05, "drawing the heatmap")
    heat = activity_heatmap(workspace.path, params)
    check_cancelled(progress)
    progress.report(0.9, "storing the heatmap")
    name = heatmap_name(params.filters)
    stats = {k: v for k, v in heat.stats.items() if k != "filters"}
    facts = {"unit": heat.unit, **parameters_of(params), **stats}
    with workspace.transaction() as tx:
        add_heatmap(tx, heat, name, title=f"Heatmap: {heat.stats.get('filters', name)}",
                    quality=facts, description=f"Urbanista heatmap ({params.mode})",
                    tags={"mode": params.mode, "radius_m": params.radius_m, **heat.stats})
    return [name]


def run_usage(workspace: Workspace, params: UsageParams, progress: Progress) -> list[str]:
    """Count trips and users per street segment and hexagon (``urbanista usage``)."""
    from analysis.heatmap.usage import store_usage

    types = params.filters.types
    prefix = "usage_" + types[0] if len(types) == 1 else "usage"
    return list(store_usage(workspace, params, prefix, progress)["layers"])


def run_gaps(workspace: Workspace, params: GapParams, progress: Progress) -> list[str]:
    """Rank the corridors missing a cycleway (``urbanista analyze gaps``)."""
    from analysis.planning.gaps import gap_analysis

    steps = Steps(progress, [1, 1])
    streets = _usage_segments(workspace, steps.step(0))
    cycleways = workspace.read_layer(r.find_layer(workspace, r.CYCLEWAYS))
    reports = None
    if any(e.kind is r.REPORTS.kind for e in workspace.entries()):
        reports = workspace.read_layer(r.find_layer(workspace, r.REPORTS))
    result = gap_analysis(streets, cycleways, reports, params, steps.step(1))
    return _store(workspace, result, progress)


def run_racks(workspace: Workspace, params: RackParams, progress: Progress) -> list[str]:
    """Propose bike-stand sites (``urbanista analyze racks``)."""
    from analysis.heatmap.activity import ACTIVITIES
    from analysis.planning.racks import RackInputs, site_racks

    pois = {kind: gdf for kind, role in (
        ("school", r.SCHOOLS), ("bus_stop", r.BUS_STOPS), ("shop", r.SHOPS), ("park", r.PARKS),
    ) if (gdf := _optional_layer(workspace, role)) is not None}  # fmt: skip
    activities = None
    if any(e.name == ACTIVITIES for e in workspace.entries()):
        activities = workspace.read_layer(ACTIVITIES, columns=["type", "user_id"])
    inputs = RackInputs(
        streets=workspace.read_layer(r.find_layer(workspace, r.STREETS)),
        racks=_optional_layer(workspace, r.RACKS),
        activities=activities,
        reports=_optional_layer(workspace, r.REPORTS),
        pois=pois,
    )
    return _store(workspace, site_racks(inputs, params, progress), progress)


def run_reports(workspace: Workspace, params: ReportParams, progress: Progress) -> list[str]:
    """Hotspots, duplicates, backlog and trends of reports (``urbanista analyze reports``)."""
    from analysis.planning.reports import analyze_reports

    reports_name = r.find_layer(workspace, r.REPORTS)
    districts_name = r.find_optional_layer(workspace, r.DISTRICTS)
    result = analyze_reports(
        workspace.read_layer(reports_name),
        workspace.read_layer(districts_name) if districts_name else None,
        params, progress, layer=reports_name, districts_layer=districts_name or "districts",
    )  # fmt: skip
    return _store(workspace, result, progress)




def run_districts(workspace: Workspace, params: DistrictParams, progress: Progress) -> list[str]:
    """Residents, cycling, racks and reports per district (``urbanista analyze districts``)."""
    from analysis.planning.districts import district_stats

    named = {
        "districts": r.find_layer(workspace, r.DISTRICTS),
        "cycleways": r.find_optional_layer(workspace, r.CYCLEWAYS),
        "racks": r.find_optional_layer(workspace, r.RACKS),
        "reports": r.find_optional_layer(workspace, r.REPORTS),
        "activities": r.find_optional_layer(workspace, r.ACTIVITIES),
    }
    frames = {k: None if n is None else workspace.read_layer(n) for k, n in named.items()}
    result = district_stats(
        frames.pop("districts"), **frames, params=params,  # type: ignore[arg-type]
        layer_names={k: v for k, v in named.items() if v is not None}, progress=progress,
    )  # fmt: skip
    return _store(workspace, result, progress)


def run_audit(workspace: Workspace, params: AuditParams, progress: Progress) -> list[str]:
    """Inventory the datasets and compare twins of one role (``urbanista analyze audit``)."""
    import pyogrio

    from analysis.planning.audit import Source, Twin, audit, find_twins

    def source(name: str) -> Source:
        return Source(name, workspace.read_layer(name), workspace.entry(name).source_date)

    twins = [Twin(source(a), source(b), role) for role, a, b in find_twins(workspace)]
    result = audit(workspace.entries(), twins, params,
                   geometry_types=dict(pyogrio.list_layers(workspace.path)),
                   progress=progress)  # fmt: skip
    return _store(workspace, result, progress)


def _store(workspace: Workspace, result: AnalysisResult, progress: Progress) -> list[str]:
    """Store the result's tables, unless the user cancelled meanwhile."""
    from analysis.planning.result import store_result

    check_cancelled(progress)
    return store_result(workspace, result)


def _optional_layer(workspace: Workspace, role: r.Role) -> gpd.GeoDataFrame | None:
    name = r.find_optional_layer(workspace, role)
    return None if name is None else workspace.read_layer(name)


def _usage_segments(workspace: Workspace, progress: Progress) -> gpd.GeoDataFrame:
    """The stored per-segment cycling usage, or counted now from the cycling tracks."""
    from analysis.heatmap.activity import read_tracks
    from analysis.heatmap.filters import ActivityFilter
    from analysis.heatmap.segments import SegmentUsageParams, segment_usage

    if any(e.name == USAGE_LAYER for e in workspace.entries()):
        return workspace.read_layer(USAGE_LAYER)
    progress.report(0.0, f"no {USAGE_LAYER} layer: counting cycling usage now")
    tracks = read_tracks(workspace.path, ActivityFilter(types=("cycling",)))
    streets = workspace.read_layer(r.find_layer(workspace, r.STREETS))
    return segment_usage(tracks, streets, SegmentUsageParams(), progress).segments


ANALYSES: dict[str, Analysis] = {a.key: a for a in (
    Analysis("heatmap", QT_TRANSLATE_NOOP("analyses", "Activity heatmap"),
             "analysis.heatmap.activity:ActivityHeatmapParams", run_heatmap),
    Analysis("usage", QT_TRANSLATE_NOOP("analyses", "Street usage"),
             "analysis.heatmap.usage:UsageParams", run_usage),
    Analysis("gaps", QT_TRANSLATE_NOOP("analyses", "Cycle network gaps"),
             "analysis.planning.gaps:GapParams", run_gaps),
    Analysis("racks", QT_TRANSLATE_NOOP("analyses", "Bike stand siting"),
             "analysis.planning.racks:RackParams", run_racks),
    Analysis("reports", QT_TRANSLATE_NOOP("analyses", "Citizen reports"),
             "analysis.planning.reports:ReportParams", run_reports),
    Analysis("districts", QT_TRANSLATE_NOOP("analyses", "District statistics"),
             "analysis.planning.districts:DistrictParams", run_districts),
    Analysis("audit", QT_TRANSLATE_NOOP("analyses", "Data audit"),
             "analysis.planning.audit:AuditParams", run_audit),
)}  # fmt: skip
"""Every analysis by key, in menu order."""
