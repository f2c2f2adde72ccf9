"""``urbanista analyze audit -w WS``: every dataset's source and age, and twin datasets compared."""

from __future__ import annotations

from pathlib import Path

import click

from analysis.cli.analyze._options import finish, json_option, replace_option, workspace_option


@click.command("audit")
@workspace_option
@click.option(
    "--twin",
    "twins",
    nargs=2,
    multiple=True,
    metavar="A B",
    help="Compare layers A and B (repeatable); default: layers of the same role.",
)
@click.option(
    "--tolerance",
    "point_tolerance_m",
    default=30.0,
    show_default=True,
    type=float,
    help="Largest distance (metres) between two points taken for the same feature.",
)
@click.option(
    "--line-buffer",
    "line_buffer_m",
    default=15.0,
    show_default=True,
    type=float,
    help="Largest distance (metres) between two lines taken for the same way.",
)
@replace_option
@json_option
def command(
    workspace: Path,
    twins: tuple[tuple[str, str], ...],
    point_tolerance_m: float,
    line_buffer_m: float,
    replace: bool,
    as_json: bool,
) -> None:
    """Inventory every dataset (source, date and age, CRS, counts, quality flags) and
    compare twin datasets from two sources: matched, only in one, and why.
    """  # noqa: D205
    from analysis.cli.terminal import TerminalProgress
    from analysis.planning.audit import AuditParams, Source, Twin, audit, find_twins
    from analysis.workspace import Workspace

    params = AuditParams(point_tolerance_m=point_tolerance_m, line_buffer_m=line_buffer_m)
    ws = Workspace.open(workspace)
    pairs = [("named", a, b) for a, b in twins] if twins else find_twins(ws)

    def source(name: str) -> Source:
        return Source(name, ws.read_layer(name), ws.entry(name).source_date)

    result = audit(
        ws.entries(),
        [Twin(source(a), source(b), role) for role, a, b in pairs],
        params,
        geometry_types=ws.geometry_types(),
        progress=TerminalProgress("audit"),
    )
    finish(workspace, result, as_json, replace)
