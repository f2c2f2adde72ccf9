"""Bike-stand siting: where new racks cover the most demand within a short walk.

Demand is weighted points: the ends of residents' trips (the first and last
vertices of the stored activity lines, which are already cut by the privacy
trimming), citizen reports of a missing rack, and points of interest (schools,
public transport stops, shops and markets, parks), each kind with its weight.
Candidate sites lie every ``candidate_spacing_m`` along the streets, junctions
included. A rack covers a demand point within ``walk_m`` walking along the
street network (:mod:`analysis.planning.coverage`); existing racks are fixed:
what they cover counts as covered before anything is built.

Two questions (:mod:`analysis.planning.covering`): where to put ``new_sites``
stands to cover the most demand (maximal covering, MCLP), or how many stands
bring coverage to ``target_pct`` of all demand (set covering, LSCP-style).
The exact integer programme (HiGHS) is solved by default, and the greedy
answer is reported beside it with its gap to the optimum.

Privacy: trip starts and ends are personal data, so the demand left uncovered
is never shown point by point. It is summed in square cells of
``uncovered_cell_m`` (on multiples of the cell size in the CRS); in a cell
whose uncovered trip ends come from fewer than ``min_users`` distinct users
(the activities' pseudonymous ``user_id``), the trip-end figures are withheld
and their demand left out of the cell's weight, and the summary says how much
was withheld in all. Reports and points of interest are not personal and are
always shown. Coverage itself is computed on the points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from analysis.errors import InputError
from analysis.planning.activity_types import unrecorded_line, unrecorded_types
from analysis.planning.result import AnalysisResult, layer_parameters, parameters_of
from analysis.progress import NullProgress, Progress, Steps, check_cancelled

if TYPE_CHECKING:
    import geopandas as gpd

    from analysis.planning.covering import Solution

POI_KINDS = ("school", "bus_stop", "shop", "park")


@dataclass(frozen=True)
class RackParams:
    """Where demand comes from, how far people walk, and what to optimise."""

    new_sites: int = 10
    """MCLP: the number of new stands to place."""
    target_pct: float | None = None
    """Set covering: the share of all demand (in %) to cover; None: solve the MCLP."""
    walk_m: float = 150.0
    """Largest walk along the streets between a stand and the demand it serves."""
    candidate_spacing_m: float = 50.0
    """Candidate sites lie at most this far apart along each street, and at its ends."""
    snap_m: float = 100.0
    """Demand and racks farther than this from every street are reached by no stand."""
    activity_types: tuple[str, ...] = ("cycling",)
    """Activity types whose trip ends are demand; empty: every type."""
    trip_end_weight: float = 1.0
    """Demand of one trip start or end."""
    report_weight: float = 5.0
    """Demand of one citizen report of a missing rack."""
    report_category: str = "missing_bike_rack"
    """The reports' ``category`` that asks for a rack."""
    school_weight: float = 20.0
    """Demand of one school."""
    bus_stop_weight: float = 3.0
    """Demand of one public transport stop (bike and ride)."""
    shop_weight: float = 10.0
    """Demand of one shop or market."""
    park_weight: float = 10.0
    """Demand of one park (reached from its edge)."""
    method: Literal["exact", "greedy"] = "exact"
    """exact: the integer programme (HiGHS), greedy shown beside it; greedy: greedy only."""
    time_limit_s: float = 60.0
    """Exact method: stop after this long with the best solution and its proven gap."""
    uncovered_cell_m: float = 100.0
    """Uncovered demand is shown summed in square cells this wide, on multiples of it."""
    min_users: int = 5
    """k-anonymity: a cell's uncovered trip ends from fewer distinct users are withheld."""

    def __post_init__(self) -> None:
        if self.new_sites < 1 and self.target_pct is None:
            raise InputError(f"the number of new stands must be at least 1, got {self.new_sites}")
        if self.target_pct is not None and not 0 < self.target_pct <= 100:
            raise InputError(
                f"the target coverage is a percentage in (0, 100], got {self.target_pct:g}"
            )
        for name in ("walk_m", "candidate_spacing_m", "time_limit_s", "uncovered_cell_m"):
            if not getattr(self, name) > 0:
                raise InputError(f"{name} must be positive, got {getattr(self, name)}")
        weights = [self.trip_end_weight, self.report_weight, *self.poi_weights.values()]
        if self.snap_m < 0 or self.min_users < 0 or min(weights) < 0:
            raise InputError("snap_m, min_users and the demand weights must not be negative")

    @property
    def poi_weights(self) -> dict[str, float]:
        """Weight per kind of point of interest."""
        return {kind: getattr(self, f"{kind}_weight") for kind in POI_KINDS}


