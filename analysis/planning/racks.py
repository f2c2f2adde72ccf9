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

Privacy (:mod:`analysis.privacy.release`): trip starts and ends are personal
data. Every activity first gets its probable person (duplicates dropped); its
release group is its activity type, the only filter of activities the siting
takes. A trip start or end becomes demand only where its square privacy cell
of :data:`PRIVACY_CELL_M` (on multiples of it in the CRS) holds trip starts or
ends of its type from at least ``min_users`` people: the optimiser never sees
demand of fewer. The privacy cell is fixed, not the display cell
``uncovered_cell_m``: a user-set cell of 10 km would make a whole city one cell,
every lone resident's trip start and end would be demand at their own point,
and a stand could be placed at one person's door. Within a privacy cell a
person counts as at most one trip start and one trip end per activity type,
each of weight ``trip_end_weight`` (placed at the one of their points nearest
the mean of them there): trip-end demand counts people, not trips. A stand
serves people who need somewhere to park, and a commuter who arrives 80 times
needs one place, not 80; counted by trips, one frequent rider among four others
would outweigh them and pull a stand to their door. The cap is per type so
that the demand of several types is the sum of their demands (whole release
groups).

A walk of ``walk_m`` may reach only part of a privacy cell, so the figures of a
site count trip-end demand of one type only if at least ``min_users`` people
are behind it: ``demand_within_walk``, ``points_within_walk``, ``trip_ends``
and ``trip_users`` count the trip starts and ends within the walk of each type
of ``min_users`` or more people there, ``covered_demand`` those of each type of
``min_users`` or more people among the ones the site newly covers. The rest is
left out of the site's figures (the site itself stays: it was chosen on
k-safe demand).

The demand left uncovered is never shown point by point either. It is summed
in display cells of ``uncovered_cell_m``; the uncovered trip starts and ends of
a display cell and type from fewer than ``min_users`` people (a stand may
cover part of a cell) are withheld and their demand left out of the cell's
weight, and the summary says how much was withheld in all. Reports and points
of interest are not personal and are always shown. Coverage itself is
computed on the points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from analysis.errors import InputError, ParameterError
from analysis.params import check, check_work, param
from analysis.planning.activity_types import unrecorded_line, unrecorded_types
from analysis.planning.inputs import Inputs, Slot, ride_copies
from analysis.planning.result import AnalysisResult, layer_parameters, parameters_of
from analysis.privacy.people import COLUMNS as PEOPLE_COLUMNS
from analysis.progress import NullProgress, Progress, Steps, check_cancelled
from analysis.registry import N_, Analysis
from analysis.workspace import roles as r

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from analysis.planning.covering import Solution

POI_KINDS = ("school", "bus_stop", "shop", "park")
PRIVACY_CELL_M = 100.0
"""Side of the square cells (on multiples of it in the CRS) where trip starts and ends
must come from ``min_users`` people to be demand; fixed, whatever ``uncovered_cell_m``."""
MAX_STEPS = 120_000_000_000
"""Steps of the walking-distance search at most, counted as candidate sites x (street nodes +
:data:`REACHED_COST` x the nodes within a walk): at 0.74 ns a step, measured on the sample
city on 2 cores, about 90 s. The search from each site clears an array over every node of
the street graph, which grows with the sites, so the time grows with their square: at 2 m
spacing (278,000 sites) 59 s, at 1 m (556,000) some 4 minutes."""
REACHED_COST = 50
"""A node reached within a walk costs this many times a node only cleared (measured: a walk of
5 km over the whole sample city)."""
MAX_PAIRS = 100_000_000
"""Pairs of a candidate site and a demand point within a walk at most, as estimated from the
area the streets span (16 bytes each while found)."""


