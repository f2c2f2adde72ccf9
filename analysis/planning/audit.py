"""Data audit: what a workspace holds, and how "twin" datasets from two sources differ.

The inventory lists every catalogued dataset with its source files, source
date and age, CRS, feature count and the quality flags its importer noted.

Twins are two layers that describe the same thing, such as the city's rack
register and OpenStreetMap's ``bicycle_parking``, or two cycleway networks.
Points are matched one to one, nearest pairs first, within a tolerance; lines
are matched by length: the km of one lying within a buffer of the other. Each
pair gets its indicators (points, km, places) in both sources, what matched,
what is in one only, and the reasons found in the data: different source
dates, different definitions (a quarter or more of one side's unmatched points
within the tolerance of matched ones, as when one source counts racks and the
other stands; places summed from a capacity field; more than 5% of the km
marked as shared foot/cycle paths in one network than in the other) and
coverage (the share of A's convex hull inside B's).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.errors import InputError
from analysis.params import check, param
from analysis.planning.inputs import Inputs
from analysis.planning.result import AnalysisResult, parameters_of
from analysis.progress import NullProgress, Progress, check_cancelled
from analysis.registry import N_, Analysis
from analysis.workspace import CatalogueEntry, DatasetKind, Workspace
from analysis.workspace import roles as _roles

TWIN_ROLES = (
    _roles.RACKS,
    _roles.CYCLEWAYS,
    _roles.STREETS,
    _roles.BUS_STOPS,
    _roles.SCHOOLS,
    _roles.PARKS,
    _roles.SHOPS,
)
"""Roles whose layers are compared when two of them hold the same kind of geometry."""
CAPACITY_FIELDS = ("capacity", "liczba_miejsc", "miejsca", "places", "pojemnosc")
"""Fields that hold a rack's number of places, tried in order (case-insensitive)."""
SHARED_PATH = re.compile(r"pieszo|footway|^path$|designated|shared|wsp[oó]ln", re.I)
"""Attribute values that mark a shared foot/cycle path."""
MAX_LINES = 5
"""Twin indicators printed; the table holds them all."""
FAMILIES = {"points": _roles.POINTS, "lines": _roles.LINES}


@dataclass(frozen=True)
class AuditParams:
    """Tolerances of the twin comparison, and the day ages are counted to."""

    point_tolerance_m: float = param(30.0, unit="m", above=0, at_most=1_000, flag="--tolerance")
    """Largest distance between two points taken for the same feature."""
    line_buffer_m: float = param(15.0, unit="m", above=0, at_most=1_000, flag="--line-buffer")
    """Largest distance between two lines taken for the same way."""
    min_coverage: float = param(0.95, at_least=0, at_most=1)
    """Coverage below this share is named as a reason for the differences."""
    today: date | None = None
    """The day ages are counted to; None: today (UTC)."""
    twins: tuple[tuple[str, str], ...] = param((), flag="--twin")
    """Compare layers A and B; default: layers of the same role."""

    def __post_init__(self) -> None:
        check(self)


@dataclass(frozen=True)
class Source:
    """One side of a twin pair: the layer's name, features and source date."""

    name: str
    frame: gpd.GeoDataFrame
    source_date: date | None = None


@dataclass(frozen=True)
class Twin:
    """Two layers describing the same thing, A and B, and the role they play."""

    a: Source
    b: Source
    role: str


