"""``urbanista analyze gaps -w WS``: streets with cycling demand and no cycleway, ranked."""

from __future__ import annotations

from pathlib import Path

import click

from analysis.cli.analyze._options import (
    LEAVE_OUT,
    finish,
    json_option,
    replace_option,
    workspace_option,
)
from analysis.planning.inputs import USAGE_LAYER


@click.command("gaps")
@workspace_option
@click.option(
    "--usage",
    "usage_layer",
    default=None,
    help=f"Per-segment cycling usage (default: {USAGE_LAYER}, or counted now "
    'from the cycling tracks). An empty name ("") counts it now.',
)
@click.option(
    "--streets",
    "streets_layer",
    default=None,
    help="Street network to count usage on when there is no usage layer.",
)
@click.option(
    "--cycleways",
    "cycleways_layer",
    default=None,
    help="Layer of the cycle network (default: the largest that looks like one).",
)
@click.option(
    "--reports",
    "reports_layer",
    default=None,
    help="Citizen reports (default: the reports layer, if there is one)." + LEAVE_OUT,
)
@click.option(
    "--min-users-per-day",
    default=1.0,
    show_default=True,
    type=float,
    help="Distinct users a day that make a bare street a candidate.",
)
@click.option(
    "--along",
    "along_m",
    default=15.0,
    show_default=True,
    type=float,
    help="Metres from a cycleway within which a street counts as covered.",
)
@click.option(
    "--weights",
    nargs=3,
    type=float,
    default=(0.6, 0.2, 0.2),
    show_default=True,
    help="Weights of the demand, reports and connectivity terms of the score.",
)
@replace_option
@json_option
def command(
    workspace: Path,
    usage_layer: str | None,
    streets_layer: str | None,
    cycleways_layer: str | None,
    reports_layer: str | None,
    min_users_per_day: float,
    along_m: float,
    weights: tuple[float, float, float],
    replace: bool,
    as_json: bool,
) -> None:
    """Rank corridors of streets that carry cycling demand, reports asking for cycling
    infrastructure, or links joining the cycle network, but have no cycleway; and check
    the cycle network (dead ends, ends short of or past junctions, components, tags).
    """  # noqa: D205
    from analysis.cli.terminal import TerminalProgress
    from analysis.cli.work_limits import PERIOD_FILTERS, too_much_data
    from analysis.planning import inputs
    from analysis.planning.gaps import GapParams, gap_analysis
    from analysis.printable import printable
    from analysis.workspace import Workspace

    params = GapParams(
        along_m=along_m,
        min_users_per_day=min_users_per_day,
        demand_weight=weights[0],
        reports_weight=weights[1],
        connectivity_weight=weights[2],
    )
    ws = Workspace.open(workspace)
    layers = {
        "usage": usage_layer,
        "streets": streets_layer,
        "cycleways": cycleways_layer,
        "reports": reports_layer,
    }
    if inputs.usage_layer(ws, layers) is None:
        click.echo(
            printable(
                f"no {USAGE_LAYER} layer: counting cycling usage from the tracks now "
                f"(store it with `urbanista usage -w {ws.path} --type cycling`)"
            ),
            err=True,
        )
    way_out = (
        f"store the usage of fewer activities first (urbanista usage -w {ws.path} "
        f"--type cycling, narrowed with {PERIOD_FILTERS}), which the gaps then read"
    )
    with too_much_data(way_out):
        read = inputs.gap_inputs(ws, layers)
    result = gap_analysis(
        read.streets,
        read.cycleways,
        read.reports,
        params,
        TerminalProgress("gaps"),
        layer_names=read.names,
    )
    finish(workspace, result, as_json, replace)