@dataclass(frozen=True)
class RackParams:
    """Where demand comes from, how far people walk, and what to optimise."""

    new_sites: int = param(10, at_least=0, at_most=10_000, flag="--new")
    """MCLP: the number of new stands to place."""
    target_pct: float | None = param(None, unit="%", above=0, at_most=100, flag="--target-pct")
    """Set covering: the share of all demand to cover with the fewest stands, instead of
    placing a number of new stands."""
    walk_m: float = param(150.0, unit="m", above=0, at_most=5_000, flag="--walk")
    """Largest walk along the streets between a stand and the demand it serves."""
    candidate_spacing_m: float = param(50.0, unit="m", at_least=1, at_most=5_000, flag="--spacing")
    """Candidate sites lie at most this far apart along each street, and at its ends."""
    snap_m: float = param(100.0, unit="m", at_least=0, at_most=5_000)
    """Demand and racks farther than this from every street are reached by no stand."""
    activity_types: tuple[str, ...] = param(("cycling",), flag="--type")
    """Activity types whose trip ends are demand; empty: every type."""
    trip_end_weight: float = param(1.0, at_least=0, at_most=1_000_000, flag="--trip-weight")
    """Demand of one trip start or end."""
    report_weight: float = param(5.0, at_least=0, at_most=1_000_000, flag="--report-weight")
    """Demand of one citizen report of a missing rack."""
    report_category: str = "missing_bike_rack"
    """The reports' ``category`` that asks for a rack."""
    school_weight: float = param(20.0, at_least=0, at_most=1_000_000, flag="--school-weight")
    """Demand of one school."""
    bus_stop_weight: float = param(3.0, at_least=0, at_most=1_000_000, flag="--bus-stop-weight")
    """Demand of one public transport stop (bike and ride)."""
    shop_weight: float = param(10.0, at_least=0, at_most=1_000_000, flag="--shop-weight")
    """Demand of one shop or market."""
    park_weight: float = param(10.0, at_least=0, at_most=1_000_000, flag="--park-weight")
    """Demand of one park (reached from its edge)."""
    method: Literal["exact", "greedy"] = param("exact", flag="--method")
    """exact: the integer programme (HiGHS), greedy shown beside it; greedy: greedy only."""
    time_limit_s: float = param(60.0, unit="s", above=0, at_most=86_400)
    """Exact method: stop after this long with the best solution and its proven gap."""
    uncovered_cell_m: float = param(100.0, unit="m", at_least=1, at_most=10_000, flag="--cell")
    """Uncovered demand is shown summed in square cells this wide, on multiples of it (display
    only: which trip ends are demand is decided in fixed 100 m cells)."""
    min_users: int = param(5, at_least=0, at_most=1_000_000, flag="--min-users")
    """k-anonymity: trip starts and ends count only in 100 m cells (and types) of this many
    people, and in a stand's or an uncovered cell's figures only if of this many."""

    def __post_init__(self) -> None:
        check(self)
        if self.new_sites < 1 and self.target_pct is None:
            raise ParameterError(
                "new_sites",
                "--new",
                f"the number of new stands must be at least 1, got {self.new_sites}",
            )

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
    copies: pd.DataFrame | None = None
    """Copies of rides the track import left out, which tie identities
    (:func:`analysis.io.tracks.store.read_copies`); None: none."""
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

    Trip starts and ends are demand only as the module's privacy rule allows;
    the summary says how many were recorded (``trip_ends_recorded``), left out
    in cells of fewer than ``min_users`` people (``trip_ends_withheld``) and
    merged into a person's one start or end per privacy cell and type
    (``trip_ends_merged``), with the people summary.

    ``sites`` holds the stands in rank order: ``covered_demand`` (the demand
    each adds to those before it), ``demand_within_walk`` and
    ``points_within_walk`` (all the demand it serves), ``trip_ends`` and
    ``trip_users`` (the trip starts and ends it serves and their people);
    trip-end demand of a type from fewer than ``min_users`` people is left out
    of each (see the module).

    ``uncovered`` holds square cells (polygons) of the demand no stand serves:
    ``weight`` (the demand shown), ``trip_ends`` (trip starts and ends counted,
    at most one of each per person, type and privacy cell) and ``trip_users`` (null where
    fewer than ``min_users`` people are behind them: then their demand is
    not in ``weight`` but in the summary's ``uncovered_trip_ends_withheld``),
    ``reports``, ``schools``, ``bus_stops``, ``shops``, ``parks`` (counts) and
    ``near_street_share`` (the share of ``weight`` within ``snap_m`` of a street).

    Activity types asked for that no activity has add no demand; the summary
    names them (``unrecorded_activity_types``) and the types recorded. It also
    holds ``proposed_sites`` (the stands placed) and ``covered_by_new`` (the sum
    of their ``covered_demand``: ``covered_after - covered_before`` less the
    trip ends of too few people).

    Raises
    ------
    InputError
        If a layer lacks a CRS or is in degrees, the activities lack ``user_id``,
        the streets are empty, there is no demand, no demand is near a street,
        or the target cannot be reached.
    ParameterError
        If the walking-distance search would take more than :data:`MAX_STEPS`
        steps or find more than :data:`MAX_PAIRS` pairs (naming ``--walk``
        where the walk drives it, else ``--spacing``).
    """
    import geopandas as gpd

    from analysis.planning.coverage import walking_coverage

    steps = Steps(progress or NullProgress(), [1, 6, 3])
    streets = _metric(inputs.streets, "streets", None)
    crs = streets.crs
    if streets.empty:
        raise InputError("the street layer is empty: name a layer with the street network")
    demand, trips = _demand(inputs, params, crs)
    racks = _metric(inputs.racks, "racks", crs)
    _check_work(streets.geometry.to_numpy(), len(demand), params)
    candidates = _candidates(streets.geometry.to_numpy(), params.candidate_spacing_m)
    steps.step(0).report(1.0, f"{len(demand)} demand points, {len(candidates)} candidate sites")
    facilities = np.concatenate([candidates, racks.geometry.to_numpy()])
    cover, on_demand, on_fac = walking_coverage(
        streets.geometry.to_numpy(),
        demand["snap"].to_numpy(),
        facilities,
        params.walk_m,
        params.snap_m,
        steps.step(1),
    )
    check_cancelled(progress or NullProgress())
    n_cand = len(candidates)
    weight = demand["weight"].to_numpy(float)
    before = np.asarray(cover[n_cand:].sum(axis=0)).ravel() > 0
    model, chosen, compare = _solve(cover[:n_cand], weight, before, params)
    steps.step(2).report(1.0, "sites chosen")
    useful = chosen.sites[chosen.gain > 0]  # a model may place more than it needs
    after = before | (np.asarray(cover[useful].sum(axis=0)).ravel() > 0)
    figures = _site_figures(cover[useful].tocsr(), before, demand, params.min_users)
    sites = gpd.GeoDataFrame(
        {"rank": np.arange(1, len(useful) + 1), **figures}, geometry=candidates[useful], crs=crs
    )
    uncovered, withheld = _uncovered_cells(demand[~after], on_demand.ok[~after], params)
    total = float(weight.sum())
    summary = {
        "model": model,
        "method": params.method,
        "optimal": chosen.optimal,
        "demand_total": round(total, 3),
        "demand_points": len(demand),
        "demand_by_source": {
            k: round(float(v), 3) for k, v in demand.groupby("source")["weight"].sum().items()
        },
        "demand_far_from_streets": round(float(weight[~on_demand.ok].sum()), 3),
        "existing_racks": len(racks),
        "racks_far_from_streets": int((~on_fac.ok[n_cand:]).sum()),
        "candidates": n_cand,
        "new_sites": len(useful),
        "covered_before": round(float(weight[before].sum()), 3),
        "covered_after": round(float(weight[after].sum()), 3),
        "covered_before_pct": round(100 * float(weight[before].sum()) / total, 2),
        "covered_after_pct": round(100 * float(weight[after].sum()) / total, 2),
        "proposed_sites": len(sites),
        "covered_by_new": round(float(sites["covered_demand"].sum()), 3),
        "uncovered_cells": len(uncovered),
        "uncovered_shown": round(float(uncovered["weight"].sum()), 3),
        "uncovered_trip_ends_withheld": round(withheld, 3),
        "min_users": params.min_users,
        **trips,
        **compare,
        **unrecorded_types(inputs.activities, params.activity_types),
    }
    return AnalysisResult(
        "racks",
        {"sites": sites, "uncovered": uncovered},
        summary=summary,
        parameters={**parameters_of(params), **layer_parameters(inputs.names)},
        lines=_lines(summary, sites, params),
        titles={
            "sites": f"Proposed bike stands ({model}, {params.walk_m:g} m walk)",
            "uncovered": f"Demand beyond a {params.walk_m:g} m walk of any stand, "
            f"per {params.uncovered_cell_m:g} m cell",
        },
    )


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

        compare.update(
            {
                "optimum_bound": round(bound, 3),
                "optimality_gap_pct": gap(best),
                "greedy_gap_pct": gap(greedy),
            }
        )
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
        raise InputError(
            f"the {layer} layer is in {gdf.crs.name}, not in metres: "
            "reproject it to EPSG:2180 or a PL-2000 zone"
        )
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    return gdf if crs is None or gdf.crs == crs else gdf.to_crs(crs)


def _demand(
    inputs: RackInputs, params: RackParams, crs: Any
) -> tuple[gpd.GeoDataFrame, dict[str, Any]]:
    """Demand points and what the privacy rule did to the trip ends (:func:`_trip_ends`).

    The points have a source, a weight, the person and release group behind a
    trip start or end (-1 for other demand), their display cell of
    ``uncovered_cell_m`` (``col``, ``row``), the point shown and the geometry
    snapped (``snap``).
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    parts: list[tuple[str, float, np.ndarray, pd.DataFrame | None]] = []
    trips: dict[str, Any] = {}
    if inputs.activities is not None:
        ends, trips = _trip_ends(inputs.activities, params, crs, inputs.copies)
        for end, source in enumerate(("trip_start", "trip_end")):
            mine = ends[ends["end"] == end]
            points = shapely.points(mine[["x", "y"]].to_numpy())
            parts.append((source, params.trip_end_weight, points, mine))
    if inputs.reports is not None:
        reports = _metric(inputs.reports, "reports", crs)
        if "category" not in reports:
            raise InputError(
                "the reports layer has no 'category' column: import it with "
                "'urbanista import reports'"
            )
        asks = reports[reports["category"] == params.report_category]
        parts.append(("report", params.report_weight, asks.geometry.to_numpy(), None))
    for kind, gdf in inputs.pois.items():
        if kind not in POI_KINDS:
            raise InputError(f"unknown kind of place {kind!r}; use {', '.join(POI_KINDS)}")
        geoms = _metric(gdf, kind, crs).geometry.to_numpy()
        parts.append((kind, params.poi_weights[kind], geoms, None))
    parts = [part for part in parts if len(part[2]) and part[1] > 0]
    if not parts:
        withheld = trips.get("trip_ends_withheld", 0)
        raise InputError(
            "there is no demand: no trips of the chosen types, no missing-rack reports "
            "and no points of interest (or all their weights are 0)"
            + (
                f"; {withheld} trip starts and ends lie in cells of fewer than "
                f"{params.min_users} people (min_users) and are not counted"
                if withheld
                else ""
            )
        )
    snap = np.concatenate([g for _, _, g, _ in parts])
    shown = shapely.point_on_surface(snap)
    sizes = [len(g) for _, _, g, _ in parts]
    # Trip ends carry the person and release group they were counted with.
    cell = np.floor(shapely.get_coordinates(shown) / params.uncovered_cell_m).astype(np.int64)
    who = np.full((len(snap), 2), -1, dtype=np.int64)
    for (_, _, _, frame), at in zip(parts, np.cumsum([0, *sizes[:-1]]), strict=True):
        if frame is not None:
            who[at : at + len(frame)] = frame[["person", "group"]].to_numpy(np.int64)
    return gpd.GeoDataFrame(
        {
            "source": pd.Categorical(np.repeat([s for s, _, _, _ in parts], sizes)),
            "weight": np.repeat([w for _, w, _, _ in parts], sizes),
            "person": who[:, 0],
            "group": who[:, 1],
            "col": cell[:, 0],
            "row": cell[:, 1],
            "snap": snap,
        },
        geometry=shown,
        crs=crs,
    ), trips


def _trip_ends(
    activities: gpd.GeoDataFrame, params: RackParams, crs: Any, copies: pd.DataFrame | None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The trip starts (``end`` 0) and ends (1) counted as demand, one per person, cell and type.

    Persons are worked out over every activity before the type filter, so that
    who is who does not change with it. A start or end counts only where its
    privacy cell (:data:`PRIVACY_CELL_M`) and release group (type) hold ``min_users`` people
    (:func:`analysis.privacy.release.k_safe`); a person's starts (or ends) of
    one type in one cell become one, the one nearest their mean. Returns the points
    (``end``, ``col``, ``row``, ``group``, ``person``, ``x``, ``y``) and the
    people summary with the trip ends recorded, withheld and merged.
    """
    import pandas as pd
    import shapely

    from analysis.privacy.release import GROUP, PERSON, k_safe, with_release_groups

    trips = _metric(activities, "activities", crs)
    if params.activity_types and "type" not in trips:
        raise InputError(
            "the activities layer has no 'type' column: import the tracks "
            "with 'urbanista import tracks', or take every type"
        )
    if "user_id" not in trips:
        raise InputError(
            "the activities layer has no 'user_id' column, needed to count "
            "the trip ends of fewer than min_users people: import the tracks "
            "with 'urbanista import tracks'"
        )
    trips, people = with_release_groups(trips.reset_index(drop=True), ("type",), copies=copies)
    if params.activity_types:
        trips = trips[trips["type"].isin(params.activity_types)].reset_index(drop=True)
    xy, line = shapely.get_coordinates(trips.geometry.to_numpy(), return_index=True)
    first = np.flatnonzero(np.r_[True, line[1:] != line[:-1]]) if len(line) else line
    last = np.r_[first[1:] - 1, len(line) - 1] if len(first) else first
    at = np.concatenate([first, last])
    activity = line[at]
    cell = np.floor(xy[at] / PRIVACY_CELL_M).astype(np.int64)
    unit = np.unique(cell, axis=0, return_inverse=True)[1].reshape(-1)
    safe = k_safe(unit, activity, trips, params.min_users)
    ends = pd.DataFrame(
        {
            "end": np.repeat([0, 1], len(first)),
            "col": cell[:, 0],
            "row": cell[:, 1],
            "group": trips[GROUP].to_numpy(np.int64)[activity],
            "person": trips[PERSON].to_numpy(np.int64)[activity],
            "x": xy[at, 0],
            "y": xy[at, 1],
        }
    )[safe]
    # Each person's one start (or end) per cell and type: the one nearest their mean there.
    key = ["end", "col", "row", "group", "person"]
    mean = ends.groupby(key)[["x", "y"]].transform("mean")
    ends = ends.assign(off=np.hypot(ends["x"] - mean["x"], ends["y"] - mean["y"]))
    once = ends.sort_values([*key, "off"], kind="stable").drop_duplicates(key)
    once = once.drop(columns="off").reset_index(drop=True)
    return once, {
        **people,
        "trip_ends_recorded": len(at),
        "trip_ends_withheld": int((~safe).sum()),
        "trip_ends_merged": int(safe.sum()) - len(once),
    }


def _site_figures(
    by_site: Any, before: np.ndarray, demand: gpd.GeoDataFrame, k: int
) -> dict[str, np.ndarray]:
    """The figures of each site (rows of ``by_site``, in rank order), as :func:`site_racks` says.

    A site's trip starts and ends of one release group (type) count in a figure
    only if at least ``k`` people are behind those the figure counts.
    """
    import pandas as pd

    weight = demand["weight"].to_numpy(float)
    person = demand["person"].to_numpy(np.int64)
    group = demand["group"].to_numpy(np.int64)

    def shown(points: np.ndarray) -> np.ndarray:
        """Which of ``points`` a figure may count: not trip ends, or of a k-safe group."""
        trip = person[points] >= 0
        users = pd.Series(person[points]).groupby(group[points]).transform("nunique")
        return np.asarray(~trip | (users.to_numpy() >= k), dtype=bool)

    done = before.copy()
    names = (
        "covered_demand",
        "demand_within_walk",
        "points_within_walk",
        "trip_ends",
        "trip_users",
    )
    out: dict[str, list[float]] = {name: [] for name in names}
    for j in range(by_site.shape[0]):
        near = by_site.indices[by_site.indptr[j] : by_site.indptr[j + 1]]
        new = near[~done[near]]
        done[near] = True
        new = new[shown(new)]
        near = near[shown(near)]
        trips = near[person[near] >= 0]
        out["covered_demand"].append(round(float(weight[new].sum()), 3))
        out["demand_within_walk"].append(round(float(weight[near].sum()), 3))
        out["points_within_walk"].append(len(near))
        out["trip_ends"].append(len(trips))
        out["trip_users"].append(len(np.unique(person[trips])))
    return {
        name: np.asarray(values, dtype=float if "demand" in name else np.int64)
        for name, values in out.items()
    }


def _uncovered_cells(
    demand: gpd.GeoDataFrame, near_street: np.ndarray, params: RackParams
) -> tuple[gpd.GeoDataFrame, float]:
    """Uncovered ``demand`` summed per square cell, trip ends of too few people withheld.

    A cell's uncovered trip starts and ends of one release group (type) count
    only if ``min_users`` people are behind them. Returns the cells that show
    something and the trip-end demand withheld.
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    size = params.uncovered_cell_m
    source = demand["source"].astype(str).to_numpy()
    trip = np.isin(source, ("trip_start", "trip_end"))
    rows = pd.DataFrame(
        {
            "col": demand["col"].to_numpy(),
            "row": demand["row"].to_numpy(),
            "group": demand["group"].to_numpy(),
            "weight": demand["weight"].to_numpy(float),
            "near_weight": demand["weight"].to_numpy(float) * near_street,
            "trip_ends": trip,
            "trip_users": demand["person"].where(trip).to_numpy(),
            **{f"{kind}s": source == kind for kind in ("report", *POI_KINDS)},
        }
    )
    users = rows.groupby(["col", "row", "group"])["trip_users"].transform("nunique")
    hidden = trip & (users.to_numpy() < params.min_users)
    withheld = float(rows["weight"][hidden].sum())
    cells = (
        rows[~hidden]
        .groupby(["col", "row"])
        .agg(
            {
                "weight": "sum",
                "trip_ends": "sum",
                "trip_users": "nunique",
                "reports": "sum",
                **{f"{kind}s": "sum" for kind in POI_KINDS},
                "near_weight": "sum",
            }
        )
        .astype({"trip_ends": "Int64", "trip_users": "Int64"})
    )
    cells.loc[cells["trip_users"] < params.min_users, ["trip_ends", "trip_users"]] = pd.NA
    cells["near_street_share"] = (cells.pop("near_weight") / cells["weight"]).round(3)
    cells["weight"] = cells["weight"].round(3)
    cells = cells.sort_values("weight", ascending=False, kind="stable").reset_index()
    col, row = cells.pop("col").to_numpy(), cells.pop("row").to_numpy()
    boxes = shapely.box(col * size, row * size, (col + 1) * size, (row + 1) * size)
    return gpd.GeoDataFrame(cells, geometry=boxes, crs=demand.crs), withheld


def _check_work(streets: np.ndarray, demand: int, params: RackParams) -> None:
    """Refuse a walking-distance search past :data:`MAX_STEPS` or :data:`MAX_PAIRS`.

    The share of the streets within a walk of a site is estimated as a disc of
    ``walk_m`` over the area the streets span (their convex hull).
    """
    import shapely

    lines = shapely.get_parts(streets)
    length = shapely.length(lines)
    sites = float(np.sum(np.maximum(np.ceil(length / params.candidate_spacing_m), 1) + 1))
    nodes = sites + float(np.sum(shapely.get_num_coordinates(lines)))
    hull = shapely.convex_hull(shapely.multipoints(shapely.get_coordinates(lines)))
    reach = min(1.0, np.pi * params.walk_m**2 / max(float(shapely.area(hull)), 1.0))
    walk_driven = REACHED_COST * reach > 1.0
    name, flag = ("walk_m", "--walk") if walk_driven else ("candidate_spacing_m", "--spacing")
    steps = sites * nodes * (1.0 + REACHED_COST * reach)
    check_work(
        f"steps of the walking-distance search ({sites:,.0f} candidate sites x "
        f"{nodes:,.0f} street nodes)",
        steps,
        MAX_STEPS,
        name,
        flag,
    )
    check_work(
        "pairs of candidate sites and demand points within a walk",
        sites * demand * reach,
        MAX_PAIRS,
        name,
        flag,
    )


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
        *_trip_line(summary, params),
        *unrecorded_line(summary, "no trip ends of it are demand"),
        f"{summary['existing_racks']} existing racks cover {summary['covered_before_pct']:g}% "
        f"of demand; {summary['new_sites']} new stands ({summary['model']}) raise it to "
        f"{summary['covered_after_pct']:g}%.",
    ]
    if "optimality_gap_pct" in summary:
        lines.append(
            f"Optimality gap {summary['optimality_gap_pct']:g}% (greedy alone: "
            f"{summary['greedy_gap_pct']:g}%)."
        )
    if "exact_sites" in summary:
        lines.append(
            f"Exact model: {summary['exact_sites']} stands; greedy: {summary['greedy_sites']}."
        )
    if len(sites):
        top = sites.iloc[0]
        lines.append(
            f"Best site at ({top.geometry.x:.0f}, {top.geometry.y:.0f}) adds "
            f"{top['covered_demand']:g} demand."
        )
    withheld = summary["uncovered_trip_ends_withheld"]
    if summary["uncovered_cells"] or withheld:
        lines.append(
            f"Uncovered demand {summary['uncovered_shown']:g} shown in "
            f"{summary['uncovered_cells']} cells of {params.uncovered_cell_m:g} m"
            + (
                f"; trip ends worth {withheld:g} withheld (cells with fewer than "
                f"{params.min_users} users)."
                if withheld
                else "."
            )
        )
    if summary["demand_far_from_streets"]:
        lines.append(
            f"{summary['demand_far_from_streets']:g} demand lies over "
            f"{params.snap_m:g} m from any street and cannot be served."
        )
    return tuple(lines)


def _trip_line(summary: Mapping[str, Any], params: RackParams) -> list[str]:
    if not summary.get("trip_ends_recorded"):
        return []
    return [
        f"Trip starts and ends count once per person, {PRIVACY_CELL_M:g} m cell "
        f"and activity type: {summary['trip_ends_recorded']} recorded, "
        f"{summary['trip_ends_merged']} repeats merged, {summary['trip_ends_withheld']} "
        f"left out (cells of fewer than {params.min_users} people)."
    ]


KEY = "racks"
SITES = f"{KEY}_sites"
"""The stored table of proposed stands, in rank order."""
UNCOVERED = f"{KEY}_uncovered"
"""The stored table of demand no stand serves, summed in cells."""


def run(inputs: Inputs, params: RackParams, progress: Progress) -> AnalysisResult:
    """:func:`site_racks` on the layers of :data:`ANALYSIS`' slots."""
    return site_racks(rack_inputs_of(inputs), params, progress)


def rack_inputs_of(inputs: Inputs) -> RackInputs:
    """The layers of :data:`ANALYSIS`' slots as :func:`site_racks` takes them."""
    layers = inputs.layers
    return RackInputs(
        streets=inputs.layer("streets"),
        racks=layers["racks"],
        activities=layers["activities"],
        copies=ride_copies(inputs),
        reports=layers["reports"],
        pois={kind: gdf for key, kind in POI_SLOTS.items() if (gdf := layers[key]) is not None},
        names=inputs.names,
    )


POI_SLOTS = {"schools": "school", "bus_stops": "bus_stop", "shops": "shop", "parks": "park"}
"""Slots of points of interest, and their kind in :class:`RackInputs`."""

ANALYSIS = Analysis(
    key=KEY,
    title=N_("Bike stand siting"),
    description=N_(
        "Propose bike-stand sites: maximal covering of trip ends, missing-rack reports and "
        "schools, stops, shops and parks within a walk along the streets; existing racks "
        "count. Trip starts and ends are demand only in 100 m squares where enough "
        "distinct people have some of that type, one start and one end per person; the "
        "demand left uncovered is stored summed in square cells, never as single trip ends."
    ),
    params=RackParams,
    run=run,
    slots=(
        Slot("streets", r.STREETS, required=True),
        Slot("racks", r.RACKS),
        Slot("activities", r.ACTIVITIES, columns=("activity_id", "type", *PEOPLE_COLUMNS)),
        Slot("reports", r.REPORTS),
        Slot("schools", r.SCHOOLS),
        Slot("bus_stops", r.BUS_STOPS),
        Slot("shops", r.SHOPS),
        Slot("parks", r.PARKS),
    ),
    exclusive=(("new_sites", "target_pct"),),
)
"""Bike-stand siting in the registry (:mod:`analysis.registry`)."""