@dataclass(frozen=True)
class RackInputs:
    """The layers, in one metric CRS (others are reprojected to the streets' CRS)."""

    streets: gpd.GeoDataFrame
    racks: gpd.GeoDataFrame | None = None
    """Existing bike racks; None or empty: none yet."""
    activities: gpd.GeoDataFrame | None = None
    """Activity lines with ``type`` and ``user_id`` columns, as stored after privacy trimming.

    Without ``user_id`` the analysis stops rather than take each activity for
    its own user: that would count one resident's five rides as five people.
    """
    reports: gpd.GeoDataFrame | None = None
    """Citizen reports with a ``category`` column."""
    pois: Mapping[str, gpd.GeoDataFrame] = field(default_factory=dict)
    """Points or polygons of interest by kind: school, bus_stop, shop, park."""
    names: Mapping[str, str] = field(default_factory=dict)
    """The workspace layers read by slot key ("" for one left out), kept as ``layer.<key>``."""


def site_racks(
    inputs: RackInputs, params: RackParams, progress: Progress | None = None
) -> AnalysisResult:
    """Propose bike-stand sites; tables ``sites`` and ``uncovered``, before/after coverage.

    ``uncovered`` holds square cells (polygons) of the demand no stand serves:
    ``weight`` (the demand shown), ``trip_ends`` and ``trip_users`` (null
    where fewer than ``min_users`` users are behind them: then their demand is
    not in ``weight`` but in the summary's ``uncovered_trip_ends_withheld``),
    ``reports``, ``schools``, ``bus_stops``, ``shops``, ``parks`` (counts) and
    ``near_street_share`` (the share of ``weight`` within ``snap_m`` of a street).

    Activity types asked for that no activity has add no demand; the summary
    names them (``unrecorded_activity_types``) and the types recorded.

    Raises
    ------
    InputError
        If a layer lacks a CRS or is in degrees, the activities lack ``user_id``,
        the streets are empty, there is no demand, no demand is near a street,
        or the target cannot be reached.
    """
    import geopandas as gpd

    from analysis.planning.coverage import walking_coverage

    steps = Steps(progress or NullProgress(), [1, 6, 3])
    streets = _metric(inputs.streets, "streets", None)
    crs = streets.crs
    if streets.empty:
        raise InputError("the street layer is empty: name a layer with the street network")
    demand = _demand(inputs, params, crs)
    racks = _metric(inputs.racks, "racks", crs)
    candidates = _candidates(streets.geometry.to_numpy(), params.candidate_spacing_m)
    steps.step(0).report(1.0, f"{len(demand)} demand points, {len(candidates)} candidate sites")
    facilities = np.concatenate([candidates, racks.geometry.to_numpy()])
    cover, on_demand, on_fac = walking_coverage(
        streets.geometry.to_numpy(), demand["snap"].to_numpy(), facilities,
        params.walk_m, params.snap_m, steps.step(1),
    )  # fmt: skip
    check_cancelled(progress or NullProgress())
    n_cand = len(candidates)
    weight = demand["weight"].to_numpy(float)
    before = np.asarray(cover[n_cand:].sum(axis=0)).ravel() > 0
    model, chosen, compare = _solve(cover[:n_cand], weight, before, params)
    steps.step(2).report(1.0, "sites chosen")
    useful = chosen.sites[chosen.gain > 0]  # a model may place more than it needs
    after = before | (np.asarray(cover[useful].sum(axis=0)).ravel() > 0)
    by_site = cover[useful]
    sites = gpd.GeoDataFrame({
        "rank": np.arange(1, len(useful) + 1),
        "covered_demand": np.round(chosen.gain[chosen.gain > 0], 3),
        "demand_within_walk": np.asarray(by_site @ weight).ravel().round(3),
        "points_within_walk": np.diff(by_site.indptr),
    }, geometry=candidates[useful], crs=crs)  # fmt: skip
    uncovered, withheld = _uncovered_cells(demand[~after], on_demand.ok[~after], params)
    total = float(weight.sum())
    summary = {
        "model": model, "method": params.method, "optimal": chosen.optimal,
        "demand_total": round(total, 3), "demand_points": len(demand),
        "demand_by_source": {k: round(float(v), 3) for k, v in
                             demand.groupby("source")["weight"].sum().items()},
        "demand_far_from_streets": round(float(weight[~on_demand.ok].sum()), 3),
        "existing_racks": len(racks), "racks_far_from_streets": int((~on_fac.ok[n_cand:]).sum()),
        "candidates": n_cand, "new_sites": len(useful),
        "covered_before": round(float(weight[before].sum()), 3),
        "covered_after": round(float(weight[after].sum()), 3),
        "covered_before_pct": round(100 * float(weight[before].sum()) / total, 2),
        "covered_after_pct": round(100 * float(weight[after].sum()) / total, 2),
        "uncovered_cells": len(uncovered),
        "uncovered_shown": round(float(uncovered["weight"].sum()), 3),
        "uncovered_trip_ends_withheld": round(withheld, 3), "min_users": params.min_users,
        **compare, **unrecorded_types(inputs.activities, params.activity_types),
    }  # fmt: skip
    return AnalysisResult(
        "racks", {"sites": sites, "uncovered": uncovered}, summary=summary,
        parameters={**parameters_of(params), **layer_parameters(inputs.names)},
        lines=_lines(summary, sites, params),
        titles={"sites": f"Proposed bike stands ({model}, {params.walk_m:g} m walk)",
                "uncovered": f"Demand beyond a {params.walk_m:g} m walk of any stand, "
                             f"per {params.uncovered_cell_m:g} m cell"},
    )  # fmt: skip


