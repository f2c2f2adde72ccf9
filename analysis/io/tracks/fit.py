"""Garmin FIT activity files, decoded with ``fitdecode`` (a maintained decoder).

``record`` messages give the points (positions in semicircles); a timer
``stop`` event followed by more records starts a new segment; the ``sport`` or
``session`` message gives the sport, and ``file_id``'s serial number names the
recording device. Damaged files (bad header, CRC, truncation) are refused.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import numpy as np

from analysis.errors import InputError
from analysis.io.budget import NEVER, Deadline
from analysis.io.tracks.rawtrack import CHECK_EVERY, RawTrack, build, check_degrees

SEMICIRCLE_DEG = 180.0 / 2**31


def parse_fit(data: bytes, name: str, deadline: Deadline = NEVER) -> RawTrack:  # noqa: C901 - one branch per FIT message and field the importer reads
    """Read the points, sport and device serial number of a FIT activity file.

    Timestamps are what ``fitdecode`` makes of FIT's seconds since 1989-12-31
    (up to 2126); values below 0x10000000 count from the device's power-on
    and give no time.

    Raises
    ------
    InputError
        Naming ``name`` and the message: not a FIT file, damaged, off-Earth
        positions, no possible timestamp among its timed points, no point,
        still reading at ``deadline``.
    """
    if not data:
        raise InputError(f"{name}: the file is empty")
    try:
        messages = _messages(data, name, deadline)
        lat: list[float] = []
        lon: list[float] = []
        stamps: list[Any] = []
        places: list[int] = []
        breaks: list[int] = []
        sport: str | None = None
        device: str | None = None
        for index, kind, fields in messages:
            if kind == "record":
                y, x = fields.get("position_lat"), fields.get("position_long")
                if y is None or x is None:
                    continue
                y, x = float(y) * SEMICIRCLE_DEG, float(x) * SEMICIRCLE_DEG
                if not (-90.0 <= y <= 90.0 and -180.0 <= x <= 180.0):
                    check_degrees(y, x, name, f"message {index}")
                lat.append(y)
                lon.append(x)
                stamps.append(fields.get("timestamp"))
                places.append(index)
            elif kind == "event" and fields.get("event") == "timer":
                if str(fields.get("event_type", "")).startswith("stop"):
                    breaks.append(len(lat))
            elif kind in ("sport", "session") and sport is None and fields.get("sport"):
                sport = str(fields["sport"])
            elif kind == "file_id" and fields.get("serial_number"):
                device = str(fields["serial_number"])
    except InputError:
        raise
    except Exception as exc:  # a decoder fed hostile bytes may fail in any way
        raise InputError(f"{name}: not a readable FIT file ({type(exc).__name__}: {exc})") from None
    times = np.array([_utc(s) for s in stamps], dtype="datetime64[ms]")
    athlete = ("device", device) if device else None
    return build(lat, lon, times, breaks, name, (places, "message"), sport, athlete)


def _utc(stamp: Any) -> np.datetime64:
    if not isinstance(stamp, datetime):
        return np.datetime64("NaT", "ms")
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC).replace(tzinfo=None)
    return np.datetime64(stamp, "ms")


def _messages(data: bytes, name: str, deadline: Deadline) -> list[tuple[int, str, dict[str, Any]]]:
    """``(number, message name, {field: value})`` of the data messages read, in file order.

    The number counts every data message of the file from 1, as FIT tools do.
    """
    import fitdecode

    wanted = {"record", "event", "sport", "session", "file_id"}
    out = []
    with fitdecode.FitReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.RAISE,
    ) as fit:
        number = 0
        for frame in fit:
            if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                continue
            number += 1
            if not number % CHECK_EVERY:
                deadline.check(name, f"message {number}")
            if frame.name in wanted:
                out.append((number, frame.name, {f.name: f.value for f in frame.fields}))
    return out
