"""One normalised activity: ids, pseudonymous athlete, type, and the privacy-trimmed track.

- The activity id is the SHA-256 of the file's (decompressed) bytes, so importing
  the same file again finds it already there.
- The user id is a keyed hash (HMAC-SHA-256 with the workspace's pseudonym key,
  which stays on the computer: :mod:`analysis.privacy.keys`) of what identifies
  the athlete: the raw name or account id is never kept. When nothing does, the
  file itself stands for its athlete (basis ``"file"``).
- The source (file, or ``archive:member``) is kept without the names, ids and
  e-mails in it (:func:`analysis.io.tracks.source_names.redact_name`).
- Privacy: GPS outliers (impossible speeds, jumps) are dropped first
  (:mod:`analysis.io.tracks.outliers`), so the trim starts where the person
  was; then the first and last ``trim_m`` metres along the track are cut, and so
  is every point closer than ``trim_m`` to the start or the end, before anything
  is kept: no stored coordinate lies within ``trim_m`` of where a recording began
  or ended (homes). The start time, duration and distance describe the whole
  recording.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analysis.errors import InputError
from analysis.io.tracks.source_names import redact_name
from analysis.io.tracks.sports import pick_type

if TYPE_CHECKING:
    from analysis.io.coords import Area
    from analysis.io.tracks.rawtrack import RawTrack

ID_HEX = 20
"""Hex digits kept of a SHA-256: 80 bits, no collision among billions of files."""
UNIDENTIFIED = "file"
"""User basis of an activity whose athlete nothing identifies: each file is its own user."""


@dataclass(frozen=True)
class Context:
    """What turning a raw track into an activity needs from the workspace and the user."""

    crs: str
    area: Area
    key: bytes
    """The pseudonym key: a secret, never stored with the activities."""
    trim_m: float


@dataclass(frozen=True)
class Activity:
    """An activity ready to be stored: attributes plus its trimmed points in the workspace CRS.

    ``x``, ``y`` and ``time`` hold the kept points (the stored line's vertices);
    ``start``, ``duration_s`` and ``distance_m`` describe the whole recording.
    """

    activity_id: str
    user_id: str
    user_basis: str
    type: str
    start: np.datetime64
    duration_s: float
    distance_m: float
    x: np.ndarray
    y: np.ndarray
    time: np.ndarray
    source: str
    notes: tuple[str, ...] = ()
    """What a person should know of how the file was read (points dropped...)."""


def activity_id(data: bytes) -> str:
    """The stable id of an activity file: its content hash."""
    return hashlib.sha256(data).hexdigest()[:ID_HEX]


def pseudonym(basis: str, value: str, key: bytes) -> str:
    """The user id of the athlete ``value`` (of kind ``basis``): HMAC-SHA-256 with ``key``."""
    message = f"{basis}\0{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:16]


def along_track(x: np.ndarray, y: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """Cumulative distance from the first point, not counting jumps between segments."""
    step = np.hypot(np.diff(x), np.diff(y))
    step[breaks - 1] = 0.0  # the step into a segment's first point is a gap, not travel
    return np.concatenate([[0.0], np.cumsum(step)])


def privacy_mask(x: np.ndarray, y: np.ndarray, cum: np.ndarray, trim_m: float) -> np.ndarray:
    """Points at least ``trim_m`` from both ends: along the track, and as the crow flies.

    Along the track alone is not enough: a watch left recording at the door
    piles up metres of GPS jitter on the spot, and a loop comes back home.
    """
    from_start = np.hypot(x - x[0], y - y[0])
    from_end = np.hypot(x - x[-1], y - y[-1])
    along = (cum >= trim_m) & (cum <= cum[-1] - trim_m)
    return np.asarray(along & (from_start >= trim_m) & (from_end >= trim_m))


def build_activity(
    raw: RawTrack,
    ident: str,
    source: str,
    context: Context,
    *,
    sport: str | None = None,
    athlete: tuple[str, str] | None = None,
) -> Activity:
    """Reproject, check, trim and label one track.

    Parameters
    ----------
    raw
        The parsed file.
    ident
        Its activity id (:func:`activity_id` of its bytes).
    source
        Where it came from (file, or ``archive:member``), for people.
    context
        Workspace CRS and area, pseudonym key, privacy trim.
    sport, athlete
        The type and athlete an export's index gives (Strava's ``activities.csv``,
        Garmin's summaries); the athlete wins over the file's, the type only
        fills in when the file has none.

    Raises
    ------
    InputError
        If points lie outside the workspace's area, or the track is shorter
        than twice the privacy trim (nothing would remain).
    """
    from analysis.io.coords import AxisGuess, to_workspace
    from analysis.io.tracks.outliers import without_outliers

    wgs84 = AxisGuess(crs="EPSG:4326", swapped=False, share_inside=1.0, ambiguous=False)
    x, y = to_workspace(raw.lon, raw.lat, wgs84, context.crs)
    raw, x, y = without_outliers(raw, x, y, end_jump_m=max(context.trim_m, 200.0))
    outside = ~context.area.contains(x, y)
    if outside.any():
        i = int(np.argmax(outside))
        raise InputError(
            f"{int(outside.sum()):,} of {len(x):,} points lie outside the workspace's area "
            f"(point {i + 1} at lat {raw.lat[i]:.5f}, lon {raw.lon[i]:.5f})"
        )
    cum = along_track(x, y, raw.breaks)
    distance = float(cum[-1])
    if context.trim_m > 0 and distance <= 2 * context.trim_m:
        raise InputError(
            f"the track is {distance:,.0f} m long, not more than twice the privacy trim of "
            f"{context.trim_m:g} m: nothing would remain"
        )
    if distance == 0.0:
        raise InputError("the track does not move: all its points are in one place")
    keep = privacy_mask(x, y, cum, context.trim_m)
    if keep.sum() < 2:
        raise InputError(
            f"fewer than two points of the {distance:,.0f} m track lie {context.trim_m:g} m "
            "or more from both its start and its end (privacy trim)"
        )
    basis, value = athlete or raw.athlete or (UNIDENTIFIED, ident)
    user_id = pseudonym(basis, value, context.key)
    timed = raw.time[~np.isnat(raw.time)]
    start = timed[0] if len(timed) else np.datetime64("NaT", "ms")
    duration = float((timed[-1] - timed[0]) / np.timedelta64(1, "s")) if len(timed) else np.nan
    return Activity(
        activity_id=ident,
        user_id=user_id,
        user_basis=basis,
        type=pick_type(raw.sport, sport),
        start=start,
        duration_s=duration,
        distance_m=round(distance, 1),
        x=x[keep],
        y=y[keep],
        time=raw.time[keep],
        source=redact_name(source, value),
        notes=tuple(raw.notes),
    )