def _solve(
    cover: Any, weight: np.ndarray, before: np.ndarray, params: RackParams
) -> tuple[str, Solution, dict[str, Any]]:
    """The model's name, the chosen solution, and how greedy compares with the exact model."""
    from analysis.planning import covering

    if params.target_pct is None:
        greedy = covering.greedy_mclp(cover, weight, params.new_sites, before)
        compare: dict[str, Any] = {"greedy_covered": round(greedy.covered_weight, 3)}
        if params.method == "greedy":
            return "MCLP", greedy, compare
        exact = covering.exact_mclp(cover, weight, params.new_sites, before, params.time_limit_s)
        best = max(exact, greedy, key=lambda s: s.covered_weight)
        bound = max(exact.bound or 0.0, best.covered_weight)

        def gap(solution: Solution) -> float:
            return round(100 * (bound - solution.covered_weight) / bound, 4) if bound else 0.0

        compare.update({"optimum_bound": round(bound, 3), "optimality_gap_pct": gap(best),
                        "greedy_gap_pct": gap(greedy)})  # fmt: skip
        return "MCLP", best, compare
    share = params.target_pct / 100
    greedy = covering.greedy_lscp(cover, weight, share, before)
    compare = {"target_pct": params.target_pct, "greedy_sites": len(greedy.sites)}
    if params.method == "greedy":
        return "LSCP", greedy, compare
    exact = covering.exact_lscp(cover, weight, share, before, params.time_limit_s)
    best = exact if len(exact.sites) <= len(greedy.sites) else greedy
    compare["exact_sites"] = len(exact.sites)
    return "LSCP", best, compare


def _metric(gdf: gpd.GeoDataFrame | None, layer: str, crs: Any) -> gpd.GeoDataFrame:
    """``gdf`` without empty geometries, checked for a metric CRS and put in ``crs``."""
    import geopandas as gpd

    if gdf is None:
        return gpd.GeoDataFrame(geometry=[], crs=crs)
    if gdf.crs is None:
        raise InputError(f"the {layer} layer has no CRS: set one (e.g. EPSG:2180) and run again")
    metres = gdf.crs.is_projected and gdf.crs.axis_info[0].unit_name in ("metre", "meter")
    if crs is None and not metres:
        raise InputError(f"the {layer} layer is in {gdf.crs.name}, not in metres: "
                         "reproject it to EPSG:2180 or a PL-2000 zone")  # fmt: skip
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    return gdf if crs is None or gdf.crs == crs else gdf.to_crs(crs)


