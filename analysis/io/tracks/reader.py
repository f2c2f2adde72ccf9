"""From one file's bytes to an activity: the unit of work, run in this process or a worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.errors import InputError

if TYPE_CHECKING:
    from analysis.io.tracks.activity import Activity, Context
    from analysis.io.tracks.archives import Unit
    from analysis.io.tracks.rawtrack import RawTrack


def parse_track(data: bytes, fmt: str, name: str) -> RawTrack:
    """Parse ``data`` as ``fmt`` (``"gpx"``, ``"tcx"`` or ``"fit"``)."""
    if fmt == "gpx":
        from analysis.io.tracks.gpx import parse_gpx

        return parse_gpx(data, name)
    if fmt == "tcx":
        from analysis.io.tracks.tcx import parse_tcx

        return parse_tcx(data, name)
    if fmt == "fit":
        from analysis.io.tracks.fit import parse_fit

        return parse_fit(data, name)
    raise ValueError(f"unknown track format {fmt!r}")


def read_activity(unit: Unit, ident: str, context: Context) -> Activity | str:
    """The activity in ``unit``, or why it is rejected (without the file's name)."""
    from analysis.io.tracks.activity import build_activity

    try:
        raw = parse_track(unit.data, unit.fmt, unit.name)
        return build_activity(
            raw, ident, unit.source, context, sport=unit.sport, athlete=unit.athlete
        )
    except InputError as exc:
        return str(exc).removeprefix(f"{unit.name}: ")


def read_activities(units: list[tuple[Unit, str]], context: Context) -> list[Activity | str]:
    """:func:`read_activity` of each ``(unit, activity id)``: the task of a worker process."""
    return [read_activity(unit, ident, context) for unit, ident in units]
