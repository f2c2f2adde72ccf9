"""``urbanista report --workspace WS -o report.xlsx``: the Excel report of a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, cast

import click

from analysis.cli.options import workspace_option


@click.command()
@workspace_option
@click.option(
    "--output",
    "-o",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .xlsx file to write.",
)
@click.option(
    "--lang",
    type=click.Choice(["pl", "en"]),
    default="pl",
    show_default=True,
    help="Language of the sheets, headers and notes.",
)
@click.option(
    "--sections",
    multiple=True,
    metavar="NAME[,NAME...]",
    help="Analyses (urbanista analyze list) or layers to include "
    "(default: the results of every analysis but the heatmap and street usage).",
)
@click.option(
    "--include-personal",
    is_flag=True,
    help="Keep reporters' names, e-mails and phones, if the workspace kept them.",
)
@click.option("--city", default=None, help="City name on the summary (default: from the data).")
@click.option("--no-map", is_flag=True, help="Leave the city map off the summary sheet.")
@click.option("--json", "as_json", is_flag=True, help="Print the sheets written as JSON.")
def report(
    workspace: Path,
    output: Path,
    lang: str,
    sections: tuple[str, ...],
    include_personal: bool,
    city: str | None,
    no_map: bool,
    as_json: bool,
) -> None:
    """Write an Excel report: summary with charts and map, one sheet per result, methodology."""
    from analysis.errors import InputError
    from analysis.export.excel_report import ReportParams, write_report
    from analysis.printable import printable, printable_json
    from analysis.workspace import Workspace

    if output.suffix.lower() != ".xlsx":
        raise InputError(f"{output}: the report is an Excel workbook, its name must end in .xlsx")
    names = tuple(n.strip() for s in sections for n in s.split(",") if n.strip()) or None
    params = ReportParams(
        lang=cast(Literal["pl", "en"], lang),
        sections=names,
        include_personal=include_personal,
        city=city,
    )
    contents = write_report(Workspace.open(workspace), output, params, with_map=not no_map)
    if as_json:
        shown = {
            "output": str(output),
            "sheets": dict(contents.sheets),
            "personal_columns_left_out": contents.personal_dropped,
        }
        click.echo(printable_json(shown))
        return
    rows = sum(n for _, n in contents.sheets)
    click.echo(printable(f"wrote {output}: {len(contents.sheets) + 1} sheets, {rows:,} rows"))
    if contents.personal_dropped:
        click.echo(
            printable(
                f"left out personal columns: {', '.join(contents.personal_dropped)} "
                "(--include-personal keeps them)"
            )
        )
