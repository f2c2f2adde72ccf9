"""What every planning analysis returns, and how it is stored in a workspace."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from analysis.workspace import DatasetKind, Workspace

if TYPE_CHECKING:
    import pandas as pd

SUMMARY_FACT = "summary"
"""The quality fact of a stored result that holds its summary (not a parameter).

Its value is ``{"lines": [...], "figures": {...}}``: :attr:`AnalysisResult.lines`
and :attr:`AnalysisResult.summary`, JSON-ready.
"""


@dataclass(frozen=True)
class AnalysisResult:
    """Tables (GeoDataFrames, or DataFrames without geometry) plus a short summary.

    ``tables`` maps a short name (``corridors``, ``sites``) to a table; stored,
    each becomes the workspace layer ``<analysis>_<name>``. ``summary`` holds
    JSON-ready key figures, ``parameters`` every parameter and assumption used
    (for the report's methodology sheet), ``lines`` the few sentences a planner
    reads first.
    """

    analysis: str
    tables: Mapping[str, pd.DataFrame]
    summary: Mapping[str, Any] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)
    lines: tuple[str, ...] = ()
    titles: Mapping[str, str] = field(default_factory=dict)
    """Human titles of the tables, for the catalogue."""

    def describe(self) -> str:
        """The summary lines, for the terminal."""
        return "\n".join(self.lines)

    def to_json(self) -> dict[str, Any]:
        """Summary, parameters and table sizes, JSON-ready."""
        return {
            "analysis": self.analysis,
            "summary": dict(self.summary),
            "parameters": dict(self.parameters),
            "tables": {name: len(t) for name, t in self.tables.items()},
        }

    def stored_summary(self) -> dict[str, Any]:
        """The summary lines and figures, JSON-ready, as :func:`store_result` keeps them."""
        figures = json.loads(json.dumps(dict(self.summary), default=str))
        return {"lines": list(self.lines), "figures": figures}


def parameters_of(params: Any) -> dict[str, Any]:
    """A parameters dataclass as a flat JSON-ready dict (nested dataclasses dotted)."""
    flat: dict[str, Any] = {}
    for f in dataclasses.fields(params):
        value = getattr(params, f.name)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            flat.update({f"{f.name}.{k}": v for k, v in parameters_of(value).items()})
        elif isinstance(value, str | int | float | bool) or value is None:
            flat[f.name] = value
        else:
            flat[f.name] = str(value)
    return flat


def layer_parameters(names: Mapping[str, str]) -> dict[str, str]:
    """The layers an analysis read as parameters: ``layer.<slot>``, "" for a slot left out."""
    return {f"layer.{key}": name for key, name in names.items()}


def store_result(workspace: Workspace, result: AnalysisResult, replace: bool = False) -> list[str]:
    """Write every table of ``result`` as ``<analysis>_<table>``, in one transaction.

    A name held by another kind of dataset is refused unless ``replace``.

    Returns the layer names written. Tables with geometry become vector layers,
    the others attribute tables; each is catalogued as an analysis result whose
    quality facts hold the parameters used and, under :data:`SUMMARY_FACT`, the
    summary.
    """
    import geopandas as gpd

    names = []
    facts = {
        "analysis": result.analysis,
        **result.parameters,
        SUMMARY_FACT: result.stored_summary(),
    }
    with workspace.transaction(replace=replace, rename_with=None) as tx:
        for key, table in result.tables.items():
            name = f"{result.analysis}_{key}"
            title = result.titles.get(key, f"{result.analysis}: {key}")
            if isinstance(table, gpd.GeoDataFrame) and table.geometry.name in table:
                if table.crs is None and table.empty:  # nothing found: no CRS to inherit
                    table = table.set_crs(workspace.crs)
                tx.write_layer(table, name, DatasetKind.ANALYSIS, title=title, quality=facts)
            else:
                tx.write_table(table, name, DatasetKind.ANALYSIS, title=title, quality=facts)
            names.append(name)
    return names
