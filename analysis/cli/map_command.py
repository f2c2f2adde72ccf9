"""``urbanista map -w WS -o OUT``: the interactive HTML map, or a PNG/PDF print map."""

from __future__ import annotations

from pathlib import Path

import click

from analysis.cli.options import workspace_option

HTML_SUFFIXES = (".html", ".htm")
PRINT_SUFFIXES = (".png", ".pdf")


@click.command("map")
@workspace_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="map.html: interactive, works offline; map.png or map.pdf: print map.",
)
@click.option(
    "--layers",
    "layers",
    multiple=True,
    metavar="NAME[,NAME...]",
    help="Layers to draw, comma-separated or repeated (default: the basemap, "
    "cycleways, stands, heatmaps, reports and analysis results).",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(["pl", "en"]),
    default="pl",
    show_default=True,
    help="Language of the legend, popups and labels.",
)
@click.option("--title", default=None, help="Map title (default: the workspace's name).")
@click.option(
    "--tiles",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="HTML map: local basemap tiles, an XYZ folder ({z}/{x}/{y}.png) or an "
    ".mbtiles file (extracted beside the map). Default: drawn from the "
    "workspace's streets, parks and water.",
)
@click.option(
    "--paper",
    type=click.Choice(["A4", "A3"]),
    default=None,
    help="Print map: paper size [default: A4].",
)
@click.option(
    "--orientation",
    type=click.Choice(["landscape", "portrait"]),
    default=None,
    help="Print map: orientation [default: landscape].",
)
@click.option(
    "--dpi",
    type=int,
    default=None,
    help="Print map (PNG): resolution [default: 200].",
)
def map_(
    workspace: Path,
    output: Path,
    layers: tuple[str, ...],
    language: str,
    title: str | None,
    tiles: Path | None,
    paper: str | None,
    orientation: str | None,
    dpi: int | None,
) -> None:
    """Draw the workspace as a map: an interactive HTML page that needs no internet
    (layers to switch on and off, clustered reports, heatmap legend in its unit), or
    a print map for A4/A3.
    """  # noqa: D205
    suffix = output.suffix.lower()
    names = tuple(n.strip() for item in layers for n in item.split(",") if n.strip())
    if suffix in HTML_SUFFIXES:
        print_options = {"--paper": paper, "--orientation": orientation, "--dpi": dpi}
        given = [name for name, value in print_options.items() if value is not None]
        if given:
            raise click.UsageError(f"{', '.join(given)}: only for .png and .pdf print maps")
        _web_map(workspace, output, names, language, title, tiles)
    elif suffix in PRINT_SUFFIXES:
        if tiles is not None:
            raise click.UsageError("--tiles: only for .html maps")
        _print_map(workspace, output, names, language, title, paper, orientation, dpi)
    else:
        raise click.UsageError(
            f"{output}: write the map as .html (interactive) or .png/.pdf (print)"
        )


def _web_map(
    workspace: Path,
    output: Path,
    names: tuple[str, ...],
    language: str,
    title: str | None,
    tiles: Path | None,
) -> None:
    import time

    from analysis.export.web_map import WebMapParams, write_web_map
    from analysis.printable import printable
    from analysis.workspace import Workspace

    start = time.perf_counter()
    params = WebMapParams(
        layers=names, language="en" if language == "en" else "pl", tiles=tiles, title=title
    )
    result = write_web_map(Workspace.open(workspace), output, params)
    seconds = time.perf_counter() - start
    click.echo(
        printable(
            f"wrote {result.path} ({result.size_bytes / 1e6:.2f} MB, {seconds:.1f} s): "
            f"{len(result.layers)} layers: {', '.join(result.layers)}"
        )
    )
    for name, reason in result.skipped.items():
        click.echo(printable(f"  left out {name}: {reason}"))
    if result.tiles is not None:
        click.echo(printable(f"  tiles in {result.tiles}: keep that folder beside the map"))


def _print_map(
    workspace: Path,
    output: Path,
    names: tuple[str, ...],
    language: str,
    title: str | None,
    paper: str | None,
    orientation: str | None,
    dpi: int | None,
) -> None:
    from analysis.export.map_figure import PrintMapParams, render_map
    from analysis.printable import printable
    from analysis.workspace import Workspace

    options: dict[str, object] = {"paper": paper, "orientation": orientation, "dpi": dpi}
    params = PrintMapParams(
        language="en" if language == "en" else "pl",
        title=title,
        layers=names or None,
        **{k: v for k, v in options.items() if v is not None},  # type: ignore[arg-type]
    )
    path = render_map(Workspace.open(workspace), output, params)
    click.echo(printable(f"wrote {path}"))
