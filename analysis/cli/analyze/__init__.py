"""``urbanista analyze KEY --workspace WS``: every registered analysis, and ``analyze list``.

The group lists the registry's keys (:mod:`analysis.registry`) and builds each
command from its analysis when asked for it
(:func:`~analysis.cli.analysis_command.analysis_command`), so adding an analysis
adds its command, and no other command imports the analyses.
"""

from __future__ import annotations

import json

import click


class AnalysisGroup(click.Group):
    """Its own commands (``list``), then one per registered analysis, built when needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """``list``, then the analyses in menu order."""
        from analysis.registry import keys

        return [*self.commands, *(k for k in keys() if k not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``: its own, or the analysis' (None: no such analysis)."""
        from analysis.cli.analysis_command import analysis_command
        from analysis.registry import get, keys

        if cmd_name in self.commands:
            return self.commands[cmd_name]
        return analysis_command(get(cmd_name)) if cmd_name in keys() else None


@click.group("analyze", cls=AnalysisGroup)
def analyze() -> None:
    """Run a planning analysis on a workspace and store its results in it."""


@analyze.command("list")
@click.option(
    "--json", "as_json", is_flag=True, help="Print every analysis, its slots and parameters."
)
def list_analyses(as_json: bool) -> None:
    """List the analyses: key, title, layer slots and parameters."""
    from analysis.cli.analysis_command import describe_all, table

    described = describe_all()
    if as_json:
        click.echo(json.dumps(described, indent=2, sort_keys=True, ensure_ascii=False))
        return
    for line in table(described):
        click.echo(line)
