"""Entry point: the command group, global options and error handling."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from analysis import __version__
from analysis.cli.terminal import setup_logging
from analysis.printable import printable


@contextmanager
def _printable_usage_errors() -> Iterator[None]:
    """Escape what is not printable in click's usage errors (a path given, a value typed)."""
    try:
        yield
    except click.ClickException as exc:
        if not isinstance(exc, click.exceptions.NoArgsIsHelpError):  # that one is our help
            exc.message = printable(exc.message)  # type: ignore[misc]  # Final in click's stubs
        raise


class _Group(click.Group):
    """Turns expected errors into one line on stderr: exit 1 for data, 2 for usage.

    What is not printable in a message (a file's name holding a newline or an
    escape sequence) is shown escaped (:func:`~analysis.printable.printable`).

    A parameter out of its range is a usage error: the line names its option.

    Expected are Urbanista's own errors and what the system says about files
    (a folder that cannot be written, a full disk); anything else is a bug and
    keeps its traceback.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        with _printable_usage_errors():
            return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from analysis.errors import ParameterError, UrbanistaError

        try:
            with _printable_usage_errors():
                return super().invoke(ctx)
        except ParameterError as exc:
            if ctx.meta.get("urbanista.debug"):
                raise
            click.echo(f"urbanista: error: invalid value for {printable(exc)}", err=True)
            ctx.exit(2)
        except (UrbanistaError, OSError) as exc:
            if ctx.meta.get("urbanista.debug"):
                raise
            click.echo(f"urbanista: error: {printable(exc)}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("urbanista: cancelled", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="urbanista")
@click.option(
    "--debug", is_flag=True, help="Show tracebacks, debug logging and the libraries' warnings."
)
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Urbanista: offline GIS analyses for city halls."""
    ctx.meta["urbanista.debug"] = debug
    setup_logging(debug)


def _register() -> None:
    from analysis.cli import (
        analysis_command,
        analyze,
        app_commands,
        city_commands,
        heatmap_command,
        import_commands,
        key_commands,
        map_command,
        report_command,
        workspace_commands,
        workspace_upgrade,
    )

    cli.add_command(city_commands.sample_city)
    cli.add_command(workspace_commands.workspace)
    workspace_commands.workspace.add_command(workspace_upgrade.upgrade)
    cli.add_command(import_commands.import_group)
    cli.add_command(key_commands.key)
    cli.add_command(
        analysis_command.LazyCommand(
            "heatmap",
            "Heatmap of points, or of a workspace's activities, as a GeoTIFF.",
            heatmap_command.command,
        )
    )
    cli.add_command(
        analysis_command.alias(
            "usage", "Count trips and distinct users per street segment and H3 hexagon."
        )
    )
    cli.add_command(analyze.analyze)
    cli.add_command(report_command.report)
    cli.add_command(map_command.map_)
    cli.add_command(app_commands.demo)
    cli.add_command(app_commands.gui)


_register()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    try:
        cli.main(args=argv, prog_name="urbanista", standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
