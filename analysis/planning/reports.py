"""Citizen reports for planners: hotspots, likely duplicates, backlog, close times, trends.

:func:`analyze_reports` takes the reports layer (as :mod:`analysis.io.reports`
writes it: ``report_id``, ``category``, ``status``, ``created``, ``closed``...)
and, optionally, the districts, and returns an :class:`AnalysisResult` with

``hotspots``
    areas where one category's reports cluster beyond chance: Getis-Ord Gi* on
    a square grid with permutation tests (:mod:`.report_hotspots` says how and why);
``duplicates``
    reports of one category within ``duplicate_m`` metres and ``duplicate_days``
    days of another, grouped (a group is a connected chain of such pairs);
``backlog``, ``close_times``, ``months``, ``trends``
    open reports and days to close by district and category, by month, and the
    monthly trend per category (:mod:`.report_backlog`).

Without a districts layer the reports' own district column is used if they
have one, else the backlog is for the whole city (and a line says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import InputError
from analysis.params import check, param
from analysis.planning.inputs import Inputs, Slot
from analysis.planning.report_backlog import (
    WHOLE_CITY,
    add_times,
    backlog_table,
    close_times_table,
    district_names,
    months_table,
    trends_table,
)
from analysis.planning.report_hotspots import METHOD, report_hotspots
from analysis.planning.result import AnalysisResult, layer_parameters, parameters_of
from analysis.progress import NullProgress, Progress, Steps, check_cancelled
from analysis.registry import N_, Analysis
from analysis.workspace import roles as r

if TYPE_CHECKING:
    from datetime import datetime

    import geopandas as gpd
    import pandas as pd

DISTRICT_COLUMNS = ("district", "dzielnica", "osiedle")
"""Columns of the reports layer that may already name the district (case-insensitive)."""
UNKNOWN_CATEGORY = "unknown"


@dataclass(frozen=True)
class ReportParams:
    """Parameters of the report analysis.

    Attributes
    ----------
    cell_m
        Side of the square grid cells for the hotspot test.
    alpha
        Significance level of a hot cell (one-sided permutation p-value below it).
    permutations
        Conditional permutations per cell for the Gi* p-values.
    seed
        Seed of the permutations, so that a run can be repeated exactly.
    fdr
        Also control the false discovery rate over the cells (Benjamini-Hochberg).
    min_reports
        Fewest reports of a category to test it, and of a hotspot area to keep it.
    max_cells
        Largest grid allowed (memory grows with cells x permutations).
    duplicate_m
        Reports of one category at most this far apart may be duplicates.
    duplicate_days
        Reports that close are duplicates only if also created at most this many days apart.
    district_field
        Column of the districts layer holding the name (default: ``nazwa``,
        ``name``... whichever it has).
    district_column
        Column of the reports naming their district, used without a districts
        layer (default: ``district``, ``dzielnica``... whichever they have).
    as_of
        Date the backlog is counted at (default: the latest date in the layer).
    timezone
        Time zone of the months.
    """

    cell_m: float = param(100.0, unit="m", at_least=10, at_most=10_000, flag="--cell-m")
    alpha: float = param(0.05, above=0, at_most=0.5, flag="--alpha")
    permutations: int = param(999, at_least=99, at_most=99_999, flag="--permutations")
    seed: int = param(12345, at_least=0, at_most=2**32 - 1, flag="--seed")
    fdr: bool = param(True, flag="--fdr")
    min_reports: int = param(5, at_least=1, at_most=1_000_000, flag="--min-reports")
    max_cells: int = param(100_000, at_least=9, at_most=1_000_000)
    duplicate_m: float = param(50.0, unit="m", at_least=0, at_most=5_000, flag="--duplicate-m")
    duplicate_days: float = param(
        7.0, unit="days", at_least=0, at_most=3_650, flag="--duplicate-days"
    )
    district_field: str | None = param(None, flag="--district-field")
    district_column: str | None = param(None, flag="--district-column")
    as_of: datetime | None = param(None, flag="--as-of")
    timezone: str = "Europe/Warsaw"

    def __post_init__(self) -> None:
        check(self)


def analyze_reports(
    reports: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame | None = None,
    params: ReportParams = ReportParams(),
    progress: Progress | None = None,
    *,
    layer: str = "reports",
    districts_layer: str = "districts",
) -> AnalysisResult:
    """Hotspots, duplicates, backlog, close times and monthly trends of ``reports``.

    ``layer`` and ``districts_layer`` name the inputs in messages and the
    ``layer.reports`` and ``layer.districts`` parameters ("" without districts).

    Raises
    ------
    InputError
        If the reports are empty, not points, in no or a non-metric CRS, or
        have no categories or no creation dates; if the districts are unusable.
    ParameterError
        If the hotspot grid, or its cells times permutations, would pass its limit.
    Cancelled
        If ``progress`` asks to stop.
    """
    import pandas as pd

    progress = progress or NullProgress()
    steps = Steps(progress, [1, 8, 1, 1])
    frame, notes = _prepare(reports, layer)
    if districts is not None:
        frame["district"] = district_names(
            frame, districts, params.district_field, districts_layer
        ).to_numpy()
        source = f"districts of {districts_layer!r}"
    elif (column := _district_column(frame, params.district_column, layer)) is not None:
        frame["district"] = frame[column].fillna(WHOLE_CITY).astype(str).to_numpy()
        source = f"column {column!r} of {layer!r}"
    else:
        frame["district"] = WHOLE_CITY
        source = "none"
        notes.append("no districts layer nor district column: backlog for the whole city only")
    as_of = _as_of(frame, params.as_of, params.timezone)
    later = frame["created"] > as_of
    if later.all():
        raise InputError(f"no report of {layer!r} was created by {as_of.date()} (as_of)")
    if later.any():
        notes.append(f"{int(later.sum())} reports created after {as_of.date()} left out")
        frame = frame[~later].reset_index(drop=True)
    frame = add_times(frame, as_of, params.timezone)
    check_cancelled(progress)
    steps.step(0).report(1.0, "reports read")

    hotspots, untested = report_hotspots(
        frame,
        params.cell_m,
        params.alpha,
        params.permutations,
        params.seed,
        params.min_reports,
        params.max_cells,
        params.fdr,
        params.timezone,
        steps.step(1),
    )
    duplicates = find_duplicates(frame, params.duplicate_m, params.duplicate_days)
    check_cancelled(progress)
    steps.step(2).report(1.0, "duplicates found")
    backlog = backlog_table(frame)
    close_times = close_times_table(frame)
    months = months_table(frame, as_of, params.timezone)
    trends = trends_table(months)
    steps.step(3).report(1.0, "done")

    tables = {
        "hotspots": hotspots,
        "duplicates": duplicates,
        "backlog": backlog,
        "close_times": close_times,
        "months": months,
        "trends": trends,
    }
    summary = {
        **_summary(tables),
        "reports": len(frame),
        "as_of": as_of.isoformat(),
        "untested_categories": untested,
        "districts_from": source,
    }
    lines = [
        f"{len(frame):,} reports in {frame['category'].nunique()} categories, "
        f"{pd.Timestamp(frame['created'].min()).date()} to {as_of.date()}",
        *_lines(summary, trends, params),
        *notes,
    ]
    parameters = {
        **parameters_of(params),
        "hotspot_method": METHOD,
        "districts_from": source,
        "as_of": as_of.isoformat(),
        **layer_parameters(
            {
                "reports": layer,
                "districts": "" if districts is None else districts_layer,
            }
        ),
    }
    return AnalysisResult(
        "reports",
        tables,
        summary=summary,
        parameters=parameters,
        lines=tuple(lines),
        titles={
            "hotspots": "Report hotspots (Getis-Ord Gi*)",
            "duplicates": "Likely duplicate reports",
            "backlog": "Open reports and time to close by district and category",
            "close_times": "Time to close by district, category and month",
            "months": "Reports per month and category",
            "trends": "Monthly trend per category",
        },
    )


def find_duplicates(
    reports: gpd.GeoDataFrame, within_m: float, within_days: float
) -> gpd.GeoDataFrame:
    """Reports of one category within ``within_m`` metres and ``within_days`` days of another.

    Candidate pairs come from a k-d tree per category
    (:meth:`scipy.spatial.cKDTree.query_pairs`, distances ``<= within_m``),
    kept when created at most ``within_days`` apart. Groups do not chain: in
    order of creation, a report joins the group of the earliest earlier report
    it pairs with that opened a group (its original, ``first``), else it opens
    one; so every member is within both limits of its group's first report.
    Groups are numbered from 1 in order of their first report; lone reports
    are left out.
    """
    import geopandas as gpd
    from scipy.sparse import csr_matrix

    dated = reports[reports["created"].notna()].sort_values("created", kind="stable")
    xy = np.column_stack([dated.geometry.x, dated.geometry.y])
    seconds = (dated["created"] - dated["created"].min()).dt.total_seconds().to_numpy()
    pairs = [np.empty((0, 2), dtype=np.int64)]
    for positions in dated.groupby("category").indices.values():
        pair = positions[_pairs_within(xy[positions], within_m)]
        pairs.append(
            pair[np.abs(seconds[pair[:, 0]] - seconds[pair[:, 1]]) <= within_days * 86_400.0]
        )
    pair = np.sort(np.concatenate(pairs), axis=1)  # (earlier, later) in creation order
    later = csr_matrix((np.ones(len(pair)), (pair[:, 1], pair[:, 0])), shape=(len(dated),) * 2)
    group = np.full(len(dated), -1)
    for i in np.unique(pair):
        earlier = later.indices[later.indptr[i] : later.indptr[i + 1]]
        heads = earlier[group[earlier] == earlier]
        group[i] = heads.min() if len(heads) else i
    sizes = np.bincount(group[group >= 0], minlength=len(dated))
    keep = (group >= 0) & (sizes[np.maximum(group, 0)] > 1)
    firsts = np.unique(group[keep])
    number = {head: k + 1 for k, head in enumerate(firsts)}
    columns = [c for c in ("report_id", "category", "status", "created", "address") if c in dated]
    out = dated.loc[keep, [*columns, dated.geometry.name]].copy()
    out.insert(0, "group", [number[g] for g in group[keep]])
    out.insert(1, "size", out.groupby("group")["group"].transform("size"))
    out.insert(2, "first", np.flatnonzero(keep) == group[keep])
    out = out.sort_values(["group", "created"], kind="stable", ignore_index=True)
    return gpd.GeoDataFrame(out, geometry=dated.geometry.name, crs=reports.crs)


def _pairs_within(xy: np.ndarray, within_m: float) -> np.ndarray:
    """Index pairs ``(i, j)``, ``i < j``, of points at most ``within_m`` apart."""
    from scipy.spatial import cKDTree

    pairs: np.ndarray = cKDTree(xy).query_pairs(within_m, output_type="ndarray")
    return pairs.astype(np.int64)


def _prepare(reports: gpd.GeoDataFrame, layer: str) -> tuple[gpd.GeoDataFrame, list[str]]:  # noqa: C901 - one check per column the reports must have
    """Check the layer; return it with a clean index, categories and dates, and notes."""
    import pandas as pd

    from analysis.crs import workspace_crs

    if len(reports) == 0:
        raise InputError(
            f"the reports layer {layer!r} is empty; import reports first (urbanista import reports)"
        )
    if reports.crs is None:
        raise InputError(f"the reports layer {layer!r} has no CRS; import it into a workspace")
    try:
        workspace_crs(reports.crs.to_wkt())
    except InputError as exc:
        raise InputError(f"the reports layer {layer!r}: {exc}") from exc
    frame = reports[~reports.geometry.is_empty & reports.geometry.notna()].reset_index(drop=True)
    if len(frame) == 0 or set(frame.geom_type) - {"Point"}:
        raise InputError(
            f"the reports layer {layer!r} must hold points, it holds "
            f"{', '.join(sorted(set(reports.geom_type.dropna()))) or 'no geometries'}"
        )
    if "category" not in frame or frame["category"].isna().all():
        raise InputError(
            f"the reports layer {layer!r} has no categories; import it again naming the "
            "category column (ReportImportParams.column_map / --column category=NAME)"
        )
    if "created" not in frame or frame["created"].isna().all():
        raise InputError(
            f"the reports layer {layer!r} has no creation dates; the backlog, trends and "
            "duplicates need them: import it again naming the date column"
        )
    notes = []
    missing = int(frame["category"].isna().sum())
    if missing:
        notes.append(f"{missing} reports without a category counted as {UNKNOWN_CATEGORY!r}")
    undated = int(frame["created"].isna().sum())
    if undated:
        notes.append(f"{undated} reports without a creation date left out of times and trends")
    for column in ("created", "closed"):
        values = frame[column] if column in frame else pd.Series(pd.NaT, index=frame.index)
        frame[column] = pd.to_datetime(values, utc=True).astype("datetime64[ms, UTC]")
    if "status" not in frame:
        frame["status"] = None
    frame["category"] = frame["category"].fillna(UNKNOWN_CATEGORY).astype(str)
    return frame, notes


def _district_column(frame: pd.DataFrame, name: str | None, layer: str) -> str | None:
    if name is not None:
        if name not in frame:
            raise InputError(f"the reports layer {layer!r} has no column {name!r}")
        return name
    return next(
        (c for c in frame.columns if str(c).lower() in DISTRICT_COLUMNS and frame[c].notna().any()),
        None,
    )


def _as_of(frame: pd.DataFrame, as_of: datetime | None, timezone: str) -> pd.Timestamp:
    """``as_of`` in UTC (a naive one is local time), else the latest date of the layer."""
    import pandas as pd

    if as_of is not None:
        stamp = pd.Timestamp(as_of)
        return (stamp.tz_localize(timezone) if stamp.tzinfo is None else stamp).tz_convert("UTC")
    dates = [frame[c].max() for c in ("created", "closed", "updated") if c in frame]
    return pd.Timestamp(max(pd.Timestamp(d) for d in dates if pd.notna(d))).tz_convert("UTC")


def _summary(tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """Key figures of the tables, JSON-ready."""
    hotspots, duplicates, trends = tables["hotspots"], tables["duplicates"], tables["trends"]
    whole = tables["close_times"].iloc[0]
    return {
        "hotspots": len(hotspots),
        "hotspots_by_category": {
            str(c): int(n) for c, n in hotspots.groupby("category").size().items()
        },
        "duplicate_groups": int(duplicates["group"].nunique()),
        "duplicate_reports": len(duplicates),
        "open": int(whole["open"]),
        "median_close_days": _json_number(whole["median_close_days"]),
        "p90_close_days": _json_number(whole["p90_close_days"]),
        "trend_per_month": {
            c: _json_number(v)
            for c, v in zip(trends["category"], trends["slope_per_month"], strict=True)
        },
    }


def _lines(summary: dict[str, Any], trends: pd.DataFrame, params: ReportParams) -> list[str]:
    """What a planner reads first: hotspots, duplicates, backlog, trend."""
    by_category = summary["hotspots_by_category"]
    median, p90 = summary["median_close_days"], summary["p90_close_days"]
    return [
        f"{summary['hotspots']} hotspot areas (Gi*, {params.cell_m:g} m cells, "
        f"p < {params.alpha:g}{', FDR-controlled' if params.fdr else ''}, at least "
        f"{params.min_reports} reports): "
        + (", ".join(f"{c} {n}" for c, n in sorted(by_category.items())) or "none"),
        f"{summary['duplicate_groups']} groups of likely duplicates "
        f"({summary['duplicate_reports']} reports within {params.duplicate_m:g} m and "
        f"{params.duplicate_days:g} days, same category)",
        f"{summary['open']} open; time to close: "
        + (
            f"median {median:.1f} days, 90th percentile {p90:.1f}"
            if median is not None
            else "no closed report with dates"
        ),
        _trend_line(trends),
    ]


def _trend_line(trends: pd.DataFrame) -> str:
    rising = trends[(trends["slope_p_value"] < 0.05) & (trends["slope_per_month"] > 0)]
    falling = trends[(trends["slope_p_value"] < 0.05) & (trends["slope_per_month"] < 0)]
    if rising.empty and falling.empty:
        return "no category rises or falls significantly month to month"
    parts = [f"{r.category} {r.slope_per_month:+.1f}/month" for r in rising.itertuples()]
    parts += [f"{r.category} {r.slope_per_month:+.1f}/month" for r in falling.itertuples()]
    return "trend (reports per month, p < 0.05): " + ", ".join(parts)


def _json_number(value: Any) -> float | None:
    return None if value is None or np.isnan(value) else float(value)


KEY = "reports"
HOTSPOTS = f"{KEY}_hotspots"
"""The stored table of hotspot areas of a category (Getis-Ord Gi*)."""
DUPLICATES = f"{KEY}_duplicates"
"""The stored table of likely duplicate reports, in groups."""
BACKLOG = f"{KEY}_backlog"
"""The stored table of open reports and time to close by district and category."""
CLOSE_TIMES = f"{KEY}_close_times"
"""The stored table of time to close by district, category and month."""
MONTHS = f"{KEY}_months"
"""The stored table of reports per month and category."""
TRENDS = f"{KEY}_trends"
"""The stored table of the monthly trend per category."""


def run(inputs: Inputs, params: ReportParams, progress: Progress) -> AnalysisResult:
    """:func:`analyze_reports` on the layers of :data:`ANALYSIS`' slots."""
    return analyze_reports(
        inputs.layer("reports"),
        inputs.layers["districts"],
        params,
        progress,
        layer=inputs.names["reports"],
        districts_layer=inputs.names["districts"],
    )


ANALYSIS = Analysis(
    key=KEY,
    title=N_("Citizen reports"),
    description=N_(
        "Hotspots of each category (Getis-Ord Gi*), likely duplicates, open backlog and "
        "days to close by district and category, reports per month and their trend."
    ),
    params=ReportParams,
    run=run,
    slots=(
        Slot(
            "reports",
            r.REPORTS,
            required=True,
            help="Layer of citizen reports (default: the largest reports layer).",
        ),
        Slot(
            "districts",
            r.DISTRICTS,
            help="Polygon layer of districts (default: the largest that looks like one; "
            "without one, the reports' district column or the whole city).",
        ),
    ),
)
"""The reports analysis in the registry (:mod:`analysis.registry`)."""
