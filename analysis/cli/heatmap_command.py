"""``urbanista heatmap INPUT... -o OUT.tif``."""

from __future__ import annotations

from pathlib import Path

import click

KERNELS = ("quartic", "triangular", "uniform", "triweight", "epanechnikov")


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="GeoTIFF to write.",
)
@click.option(
    "--radius",
    "radius_m",
    default=100.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Kernel radius, metres.",
)
@click.option(
    "--pixel",
    "pixel_m",
    default=5.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Cell size, metres.",
)
@click.option("--kernel", type=click.Choice(KERNELS), default="quartic", show_default=True)
@click.option(
    "--weight", "weight_field", default=None, help="Weight of each point from this field."
)
@click.option("--radius-field", default=None, help="Radius of each point from this field (metres).")
@click.option(
    "--values",
    "values_kind",
    type=click.Choice(["raw", "density"]),
    default="raw",
    show_default=True,
    help="raw: QGIS's raw kernel sums; density: points per km2.",
)
@click.option(
    "--match-qgis",
    is_flag=True,
    help="Reproduce QGIS's sub-pixel shift, to compare with its output cell by cell.",
)
def heatmap(
    inputs: tuple[str, ...],
    output: Path,
    radius_m: float,
    pixel_m: float,
    kernel: str,
    weight_field: str | None,
    radius_field: str | None,
    values_kind: str,
    match_qgis: bool,
) -> None:
    """Kernel density heatmap of points (INPUT: a file, or WORKSPACE.gpkg:LAYER)."""
    from analysis.heatmap.inputs import parse_input
    from analysis.heatmap.points import PointHeatmapParams, point_heatmap
    from analysis.io.geotiff import write_geotiff
    from analysis.kernels.kde import Kernel

    params = PointHeatmapParams(
        radius_m=radius_m,
        pixel_m=pixel_m,
        kernel=Kernel(kernel),
        weight_field=weight_field,
        radius_field=radius_field,
        density=values_kind == "density",
        match_qgis=match_qgis,
    )
    result = point_heatmap([parse_input(text) for text in inputs], params)
    write_geotiff(
        output,
        result.values,
        result.grid,
        result.crs,
        unit=result.unit,
        description=f"{kernel} kernel, radius {radius_m:g} m",
        tags={"radius_m": radius_m, "kernel": kernel, "points": result.stats["points"]},
    )
    click.echo(
        f"wrote {output}: {result.grid.cols} x {result.grid.rows} cells of {pixel_m:g} m, "
        f"{result.stats['points']:,} points, max {result.stats['max']:.4g} {result.unit}"
    )
