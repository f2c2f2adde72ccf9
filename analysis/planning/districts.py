"""Figures per district: residents, cycling, cycleways, racks, reports and CO2 avoided.

Every figure is counted inside each district polygon: tracks and cycleways are
clipped to it (their length inside, not of every line that touches it), racks
and reports are points in it (a point on a shared border counts once, for the
first district). The districts must not overlap, or km would count twice.

CO2 avoided by cycling is an estimate with two assumptions, both parameters and
printed with the figure: the share of cycled km that replace a car trip, and
the CO2 a car emits per km. The default 120 g/km is the European Environment
Agency's average for new passenger cars registered in Europe in 2019 (122.3 g/km,
NEDC laboratory test; EEA indicator "CO2 performance of new passenger cars in
Europe"), rounded down; real driving and the older fleet on the road emit more,
so the figure is conservative. The default share 0.3 is a placeholder to be
replaced by the city's travel survey (the share of cyclists who would otherwise
drive). The observed figure covers only the recorded tracks, and is scaled to
a year linearly (x 365.25 / days from the first track's start to the last
one's end), which overstates a year when the tracks cover only the cycling
season.

Privacy (:mod:`analysis.privacy.release`): activities are personal data. Each
gets its probable person (duplicates dropped) and its release group, its
activity type (the one choice of activities the figures make: which types are
cycling). A track counts in a district, for users, km and CO2, only if its type
has ``min_users`` or more people riding or walking in that district; a district
with no such track shows no activity figures (empty), and the summary counts
those districts. So no figure, and no difference between the figures for two
choices of cycling types, reflects fewer than ``min_users`` people. The span of
observed days (to scale CO2 to a year) is taken from the tracks counted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.errors import InputError
from analysis.params import check, param
from analysis.planning.activity_types import unrecorded_line, unrecorded_types
from analysis.planning.inputs import Inputs, Slot, ride_copies
from analysis.planning.result import AnalysisResult, layer_parameters, parameters_of
from analysis.progress import NullProgress, Progress, check_cancelled
from analysis.registry import N_, Analysis
from analysis.workspace import roles as r

POPULATION_FIELDS = ("ludnosc", "population", "pop", "liczba_mieszkancow")
"""Field names that hold a district's residents, tried in order (case-insensitive)."""
NAME_FIELDS = ("nazwa", "name", "nazwa_dzielnicy", "dzielnica", "district", "teryt", "id")
"""Fields that name a district in messages, tried in order."""
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class DistrictParams:
    """Which fields to read and the assumptions of the CO2 estimate."""

    population_field: str | None = param(None, flag="--population-field")
    """The districts' field of residents (default: ludnosc, population, pop or
    liczba_mieszkancow, whichever they have)."""
    car_share: float = param(0.3, at_least=0, at_most=1, flag="--car-share")
    """Share of cycled km that replace a car trip (0-1)."""
    car_co2_g_per_km: float = param(
        120.0, unit="g/km", at_least=0, at_most=10_000, flag="--car-co2"
    )
    """CO2 a car emits per km (EEA new-car average 2019, 122.3 g/km, rounded down)."""
    cycling_types: tuple[str, ...] = ("cycling",)
    """Activity types whose km count as cycling for the CO2 estimate."""
    observed_days: float | None = param(None, unit="days", above=0, at_most=36_525)
    """Days the tracks cover, to scale CO2 to a year; None: from the tracks' start times."""
    closed_statuses: tuple[str, ...] = ("closed", "rejected")
    """Report statuses that are not open backlog; any other (or none) is backlog."""
    overlap_tolerance_m2: float = param(1.0, unit="m2", at_least=0, at_most=1_000_000)
    """Overlaps between districts smaller than this (digitising slivers) are accepted."""
    min_users: int = param(5, at_least=0, at_most=1_000_000, flag="--min-users")
    """k-anonymity: a district counts activities of a type only if this many people have some."""

    def __post_init__(self) -> None:
        check(self)


