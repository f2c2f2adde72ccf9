"""Entry point: the command group, global options and error handling."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from analysis import __version__


class _Group(click.Group):
    """Turns expected errors into one line on stderr: exit 1 for data, 2 for usage.

    A parameter out of its range is a usage error: the line names its option.

    Expected are Urbanista's own errors and what the system says about files
    (a folder that cannot be written, a full disk); anything else is a bug and
    keeps its traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from analysis.errors import ParameterError, UrbanistaError

        try:
            return super().invoke(ctx)
        except ParameterError as exc:
            if ctx.meta.get("urbanista.debug"):
                raise
            click.echo(f"urbanista: error: invalid value for {exc}", err=True)
            ctx.exit(2)
        except (UrbanistaError, OSError) as exc:
            if ctx.meta.get("urbanista.debug"):
                raise
            click.echo(f"urbanista: error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("urbanista: cancelled", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="urbanista")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Urbanista: offline GIS analyses for city halls."""
    ctx.meta["urbanista.debug"] = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def _register() -> None:
    from analysis.cli import (
        analyze,
        app_commands,
        city_commands,
        heatmap_command,
        import_commands,
        key_commands,
        map_command,
        report_command,
        usage_command,
        workspace_commands,
        workspace_upgrade,
    )

    cli.add_command(city_commands.sample_city)
    cli.add_command(workspace_commands.workspace)
    workspace_commands.workspace.add_command(workspace_upgrade.upgrade)
    cli.add_command(import_commands.import_group)
    cli.add_command(key_commands.key)
    cli.add_command(heatmap_command.heatmap)
    cli.add_command(usage_command.usage)
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
