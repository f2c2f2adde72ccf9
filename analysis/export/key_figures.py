"""The key figures on the report's summary, read from what the analyses stored.

Every stored result table carries its analysis' summary (the quality fact
:data:`~analysis.planning.result.SUMMARY_FACT`); a figure is read from the
summary stored with the table of the analysis' own name that it names
(``racks_sites``: the run stored without a prefix). A figure its summary lacks
because an older Urbanista stored it is worked out from its table where it can
be; one the analysis could not give (run without the layer that gives it) is
left out, not shown as zero.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analysis.export import report_labels as L
from analysis.planning.result import SUMMARY_FACT
from analysis.workspace import CatalogueEntry, DatasetKind, Workspace

COUNT = "#,##0"
DECIMAL = "#,##0.0"
TEXT = "General"
CATALOGUE = ""
"""The source of the figures the catalogue gives (reports imported, activities)."""

if TYPE_CHECKING:
    import pandas as pd

Value = Callable[[Mapping[str, Any]], Any]


@dataclass(frozen=True)
class Figure:
    """One key figure: its label, where it is stored, how it is read and shown."""

    label: str
    """Its key in :data:`~analysis.export.report_labels.FIGURES`."""
    table: str
    """The stored table whose summary holds it, or :data:`CATALOGUE`."""
    value: Value
    """The figure, from the summary's figures; None if they lack it."""
    number_format: str = COUNT
    recompute: Callable[[pd.DataFrame], Any] | None = None
    """The figure from its table, for a summary stored before it held the figure."""


def at(path: str, scale: float = 1.0) -> Value:
    """The figure at the dotted ``path`` (``network.cycleway_km``), times ``scale``."""

    def value(figures: Mapping[str, Any]) -> Any:
        found: Any = figures
        for key in path.split("."):
            if not isinstance(found, Mapping) or key not in found:
                return None
            found = found[key]
        if scale != 1.0 and isinstance(found, int | float):
            return found * scale
        return found

    return value


def _repeats(figures: Mapping[str, Any]) -> int | None:
    """Reports in groups of duplicates but the first of each group."""
    reports, groups = at("duplicate_reports")(figures), at("duplicate_groups")(figures)
    return None if reports is None or groups is None else reports - groups


@functools.cache
def figures() -> tuple[Figure, ...]:
    """The key figures in the order the summary shows them."""
    from analysis.planning import audit, districts, gaps, racks, reports

    return (
        Figure("reports_total", CATALOGUE, at("reports")),
        Figure("reports_open", reports.BACKLOG, at("open")),
        Figure("activities", CATALOGUE, at("activities")),
        Figure("cycleway_km", gaps.SUMMARY, at("network.cycleway_km"), DECIMAL),
        Figure("corridors", gaps.SUMMARY, at("corridors")),
        Figure("corridor_km", gaps.SUMMARY, at("corridor_km"), DECIMAL),
        Figure("top_corridor", gaps.SUMMARY, at("top_corridor.street"), TEXT),
        Figure("racks_proposed", racks.SITES, at("proposed_sites"), recompute=len),
        Figure(
            "racks_covered",
            racks.SITES,
            at("covered_by_new"),
            recompute=lambda sites: float(sites["covered_demand"].sum()),
        ),
        Figure("hotspots", reports.HOTSPOTS, at("hotspots")),
        Figure("duplicates", reports.DUPLICATES, _repeats),
        Figure("duplicate_groups", reports.DUPLICATES, at("duplicate_groups")),
        Figure("districts", districts.STATS, at("districts")),
        Figure("racks_existing", districts.STATS, at("racks")),
        Figure("co2", districts.STATS, at("co2_avoided_kg_per_year", 1 / 1000), DECIMAL),
        Figure("datasets", audit.INVENTORY, at("datasets")),
        Figure(
            "oldest_days",
            audit.INVENTORY,
            at("oldest_days"),
            recompute=lambda inventory: inventory["age_days"].max(),
        ),
    )


def stored_figures(entries: Iterable[CatalogueEntry]) -> dict[str, Mapping[str, Any]]:
    """The summary figures stored with each result table, by name; the catalogue's under ""."""
    entries = list(entries)
    found: dict[str, Mapping[str, Any]] = {CATALOGUE: _catalogue_counts(entries)}
    for e in entries:
        summary = e.quality.get(SUMMARY_FACT) if e.kind is DatasetKind.ANALYSIS else None
        if isinstance(summary, Mapping) and isinstance(summary.get("figures"), Mapping):
            found[e.name] = summary["figures"]
    return found


def _catalogue_counts(entries: list[CatalogueEntry]) -> dict[str, Any]:
    """The reports imported and the activities stored, as the catalogue counts them."""
    from analysis.io.tracks.store import ACTIVITIES

    counts: dict[str, Any] = {}
    reports = [e.feature_count or 0 for e in entries if e.kind is DatasetKind.REPORTS]
    if reports:
        counts["reports"] = sum(reports)
    for e in entries:
        if e.name == ACTIVITIES:
            counts["activities"] = e.feature_count
    return counts


def key_figures(
    workspace: Workspace, lang: L.Lang, shown: Collection[CatalogueEntry] | None = None
) -> list[tuple[str, Any, str]]:
    """The summary's key figures: label, value and number format, from the stored results.

    With ``shown``, the tables the report shows, only the figures of their analyses.
    """
    entries = {e.name: e for e in workspace.entries()}
    stored = stored_figures(entries.values())
    analyses = None if shown is None else {e.quality.get("analysis") for e in shown}
    rows = []
    for figure in figures():
        entry = entries.get(figure.table)
        if figure.table != CATALOGUE and (entry is None or entry.kind is not DatasetKind.ANALYSIS):
            continue
        if (
            entry is not None
            and analyses is not None
            and entry.quality.get("analysis") not in analyses
        ):
            continue
        value = figure.value(stored.get(figure.table, {}))
        if value is None and figure.recompute is not None and figure.table in stored:
            value = _recomputed(workspace, figure)
        if value is not None and value == value:  # not NaN
            label = L.pick(L.FIGURES, figure.label, lang) or figure.label
            rows.append((label, _plain(value), figure.number_format))
    return rows


def _recomputed(workspace: Workspace, figure: Figure) -> Any:
    """The figure from its table; None if the table lacks the columns it needs."""
    assert figure.recompute is not None
    try:
        return figure.recompute(workspace.read_layer(figure.table, read_geometry=False))
    except KeyError:  # a column the table lacks
        return None


def _plain(value: Any) -> Any:
    """A numpy number as Python's, for openpyxl."""
    return value.item() if hasattr(value, "item") else value