def district_stats(
    districts: gpd.GeoDataFrame,
    cycleways: gpd.GeoDataFrame | None = None,
    racks: gpd.GeoDataFrame | None = None,
    reports: gpd.GeoDataFrame | None = None,
    activities: gpd.GeoDataFrame | None = None,
    params: DistrictParams | None = None,
    layer_names: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    copies: pd.DataFrame | None = None,
) -> AnalysisResult:
    """Count residents, cycling, cycleways, racks and reports per district.

    Parameters
    ----------
    districts
        Polygons in a metric CRS, with a population field.
    cycleways, racks, reports, activities
        Lines, points, points (``category``, ``status``) and tracks (``user_id``,
        ``type``, ``start``, ``duration_s``); reprojected to the districts' CRS.
        A layer left out (None) leaves its figures out.
    params
        Fields and assumptions; defaults if None.
    layer_names
        The layers' names in the workspace (``{"districts": "dzielnice"}``), for messages.
    progress
        Receives progress and cancellation.
    copies
        Copies of rides the track import left out, which tie identities
        (:func:`~analysis.io.tracks.store.read_copies`); None: none.

    Returns
    -------
    AnalysisResult
        ``districts`` with the table ``stats``: the district polygons with every figure.

    Raises
    ------
    InputError
        If the districts are empty, without a metric CRS, invalid or overlapping,
        or have no population field; or another layer has no CRS.
    """
    params = params or DistrictParams()
    progress = progress or NullProgress()
    names = {key: key for key in ("districts", "cycleways", "racks", "reports", "activities")}
    names.update(layer_names or {})
    check_districts(districts, params, names["districts"])
    population_field = _population_field(districts, params, names["districts"])
    crs = districts.crs
    frame = districts.reset_index(drop=True)
    areas = frame.geometry.values
    kept = frame.drop(columns=[frame.geometry.name, population_field])  # it becomes population
    stats = gpd.GeoDataFrame(kept, geometry=list(areas), crs=crs)
    stats["population"] = frame[population_field].fillna(0).astype("int64")
    stats["area_km2"] = frame.geometry.area / 1e6
    thousands = stats["population"].where(stats["population"] > 0) / 1000.0
    missing = []
    summary: dict[str, Any] = {
        "districts": len(stats),
        "population": int(stats["population"].sum()),
        "population_field": population_field,
    }

    if activities is not None:
        tracks = _in_crs(activities, crs, names["activities"])
        for column in ("user_id", "type"):
            _require(tracks, column, names["activities"])
        summary.update(_activity_columns(stats, areas, tracks, params, copies))
        summary.update(unrecorded_types(tracks, params.cycling_types))
    else:
        missing.append("activities")
    check_cancelled(progress)
    progress.report(0.6, "tracks clipped to the districts")

    if cycleways is not None:
        lines = _in_crs(cycleways, crs, names["cycleways"])
        which, lengths = _clipped_lengths(areas, lines.geometry.values)
        stats["cycleway_km"] = _sum_per(which, lengths, len(stats)) / 1000.0
        stats["cycleway_km_per_1000"] = stats["cycleway_km"] / thousands
        summary["cycleway_km"] = round(float(stats["cycleway_km"].sum()), 2)
    else:
        missing.append("cycleways")

    if racks is not None:
        points = _in_crs(racks, crs, names["racks"])
        stats["racks"] = np.bincount(_district_of(areas, points), minlength=len(stats) + 1)[1:]
        stats["racks_per_1000"] = stats["racks"] / thousands
        summary["racks"] = int(stats["racks"].sum())
    else:
        missing.append("racks")

    if reports is not None:
        points = _in_crs(reports, crs, names["reports"])
        for column in ("category", "status"):
            _require(points, column, names["reports"])
        _report_columns(stats, points, _district_of(areas, points), params)
        stats["reports_per_1000"] = stats["reports"] / thousands
        summary.update(
            reports=int(stats["reports"].sum()), open_backlog=int(stats["open_backlog"].sum())
        )
    else:
        missing.append("reports")
    progress.report(1.0, "district figures counted")
    summary["missing_layers"] = missing
    return AnalysisResult(
        "districts",
        {"stats": stats},
        summary=summary,
        parameters={
            **parameters_of(params),
            "population_field": population_field,
            **layer_parameters({k: "" if k in missing else v for k, v in names.items()}),
        },
        lines=_lines(stats, summary, params),
        titles={"stats": "Figures per district"},
    )


