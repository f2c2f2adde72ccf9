"""The analyses the app runs: title, parameters dataclass, layer slots and a ``run``.

Each ``run(workspace, params, progress, layers)`` reads its layers and stores
its results as the CLI command of the same analysis does (``urbanista heatmap
--save``, ``urbanista usage``, ``urbanista analyze NAME``), and returns an
:class:`Outcome`: the names of the layers it stored and its summary lines.
``layers`` maps the analysis' slots to layer names, as
:mod:`analysis.planning.inputs` reads them: a slot not named is the CLI's
default, the best guess for its role.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from analysis.planning import inputs
from analysis.planning.inputs import Layers, Slot
from analysis.progress import Progress, Steps, check_cancelled
from analysis.workspace import Workspace

if TYPE_CHECKING:
    from analysis.heatmap.activity import ActivityHeatmapParams
    from analysis.heatmap.filters import ActivityFilter
    from analysis.heatmap.usage import UsageParams
    from analysis.planning.audit import AuditParams
    from analysis.planning.districts import DistrictParams
    from analysis.planning.gaps import GapParams
    from analysis.planning.racks import RackParams
    from analysis.planning.reports import ReportParams
    from analysis.planning.result import AnalysisResult


@dataclass(frozen=True)
class Outcome:
    """What a run stored, and what it found in a few sentences (in English, from the core)."""

    layers: list[str]
    lines: tuple[str, ...] = ()


class Run(Protocol):
    """Run an analysis on a workspace and return what it stored and found."""

    def __call__(
        self, workspace: Workspace, params: Any, progress: Progress, layers: Layers | None = None
    ) -> Outcome:
        """Run with ``params``; ``layers`` names the layers of the analysis' slots."""
        ...


@dataclass(frozen=True)
class Analysis:
    """One analysis: its key, title, parameters dataclass and how to run it."""

    key: str
    source_title: str
    """The English title, marked for translation; :meth:`title` translates it."""
    params_class: str
    """``module:Class`` of the parameters dataclass, imported when first asked for."""
    run: Run
    slots: tuple[Slot, ...] = ()
    """The layers one may choose for it (keys of ``run``'s ``layers``)."""

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
    workspace: Workspace,
    params: ActivityHeatmapParams,
    progress: Progress,
    layers: Layers | None = None,
) -> Outcome:
    """Draw the activity heatmap and add it to the workspace as ``heatmap_<types>``.

    It reads the tracks: no ``layers`` to choose. ``activity_heatmap`` takes no
    progress: cancelling works before it starts and after it ends, not while it runs.
    """
    from analysis.export.titles import stored_heatmap_title
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
    title = stored_heatmap_title(str(heat.stats.get("filters", name)))
    with workspace.transaction() as tx:
        add_heatmap(
            tx,
            heat,
            name,
            title=title,
            quality=facts,
            description=f"Urbanista heatmap ({params.mode})",
            tags={"mode": params.mode, "radius_m": params.radius_m, **heat.stats},
        )
    shown = f"{heat.stats['cells_shown']} cells shown" if "cells_shown" in heat.stats else "drawn"
    return Outcome(
        [name], (f"Heatmap of {heat.stats.get('filters', name)}: {shown}; unit: {heat.unit}.",)
    )


def run_usage(
    workspace: Workspace, params: UsageParams, progress: Progress, layers: Layers | None = None
) -> Outcome:
    """Count trips and users per street segment and hexagon (``urbanista usage``).

    ``params`` names the streets: no ``layers`` to choose.
    """
    from analysis.heatmap.usage import store_usage

    types = params.filters.types
    prefix = "usage_" + types[0] if len(types) == 1 else "usage"
    done = store_usage(workspace, params, prefix, progress)
    line = (
        f"{done['trips']} trips of {done['filters']} on {done['segments_shown']} street "
        f"segments over {done['days']} days (others: fewer than {done['min_users']} "
        f"people, or none); {done['hexagons']} hexagons."
    )
    return Outcome(list(done["layers"]), (line,))


def run_gaps(
    workspace: Workspace, params: GapParams, progress: Progress, layers: Layers | None = None
) -> Outcome:
    """Rank the corridors missing a cycleway (``urbanista analyze gaps``)."""
    from analysis.planning.gaps import gap_analysis

    steps = Steps(progress, [1, 1])
    read = inputs.gap_inputs(workspace, layers, steps.step(0))
    result = gap_analysis(
        read.streets, read.cycleways, read.reports, params, steps.step(1), layer_names=read.names
    )
    return _store(workspace, result, progress)