def _demand(inputs: RackInputs, params: RackParams, crs: Any) -> gpd.GeoDataFrame:
    """Demand points: source, weight, user, the point shown and the geometry snapped (``snap``).

    ``user`` numbers the user behind each trip start and end; -1 for other demand.
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    parts: list[tuple[str, float, np.ndarray, np.ndarray | None]] = []
    if inputs.activities is not None:
        trips = _metric(inputs.activities, "activities", crs)
        if params.activity_types:
            if "type" not in trips:
                raise InputError("the activities layer has no 'type' column: import the tracks "
                                 "with 'urbanista import tracks', or take every type")  # fmt: skip
            trips = trips[trips["type"].isin(params.activity_types)]
        if "user_id" not in trips:
            raise InputError("the activities layer has no 'user_id' column, needed to withhold "
                             "the trip ends of fewer than min_users people: import the tracks "
                             "with 'urbanista import tracks'")  # fmt: skip
        xy, trip = shapely.get_coordinates(trips.geometry.to_numpy(), return_index=True)
        first = np.flatnonzero(np.r_[True, trip[1:] != trip[:-1]]) if len(trip) else trip
        last = np.r_[first[1:] - 1, len(trip) - 1] if len(first) else first
        user = pd.factorize(trips["user_id"].to_numpy())[0][trip[first]]
        parts.append(("trip_start", params.trip_end_weight, shapely.points(xy[first]), user))
        parts.append(("trip_end", params.trip_end_weight, shapely.points(xy[last]), user))
    if inputs.reports is not None:
        reports = _metric(inputs.reports, "reports", crs)
        if "category" not in reports:
            raise InputError("the reports layer has no 'category' column: import it with "
                             "'urbanista import reports'")  # fmt: skip
        asks = reports[reports["category"] == params.report_category]
        parts.append(("report", params.report_weight, asks.geometry.to_numpy(), None))
    for kind, gdf in inputs.pois.items():
        if kind not in POI_KINDS:
            raise InputError(f"unknown kind of place {kind!r}; use {', '.join(POI_KINDS)}")
        geoms = _metric(gdf, kind, crs).geometry.to_numpy()
        parts.append((kind, params.poi_weights[kind], geoms, None))
    parts = [part for part in parts if len(part[2]) and part[1] > 0]
    if not parts:
        raise InputError(
            "there is no demand: no trips of the chosen types, no missing-rack reports "
            "and no points of interest (or all their weights are 0)"
        )
    snap = np.concatenate([g for _, _, g, _ in parts])
    sizes = [len(g) for _, _, g, _ in parts]
    users = [np.full(len(g), -1) if u is None else u for _, _, g, u in parts]
    return gpd.GeoDataFrame({
        "source": pd.Categorical(np.repeat([s for s, _, _, _ in parts], sizes)),
        "weight": np.repeat([w for _, w, _, _ in parts], sizes),
        "user": np.concatenate(users),
        "snap": snap,
    }, geometry=shapely.point_on_surface(snap), crs=crs)  # fmt: skip


def _uncovered_cells(
    demand: gpd.GeoDataFrame, near_street: np.ndarray, params: RackParams
) -> tuple[gpd.GeoDataFrame, float]:
    """Uncovered ``demand`` summed per square cell, trip ends of too few users withheld.

    Returns the cells that show something and the trip-end demand withheld.
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    size = params.uncovered_cell_m
    xy = shapely.get_coordinates(demand.geometry.to_numpy())
    source = demand["source"].astype(str).to_numpy()
    rows = pd.DataFrame({
        "col": np.floor(xy[:, 0] / size).astype(np.int64),
        "row": np.floor(xy[:, 1] / size).astype(np.int64),
        "weight": demand["weight"].to_numpy(float),
        "near_weight": demand["weight"].to_numpy(float) * near_street,
        "trip_ends": np.isin(source, ("trip_start", "trip_end")),
        "trip_users": demand["user"].where(demand["user"] >= 0).to_numpy(),
        **{f"{kind}s": source == kind for kind in ("report", *POI_KINDS)},
    })  # fmt: skip
    users = rows.groupby(["col", "row"])["trip_users"].transform("nunique")
    hidden = rows["trip_ends"].to_numpy() & (users.to_numpy() < params.min_users)
    withheld = float(rows["weight"][hidden].sum())
    cells = rows[~hidden].groupby(["col", "row"]).agg({
        "weight": "sum", "trip_ends": "sum", "trip_users": "nunique", "reports": "sum",
        **{f"{kind}s": "sum" for kind in POI_KINDS}, "near_weight": "sum",
    }).astype({"trip_ends": "Int64", "trip_users": "Int64"})  # fmt: skip
    cells.loc[cells["trip_users"] < params.min_users, ["trip_ends", "trip_users"]] = pd.NA
    cells["near_street_share"] = (cells.pop("near_weight") / cells["weight"]).round(3)
    cells["weight"] = cells["weight"].round(3)
    cells = cells.sort_values("weight", ascending=False, kind="stable").reset_index()
    col, row = cells.pop("col").to_numpy(), cells.pop("row").to_numpy()
    boxes = shapely.box(col * size, row * size, (col + 1) * size, (row + 1) * size)
    return gpd.GeoDataFrame(cells, geometry=boxes, crs=demand.crs), withheld


