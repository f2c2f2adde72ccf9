"""``urbanista usage --workspace WS``: trips and users per street segment and H3 hexagon."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from analysis.cli.activity_options import activity_filter, activity_filter_options


@click.command()
@click.option(
    "--workspace",
    "-w",
    "workspace",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The workspace .gpkg.",
)
@click.option(
    "--streets",
    "streets_layer",
    default=None,
    help="Layer of the street network (default: the largest that looks like one).",
)
@click.option(
    "--tolerance",
    "tolerance_m",
    default=15.0,
    show_default=True,
    type=float,
    help="Largest distance (metres) from a track to the street it rides along.",
)
@click.option(
    "--h3",
    "resolution",
    default=8,
    show_default=True,
    type=int,
    help="H3 resolution of the hexagon counts (8: Strava Metro's).",
)
@click.option(
    "--min-users",
    default=5,
    show_default=True,
    type=int,
    help="Withhold counts reflecting fewer distinct users.",
)
@click.option(
    "--save-as",
    "prefix",
    default=None,
    help="Layer name prefix (default: usage, or usage_TYPE for one type).",
)
@click.option(
    "--replace", is_flag=True, help="Replace datasets of another kind that hold the layer names."
)
@activity_filter_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
def usage(
    workspace: Path,
    streets_layer: str | None,
    tolerance_m: float,
    resolution: int,
    min_users: int,
    prefix: str | None,
    replace: bool,
    types: tuple[str, ...],
    date_from: datetime | None,
    date_to: datetime | None,
    days: str,
    day_parts: tuple[str, ...],
    months: tuple[int, ...],
    as_json: bool,
) -> None:
    """Count trips and distinct users per street segment (by direction, month and day part)
    and per H3 hexagon, as Strava Metro does, and store them in the workspace.
    """  # noqa: D205
    from analysis.cli.terminal import TerminalProgress
    from analysis.cli.work_limits import FILTERS, too_much_data
    from analysis.heatmap.hexagons import HexUsageParams
    from analysis.heatmap.segments import SegmentUsageParams
    from analysis.heatmap.usage import UsageParams, store_usage
    from analysis.printable import printable, printable_json
    from analysis.workspace import Workspace

    params = UsageParams(
        filters=activity_filter(types, date_from, date_to, days, day_parts, months),
        segments=SegmentUsageParams(tolerance_m=tolerance_m, min_users=min_users),
        hexagons=HexUsageParams(resolution=resolution, min_users=min_users),
        streets_layer=streets_layer,
    )
    prefix = prefix or ("usage_" + types[0] if len(types) == 1 else "usage")
    with too_much_data(f"count fewer activities: narrow them with {FILTERS}"):
        summary = store_usage(
            Workspace.open(workspace), params, prefix, TerminalProgress("usage"), replace=replace
        )
    if as_json:
        click.echo(printable_json(summary))
        return
    click.echo(
        printable(
            f"{summary['trips']:,} trips ({summary['filters']}) on {summary['streets']}: "
            f"{summary['segments_shown']:,} segments shown (others: fewer than "
            f"{summary['min_users']} people, or none), {summary['hexagons']} hexagons; "
            f"wrote {', '.join(summary['layers'])}"
        )
    )
