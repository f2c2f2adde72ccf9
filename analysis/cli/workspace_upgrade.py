"""``urbanista workspace upgrade PATH [-o OUT | --in-place]``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("upgrade")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The upgraded copy (default: NAME-formatN.gpkg beside PATH); its rasters go with it.",
)  # fmt: skip
@click.option("--in-place", is_flag=True, help="Upgrade PATH itself instead of a copy.")
def upgrade(path: Path, output: Path | None, in_place: bool) -> None:
    """Upgrade the workspace at PATH to this Urbanista's format (into a copy by default)."""
    from analysis.workspace.formats import FORMAT_VERSION, read_version
    from analysis.workspace.formats import upgrade as upgrade_workspace

    if in_place and output is not None:
        raise click.UsageError("--in-place upgrades PATH itself: leave out -o/--output")
    before = read_version(path)
    if before == FORMAT_VERSION:
        click.echo(f"{path} has format {FORMAT_VERSION} already: nothing to do")
        return
    done = upgrade_workspace(path, output, in_place=in_place)
    click.echo(f"upgraded {path} (format {before}) to format {FORMAT_VERSION}: {done}")
