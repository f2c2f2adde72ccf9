"""From one file's bytes to an activity: the unit of work, run in this process or a worker."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from analysis.errors import InputError
from analysis.io.budget import NEVER, Deadline

if TYPE_CHECKING:
    from analysis.io.tracks.activity import Activity, Context
    from analysis.io.tracks.archives import Unit
    from analysis.io.tracks.rawtrack import RawTrack


def parse_track(data: bytes, fmt: str, name: str, deadline: Deadline = NEVER) -> RawTrack:
    """Parse ``data`` as ``fmt`` (``"gpx"``, ``"tcx"`` or ``"fit"``), abandoned at ``deadline``."""
    if fmt == "gpx":
        from analysis.io.tracks.gpx import parse_gpx

        return parse_gpx(data, name, deadline)
    if fmt == "tcx":
        from analysis.io.tracks.tcx import parse_tcx

        return parse_tcx(data, name, deadline)
    if fmt == "fit":
        from analysis.io.tracks.fit import parse_fit

        return parse_fit(data, name, deadline)
    raise ValueError(f"unknown track format {fmt!r}")


def read_activity(
    unit: Unit, ident: str, context: Context, budget_s: float = math.inf
) -> Activity | str:
    """The activity in ``unit``, or why it is rejected (without the file's name).

    Parsing gives up once it has taken ``budget_s`` seconds: it looks at the
    clock every few thousand points (:meth:`~analysis.io.budget.Deadline.check`).
    """
    from analysis.io.tracks.activity import build_activity

    try:
        raw = parse_track(unit.data, unit.fmt, unit.name, Deadline.start(budget_s))
        return build_activity(
            raw, ident, unit.source, context, sport=unit.sport, athlete=unit.athlete
        )
    except InputError as exc:
        return str(exc).removeprefix(f"{unit.name}: ")