def _candidates(streets: np.ndarray, spacing_m: float) -> np.ndarray:
    """Points at most ``spacing_m`` apart along each line, its ends included, once each."""
    import shapely

    lines = shapely.get_parts(streets)
    length = shapely.length(lines)
    pieces = np.maximum(np.ceil(length / spacing_m), 1).astype(np.int64)
    line = np.repeat(np.arange(len(lines)), pieces + 1)
    step = np.arange(len(line)) - np.repeat(np.cumsum(pieces + 1) - pieces - 1, pieces + 1)
    at = step / pieces[line]
    points: np.ndarray = shapely.line_interpolate_point(lines[line], at, normalized=True)
    _, first = np.unique(np.round(shapely.get_coordinates(points), 1), axis=0, return_index=True)
    return points[np.sort(first)]


def _lines(
    summary: Mapping[str, Any], sites: gpd.GeoDataFrame, params: RackParams
) -> tuple[str, ...]:
    by_source = ", ".join(f"{k} {v:g}" for k, v in summary["demand_by_source"].items())
    lines = [
        f"Demand {summary['demand_total']:g} at {summary['demand_points']} points ({by_source}); "
        f"a stand serves a {params.walk_m:g} m walk along the streets.",
        *unrecorded_line(summary, "no trip ends of it are demand"),
        f"{summary['existing_racks']} existing racks cover {summary['covered_before_pct']:g}% "
        f"of demand; {summary['new_sites']} new stands ({summary['model']}) raise it to "
        f"{summary['covered_after_pct']:g}%.",
    ]
    if "optimality_gap_pct" in summary:
        lines.append(f"Optimality gap {summary['optimality_gap_pct']:g}% (greedy alone: "
                     f"{summary['greedy_gap_pct']:g}%).")  # fmt: skip
    if "exact_sites" in summary:
        lines.append(f"Exact model: {summary['exact_sites']} stands; "
                     f"greedy: {summary['greedy_sites']}.")  # fmt: skip
    if len(sites):
        top = sites.iloc[0]
        lines.append(f"Best site at ({top.geometry.x:.0f}, {top.geometry.y:.0f}) adds "
                     f"{top['covered_demand']:g} demand.")  # fmt: skip
    withheld = summary["uncovered_trip_ends_withheld"]
    if summary["uncovered_cells"] or withheld:
        lines.append(f"Uncovered demand {summary['uncovered_shown']:g} shown in "
                     f"{summary['uncovered_cells']} cells of {params.uncovered_cell_m:g} m"
                     + (f"; trip ends worth {withheld:g} withheld (cells with fewer than "
                        f"{params.min_users} users)." if withheld else "."))  # fmt: skip
    if summary["demand_far_from_streets"]:
        lines.append(f"{summary['demand_far_from_streets']:g} demand lies over "
                     f"{params.snap_m:g} m from any street and cannot be served.")  # fmt: skip
    return tuple(lines)
