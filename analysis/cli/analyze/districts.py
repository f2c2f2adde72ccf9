"""``urbanista analyze districts -w WS``: residents, cycling, racks and reports per district."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from analysis.cli.analyze._options import finish, json_option, workspace_option

if TYPE_CHECKING:
    import geopandas as gpd

    from analysis.workspace import Workspace



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
@click.option("--cycleways", "cycleways_layer", default=None, help="Layer of cycleways.")
@click.option("--racks", "racks_layer", default=None, help="Layer of bike racks.")
@click.option("--reports", "reports_layer", default=None, help="Layer of citizen reports.")
@click.option(
    "--activities",
    "activities_layer",
    default=None,
    help="Layer of activity tracks (default: activities).",
)
@click.option(
    "--car-share",
    default=0.3,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Share of cycled km that replace a car trip.",
)
@click.option(
    "--car-co2",
    "car_co2_g_per_km",
    default=120.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Grams of CO2 a car emits per km.",
)
@json_option
def command(
    workspace: Path, districts_layer: str | None, population_field: str | None,
    cycleways_layer: str | None, racks_layer: str | None, reports_layer: str | None,
    activities_layer: str | None, car_share: float, car_co2_g_per_km: float, as_json: bool,
) -> None:  # fmt: skip
    """Per district: residents, activity users and km, cycleway km, racks and reports
    (per 1,000 residents), open backlog and CO2 avoided by cycling.

    Layers not named are guessed; one the workspace lacks is left out and said so.
    """  # noqa: D205
    from analysis.cli.terminal import TerminalProgress
    from analysis.planning.districts import DistrictParams, district_stats
    from analysis.workspace import Workspace, roles

    ws = Workspace.open(workspace)
    named = {
        "districts": roles.find_layer(ws, roles.DISTRICTS, districts_layer),
        "cycleways": roles.find_optional_layer(ws, roles.CYCLEWAYS, cycleways_layer),
        "racks": roles.find_optional_layer(ws, roles.RACKS, racks_layer),
        "reports": roles.find_optional_layer(ws, roles.REPORTS, reports_layer),
        "activities": roles.find_optional_layer(ws, roles.ACTIVITIES, activities_layer),
    }
    frames = {key: _read(ws, name) for key, name in named.items()}
    params = DistrictParams(population_field=population_field, car_share=car_share,
                            car_co2_g_per_km=car_co2_g_per_km)  # fmt: skip
    result = district_stats(
        frames.pop("districts"), **frames, params=params,
        layer_names={k: v for k, v in named.items() if v is not None},
        progress=TerminalProgress("districts"),
    )  # fmt: skip
    finish(workspace, result, as_json)


def _read(ws: Workspace, name: str | None) -> gpd.GeoDataFrame | None:
    return None if name is None else ws.read_layer(name)