def run_racks(
    workspace: Workspace, params: RackParams, progress: Progress, layers: Layers | None = None
) -> Outcome:
    """Propose bike-stand sites (``urbanista analyze racks``)."""
    from analysis.planning.racks import site_racks

    read = inputs.rack_inputs(workspace, layers)
    return _store(workspace, site_racks(read, params, progress), progress)


def run_reports(
    workspace: Workspace, params: ReportParams, progress: Progress, layers: Layers | None = None
) -> Outcome:
    """Hotspots, duplicates, backlog and trends of reports (``urbanista analyze reports``)."""
    from analysis.planning.reports import analyze_reports

    read = inputs.report_inputs(workspace, layers)
    result = analyze_reports(
        read.reports,
        read.districts,
        params,
        progress,
        layer=read.names["reports"],
        districts_layer=read.names.get("districts", "districts"),
    )
    return _store(workspace, result, progress)


def run_districts(
    workspace: Workspace, params: DistrictParams, progress: Progress, layers: Layers | None = None
) -> Outcome:
    """Residents, cycling, racks and reports per district (``urbanista analyze districts``)."""
    from analysis.planning.districts import district_stats

    read = inputs.district_inputs(workspace, layers)
    result = district_stats(
        read.districts,
        read.cycleways,
        read.racks,
        read.reports,
        read.activities,
        params=params,
        layer_names=read.names,
        progress=progress,
        copies=read.copies,
    )
    return _store(workspace, result, progress)


def run_audit(
    workspace: Workspace, params: AuditParams, progress: Progress, layers: Layers | None = None
) -> Outcome:
    """Inventory the datasets and compare twins of one role (``urbanista analyze audit``).

    It reads every layer: no ``layers`` to choose.
    """
    from analysis.planning.audit import Source, Twin, audit, find_twins

    def source(name: str) -> Source:
        return Source(name, workspace.read_layer(name), workspace.entry(name).source_date)

    twins = [Twin(source(a), source(b), role) for role, a, b in find_twins(workspace)]
    result = audit(
        workspace.entries(),
        twins,
        params,
        geometry_types=workspace.geometry_types(),
        progress=progress,
    )
    return _store(workspace, result, progress)


def _store(workspace: Workspace, result: AnalysisResult, progress: Progress) -> Outcome:
    """Store the result's tables, unless the user cancelled meanwhile."""
    from analysis.planning.result import store_result

    check_cancelled(progress)
    return Outcome(store_result(workspace, result), result.lines)


ANALYSES: dict[str, Analysis] = {
    a.key: a
    for a in (
        Analysis(
            "heatmap",
            str(QT_TRANSLATE_NOOP("analyses", "Activity heatmap")),
            "analysis.heatmap.activity:ActivityHeatmapParams",
            run_heatmap,
        ),
        Analysis(
            "usage",
            str(QT_TRANSLATE_NOOP("analyses", "Street usage")),
            "analysis.heatmap.usage:UsageParams",
            run_usage,
        ),
        Analysis(
            "gaps",
            str(QT_TRANSLATE_NOOP("analyses", "Cycle network gaps")),
            "analysis.planning.gaps:GapParams",
            run_gaps,
            inputs.GAP_SLOTS,
        ),
        Analysis(
            "racks",
            str(QT_TRANSLATE_NOOP("analyses", "Bike stand siting")),
            "analysis.planning.racks:RackParams",
            run_racks,
            inputs.RACK_SLOTS,
        ),
        Analysis(
            "reports",
            str(QT_TRANSLATE_NOOP("analyses", "Citizen reports")),
            "analysis.planning.reports:ReportParams",
            run_reports,
            inputs.REPORT_SLOTS,
        ),
        Analysis(
            "districts",
            str(QT_TRANSLATE_NOOP("analyses", "District statistics")),
            "analysis.planning.districts:DistrictParams",
            run_districts,
            inputs.DISTRICT_SLOTS,
        ),
        Analysis(
            "audit",
            str(QT_TRANSLATE_NOOP("analyses", "Data audit")),
            "analysis.planning.audit:AuditParams",
            run_audit,
        ),
    )
}
"""Every analysis by key, in menu order."""
