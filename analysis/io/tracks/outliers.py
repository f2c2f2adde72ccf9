"""GPS outliers: fixes nobody on a bike, on foot or on skates could have recorded.

A step between two consecutive fixes is impossible when it implies a speed
above :data:`MAX_SPEED_MS` (timed fixes; steps shorter than
:data:`MIN_STEP_S` count as that long, so 1 Hz jitter is no outlier), or a jump
longer than :data:`MAX_JUMP_M` and :data:`JUMP_PER_STEP` typical steps when a
time is missing. Cutting each segment at its impossible steps leaves runs of
plausible fixes. The longest run is kept (an outlier is the side of a jump with
fewer fixes); the other runs are added back, outwards from it, when they join
what is kept by a possible step. So a spike (out and back) loses one fix, and a
first fix 1 km from home loses that fix, not the rest of the track: the
privacy trim is then measured from where the recording really began.

The ends of a segment are held to more: the privacy trim is measured from them,
so a possible but unlikely first fix (1 km away, 30 s before the next one: 33
m/s) would move it. Up to :data:`END_RUN` fixes at either end are dropped when
the step joining them to the rest is faster than :data:`END_SPEED_MS`, or is
longer than :data:`END_JUMP_M` (the privacy trim) and :data:`END_STEP_FACTOR`
median steps while taking more than :data:`END_GAP_FACTOR` median time steps
(or has no time). A sparse recording (a fix every 30-60 s, every step long) has
no such step; a real gap in the middle of a segment (a tunnel) is kept.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Callable

    from analysis.io.tracks.rawtrack import RawTrack

    Possible = Callable[[np.ndarray, np.ndarray], np.ndarray]

MAX_SPEED_MS = 40.0
"""144 km/h: no cyclist, runner or skater reaches it in a city."""
MIN_STEP_S = 5.0
"""Shorter time steps count as this long: at 40 m/s a step must pass 200 m to be impossible."""
MAX_JUMP_M = 300.0
"""Between fixes without a time, a longer jump is impossible..."""
JUMP_PER_STEP = 20.0
"""...if it is also this many times the track's median step (a route's points lie far apart)."""
END_RUN = 3
"""At most this many fixes at each end of a segment are dropped by the rules for ends."""
END_SPEED_MS = 25.0
"""90 km/h: a step into or out of an end implying more is not believed (a descent is 20 m/s)."""
END_JUMP_M = 200.0
"""The privacy trim: a longer step into or out of an end, after a gap, moves the trim..."""
END_STEP_FACTOR = 5.0
"""...if it is also this many median steps (a sparse recording's steps are all long)..."""
END_GAP_FACTOR = 5.0
"""...and takes more than this many median time steps, or has no time."""


def plausible_fixes(
    x: np.ndarray,
    y: np.ndarray,
    time: np.ndarray,
    breaks: np.ndarray,
    *,
    max_speed_ms: float = MAX_SPEED_MS,
    max_jump_m: float = MAX_JUMP_M,
    min_step_s: float = MIN_STEP_S,
    end_jump_m: float = END_JUMP_M,
) -> np.ndarray:
    """Which fixes to keep: False for GPS outliers and for non-finite positions.

    Parameters
    ----------
    x, y
        Positions in a metric CRS, in recording order.
    time
        ``datetime64`` of each fix, ``NaT`` where unknown.
    breaks
        Indices of the fixes that start a new segment (as :attr:`RawTrack.breaks`);
        each segment is cleaned on its own, and keeps at least its longest run.
    max_speed_ms, max_jump_m, min_step_s, end_jump_m
        See :data:`MAX_SPEED_MS`, :data:`MAX_JUMP_M`, :data:`MIN_STEP_S`,
        :data:`END_JUMP_M` (pass the privacy trim).

    Returns
    -------
    numpy.ndarray
        bool per fix.
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    n = len(x)
    time = np.asarray(time).astype("datetime64[ms]")
    seconds = np.where(np.isnat(time), np.nan, time.astype(np.int64) / 1000.0)
    segment = np.searchsorted(np.asarray(breaks, dtype=np.int64), np.arange(n), side="right")
    fix = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    x, y, seconds, segment = x[fix], y[fix], seconds[fix], segment[fix]
    inside = np.diff(segment) == 0
    step = np.hypot(np.diff(x), np.diff(y))[inside]
    median_step = float(np.median(step)) if len(step) else 0.0
    jump_m = max(max_jump_m, JUMP_PER_STEP * median_step)
    dt_all = np.diff(seconds)[inside]
    dt_all = dt_all[dt_all > 0]  # NaN (no time) is not > 0
    median_dt = float(np.median(dt_all)) if len(dt_all) else np.inf
    end_step_m = max(end_jump_m, END_STEP_FACTOR * median_step)

    def possible(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether fix ``b`` can follow fix ``a`` (positions in the finite fixes)."""
        dt = seconds[b] - seconds[a]
        d = np.hypot(x[b] - x[a], y[b] - y[a])
        timed = dt >= 0  # False for NaN: a time is missing
        return np.asarray(
            np.where(timed, d <= max_speed_ms * np.maximum(dt, min_step_s), d <= jump_m)
        )

    def believed_end(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether the step from ``a`` to ``b`` may join an end of a segment to the rest."""
        dt = seconds[b] - seconds[a]
        d = np.hypot(x[b] - x[a], y[b] - y[a])
        timed = dt >= 0
        too_fast = timed & (d > END_SPEED_MS * np.maximum(np.where(timed, dt, 0.0), min_step_s))
        gap = ~timed | (dt > END_GAP_FACTOR * median_dt)
        return np.asarray(~too_fast & ~((d > end_step_m) & gap))

    keep = np.zeros(n, dtype=bool)
    edges = np.flatnonzero(np.diff(segment)) + 1
    bounds = zip(np.r_[0, edges].tolist(), np.r_[edges, len(fix)].tolist(), strict=True)
    for first, stop in bounds:
        kept = np.arange(first, stop)[_kept_runs(first, stop, possible)]
        keep[fix[_without_ends(kept, believed_end)]] = True
    return keep


def _without_ends(kept: np.ndarray, believed: Possible) -> np.ndarray:
    """``kept`` (a segment's fixes) without short end runs joined to the rest by a doubtful step.

    A run of up to :data:`END_RUN` fixes goes when the step from it to the rest is
    not ``believed``; what stays must outnumber what goes. A segment of at most
    ``2 * END_RUN`` fixes has no ends to judge it by, and is kept.
    """
    if len(kept) <= 2 * END_RUN:
        return kept
    h = min(END_RUN, (len(kept) - 1) // 2)
    bad = np.flatnonzero(~believed(kept[:h], kept[1 : h + 1]))
    if len(bad):
        kept = kept[bad[-1] + 1 :]
    h = min(END_RUN, (len(kept) - 1) // 2)
    if h < 1:
        return kept
    bad = np.flatnonzero(~believed(kept[-h - 1 : -1], kept[-h:]))
    if len(bad):
        kept = kept[: len(kept) - h + bad[0]]
    return kept


def _kept_runs(first: int, stop: int, possible: Possible) -> np.ndarray:
    """Which fixes ``first .. stop-1`` (a segment) to keep: its longest run, and runs joining it."""
    index = np.arange(first, stop)
    cut = np.flatnonzero(~possible(index[:-1], index[1:])) + 1
    starts = np.r_[0, cut]
    ends = np.r_[cut, len(index)]  # exclusive
    keep = np.zeros(len(index), dtype=bool)
    main = int(np.argmax(ends - starts))
    keep[starts[main] : ends[main]] = True
    last = ends[main] - 1
    for run in range(main + 1, len(starts)):
        if possible(index[[last]], index[[starts[run]]])[0]:
            keep[starts[run] : ends[run]] = True
            last = ends[run] - 1
    head = starts[main]
    for run in range(main - 1, -1, -1):
        if possible(index[[ends[run] - 1]], index[[head]])[0]:
            keep[starts[run] : ends[run]] = True
            head = starts[run]
    return keep


def kept_breaks(breaks: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Segment starts (as :attr:`RawTrack.breaks`) once the fixes not in ``keep`` are dropped."""
    segment = np.searchsorted(np.asarray(breaks, dtype=np.int64), np.arange(len(keep)), "right")
    return (np.flatnonzero(np.diff(segment[keep]) != 0) + 1).astype(np.int64)


def without_outliers(
    raw: RawTrack, x: np.ndarray, y: np.ndarray, end_jump_m: float = END_JUMP_M
) -> tuple[RawTrack, np.ndarray, np.ndarray]:
    """``raw`` and its metric positions ``x``, ``y`` without GPS outliers.

    The fixes :func:`plausible_fixes` drops leave ``lat``, ``lon``, ``time``
    and ``x``, ``y`` alike; ``breaks`` are renumbered (:func:`kept_breaks`).
    ``end_jump_m``: see :data:`END_JUMP_M` (pass the privacy trim).
    """
    keep = plausible_fixes(x, y, raw.time, raw.breaks, end_jump_m=end_jump_m)
    if keep.all():
        return raw, x, y
    cleaned = replace(
        raw,
        lat=raw.lat[keep],
        lon=raw.lon[keep],
        time=raw.time[keep],
        breaks=kept_breaks(raw.breaks, keep),
    )
    return cleaned, x[keep], y[keep]
