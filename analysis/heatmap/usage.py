"""Usage of the street network by residents' activities, into the workspace.

Reads a workspace's tracks and streets, counts per segment
(:mod:`analysis.heatmap.segments`) and per H3 hexagon
(:mod:`analysis.heatmap.hexagons`), and stores both as analysis layers.
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
from analysis.progress import NullProgress, Progress, Steps
from analysis.workspace import DatasetKind, Workspace
from analysis.workspace.roles import STREETS, find_layer


@dataclass(frozen=True)
class UsageParams:
    """Which activities, on which streets, counted how."""

    filters: ActivityFilter = field(default_factory=ActivityFilter)
    segments: SegmentUsageParams = field(default_factory=SegmentUsageParams)
    hexagons: HexUsageParams = field(default_factory=HexUsageParams)
    streets_layer: str | None = None
    """The street network's layer; None: the workspace's largest layer that looks like one."""


def store_usage(
    workspace: Workspace,
    params: UsageParams,
    prefix: str = "usage",
    progress: Progress | None = None,
    replace: bool = False,
) -> dict[str, Any]:
    """Count usage per segment and hexagon; store the layers ``PREFIX_segments`` and so on.

    Writes ``PREFIX_segments``, ``PREFIX_periods`` and ``PREFIX_hexagons`` in one
    transaction and returns the summary of the counts with the layer names. A
    name held by another kind of dataset is refused unless ``replace``.
    """
    steps = Steps(progress or NullProgress(), [1, 8, 2, 1])
    streets_name = find_layer(workspace, STREETS, params.streets_layer)
    tracks, people = read_tracks(workspace.path, params.filters)
    streets = workspace.read_layer(streets_name)
    steps.step(0).report(1.0, "read tracks and streets")
    by_segment = segment_usage(tracks, streets, params.segments, steps.step(1))
    by_hexagon = hex_usage(tracks, params.hexagons)
    steps.step(2).report(1.0, "hexagons counted")
    about = params.filters.describe()
    facts = {"filters": about, "streets": streets_name, **people}
    names = {part: f"{prefix}_{part}" for part in ("segments", "periods", "hexagons")}
    with workspace.transaction(replace=replace, rename_with="--save-as PREFIX") as tx:
        tx.write_layer(
            by_segment.segments,
            names["segments"],
            DatasetKind.ANALYSIS,
            title=f"Usage per street segment: {about}",
            quality={"unit": SEGMENT_UNIT, **facts, **by_segment.summary},
        )
        tx.write_layer(
            by_segment.periods,
            names["periods"],
            DatasetKind.ANALYSIS,
            title=f"Usage per segment, month and day part: {about}",
            quality={"unit": SEGMENT_UNIT, **facts, "min_users": params.segments.min_users},
        )
        tx.write_layer(
            by_hexagon.hexagons,
            names["hexagons"],
            DatasetKind.ANALYSIS,
            title=f"Usage per H3 hexagon (resolution {params.hexagons.resolution}): {about}",
            quality={"unit": HEX_UNIT, **facts, **by_hexagon.summary},
        )
    steps.step(3).report(1.0, "stored")
    return {
        "layers": list(names.values()),
        **facts,
        **by_segment.summary,
        "hexagons": by_hexagon.summary["hexagons"],
    }