def check_districts(
    districts: gpd.GeoDataFrame, params: DistrictParams, layer: str = "districts"
) -> None:
    """Raise :class:`InputError` unless ``districts`` are valid, disjoint polygons in metres.

    The message names the features by their name field (see :data:`NAME_FIELDS`)
    and row index, and says what to do.
    """
    if districts.empty:
        raise InputError(f"the district layer {layer!r} is empty: import the district polygons")
    if districts.crs is None:
        raise InputError(f"the district layer {layer!r} has no CRS: import it again with its CRS")
    if not districts.crs.is_projected:
        raise InputError(
            f"the district layer {layer!r} is in {districts.crs.to_string()}, in degrees: "
            f"reproject it to a metric CRS such as EPSG:2180"
        )
    geoms = districts.geometry.values
    label = _labeller(districts)
    polygon = np.isin(shapely.get_type_id(geoms), (3, 6))
    if not polygon.all():
        bad = ", ".join(label(i) for i in np.flatnonzero(~polygon)[:5])
        raise InputError(
            f"{layer!r} holds features that are not polygons (or empty): {bad}; "
            f"remove them or pick the polygon layer of districts"
        )
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    if invalid.size:
        reasons = shapely.is_valid_reason(geoms[invalid])
        listed = "; ".join(f"{label(i)}: {r}" for i, r in zip(invalid[:5], reasons, strict=False))
        raise InputError(
            f"{invalid.size} district(s) in {layer!r} have invalid polygons ({listed}); repair "
            f"them (QGIS: Vector geometry > Fix geometries) and import the layer again"
        )
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    overlap = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    over = overlap > params.overlap_tolerance_m2
    if over.any():
        listed = "; ".join(
            f"{label(a)} and {label(b)} share {area:,.0f} m²"
            for a, b, area in zip(left[over][:5], right[over][:5], overlap[over][:5], strict=True)
        )
        raise InputError(
            f"districts in {layer!r} overlap ({listed}), so figures would count twice; "
            f"make them disjoint (QGIS: Vector geometry > Difference, or snap the shared "
            f"borders) or pick a layer of non-overlapping districts"
        )


def _labeller(frame: gpd.GeoDataFrame) -> Any:
    lower = {str(c).lower(): c for c in frame.columns}
    field = next((lower[f] for f in NAME_FIELDS if f in lower), None)
    if field is None:
        return lambda i: f"feature at index {i}"
    values = frame[field].to_numpy()
    return lambda i: f"{values[i]!r} (index {i})"


def _population_field(districts: gpd.GeoDataFrame, params: DistrictParams, layer: str) -> str:

    lower = {str(c).lower(): str(c) for c in districts.columns}
    if params.population_field is not None:
        field = lower.get(params.population_field.lower())
        if field is None:
            raise InputError(
                f"{layer!r} has no field {params.population_field!r} "
                f"(it has: {', '.join(map(str, districts.columns))})"
            )
    else:
        field = next((lower[f] for f in POPULATION_FIELDS if f in lower), None)
        if field is None:
            numeric = [
                str(c)
                for c in districts.columns
                if c != districts.geometry.name and pd.api.types.is_numeric_dtype(districts[c])
            ]
            raise InputError(
                f"{layer!r} has no population field ({', '.join(POPULATION_FIELDS)}); name it "
                f"with --population-field (numeric fields: {', '.join(numeric) or 'none'})"
            )
    if not pd.api.types.is_numeric_dtype(districts[field]):
        raise InputError(
            f"the population field {field!r} of {layer!r} is not numeric; "
            f"name the field that counts residents with --population-field"
        )
    return field


def _in_crs(frame: gpd.GeoDataFrame, crs: Any, layer: str) -> gpd.GeoDataFrame:
    if frame.crs is None:
        raise InputError(f"the layer {layer!r} has no CRS: import it again with its CRS")
    return frame.reset_index(drop=True).to_crs(crs)


def _require(frame: pd.DataFrame, column: str, layer: str) -> None:
    if column not in frame:
        raise InputError(
            f"the layer {layer!r} has no column {column!r}; import it with "
            f"Urbanista's importer, which writes it"
        )