def audit(
    entries: Sequence[CatalogueEntry],
    twins: Sequence[Twin] = (),
    params: AuditParams | None = None,
    geometry_types: Mapping[str, str | None] | None = None,
    progress: Progress | None = None,
) -> AnalysisResult:
    """Inventory the catalogue and compare each twin pair.

    Parameters
    ----------
    entries
        The workspace's catalogue (:meth:`Workspace.entries`).
    twins
        Pairs to compare; both layers points or both lines, with a CRS.
    params
        Tolerances and the day ages are counted to; defaults if None.
    geometry_types
        Each layer's geometry type, for the inventory.
    progress
        Receives progress and cancellation.

    Returns
    -------
    AnalysisResult
        ``audit`` with the tables ``inventory`` (one row per dataset), ``twins``
        (one row per pair and indicator) and ``unmatched`` (the points and line
        parts found in one source only); the summary's ``oldest_days`` is the
        largest ``age_days`` (None when no dataset has a source date).
    """
    params = params or AuditParams()
    progress = progress or NullProgress()
    today = params.today or datetime.now(UTC).date()
    table = inventory(entries, today, geometry_types or {})
    rows: list[dict[str, Any]] = []
    unmatched: list[gpd.GeoDataFrame] = []
    for i, twin in enumerate(twins):
        check_cancelled(progress)
        found, parts = compare(twin, params)
        rows.extend(found)
        unmatched.append(parts)
        progress.report((i + 1) / len(twins), f"compared {twin.a.name} with {twin.b.name}")
    crs = unmatched[0].crs if unmatched else (entries[0].crs if entries else None)
    only = (
        pd.concat(unmatched, ignore_index=True)
        if unmatched
        else pd.DataFrame(columns=list(_UNMATCHED_COLUMNS))
    )
    return AnalysisResult(
        "audit",
        {
            "inventory": table,
            "twins": pd.DataFrame(rows, columns=list(_TWIN_COLUMNS)),
            "unmatched": gpd.GeoDataFrame(only, geometry="geometry", crs=crs),
        },
        summary={
            "datasets": len(table),
            "by_kind": table["kind"].value_counts().to_dict(),
            "without_source_date": table.loc[table["source_date"].isna(), "name"].tolist(),
            "oldest_days": _oldest_days(table),
            "twins": [_pair_summary(r) for r in rows],
        },
        parameters={**parameters_of(params), "today": today.isoformat()},
        lines=_lines(table, rows, today),
        titles={
            "inventory": "Data audit: every dataset, its source, age and quality flags",
            "twins": "Data audit: twin datasets compared",
            "unmatched": "Data audit: features found in one source only",
        },
    )


def _oldest_days(table: pd.DataFrame) -> int | None:
    """The age in days of the oldest dataset with a source date; None: none has one."""
    ages = table["age_days"].dropna()
    return int(ages.max()) if len(ages) else None


def inventory(
    entries: Sequence[CatalogueEntry], today: date, geometry_types: Mapping[str, str | None]
) -> pd.DataFrame:
    """One row per catalogue entry: kind, sources, freshness, CRS, counts, quality flags."""
    rows = []
    for e in entries:
        rows.append(
            {
                "name": e.name,
                "kind": e.kind.value,
                "title": e.title,
                "geometry_type": geometry_types.get(e.name),
                "crs": e.crs,
                "feature_count": e.feature_count,
                "source_files": len(e.sources),
                "sources": "; ".join(s.path for s in e.sources[:3])
                + (f"; and {len(e.sources) - 3} more" if len(e.sources) > 3 else ""),
                "source_date": e.source_date.isoformat() if e.source_date else None,
                "age_days": (today - e.source_date).days if e.source_date else None,
                "imported_at": e.imported_at.isoformat(timespec="seconds"),
                "imported_days_ago": (today - e.imported_at.date()).days,
                "licence": e.licence,
                "flags": flags(e.quality),
                "quality": json.dumps(dict(e.quality), ensure_ascii=False, default=str),
            }
        )
    frame = pd.DataFrame(rows, columns=list(_INVENTORY_COLUMNS))
    return frame.astype({"feature_count": "Int64", "age_days": "Int64"})


def flags(quality: Mapping[str, Any]) -> str:
    """The quality facts in one line: ``key`` for true or nested facts, else ``key=value``."""
    parts = []
    for key, value in quality.items():
        if isinstance(value, Mapping | list | tuple):
            if value:
                parts.append(str(key))
        elif value is True:
            parts.append(str(key))
        elif value not in (False, None, ""):
            parts.append(f"{key}={value}")
    return "; ".join(parts)


