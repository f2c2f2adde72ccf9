"""``urbanista workspace upgrade PATH [-o OUT | --in-place]``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("upgrade")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The upgraded copy (default: NAME-formatN.gpkg beside PATH); its rasters go with it.",
)
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
    if not in_place and before.isdigit() and int(before) < 3:
        click.echo(old_file_warning(path), err=True)


def old_file_warning(path: Path) -> str:
    """What to do with a format-2 workspace after an upgrade into a copy: it holds the key."""
    return (
        f"urbanista: warning: {path} still holds the pseudonym key of the upgraded workspace "
        "(format 2 kept it inside): whoever has that file, or a backup of it, can recompute "
        "every athlete's pseudonym, those of later imports too. Delete it and its backups "
        f"(or upgrade in place next time: 'urbanista workspace upgrade {path} --in-place'); if "
        "copies of it were shared, start a new key: 'urbanista import tracks --new-key'"
    )
