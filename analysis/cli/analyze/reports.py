"""``urbanista analyze reports -w WS``: hotspots, duplicates, backlog and trends of reports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from analysis.cli.analyze._options import (
    LEAVE_OUT,
    finish,
    json_option,
    replace_option,
    workspace_option,
)


@click.command("reports")
@workspace_option
@click.option(
    "--reports",
    "reports_layer",
    default=None,
    help="Layer of citizen reports (default: the largest reports layer).",
)
@click.option(
    "--districts",
    "districts_layer",
    default=None,
    help="Polygon layer of districts (default: the largest that looks like one; "
    "without one, the reports' district column or the whole city)." + LEAVE_OUT,
)
@click.option(
    "--district-field",
    default=None,
    help="Field of the districts layer naming them (default: nazwa, name...).",
)
@click.option(
    "--district-column",
    default=None,
    help="Column of the reports naming their district, used without districts layer.",
)
@click.option(
    "--cell-m",
    default=100.0,
    show_default=True,
    type=float,
    help="Hotspot grid cell (metres).",
)
@click.option(
    "--alpha",
    default=0.05,
    show_default=True,
    type=float,
    help="Significance level of a hot cell.",
)
@click.option(
    "--permutations",
    default=999,
    show_default=True,
    type=int,
    help="Permutations of the Gi* test.",
)
@click.option(
    "--seed", default=12345, show_default=True, type=int, help="Seed of the permutations."
)
@click.option(
    "--fdr/--no-fdr",
    default=True,
    show_default=True,
    help="Also control the false discovery rate over the cells (Benjamini-Hochberg).",
)
@click.option(
    "--min-reports",
    default=5,
    show_default=True,
    type=int,
    help="Fewest reports of a category to test, and of a hotspot area to keep.",
)
@click.option(
    "--duplicate-m",
    default=50.0,
    show_default=True,
    type=float,
    help="Likely duplicates: same category at most this far apart (metres)...",
)
@click.option(
    "--duplicate-days",
    default=7.0,
    show_default=True,
    type=float,
    help="... and created at most this many days apart.",
)
@click.option(
    "--as-of",
    default=None,
    type=click.DateTime(),
    help="Count the backlog at this date (default: the latest date in the layer).",
)
@replace_option
@json_option
def command(
    workspace: Path,
    reports_layer: str | None,
    districts_layer: str | None,
    district_field: str | None,
    district_column: str | None,
    cell_m: float,
    alpha: float,
    permutations: int,
    seed: int,
    fdr: bool,
    min_reports: int,
    duplicate_m: float,
    duplicate_days: float,
    as_of: datetime | None,
    replace: bool,
    as_json: bool,
) -> None:
    """Hotspots of each category (Getis-Ord Gi*), likely duplicates, open backlog and
    days to close by district and category, reports per month and their trend.
    """  # noqa: D205
    from analysis.cli.terminal import TerminalProgress
    from analysis.planning.inputs import report_inputs
    from analysis.planning.reports import ReportParams, analyze_reports
    from analysis.workspace import Workspace

    params = ReportParams(
        cell_m=cell_m,
        alpha=alpha,
        permutations=permutations,
        seed=seed,
        fdr=fdr,
        min_reports=min_reports,
        duplicate_m=duplicate_m,
        duplicate_days=duplicate_days,
        district_field=district_field,
        district_column=district_column,
        as_of=as_of,
    )
    read = report_inputs(
        Workspace.open(workspace), {"reports": reports_layer, "districts": districts_layer}
    )
    result = analyze_reports(
        read.reports,
        read.districts,
        params,
        TerminalProgress("reports"),
        layer=read.names["reports"],
        districts_layer=read.names.get("districts", "districts"),
    )
    finish(workspace, result, as_json, replace)