def compare(twin: Twin, params: AuditParams) -> tuple[list[dict[str, Any]], gpd.GeoDataFrame]:
    """Compare a twin pair: its indicator rows and the features in one source only.

    Raises
    ------
    InputError
        If a layer has no CRS, or the two do not both hold points or both lines.
    """
    a, b = _frame(twin.a), _frame(twin.b)
    b = b.to_crs(a.crs)
    family = _family(twin.a.name, a), _family(twin.b.name, b)
    if family[0] != family[1]:
        raise InputError(
            f"{twin.a.name!r} holds {family[0]} but {twin.b.name!r} {family[1]}: "
            f"twins must both hold points or both lines"
        )
    coverage = _coverage(a, b)
    common = {
        "pair": f"{twin.a.name} / {twin.b.name}",
        "role": twin.role,
        "layer_a": twin.a.name,
        "layer_b": twin.b.name,
        "coverage_pct": coverage,
    }
    dates = _date_reason(twin)
    if family[0] == "points":
        rows, parts = _compare_points(a, b, params)
    else:
        rows, parts = _compare_lines(a, b, params)
    reasons = [dates] if dates else []
    if coverage is not None and coverage < 100 * params.min_coverage:
        reasons.append(f"B covers only {coverage:.0f}% of A's extent")
    out = []
    for row in rows:
        why = reasons + row.pop("reasons")
        if not why:
            why = (
                ["the sources agree"]
                if row["only_a"] == 0 and row["only_b"] == 0
                else [
                    "positions differ by more than the tolerance, or features exist in "
                    "one source only"
                ]
            )
        out.append({**common, **row, "reason": "; ".join(why)})
    parts.insert(0, "pair", common["pair"])
    parts["layer"] = np.where(parts["source"] == "A", twin.a.name, twin.b.name)
    return out, parts[list(_UNMATCHED_COLUMNS)]


def match_points(a: np.ndarray, b: np.ndarray, tolerance_m: float) -> np.ndarray:
    """One-to-one matches of points ``a`` to ``b`` within ``tolerance_m``, nearest pairs first.

    Returns an array of (index in a, index in b) rows: candidate pairs from a
    spatial index, taken from the shortest up, skipping those with a point
    already matched. Pairs of mutual nearest points, which that order always
    takes, are taken at once; the loop sees only the rest.
    """
    ia, ib = shapely.STRtree(b).query(a, predicate="dwithin", distance=tolerance_m)
    order = np.lexsort((ib, ia, shapely.distance(a[ia], b[ib])))
    ia, ib = ia[order], ib[order]
    nearest_a, nearest_b = np.zeros(ia.size, bool), np.zeros(ia.size, bool)
    nearest_a[np.unique(ia, return_index=True)[1]] = True
    nearest_b[np.unique(ib, return_index=True)[1]] = True
    mutual = nearest_a & nearest_b
    used_a, used_b = np.zeros(len(a), bool), np.zeros(len(b), bool)
    used_a[ia[mutual]] = used_b[ib[mutual]] = True
    pairs = [(i, j) for i, j in zip(ia[mutual], ib[mutual], strict=True)]
    rest = ~(used_a[ia] | used_b[ib])
    for i, j in zip(ia[rest], ib[rest], strict=True):
        if not (used_a[i] or used_b[j]):
            used_a[i] = used_b[j] = True
            pairs.append((i, j))
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def role_layers(workspace: Workspace, role: _roles.Role, family: str) -> list[str]:
    """Every layer that looks like ``role`` and holds ``family`` (points or lines), by name.

    The same test as :func:`analysis.workspace.roles.find_layer`, which picks one.
    """
    geometry = {name: str(kind).upper() for name, kind in workspace.geometry_types().items()}
    allowed = set(role.geometries) & set(FAMILIES[family])
    return [
        e.name
        for e in workspace.entries()
        if e.kind is role.kind
        and geometry.get(e.name) in allowed
        and re.search(role.pattern, f"{e.name} {e.title or ''}", re.I)
        and not re.search(role.exclude, f"{e.name} {e.title or ''}", re.I)
    ]


def find_twins(workspace: Workspace) -> list[tuple[str, str, str]]:
    """Pairs of layers playing the same role with the same geometry: (role, A, B).

    A pair found for one role is not repeated for another.
    """
    pairs: list[tuple[str, str, str]] = []
    for role in TWIN_ROLES:
        for family in FAMILIES:
            names = role_layers(workspace, role, family)
            for i, a in enumerate(names):
                for b in names[i + 1 :]:
                    if not any({a, b} == {p[1], p[2]} for p in pairs):
                        pairs.append((role.label, a, b))
    return pairs


