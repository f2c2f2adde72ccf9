"""Which activities count: type, months, weekday, day part; and no standing still.

Day parts follow Strava Metro: morning 5-10, midday 10-15, evening 15-20,
night 20-5, in local time (Europe/Warsaw). An activity is filtered by its
start. Dates are whole months: a filter selects whole release groups
(:mod:`analysis.privacy.release`), so two outputs cannot be subtracted down to
one person's day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

import numpy as np

from analysis.errors import InputError
from analysis.params import check, param

if TYPE_CHECKING:
    import pandas as pd

DAY_PARTS = {"morning": (5, 10), "midday": (10, 15), "evening": (15, 20), "night": (20, 5)}
DayPart = Literal["morning", "midday", "evening", "night"]
"""A Strava Metro day part: the keys of :data:`DAY_PARTS`."""
LOCAL_ZONE = "Europe/Warsaw"


@dataclass(frozen=True)
class ActivityFilter:
    """Conditions an activity (or point) must meet; empty means no condition."""

    types: tuple[str, ...] = param((), flag="--type")
    """cycling, running, inline_skating, nordic_walking, walking, other."""
    date_from: date | None = param(None, flag="--from")
    """First day counted (local date), widened to the first day of its month."""
    date_to: date | None = param(None, flag="--to")
    """Inclusive, local dates, widened to whole months: the first and the last day of theirs."""
    days: Literal["all", "weekday", "weekend"] = param("all", flag="--days")
    """Weekdays, weekends, or all days."""
    day_parts: tuple[DayPart, ...] = param((), flag="--day-part")
    """Strava Metro day parts, local time: morning, midday, evening, night."""
    months: tuple[int, ...] = param((), at_least=1, at_most=12, flag="--month")
    """Months of the year counted, 1-12, of any year."""

    def __post_init__(self) -> None:
        check(self)
        unknown = set(self.day_parts) - set(DAY_PARTS)
        if unknown:
            raise InputError(f"unknown day part {sorted(unknown)[0]!r}; use {', '.join(DAY_PARTS)}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError(
                f"the filter's dates end ({self.date_to}) before they start ({self.date_from})"
            )
        if self.date_from:
            object.__setattr__(self, "date_from", self.date_from.replace(day=1))
        if self.date_to:
            last = calendar.monthrange(self.date_to.year, self.date_to.month)[1]
            object.__setattr__(self, "date_to", self.date_to.replace(day=last))

    def describe(self) -> str:
        """A short text for metadata and legends ("cycling, weekdays, morning")."""
        parts = list(self.types)
        if self.date_from or self.date_to:  # whole months: 2026-04 to 2026-05
            start = f"{self.date_from:%Y-%m}" if self.date_from else "..."
            parts.append(f"{start} to {f'{self.date_to:%Y-%m}' if self.date_to else '...'}")
        if self.days != "all":
            parts.append(self.days + "s")
        parts += list(self.day_parts)
        if self.months:
            parts.append("months " + ",".join(map(str, self.months)))
        return ", ".join(parts) or "all activities"

    def mask(self, times_utc: np.ndarray, types: np.ndarray | None = None) -> np.ndarray:
        """Which rows (UTC ``datetime64`` times, activity types) meet the conditions."""
        keep = np.ones(len(times_utc), dtype=bool)
        if self.types and types is not None:
            keep &= np.isin(np.asarray(types, dtype=object), self.types)
        needs_time = (
            self.date_from or self.date_to or self.days != "all" or self.day_parts or self.months
        )
        if not needs_time:
            return keep
        local = _local(times_utc)
        day = local.normalize().tz_localize(None).to_numpy().astype("datetime64[D]")
        if self.date_from:
            keep &= day >= np.datetime64(self.date_from)
        if self.date_to:
            keep &= day <= np.datetime64(self.date_to)
        if self.days != "all":
            weekend = local.day_of_week.to_numpy() >= 5
            keep &= weekend if self.days == "weekend" else ~weekend
        if self.day_parts:
            hour = local.hour.to_numpy()
            in_part = np.zeros(len(keep), dtype=bool)
            for part in self.day_parts:
                start, end = DAY_PARTS[part]
                in_part |= (
                    (hour >= start) & (hour < end)
                    if start < end
                    else (hour >= start) | (hour < end)
                )
            keep &= in_part
        if self.months:
            keep &= np.isin(local.month.to_numpy(), self.months)
        return keep


def month_and_day_part(
    times_utc: np.ndarray, with_year: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Local month (1-12, or ``year * 12 + month - 1``) and day part name of each UTC time."""
    local = _local(times_utc)
    hour = local.hour.to_numpy()
    part = np.full(len(hour), "night", dtype=object)
    for name, (start, end) in DAY_PARTS.items():
        if start < end:
            part[(hour >= start) & (hour < end)] = name
    month = local.month.to_numpy()
    return (local.year.to_numpy() * 12 + month - 1 if with_year else month), part


def day_kind(times_utc: np.ndarray) -> np.ndarray:
    """``"weekend"`` or ``"weekday"`` for each UTC ``datetime64`` time, in local time."""
    weekend = _local(times_utc).day_of_week.to_numpy() >= 5
    return np.where(weekend, "weekend", "weekday")


def local_dates(times_utc: np.ndarray) -> np.ndarray:
    """Local calendar date (``datetime64[D]``) of each UTC ``datetime64`` time."""
    dates: np.ndarray = _local(times_utc).tz_localize(None).normalize().to_numpy()
    return dates.astype("datetime64[D]")


def _local(times_utc: np.ndarray) -> pd.DatetimeIndex:
    import pandas as pd

    return pd.DatetimeIndex(pd.to_datetime(times_utc, utc=True)).tz_convert(LOCAL_ZONE)


def moving_mask(
    activity: np.ndarray,
    seconds: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    window_s: float = 20.0,
    min_move_m: float = 15.0,
) -> np.ndarray:
    """Points where the athlete moves: ``min_move_m`` covered in the ``window_s`` around them.

    A point is standing still when the positions ``window_s / 2`` before and after it
    (in the same activity; its own at the ends) are less than ``min_move_m`` apart,
    i.e. below 0.75 m/s on average by default, slower than anyone walks: traffic
    lights and cafés, which would otherwise glow on a heatmap. GPS noise of a few
    metres does not look like movement. Inputs need not be sorted.
    """
    order = np.lexsort((seconds, activity))
    act, t = np.asarray(activity)[order], np.asarray(seconds, dtype=float)[order]
    px, py = np.asarray(x, dtype=float)[order], np.asarray(y, dtype=float)[order]
    if not len(t):
        return np.ones(0, dtype=bool)
    codes = np.unique(act, return_inverse=True)[1].astype(float)
    span = t.max() - t.min() + 2 * window_s + 1
    key = codes * span + (t - t.min())  # sorted: activity, then time
    half = window_s / 2
    after = np.searchsorted(key, key + half, side="right") - 1
    before = np.searchsorted(key, key - half, side="left")
    moved = np.hypot(px[after] - px[before], py[after] - py[before]) >= min_move_m
    keep = np.empty(len(order), dtype=bool)
    keep[order] = moved
    return keep
