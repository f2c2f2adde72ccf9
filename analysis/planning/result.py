"""What every planning analysis returns, and how it is stored in a workspace."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.workspace import DatasetKind, Workspace
from analysis.workspace.transaction import NameTakenError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from analysis.kernels.grid import Grid
    from analysis.workspace import Transaction

SUMMARY_FACT = "summary"
"""The quality fact of a stored result that holds its summary (not a parameter).

Its value is ``{"lines": [...], "figures": {...}}``: :attr:`AnalysisResult.lines`
and :attr:`AnalysisResult.summary`, JSON-ready.
"""


@dataclass(frozen=True)
class Raster:
    """A grid of values in a CRS, stored as a GeoTIFF in the workspace's rasters folder."""

    values: np.ndarray
    grid: Grid
    crs: str
    unit: str
    tags: Mapping[str, object] = field(default_factory=dict)
    """GeoTIFF metadata tags (the heatmap's mode, radius and counts)."""
    description: str = ""

    def write(self, path: str | Path) -> Path:
        """Write the raster as a GeoTIFF at ``path`` (through the one output writer)."""
        from analysis.io.geotiff import write_geotiff

        return write_geotiff(
            path,
            self.values,
            self.grid,
            self.crs,
            unit=self.unit,
            description=self.description,
            tags=dict(self.tags),
        )


@dataclass(frozen=True)
class AnalysisResult:
    """Tables (GeoDataFrames, or DataFrames without geometry), rasters and a short summary.

    ``tables`` maps a short name (``corridors``, ``sites``) to a table and
    ``rasters`` a short name to a :class:`Raster`; stored, each becomes the
    workspace layer ``<prefix>_<name>`` (``<prefix>`` alone for the name "").
    ``summary`` holds JSON-ready key figures, ``parameters`` every parameter and
    assumption used (for the report's methodology sheet), ``lines`` the few
    sentences a planner reads first.
    """

    analysis: str
    """The key of the analysis (:mod:`analysis.registry`)."""
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    summary: Mapping[str, Any] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)
    lines: tuple[str, ...] = ()
    titles: Mapping[str, str] = field(default_factory=dict)
    """Human titles of the tables and rasters, for the catalogue."""
    rasters: Mapping[str, Raster] = field(default_factory=dict)
    prefix: str | None = None
    """The stored layers' names begin with it; None: the analysis' key
    (``usage_cycling`` for the usage of one type)."""
    facts: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Quality facts of one table or raster, by its short name, beside those of all
    (the unit of its counts, the filters it counted)."""

    def layer_name(self, part: str, prefix: str | None = None) -> str:
        """The name the table or raster ``part`` is stored under."""
        start = prefix or self.prefix or self.analysis
        return f"{start}_{part}" if part else start

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
            "rasters": {name: r.values.shape for name, r in self.rasters.items()},
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


def store_result(
    workspace: Workspace,
    result: AnalysisResult,
    replace: bool = False,
    prefix: str | None = None,
    rename_with: str | None = None,
) -> list[str]:
    """Write every table and raster of ``result`` (:meth:`~AnalysisResult.layer_name`) at once.

    One transaction: all are stored or none. A name held by another kind of
    dataset is refused unless ``replace``, naming ``rename_with``, the caller's
    way to other names; ``prefix`` replaces the result's own.

    Returns the layer names written. Tables with geometry become vector layers,
    the others attribute tables, rasters GeoTIFFs; each is catalogued as an
    analysis result whose quality facts hold the parameters used, its own facts
    and, under :data:`SUMMARY_FACT`, the summary.
    """
    import geopandas as gpd

    _refuse_other_results(workspace, result, prefix, replace, rename_with)
    names = []
    facts = {
        "analysis": result.analysis,
        **result.parameters,
        SUMMARY_FACT: result.stored_summary(),
    }
    with workspace.transaction(replace=replace, rename_with=rename_with) as tx:
        for key, table in result.tables.items():
            name = result.layer_name(key, prefix)
            title = result.titles.get(key, f"{result.analysis}: {key}")
            quality = {**facts, **result.facts.get(key, {})}
            if isinstance(table, gpd.GeoDataFrame) and table.geometry.name in table:
                if table.crs is None and table.empty:  # nothing found: no CRS to inherit
                    table = table.set_crs(workspace.crs)
                tx.write_layer(table, name, DatasetKind.ANALYSIS, title=title, quality=quality)
            else:
                tx.write_table(table, name, DatasetKind.ANALYSIS, title=title, quality=quality)
            names.append(name)
        for key, raster in result.rasters.items():
            name = result.layer_name(key, prefix)
            quality = {**facts, "unit": raster.unit, **result.facts.get(key, {})}
            _add_raster(tx, raster, name, result.titles.get(key, name), quality)
            names.append(name)
    return names


def _refuse_other_results(
    workspace: Workspace,
    result: AnalysisResult,
    prefix: str | None,
    replace: bool,
    rename_with: str | None,
) -> None:
    """Refuse, unless ``replace``, to store over a result of another analysis.

    A result's names are its own to replace (a rerun); usage saved as ``gaps``
    must not silently take the place of the gap analysis' tables.

    Raises
    ------
    NameTakenError
        Naming the layer, the analysis that holds it and the way out.
    """
    if replace:
        return
    held = {e.name: e for e in workspace.entries()}
    for part in (*result.tables, *result.rasters):
        name = result.layer_name(part, prefix)
        other = held[name].quality.get("analysis") if name in held else None
        if other is not None and other != result.analysis:
            way_out = f"choose another name ({rename_with}) or " if rename_with else ""
            raise NameTakenError(
                f"{name!r} in {workspace.path} is a result of the {other} analysis, which the "
                f"{result.analysis} analysis must not replace: {way_out}replace it (--replace)"
            )


def _add_raster(
    tx: Transaction, raster: Raster, name: str, title: str, quality: Mapping[str, Any]
) -> None:
    """Write ``raster`` as a GeoTIFF and add it to the transaction's workspace."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="urbanista-raster-") as tmp:
        tif = raster.write(Path(tmp) / f"{name}.tif")
        tx.add_raster(tif, name, title=title, quality=quality)