def _clipped_lengths(areas: np.ndarray, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (district, line) that intersect, and the line's length inside the district.

    The pairs come as a 2 x N array from the spatial index: row 0 districts, row 1 lines.
    """
    pairs = shapely.STRtree(lines).query(areas, predicate="intersects")
    lengths = shapely.length(shapely.intersection(lines[pairs[1]], areas[pairs[0]]))
    return pairs, lengths


def _sum_per(pairs: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:

    sums: np.ndarray = np.bincount(pairs[0], weights=values, minlength=n)
    return sums


def _distinct_per(pairs: np.ndarray, users: np.ndarray, lengths: np.ndarray, n: int) -> np.ndarray:

    inside = lengths > 0
    frame = pd.DataFrame({"district": pairs[0][inside], "user": users[pairs[1][inside]]})
    counts: np.ndarray = (
        frame.groupby("district")["user"].nunique().reindex(range(n), fill_value=0).to_numpy()
    )
    return counts


def _district_of(areas: np.ndarray, points: gpd.GeoDataFrame) -> np.ndarray:
    """For each point, 1 + the index of the first district holding it, or 0 if none."""
    pairs = shapely.STRtree(areas).query(points.geometry.values, predicate="intersects")
    which = np.zeros(len(points), dtype=np.int64)
    first = np.unique(pairs[0], return_index=True)
    which[first[0]] = pairs[1][first[1]] + 1
    return which


def _activity_columns(
    stats: gpd.GeoDataFrame,
    areas: np.ndarray,
    tracks: gpd.GeoDataFrame,
    params: DistrictParams,
    copies: pd.DataFrame | None,
) -> dict[str, Any]:
    """Add users, km and CO2 avoided per district to ``stats``; return the totals.

    Only the (district, track) rows :func:`~analysis.privacy.release.k_safe`
    allows are counted; a district without one gets empty figures.
    """
    from analysis.privacy.release import PERSON, k_safe, with_release_groups

    n = len(stats)
    tracks, people = with_release_groups(tracks.reset_index(drop=True), ("type",), copies=copies)
    which, lengths = _clipped_lengths(areas, tracks.geometry.values)
    inside = lengths > 0
    which, lengths = which[:, inside], lengths[inside]
    counted = k_safe(which[0], which[1], tracks, params.min_users)
    which, lengths = which[:, counted], lengths[counted]
    shown = np.bincount(which[0], minlength=n) > 0
    person = tracks[PERSON].to_numpy(np.int64)
    cycling = tracks["type"].isin(params.cycling_types).to_numpy()
    used = tracks.iloc[np.unique(which[1])]
    observed = _observed_days(used, params)
    scale = DAYS_PER_YEAR / observed if observed else np.nan
    figures = {
        "activity_users": _distinct_per(which, person, lengths, n).astype(float),
        "activity_km": _sum_per(which, lengths, n) / 1000.0,
        "cycling_km": _sum_per(which, lengths * cycling[which[1]], n) / 1000.0,
    }
    figures["co2_avoided_kg"] = (
        figures["cycling_km"] * params.car_share * params.car_co2_g_per_km / 1e3
    )
    figures["co2_avoided_kg_per_year"] = figures["co2_avoided_kg"] * scale
    for name, values in figures.items():
        column = pd.Series(np.where(shown, values, np.nan), index=stats.index)
        stats[name] = column.round().astype("Int64") if name == "activity_users" else column
    return {
        "activity_users": len(np.unique(person[which[1]])),
        "activity_km": round(float(stats["activity_km"].sum()), 1),
        "cycling_km": round(float(stats["cycling_km"].sum()), 1),
        "observed_days": round(observed, 1) if observed else None,
        "co2_avoided_kg": round(float(stats["co2_avoided_kg"].sum()), 1),
        "co2_avoided_kg_per_year": round(float(stats["co2_avoided_kg_per_year"].sum()), 1),
        "activity_districts_withheld": int((~shown).sum()),
        "min_users": params.min_users,
        **people,
    }


def _report_columns(
    stats: gpd.GeoDataFrame, reports: gpd.GeoDataFrame, which: np.ndarray, params: DistrictParams
) -> None:

    n = len(stats)
    inside = which > 0
    category = reports["category"].fillna("uncategorised").astype(str).to_numpy()[inside]
    table = pd.crosstab(which[inside] - 1, category).reindex(range(n), fill_value=0)
    stats["reports"] = np.bincount(which, minlength=n + 1)[1:]
    for name in sorted(table.columns):
        stats["reports_" + re.sub(r"\W+", "_", name).lower()] = table[name].to_numpy()
    backlog = ~reports["status"].isin(params.closed_statuses).to_numpy()
    stats["open_backlog"] = np.bincount(which[backlog], minlength=n + 1)[1:]


def _observed_days(tracks: gpd.GeoDataFrame, params: DistrictParams) -> float | None:

    if params.observed_days is not None:
        return params.observed_days
    if "start" not in tracks or tracks.empty:
        return None
    start = pd.to_datetime(tracks["start"], utc=True)
    end = start + pd.to_timedelta(tracks.get("duration_s", 0), unit="s")
    days = (end.max() - start.min()).total_seconds() / 86400.0
    return days if days > 0 else None


def _lines(
    stats: gpd.GeoDataFrame,
    summary: Mapping[str, Any],
    params: DistrictParams,
) -> tuple[str, ...]:
    label = _labeller(stats)
    population = summary["population"]
    lines = [
        f"{summary['districts']} districts, {population:,} residents "
        f"(field {summary['population_field']!r})"
    ]
    if "cycleway_km" in summary:
        per = stats["cycleway_km_per_1000"]
        low = f"{label(int(per.idxmin()))}, {per.min():.2f}" if per.notna().any() else "-"
        lines.append(
            f"cycleways: {summary['cycleway_km']:.1f} km inside the districts; "
            f"fewest km per 1,000 residents: {low}"
        )
    if "racks" in summary:
        per_1000 = summary["racks"] / max(population, 1) * 1000.0
        lines.append(f"racks: {summary['racks']} ({per_1000:.2f} per 1,000 residents)")
    if "reports" in summary:
        lines.append(
            f"reports: {summary['reports']}, open backlog {summary['open_backlog']} "
            f"(statuses other than {', '.join(params.closed_statuses)})"
        )
    if "activity_km" in summary:
        lines.append(
            f"activities: {summary['activity_users']} users, {summary['activity_km']:,.0f} km "
            f"inside the districts, of which cycling {summary['cycling_km']:,.0f} km, counted "
            f"where {summary['min_users']} or more people share the activity type"
        )
        if summary["activity_districts_withheld"]:
            lines.append(
                f"{summary['activity_districts_withheld']} of {summary['districts']} districts "
                f"show no activity figures (fewer than {summary['min_users']} people)"
            )
        days = summary["observed_days"]
        year = (
            f", about {summary['co2_avoided_kg_per_year']:,.0f} kg a year "
            f"(x {DAYS_PER_YEAR}/{days:.0f} days observed, linearly)"
            if days
            else ""
        )
        lines.append(
            f"CO2 avoided by recorded cycling: {summary['co2_avoided_kg']:,.0f} kg{year}, "
            f"assuming {params.car_share:.0%} of cycled km replace a car trip at "
            f"{params.car_co2_g_per_km:g} g CO2/km"
        )
        lines.extend(unrecorded_line(summary, "none of its km count as cycling"))
    if summary["missing_layers"]:
        lines.append(f"left out (no layer): {', '.join(summary['missing_layers'])}")
    return tuple(lines)


KEY = "districts"
STATS = f"{KEY}_stats"
"""The stored table of the district polygons with every figure."""


def run(inputs: Inputs, params: DistrictParams, progress: Progress) -> AnalysisResult:
    """:func:`district_stats` on the layers of :data:`ANALYSIS`' slots."""
    layers = inputs.layers
    return district_stats(
        inputs.layer("districts"),
        layers["cycleways"],
        layers["racks"],
        layers["reports"],
        layers["activities"],
        params=params,
        layer_names=inputs.names,
        progress=progress,
        copies=ride_copies(inputs),
    )


ANALYSIS = Analysis(
    key=KEY,
    title=N_("District statistics"),
    description=N_(
        "Per district: residents, activity users and km, cycleway km, racks and reports "
        "(per 1,000 residents), open backlog and CO2 avoided by cycling. Layers not named "
        "are guessed; one the workspace lacks is left out and said so."
    ),
    params=DistrictParams,
    run=run,
    slots=(
        Slot(
            "districts",
            r.DISTRICTS,
            required=True,
            help="Polygon layer of districts (default: the largest that looks like one).",
        ),
        Slot("cycleways", r.CYCLEWAYS),
        Slot("racks", r.RACKS),
        Slot("reports", r.REPORTS),
        Slot("activities", r.ACTIVITIES, help="Layer of activity tracks (default: activities)."),
    ),
)
"""The district statistics in the registry (:mod:`analysis.registry`)."""
