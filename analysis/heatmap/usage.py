"""Usage of the street network by residents' activities, into the workspace.

Reads a workspace's tracks and streets, counts per segment
(:mod:`analysis.heatmap.segments`) and per H3 hexagon
(:mod:`analysis.heatmap.hexagons`); :data:`ANALYSIS` stores both as analysis
layers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analysis.heatmap.activity import read_tracks
from analysis.heatmap.filters import ActivityFilter
from analysis.heatmap.hexagons import UNIT as HEX_UNIT
from analysis.heatmap.hexagons import HexUsageParams, hex_usage
from analysis.heatmap.segments import UNIT as SEGMENT_UNIT
from analysis.heatmap.segments import SegmentUsageParams, segment_usage
from analysis.planning.inputs import Inputs, Slot
from analysis.planning.result import AnalysisResult, parameters_of
from analysis.progress import Progress, Steps, check_cancelled
from analysis.registry import N_, Analysis
from analysis.workspace.roles import STREETS

KEY = "usage"
SEGMENTS = "segments"
"""The table of trips and users per street segment, by direction."""
PERIODS = "periods"
"""The table of trips and users per segment, month and day part."""
HEXAGONS = "hexagons"
"""The table of activities and users per H3 hexagon."""
CYCLING = "cycling"
"""The activity type whose usage the gap analysis reads."""
CYCLING_SEGMENTS = f"{KEY}_{CYCLING}_{SEGMENTS}"
"""The per-segment cycling usage the gap analysis reads (``urbanista usage --type cycling``)."""


@dataclass(frozen=True)
class UsageParams:
    """Which activities, counted how."""

    filters: ActivityFilter = field(default_factory=ActivityFilter)
    """Which activities count."""
    segments: SegmentUsageParams = field(default_factory=SegmentUsageParams)
    """How tracks are matched to street segments."""
    hexagons: HexUsageParams = field(default_factory=HexUsageParams)
    """Which H3 grid the activities are counted on."""


def usage_prefix(filters: ActivityFilter) -> str:
    """The stored layers' prefix: ``usage_cycling`` for one activity type, else ``usage``."""
    return f"{KEY}_{filters.types[0]}" if len(filters.types) == 1 else KEY


def run(inputs: Inputs, params: UsageParams, progress: Progress) -> AnalysisResult:
    """Count the usage of the streets of the slot ``streets`` per segment and hexagon."""
    steps = Steps(progress, [1, 8, 2])
    tracks, people = read_tracks(inputs.workspace.path, params.filters)
    steps.step(0).report(1.0, "tracks read")
    by_segment = segment_usage(tracks, inputs.layer("streets"), params.segments, steps.step(1))
    check_cancelled(progress)
    by_hexagon = hex_usage(tracks, params.hexagons)
    steps.step(2).report(1.0, "hexagons counted")
    about = params.filters.describe()
    facts = {"filters": about, "streets": inputs.names["streets"], **people}
    summary = {**facts, **by_segment.summary, "hexagons": by_hexagon.summary["hexagons"]}
    resolution = params.hexagons.resolution
    return AnalysisResult(
        KEY,
        tables={
            SEGMENTS: by_segment.segments,
            PERIODS: by_segment.periods,
            HEXAGONS: by_hexagon.hexagons,
        },
        summary=summary,
        parameters=parameters_of(params),
        lines=(_line(summary),),
        titles={
            SEGMENTS: f"Usage per street segment: {about}",
            PERIODS: f"Usage per segment, month and day part: {about}",
            HEXAGONS: f"Usage per H3 hexagon (resolution {resolution}): {about}",
        },
        prefix=usage_prefix(params.filters),
        facts={
            SEGMENTS: {"unit": SEGMENT_UNIT, **facts, **by_segment.summary},
            PERIODS: {"unit": SEGMENT_UNIT, **facts, "min_users": params.segments.min_users},
            HEXAGONS: {"unit": HEX_UNIT, **facts, **by_hexagon.summary},
        },
    )


def _line(summary: dict[str, Any]) -> str:
    """What the counts found, in one sentence."""
    return (
        f"{summary['trips']} trips of {summary['filters']} on {summary['segments_shown']} "
        f"street segments over {summary['days']} days (others: fewer than "
        f"{summary['min_users']} people, or none); {summary['hexagons']} hexagons."
    )


ANALYSIS = Analysis(
    key=KEY,
    title=N_("Street usage"),
    description=N_(
        "Count trips and distinct users per street segment (by direction, month and day "
        "part) and per H3 hexagon, as Strava Metro does. A count shows only the activities "
        "of a month, day type, day part and type that enough distinct people share there."
    ),
    params=UsageParams,
    run=run,
    slots=(
        Slot(
            "streets",
            STREETS,
            required=True,
            help="Layer of the street network (default: the largest that looks like one).",
        ),
    ),
    prefix_flag="--save-as",
    way_out=(
        "count fewer activities: narrow them with "
        "--type, --from/--to, --days, --day-part or --month"
    ),
    in_report=False,
)
"""Street usage in the registry (:mod:`analysis.registry`): stored as ``usage_<type>_segments``,
``_periods`` and ``_hexagons`` (``usage_...`` for several types or all)."""
