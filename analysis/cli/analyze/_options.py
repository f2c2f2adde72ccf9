"""Options every analysis command shares, and how it prints and stores its result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from analysis.planning.result import AnalysisResult

workspace_option = click.option(
    "--workspace",
    "-w",
    "workspace",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The workspace .gpkg.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
replace_option = click.option(
    "--replace",
    is_flag=True,
    help="Replace datasets of another kind that hold the result's layer names.",
)
LEAVE_OUT = ' An empty name ("") leaves it out.'
"""Said in the help of every optional layer option: ``--racks ""`` reads no racks."""


def finish(workspace: Path, result: AnalysisResult, as_json: bool, replace: bool = False) -> None:
    """Store ``result``'s tables in the workspace and print its summary (or JSON).

    Names from the data are shown escaped (:func:`~analysis.printable.printable`).
    """
    from analysis.planning.result import store_result
    from analysis.printable import printable, printable_json
    from analysis.workspace import Workspace

    layers = store_result(Workspace.open(workspace), result, replace)
    if as_json:
        data = json.loads(json.dumps({**result.to_json(), "layers": layers}, default=str))
        click.echo(printable_json(data))
    else:
        for line in result.lines:  # district, street and layer names from the data
            click.echo(printable(line))
        click.echo(printable(f"stored {', '.join(layers)} in {workspace}"))