def _frame(source: Source) -> gpd.GeoDataFrame:
    if source.frame.crs is None:
        raise InputError(f"the layer {source.name!r} has no CRS: import it again with its CRS")
    if not source.frame.crs.is_projected:
        raise InputError(f"the layer {source.name!r} is in degrees: reproject it to metres")
    frame = source.frame.reset_index(drop=True)
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
    if frame.empty:
        raise InputError(f"the layer {source.name!r} has no features: nothing to compare")
    return frame


def _family(name: str, frame: gpd.GeoDataFrame) -> str:
    kinds = set(frame.geometry.geom_type.str.upper())
    for family, types in FAMILIES.items():
        if kinds <= set(types):
            return family
    raise InputError(
        f"{name!r} holds {', '.join(sorted(kinds)).lower()}: the audit compares "
        f"point or line layers"
    )


def _coverage(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> float | None:
    """Percent of A's convex hull inside B's; None when A's hull has no area."""
    hull_a = shapely.convex_hull(shapely.union_all(a.geometry.values))
    if hull_a.area == 0:
        return None
    hull_b = shapely.convex_hull(shapely.union_all(b.geometry.values))
    return round(100.0 * float(hull_a.intersection(hull_b).area) / float(hull_a.area), 1)


def _date_reason(twin: Twin) -> str | None:
    da, db = twin.a.source_date, twin.b.source_date
    if da and db and da != db:
        apart = abs((db - da).days)
        return f"source dates differ: A {da.isoformat()}, B {db.isoformat()} ({apart} days apart)"
    if (da is None) != (db is None):
        return f"{'A' if da is None else 'B'} has no source date"
    return None


def _compare_points(
    a: gpd.GeoDataFrame, b: gpd.GeoDataFrame, params: AuditParams
) -> tuple[list[dict[str, Any]], gpd.GeoDataFrame]:
    tol = params.point_tolerance_m
    pa, pb = _points(a), _points(b)
    pairs = match_points(pa, pb, tol)
    only_a = np.setdiff1d(np.arange(len(pa)), pairs[:, 0])
    only_b = np.setdiff1d(np.arange(len(pb)), pairs[:, 1])
    reasons = []
    for side, mine, other, matched in (
        ("A", pa[only_a], pb, pairs[:, 1]),
        ("B", pb[only_b], pa, pairs[:, 0]),
    ):
        near = _near(mine, other[matched], tol)
        if near >= max(2, 0.25 * len(mine)):
            reasons.append(
                f"{near} of {side}'s unmatched points lie within {tol:g} m of a matched point: "
                f"{side} may count single racks or entrances where the other counts one feature"
            )
    rows = [
        _row("points", "count", len(pa), len(pb), len(pairs), len(only_a), len(only_b), reasons)
    ]
    cap_a, cap_b = _capacity(a), _capacity(b)
    if cap_a is not None and cap_b is not None:
        held = cap_a.iloc[pairs[:, 0]].sum(), cap_b.iloc[pairs[:, 1]].sum()
        why = f"the matched points hold {held[0]:g} places in A and {held[1]:g} in B"
        rows.append(
            _row(
                "places",
                "count",
                cap_a.sum(),
                cap_b.sum(),
                held[0],
                cap_a.iloc[only_a].sum(),
                cap_b.iloc[only_b].sum(),
                [why],
            )
        )
    parts = gpd.GeoDataFrame(
        {
            "source": ["A"] * len(only_a) + ["B"] * len(only_b),
            "feature": np.concatenate([a.index.to_numpy()[only_a], b.index.to_numpy()[only_b]]),
            "length_m": np.nan,
            "nearest_m": np.concatenate([_nearest(pa[only_a], pb), _nearest(pb[only_b], pa)]),
        },
        geometry=np.concatenate([pa[only_a], pb[only_b]]),
        crs=a.crs,
    )
    return rows, parts


def _compare_lines(
    a: gpd.GeoDataFrame, b: gpd.GeoDataFrame, params: AuditParams
) -> tuple[list[dict[str, Any]], gpd.GeoDataFrame]:
    tol = params.line_buffer_m
    la, lb = a.geometry.values, b.geometry.values
    near_b = shapely.union_all(shapely.buffer(lb, tol))
    near_a = shapely.union_all(shapely.buffer(la, tol))
    km_a, km_b = shapely.length(la) / 1e3, shapely.length(lb) / 1e3
    matched_a = shapely.length(shapely.intersection(la, near_b)) / 1e3
    outside_a, outside_b = shapely.difference(la, near_b), shapely.difference(lb, near_a)
    shared = _shared_paths(a), _shared_paths(b)
    reasons = []
    shared_km = [float(km[s].sum()) for km, s in zip((km_a, km_b), shared, strict=True)]
    if abs(shared_km[0] - shared_km[1]) > 0.05 * max(km_a.sum(), km_b.sum(), 1e-9):
        only_shared = [
            float((shapely.length(out) / 1e3)[s].sum())
            for out, s in zip((outside_a, outside_b), shared, strict=True)
        ]
        reasons.append(
            f"shared foot/cycle paths: {shared_km[0]:.2f} km in A ({only_shared[0]:.2f} km of "
            f"them not in B), {shared_km[1]:.2f} km in B ({only_shared[1]:.2f} km not in A); "
            f"one source may count them as cycleways and the other not"
        )
    total_a, total_b = float(km_a.sum()), float(km_b.sum())
    only_a = total_a - float(matched_a.sum())
    only_b = float((shapely.length(outside_b) / 1e3).sum())
    rows = [_row("length", "km", total_a, total_b, matched_a.sum(), only_a, only_b, reasons)]
    pieces = []
    for side, frame, outside in (("A", a, outside_a), ("B", b, outside_b)):
        parts, index = shapely.get_parts(outside, return_index=True)
        keep = shapely.length(parts) > 0
        pieces.append(
            gpd.GeoDataFrame(
                {
                    "source": side,
                    "feature": frame.index.to_numpy()[index[keep]],
                    "length_m": shapely.length(parts[keep]),
                    "nearest_m": np.nan,
                },
                geometry=parts[keep],
                crs=a.crs,
            )
        )
    return rows, pd.concat(pieces, ignore_index=True)


def _row(
    indicator: str,
    unit: str,
    a: float,
    b: float,
    matched: float,
    only_a: float,
    only_b: float,
    reasons: list[str],
) -> dict[str, Any]:
    """One indicator of a twin pair; ``matched + only_a`` is ``a``."""
    return {
        "indicator": indicator,
        "unit": unit,
        "value_a": float(a),
        "value_b": float(b),
        "difference": float(b) - float(a),
        "matched": float(matched),
        "only_a": float(only_a),
        "only_b": float(only_b),
        "reasons": reasons,
    }


def _points(frame: gpd.GeoDataFrame) -> np.ndarray:
    geoms = frame.geometry.values
    single = shapely.get_type_id(geoms) == 0
    points: np.ndarray = np.where(single, geoms, shapely.centroid(geoms))
    return points


def _near(points: np.ndarray, others: np.ndarray, tolerance_m: float) -> int:
    if len(points) == 0 or len(others) == 0:
        return 0
    hit = shapely.STRtree(others).query(points, predicate="dwithin", distance=tolerance_m)
    return len(np.unique(hit[0]))


def _nearest(points: np.ndarray, others: np.ndarray) -> np.ndarray:
    if len(others) == 0:
        return np.full(len(points), np.nan)
    index = shapely.STRtree(others).nearest(points)
    distances: np.ndarray = shapely.distance(points, others[index])
    return distances


def _capacity(frame: gpd.GeoDataFrame) -> pd.Series | None:
    lower = {str(c).lower(): c for c in frame.columns}
    field = next((lower[f] for f in CAPACITY_FIELDS if f in lower), None)
    if field is None:
        return None
    values: pd.Series = pd.to_numeric(frame[field], errors="coerce").fillna(0)
    return values


def _shared_paths(frame: gpd.GeoDataFrame) -> np.ndarray:
    """Which lines an attribute marks as a shared foot/cycle path."""
    marked = np.zeros(len(frame), bool)
    for column in frame.columns:
        values = frame[column]
        if column != frame.geometry.name and (
            values.dtype == object or pd.api.types.is_string_dtype(values)
        ):
            found = values.astype("string").str.contains(SHARED_PATH, na=False)
            marked |= found.to_numpy(dtype=bool)
    return marked


def _pair_summary(row: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("pair", "indicator", "value_a", "value_b", "matched", "only_a", "only_b", "reason")
    return {k: row[k] for k in keys}


def _lines(table: pd.DataFrame, rows: Sequence[Mapping[str, Any]], today: date) -> tuple[str, ...]:
    kinds = ", ".join(f"{n} {k}" for k, n in table["kind"].value_counts().items())
    lines = [f"{len(table)} datasets ({kinds}), ages counted to {today.isoformat()}"]
    dated = table.dropna(subset=["age_days"])
    if not dated.empty:
        oldest = dated.loc[dated["age_days"].idxmax()]
        lines.append(
            f"oldest source: {oldest['name']} ({oldest['source_date']}, {oldest['age_days']} days)"
        )
    undated = table.loc[table["source_date"].isna() & table["kind"].ne(DatasetKind.ANALYSIS.value)]
    if not undated.empty:
        lines.append(f"no source date: {', '.join(undated['name'])}")
    for row in rows[:MAX_LINES]:
        unit = " km" if row["unit"] == "km" else ""
        lines.append(
            f"{row['pair']} {row['indicator']}: {row['value_a']:,.4g} vs {row['value_b']:,.4g}"
            f"{unit}; matched {row['matched']:,.4g}, only A {row['only_a']:,.4g}, only B "
            f"{row['only_b']:,.4g} ({row['reason']})"
        )
    if not rows:
        lines.append("no twin datasets (two layers of one role); name a pair with --twin A B")
    return tuple(lines)


_INVENTORY_COLUMNS = (
    "name",
    "kind",
    "title",
    "geometry_type",
    "crs",
    "feature_count",
    "source_files",
    "sources",
    "source_date",
    "age_days",
    "imported_at",
    "imported_days_ago",
    "licence",
    "flags",
    "quality",
)
_TWIN_COLUMNS = (
    "pair",
    "role",
    "layer_a",
    "layer_b",
    "indicator",
    "unit",
    "value_a",
    "value_b",
    "difference",
    "matched",
    "only_a",
    "only_b",
    "coverage_pct",
    "reason",
)
_UNMATCHED_COLUMNS = ("pair", "layer", "source", "feature", "length_m", "nearest_m", "geometry")


KEY = "audit"
INVENTORY = f"{KEY}_inventory"
"""The stored table of every dataset, its source, age and quality flags."""
TWINS = f"{KEY}_twins"
"""The stored table of twin datasets compared, one row per pair and indicator."""
UNMATCHED = f"{KEY}_unmatched"
"""The stored table of the features found in one source only."""


def run(inputs: Inputs, params: AuditParams, progress: Progress) -> AnalysisResult:
    """:func:`audit` of the workspace: the pairs ``params.twins``, else :func:`find_twins`."""
    ws = inputs.workspace
    pairs = [("named", a, b) for a, b in params.twins] if params.twins else find_twins(ws)

    def source(name: str) -> Source:
        return Source(name, ws.read_layer(name), ws.entry(name).source_date)

    return audit(
        ws.entries(),
        [Twin(source(a), source(b), role) for role, a, b in pairs],
        params,
        geometry_types=ws.geometry_types(),
        progress=progress,
    )


ANALYSIS = Analysis(
    key=KEY,
    title=N_("Data audit"),
    description=N_(
        "Inventory every dataset (source, date and age, CRS, counts, quality flags) and "
        "compare twin datasets from two sources: matched, only in one, and why."
    ),
    params=AuditParams,
    run=run,
)
"""The data audit in the registry (:mod:`analysis.registry`)."""
