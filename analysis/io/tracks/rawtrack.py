"""What a track file holds, as arrays: one record per file, whatever its format."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import InputError
from analysis.io.dates import latest_plausible

if TYPE_CHECKING:
    from collections.abc import Sequence

NO_TIME = np.datetime64("NaT", "ms")
EARLIEST = np.datetime64("1990-01-01", "ms")
"""No track is older: consumer GPS began then (FIT counts time from 1989-12-31)."""
DATE_AND_TIME = r"\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}"
"""How a timestamp begins: a whole date and a time of day."""
CHECK_EVERY = 4096
"""Points read between two looks at the clock (:meth:`~analysis.io.budget.Deadline.check`)."""


@dataclass(frozen=True)
class RawTrack:
    """The points of one activity file, before any cleaning or reprojection.

    Attributes
    ----------
    lat, lon
        WGS84 degrees (float64), in recording order.
    time
        ``datetime64[ms]`` in UTC, ``NaT`` where a point has no timestamp.
    breaks
        Indices of the points that start a new segment (a paused recording);
        the first segment's start (0) is not listed.
    sport
        The activity type as the file writes it (``"jazda na rowerze"``, ``"1"``...).
    athlete
        What identifies the athlete inside the file, as ``(basis, value)``
        (``("gpx_author", "Ewa Nowak")``, ``("device", "3912345678")``), or None.
    """

    lat: np.ndarray
    lon: np.ndarray
    time: np.ndarray
    breaks: np.ndarray
    sport: str | None = None
    athlete: tuple[str, str] | None = None
    notes: tuple[str, ...] = ()
    """What reading it dropped, for the import summary (points with an impossible time)."""

    def __len__(self) -> int:
        return len(self.lat)


def parse_times(texts: Sequence[str | None]) -> np.ndarray:
    """ISO 8601 timestamps (``Z``, offsets, fractions) as UTC ``datetime64[ms]``.

    Missing or unreadable values become ``NaT``, and so does a value that is no
    date and time of day (``2026``, ``2024-05``: xsd:dateTime needs both); a
    value without a zone is read as UTC, as GPX and TCX prescribe.
    """
    import pandas as pd

    if not any(texts):
        return np.full(len(texts), NO_TIME)
    if all(t and t[-1] == "Z" and len(t) >= 17 for t in texts):  # the usual case, 5 times
        with contextlib.suppress(ValueError):  # faster than pandas (no bare '2026Z')
            return np.array([t[:-1] for t in texts], dtype="datetime64[ms]")  # type: ignore[index]
    series = pd.Series([t.strip() if t else None for t in texts], dtype=object)
    series[~series.str.match(DATE_AND_TIME, na=False)] = None  # '2026', '2024-05': no time
    parsed = pd.to_datetime(series, utc=True, format="ISO8601", errors="coerce")
    return np.asarray(parsed.dt.tz_localize(None).to_numpy(), dtype="datetime64[ms]")


def impossible_times(time: np.ndarray) -> tuple[np.ndarray, np.datetime64]:
    """Which timestamps are before :data:`EARLIEST` or after :func:`latest_plausible`.

    Returns the mask and the latest possible time (for the messages).
    """
    latest = latest_plausible()
    return ~np.isnat(time) & ((time < EARLIEST) | (time > latest)), latest


def check_degrees(lat: float, lon: float, name: str, where: str) -> None:
    """Refuse a position that is not on Earth (``|lat| > 90``, ``|lon| > 180``, NaN)."""
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise InputError(f"{name}: {where}: position ({lat}, {lon}) is not on Earth; refused")


def xml_start(data: bytes) -> bytes:
    """``data`` without the blank lines some exporters put before ``<?xml`` (kept: a BOM)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return b"\xef\xbb\xbf" + data[3:].lstrip() if data[3:].strip() else b""
    return data.lstrip(b" \t\r\n") if data[:2] not in (b"\xff\xfe", b"\xfe\xff") else data


def xml_error(exc: Any) -> str:
    """What an ``lxml.etree.XMLSyntaxError`` says, with its line, for people."""
    line = f"line {exc.position[0]}: " if exc.position and exc.position[0] else ""
    hint = ""
    if "encoding" in str(exc.msg).lower():
        hint = "; save it as UTF-8 or declare its real encoding (e.g. windows-1250)"
    return f"{line}not well-formed XML ({exc.msg}){hint}"


def build(
    lat: Sequence[float],
    lon: Sequence[float],
    times: Sequence[str | None] | np.ndarray,
    breaks: Sequence[int],
    name: str,
    places: tuple[Sequence[int], str],
    sport: str | None = None,
    athlete: tuple[str, str] | None = None,
) -> RawTrack:
    """A :class:`RawTrack` from the lists a parser collected.

    Points with an impossible time (:func:`impossible_times`: a clock not yet
    set, a corrupt value) are dropped and said in :attr:`RawTrack.notes`; the
    rest of the track is kept. ``places`` gives each point's line (or message)
    and the word for it, for the messages.

    Raises
    ------
    InputError
        If it holds no point, or every timestamp it holds is impossible (the
        message names the first).
    """
    from analysis.io.tracks.outliers import kept_breaks

    if not len(lat):
        raise InputError(f"{name}: holds no track or route point with a position")
    n = len(lat)
    time = times if isinstance(times, np.ndarray) else parse_times(times)
    unread = () if isinstance(times, np.ndarray) else _unread(times, time, places)
    starts = np.unique(np.asarray([b for b in breaks if 0 < b < n], dtype=np.int64))
    y, x = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
    wrong, latest = impossible_times(time)
    notes: tuple[str, ...] = ()
    if wrong.any():
        lines, unit = places
        i = int(np.argmax(wrong))
        said = (
            f"{unit} {lines[i]}: time {time[i]} is impossible (not between "
            f"{EARLIEST.astype('datetime64[D]')} and {latest.astype('datetime64[D]')})"
        )
        count = int(wrong.sum())
        if count == int((~np.isnat(time)).sum()):
            raise InputError(f"{name}: {said}; so are all its {count:,} timed point(s); refused")
        notes = (f"{said}: {count:,} point(s) like it dropped, {n - count:,} kept",)
        keep = ~wrong
        y, x, time, starts = y[keep], x[keep], time[keep], kept_breaks(starts, keep)
    return RawTrack(
        lat=y,
        lon=x,
        time=time,
        breaks=starts,
        sport=sport.strip() if sport and sport.strip() else None,
        athlete=athlete,
        notes=notes + unread,
    )


def _unread(
    texts: Sequence[str | None], time: np.ndarray, places: tuple[Sequence[int], str]
) -> tuple[str, ...]:
    """A note naming the first timestamp that could not be read, and how many were not."""
    unread = np.fromiter((bool(t) for t in texts), bool, len(texts)) & np.isnat(time)
    if not unread.any():
        return ()
    i = int(np.argmax(unread))
    lines, unit = places
    text = str(texts[i])[:40]
    return (
        f"{unit} {lines[i]}: time {text!r} is not a date and time of day: "
        f"{int(unread.sum()):,} point(s) read without a time",
    )
