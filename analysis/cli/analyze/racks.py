"""``urbanista analyze racks -w WS``: where new bike stands cover the most demand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from analysis.cli.analyze._options import (
    LEAVE_OUT,
    finish,
    json_option,
    replace_option,
    workspace_option,
)

F = TypeVar("F", bound=Callable[..., Any])

_LAYERS = ("streets", "racks", "reports", "schools", "bus_stops", "shops", "parks")
_WEIGHTS = {
    "trip_end": 1.0,
    "report": 5.0,
    "school": 20.0,
    "bus_stop": 3.0,
    "shop": 10.0,
    "park": 10.0,
}
"""Default demand weights: those of :class:`analysis.planning.racks.RackParams`."""


def _options(command: F) -> F:
    """``--streets LAYER``... for each layer and ``--trip-weight W``... for each demand."""
    for name in reversed(_LAYERS):
        what = name.replace("_", " ")
        leave_out = "" if name == "streets" else LEAVE_OUT  # the streets are required
        command = click.option(
            f"--{name.replace('_', '-')}",
            f"{name}_layer",
            default=None,
            help=f"Layer of {what} (default: a guess).{leave_out}",
        )(command)
    for name, default in reversed(_WEIGHTS.items()):
        flag = "trip" if name == "trip_end" else name.replace("_", "-")
        what = {"trip_end": "trip start or end", "report": "missing-rack report"}.get(
            name, name.replace("_", " ")
        )
        command = click.option(
            f"--{flag}-weight",
            f"{name}_weight",
            default=default,
            show_default=True,
            type=float,
            help=f"Demand of one {what}.",
        )(command)
    return command


@click.command("racks")
@workspace_option
@click.option(
    "--new",
    "new_sites",
    default=10,
    show_default=True,
    type=int,
    help="Number of new stands to place (maximal covering).",
)
@click.option(
    "--target-pct",
    type=float,
    default=None,
    help="Instead: the fewest stands that cover this % of all demand (set covering).",
)
@click.option(
    "--walk",
    "walk_m",
    default=150.0,
    show_default=True,
    type=float,
    help="Walking distance (m) along the streets a stand serves.",
)
@click.option(
    "--spacing",
    "spacing_m",
    default=50.0,
    show_default=True,
    type=float,
    help="Candidate sites every this many metres along the streets.",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    default=("cycling",),
    show_default=True,
    help="Activity types whose trip ends are demand (repeatable; all: every type).",
)
@click.option(
    "--method",
    type=click.Choice(["exact", "greedy"]),
    default="exact",
    show_default=True,
    help="exact: integer programme (HiGHS); greedy: fast.",
)
@click.option(
    "--cell",
    "cell_m",
    default=100.0,
    show_default=True,
    type=float,
    help="Uncovered demand is shown summed in square cells this wide (m); display only, "
    "trip ends are checked for --min-users in fixed 100 m cells.",
)
@click.option(
    "--min-users",
    default=5,
    show_default=True,
    type=int,
    help="Trip starts and ends count only in 100 m cells (and types) of at least this many "
    "people, and in a stand's figures only if of this many.",
)
@_options
@replace_option
@json_option
def command(
    workspace: Path,
    new_sites: int,
    target_pct: float | None,
    walk_m: float,
    spacing_m: float,
    types: tuple[str, ...],
    method: str,
    cell_m: float,
    min_users: int,
    replace: bool,
    as_json: bool,
    **layers_and_weights: Any,
) -> None:
    """Propose bike-stand sites: maximal covering of trip ends, missing-rack reports and
    schools, stops, shops and parks within a walk along the streets; existing racks count.

    Trip starts and ends are demand only in 100 m squares (whatever --cell) where at
    least --min-users people have some of that type, one start and one end per person;
    a stand's figures leave out trip ends of fewer people; the demand left uncovered is
    stored summed per --cell cell, never as single trip ends.
    """  # noqa: D205
    from analysis.cli.terminal import TerminalProgress
    from analysis.planning.inputs import rack_inputs
    from analysis.planning.racks import RackParams, site_racks
    from analysis.workspace import Workspace

    if "all" in types:
        types = ()
    new_given = click.get_current_context().get_parameter_source("new_sites")
    if target_pct is not None and new_given is click.core.ParameterSource.COMMANDLINE:
        raise click.UsageError(
            "give --new N (stands to place) or --target-pct P (coverage to reach), not both"
        )
    weights = {f"{k}_weight": layers_and_weights[f"{k}_weight"] for k in _WEIGHTS}
    params = RackParams(
        new_sites=new_sites,
        target_pct=target_pct,
        walk_m=walk_m,
        candidate_spacing_m=spacing_m,
        activity_types=types,
        method=method,  # type: ignore[arg-type]
        uncovered_cell_m=cell_m,
        min_users=min_users,
        **weights,
    )
    inputs = rack_inputs(
        Workspace.open(workspace), {k: layers_and_weights[f"{k}_layer"] for k in _LAYERS}
    )
    finish(workspace, site_racks(inputs, params, TerminalProgress("racks")), as_json, replace)
