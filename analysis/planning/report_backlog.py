"""How fast reports are closed, what stays open, and how the monthly numbers move.

Everything is counted as it stood on the date ``as_of``. A report is *open*
then if its status is ``open`` or ``in_progress`` (or it has no status and no
closing date), or if it was closed after ``as_of``; otherwise it is
*rejected* (status ``rejected``) or *closed*. Its *time to close* is ``closed -
created`` in days, for reports no longer open that have a closing date (a
rejection answered on a date counts: the city closed the case); a report marked
closed without a date counts as closed, without a time. Months are calendar months in the city's
time zone, by creation date. The trend of a category is the least-squares
slope of its reports per month (``scipy.stats.linregress``) with its p-value,
plus the change of the last month against the one before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from analysis.errors import InputError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

OPEN_STATUSES = ("open", "in_progress")
WHOLE_CITY = "(whole city)"
OUTSIDE = "(outside the districts)"
NAME_FIELDS = ("nazwa", "name", "dzielnica", "district", "nazwa_dzielnicy", "osiedle")
"""Columns of a districts layer that hold the district's name, in order of preference."""


def district_names(
    reports: gpd.GeoDataFrame, districts: gpd.GeoDataFrame, name_field: str | None, layer: str
) -> pd.Series:
    """The name of the district each report lies in (:data:`OUTSIDE` where none).

    Raises
    ------
    InputError
        If the districts layer is empty, has no CRS, invalid polygons, no such
        ``name_field``, or polygons that overlap under a report.
    """
    import geopandas as gpd

    if len(districts) == 0:
        raise InputError(f"the districts layer {layer!r} is empty; name another with --districts")
    if districts.crs is None:
        raise InputError(f"the districts layer {layer!r} has no CRS; set it when importing it")
    invalid = districts.index[~districts.geometry.is_valid]
    if len(invalid):
        raise InputError(
            f"the districts layer {layer!r} has invalid polygons (features {list(invalid[:5])}); "
            "repair them (QGIS: Fix geometries) and import the layer again"
        )
    field = name_field or next(
        (c for f in NAME_FIELDS for c in districts.columns if c.lower() == f), None
    )
    if name_field is not None and name_field not in districts:
        raise InputError(
            f"the districts layer {layer!r} has no column {name_field!r} "
            f"(columns: {', '.join(map(str, districts.columns.drop(districts.geometry.name)))})"
        )
    names = (
        districts[field].astype(str)
        if field
        else districts.index.to_series().map(lambda i: f"district {i}")
    )
    polygons = gpd.GeoDataFrame(
        {"district": names.to_numpy()}, geometry=districts.geometry.values, crs=districts.crs
    ).to_crs(reports.crs)
    joined = gpd.sjoin(reports[[reports.geometry.name]], polygons, predicate="within", how="left")
    twice = joined.index[joined.index.duplicated()]
    if len(twice):
        where = reports.loc[twice[0]].get("report_id", twice[0])
        raise InputError(
            f"the districts of {layer!r} overlap: report {where} lies in "
            f"{', '.join(joined.loc[[twice[0]], 'district'])}; fix the layer"
        )
    return joined["district"].reindex(reports.index).fillna(OUTSIDE)


def add_times(reports: pd.DataFrame, as_of: pd.Timestamp, timezone: str) -> pd.DataFrame:
    """Add ``open``, ``rejected``, ``close_days``, ``open_days`` and ``month`` (``YYYY-MM``).

    ``reports`` are those created by ``as_of``; months are in ``timezone``.
    """
    status, closed = reports["status"], reports["closed"]
    is_open = status.isin(OPEN_STATUSES) | (status.isna() & closed.isna()) | (closed > as_of)
    days = (closed - reports["created"]).dt.total_seconds() / 86_400.0
    close_days = days.where(~is_open & (days >= 0))
    local = reports["created"].dt.tz_convert(timezone).dt.tz_localize(None)
    return reports.assign(
        open=is_open,
        rejected=~is_open & (status == "rejected"),
        close_days=close_days,
        open_days=((as_of - reports["created"]).dt.total_seconds() / 86_400.0).where(is_open),
        month=local.dt.to_period("M").astype(str).where(reports["created"].notna()),
    )


