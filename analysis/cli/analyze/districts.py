"""``urbanista analyze districts -w WS``: residents, cycling, racks and reports per district."""

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


@click.command("districts")
@workspace_option
@click.option(
    "--districts",
    "districts_layer",
    default=None,
    help="Polygon layer of districts (default: the largest that looks like one).",
)
@click.option(
    "--population-field",
    default=None,
    help="Field of residents (default: ludnosc, population, pop or liczba_mieszkancow).",
)
@click.option(
    "--cycleways", "cycleways_layer", default=None, help="Layer of cycleways." + LEAVE_OUT
)
@click.option("--racks", "racks_layer", default=None, help="Layer of bike racks." + LEAVE_OUT)
@click.option(
    "--reports", "reports_layer", default=None, help="Layer of citizen reports." + LEAVE_OUT
)
@click.option(
    "--activities",
    "activities_layer",
    default=None,
    help="Layer of activity tracks (default: activities)." + LEAVE_OUT,
)
@click.option(
    "--car-share",
    default=0.3,
    show_default=True,
    type=float,
    help="Share of cycled km that replace a car trip.",
)
@click.option(
    "--car-co2",
    "car_co2_g_per_km",
    default=120.0,
    show_default=True,
    type=float,
    help="Grams of CO2 a car emits per km.",
)
@click.option(
    "--min-users",
    default=5,
    show_default=True,
    type=int,
    help="A district counts activities of a type only if at least this many people have some.",
)
@replace_option
@json_option
def command(
    workspace: Path,
    districts_layer: str | None,
    population_field: str | None,
    cycleways_layer: str | None,
    racks_layer: str | None,
    reports_layer: str | None,
    activities_layer: str | None,
    car_share: float,
    car_co2_g_per_km: float,
    min_users: int,
    replace: bool,
    as_json: bool,
) -> None:
    """Per district: residents, activity users and km, cycleway km, racks and reports
    (per 1,000 residents), open backlog and CO2 avoided by cycling.

    Layers not named are guessed; one the workspace lacks is left out and said so.
    """  # noqa: D205
    from analysis.cli.terminal import TerminalProgress
    from analysis.planning.districts import DistrictParams, district_stats
    from analysis.planning.inputs import district_inputs
    from analysis.workspace import Workspace

    params = DistrictParams(
        population_field=population_field,
        car_share=car_share,
        car_co2_g_per_km=car_co2_g_per_km,
        min_users=min_users,
    )
    read = district_inputs(
        Workspace.open(workspace),
        {
            "districts": districts_layer,
            "cycleways": cycleways_layer,
            "racks": racks_layer,
            "reports": reports_layer,
            "activities": activities_layer,
        },
    )
    result = district_stats(
        read.districts,
        read.cycleways,
        read.racks,
        read.reports,
        read.activities,
        params=params,
        layer_names=read.names,
        progress=TerminalProgress("districts"),
        copies=read.copies,
    )
    finish(workspace, result, as_json, replace)
