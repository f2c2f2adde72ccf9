"""``urbanista sample-city``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click


@click.command("sample-city")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the city into (new, or an earlier sample city's).",
)
@click.option(
    "--seed",
    default=2026,
    show_default=True,
    help="Random seed; the same seed gives the same files.",
)
def sample_city(out: Path, seed: int) -> None:
    """Write the sample city "Przykładowo" with its planted ground truth (truth.json)."""
    from analysis.cli.terminal import TerminalProgress
    from analysis.samplecity import SampleCityParams, generate

    city = generate(out, SampleCityParams(seed=seed), TerminalProgress("sample city"))
    click.echo(city_summary(city.truth, city.folder))


def city_summary(truth: dict[str, Any], folder: Path) -> str:
    """A few lines on what the city holds."""
    c = truth["counts"]
    return "\n".join(
        [
            f"{truth['city']} written to {folder}",
            f"  {c['districts']} districts, {c['population']:,} residents; "
            f"{c['streets']:,} street segments ({c['streets_km']} km), "
            f"{c['cycleways_km']} km of cycleways, {c['racks']} bike racks",
            f"  {c['activities']:,} activities by {c['users']} residents "
            f"({c['track_points']:,} GPS points) in tracks/",
            f"  {c['reports']:,} citizen reports in reports/ "
            f"({c['report_csv_rows']:,} in the CSV, "
            f"{c['report_open311_rows']:,} in the Open311 feed)",
            f"  planted: corridor {truth['corridor']['street']}, rack demand at "
            f"{truth['rack_demand']['place']}, {truth['report_hotspot']['category']} hotspot",
        ]
    )