def _close_stats(group: pd.DataFrame) -> dict[str, float | int]:
    days = group["close_days"].dropna()
    return {
        "reports": len(group),
        "open": int(group["open"].sum()),
        "closed": int((~group["open"] & ~group["rejected"]).sum()),
        "rejected": int(group["rejected"].sum()),
        "close_time_reports": len(days),
        "median_close_days": round(float(days.median()), 2) if len(days) else np.nan,
        "p90_close_days": round(float(days.quantile(0.9)), 2) if len(days) else np.nan,
        "median_open_days": round(float(group["open_days"].median()), 2)
        if group["open"].any()
        else np.nan,
    }


def backlog_table(reports: pd.DataFrame) -> pd.DataFrame:
    """Reports, open backlog and time to close by district and category."""
    import pandas as pd

    rows = [
        {"district": district, "category": category, **_close_stats(group)}
        for (district, category), group in reports.groupby(["district", "category"], sort=True)
    ]
    return pd.DataFrame(rows)


def close_times_table(reports: pd.DataFrame) -> pd.DataFrame:
    """Time to close for the whole city, then by district, category and month of creation."""
    import pandas as pd

    rows = [{"by": "all", "group": "all", **_close_stats(reports)}]
    for by in ("district", "category", "month"):
        rows += [
            {"by": by, "group": key, **_close_stats(group)}
            for key, group in reports.groupby(by, sort=True)
        ]
    return pd.DataFrame(rows)


def months_table(reports: pd.DataFrame, as_of: pd.Timestamp, timezone: str) -> pd.DataFrame:
    """Reports created, closed by ``as_of`` and open at the month's end, by month and category.

    Every month from the first report to the last appears for every category
    (zero where none came in; later months would only show the export's date
    as a fall); a month ending after ``as_of`` has the backlog at ``as_of``.
    """
    import pandas as pd

    dated = reports[reports["month"].notna()]
    months = pd.period_range(dated["month"].min(), dated["month"].max(), freq="M")
    rows = []
    for category, group in dated.groupby("category", sort=True):
        by_month = group.groupby("month")
        created = by_month.size()
        closed = (~group["open"] & ~group["rejected"]).groupby(group["month"]).sum()
        median = by_month["close_days"].median()
        for month in months:
            end = min((month + 1).start_time.tz_localize(timezone).tz_convert("UTC"), as_of)
            still = group["open"] | (group["closed"] >= end)
            rows.append(
                {
                    "month": str(month),
                    "category": category,
                    "reports": int(created.get(str(month), 0)),
                    "closed": int(closed.get(str(month), 0)),
                    "median_close_days": round(float(median.get(str(month), np.nan)), 2),
                    "open_at_month_end": int(((group["created"] < end) & still).sum()),
                }
            )
    table = pd.DataFrame(rows)
    table["change"] = table.groupby("category")["reports"].diff()
    return table


def trends_table(months: pd.DataFrame) -> pd.DataFrame:
    """Per category: the least-squares slope of reports per month, its p-value, last change."""
    import pandas as pd
    from scipy.stats import linregress

    rows = []
    for category, group in months.groupby("category", sort=True):
        counts = group["reports"].to_numpy(dtype=float)
        fit = linregress(np.arange(len(counts)), counts) if len(counts) > 2 else None
        rows.append(
            {
                "category": category,
                "months": len(counts),
                "reports": int(counts.sum()),
                "mean_per_month": round(float(counts.mean()), 2),
                "slope_per_month": round(float(fit.slope), 3) if fit else np.nan,
                "slope_p_value": round(float(fit.pvalue), 4) if fit else np.nan,
                "last_month": group["month"].iloc[-1],
                "last_change": group["change"].iloc[-1],
            }
        )
    return pd.DataFrame(rows)
