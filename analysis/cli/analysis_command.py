"""``urbanista analyze KEY``: the one command of every registered analysis, built from it.

The options come from the analysis' declaration (:mod:`analysis.registry`): one
per layer slot (``--streets LAYER``), one per parameter that has a flag, typed as
its field is, then the prefix option it names (``--save-as``), ``--replace`` and
``--json``. Only the options given on the command line reach the parameters; the
others keep the dataclass' defaults, shown in the help.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from analysis.planning.inputs import Layers
    from analysis.registry import Analysis, Outcome, Parameter

ALL = "all"
"""The value of a repeatable option that means every one (the empty tuple)."""
DEFAULT = click.core.ParameterSource.DEFAULT
"""Where a value comes from when its option was not given."""


@dataclass(frozen=True)
class ParameterOption:
    """One option and the parameters it sets: a field, the fields sharing its flag
    (``--min-users``), or the fields at the positions of a multi-value option
    (``--weights A B C``).
    """  # noqa: D205

    dest: str
    fields: tuple[Parameter, ...]

    @property
    def flag(self) -> str:
        """The option, ``--walk``."""
        return str(self.fields[0].flag)

    @property
    def positional(self) -> bool:
        """Whether its fields are the values of one multi-value option."""
        return self.fields[0].position is not None

    def option(self) -> click.Option:
        """The click option."""
        first = self.fields[0]
        if first.type == "bool":
            decls = [self.flag if not first.default else f"{self.flag}/--no-{self.flag[2:]}"]
            return click.Option(
                [*decls, self.dest],
                is_flag=True,
                default=first.default,
                show_default=True,
                help=self.help(),
            )
        item = first.type.removeprefix("list[").removesuffix("]")
        many = item != first.type
        return click.Option(
            [self.flag, self.dest],
            type=_click_type(item, first.choices, many),
            multiple=many,
            nargs=2 if item == "pair" else len(self.fields) if self.positional else 1,
            default=self._default(),
            show_default=self._default() not in (None, ()),
            metavar="A B" if item == "pair" else _METAVARS.get(item),
            help=self.help(),
        )

    def help(self) -> str:
        """The fields' help, with the unit and how to repeat the option."""
        first = self.fields[0]
        shown = self.fields if self.positional else self.fields[:1]
        text = "; ".join(p.help.strip().rstrip(".") or p.name for p in shown)
        text += f" ({first.unit})." if first.unit else "."
        if first.type == "list[pair]":
            return text + " Repeatable."
        if first.type in ("list[str]", "list[choice]"):
            return text + f" Repeatable; {ALL}: every one."
        return text + (" Repeatable." if first.type.startswith("list[") else "")

    def values(self, given: Any) -> dict[str, Any]:
        """The value of each field, by dotted name, from the option's value."""
        if self.positional:
            return {p.name: v for p, v in zip(self.fields, given, strict=True)}
        if self.fields[0].type in ("list[str]", "list[choice]") and ALL in given and len(given) > 1:
            raise click.UsageError(f"{self.flag} {ALL} means every one: give it alone")
        return {p.name: _value(p.type, given) for p in self.fields}

    def _default(self) -> Any:
        if self.positional:
            return tuple(p.default for p in self.fields)
        default = self.fields[0].default
        return str(default) if isinstance(default, datetime.date) else default


def parameter_options(params: type) -> list[ParameterOption]:
    """One option per flag of the dataclass ``params`` (fields without a flag have none)."""
    from analysis.registry import parameters

    by_flag: dict[str, list[Parameter]] = {}
    for p in parameters(params):
        if p.flag is not None:
            by_flag.setdefault(p.flag, []).append(p)
    return [
        ParameterOption(f"param_{i}", tuple(sorted(fields, key=lambda p: p.position or 0)))
        for i, fields in enumerate(by_flag.values())
    ]


def _click_type(item: str, choices: tuple[str, ...], many: bool) -> Any:
    """The click type of one value of a parameter of type ``item``."""
    if item == "choice":
        return click.Choice([*choices, ALL] if many else list(choices))
    if item == "date":
        return click.DateTime(["%Y-%m-%d"])
    if item == "datetime":
        return click.DateTime()
    return {"int": int, "float": float}.get(item, str)


_METAVARS = {"date": "YYYY-MM-DD", "datetime": "YYYY-MM-DD[THH:MM]"}
"""How a date is written, instead of click's strptime formats."""


def _value(kind: str, given: Any) -> Any:
    """A field's value from what click parsed."""
    if kind == "date":
        return None if given is None else given.date()
    if kind == "list[pair]":
        return tuple(tuple(pair) for pair in given)
    if kind in ("list[str]", "list[choice]") and ALL in given:
        return ()
    return tuple(given) if kind.startswith("list[") else given


def analysis_command(analysis: Analysis) -> click.Command:
    """The command that runs ``analysis`` on a workspace: ``urbanista analyze KEY``."""
    options = parameter_options(analysis.params)

    def run(workspace: Path, replace: bool, as_json: bool, **given: Any) -> None:
        from analysis.registry import with_values

        chosen = on_command_line(options)
        _refuse_both(analysis, chosen)
        run_analysis(
            workspace,
            analysis.key,
            with_values(analysis.params, values_given(chosen, given)),
            {s.key: given[f"slot_{s.key}"] for s in analysis.slots},
            prefix=given.get("prefix"),
            replace=replace,
            as_json=as_json,
        )

    prefix = [] if analysis.prefix_flag is None else [_prefix_option(analysis)]
    return click.Command(
        analysis.key,
        callback=run,
        params=[
            _workspace_option(),
            *(
                click.Option([s.flag, f"slot_{s.key}"], default=None, help=s.describe())
                for s in analysis.slots
            ),
            *(o.option() for o in options),
            *prefix,
            click.Option(
                ["--replace"],
                is_flag=True,
                help="Replace datasets of another kind that hold the result's layer names.",
            ),
            click.Option(["--json", "as_json"], is_flag=True, help="Print a JSON summary."),
        ],
        help=analysis.description,
        short_help=analysis.title,
    )


def _workspace_option() -> click.Option:
    from analysis.cli.options import WORKSPACE_ATTRS, WORKSPACE_DECLS

    return click.Option(list(WORKSPACE_DECLS), **WORKSPACE_ATTRS)


def _prefix_option(analysis: Analysis) -> click.Option:
    return click.Option(
        [str(analysis.prefix_flag), "prefix"],
        default=None,
        metavar="PREFIX",
        help=f"Layer name prefix (default: {analysis.key}, or as the analysis names them).",
    )


def on_command_line(options: Sequence[ParameterOption]) -> list[ParameterOption]:
    """The ``options`` of the command running now that were given on its command line."""
    ctx = click.get_current_context()
    sources = [ctx.get_parameter_source(o.dest) for o in options]
    return [o for o, s in zip(options, sources, strict=True) if s not in (None, DEFAULT)]


def values_given(options: Sequence[ParameterOption], given: Mapping[str, Any]) -> dict[str, Any]:
    """The fields the ``options`` set, by dotted name, from the command's values ``given``."""
    return {k: v for o in options for k, v in o.values(given[o.dest]).items()}


def _refuse_both(analysis: Analysis, chosen: list[ParameterOption]) -> None:
    """Refuse two options of a pair the analysis takes one of (``--new`` and ``--target-pct``).

    Raises
    ------
    click.UsageError
        Naming both.
    """
    flags = {p.name: o.flag for o in chosen for p in o.fields}
    for a, b in analysis.exclusive:
        if a in flags and b in flags:
            raise click.UsageError(f"give {flags[a]} or {flags[b]}, not both")


def run_analysis(
    workspace: Path,
    key: str,
    params: Any = None,
    layers: Layers | None = None,
    *,
    prefix: str | None = None,
    replace: bool = False,
    as_json: bool = False,
) -> Outcome:
    """Run the analysis ``key`` on ``workspace``, store its result and print it.

    Its inputs' notes go to stderr; its lines, then the layers stored, to stdout
    (or, with ``as_json``, its summary and layers as JSON).
    """
    from analysis.cli.terminal import TerminalProgress
    from analysis.registry import get, run_on_workspace
    from analysis.workspace import Workspace

    analysis = get(key)
    ws = Workspace.open(workspace)
    with _limits(analysis, ws.path):
        outcome = run_on_workspace(
            ws,
            key,
            params,
            layers,
            TerminalProgress(key),
            prefix=prefix,
            replace=replace,
            rename_with=None if analysis.prefix_flag is None else f"{analysis.prefix_flag} PREFIX",
            say=_say,
        )
    show(outcome, workspace, as_json)
    return outcome


def _limits(analysis: Analysis, workspace: Path) -> AbstractContextManager[None]:
    """Past a work limit on a parameter without a flag, say the analysis' way out."""
    from analysis.cli.work_limits import too_much_data

    if analysis.way_out is None:
        return nullcontext()
    return too_much_data(analysis.way_out.format(workspace=workspace))


def _say(note: str) -> None:
    from analysis.printable import printable

    click.echo(printable(note), err=True)


def show(outcome: Outcome, workspace: Path, as_json: bool) -> None:
    """Print a stored result: its lines and the layers stored, or with ``as_json`` its JSON.

    Names from the data are shown escaped (:func:`~analysis.printable.printable`).
    """
    from analysis.printable import printable, printable_json

    if as_json:
        data = {**outcome.result.to_json(), "layers": outcome.layers}
        click.echo(printable_json(json.loads(json.dumps(data, default=str))))
        return
    for line in outcome.result.lines:  # district, street and layer names from the data
        click.echo(printable(line))
    click.echo(printable(f"stored {', '.join(outcome.layers)} in {workspace}"))


class LazyCommand(click.Command):
    """A command listed by its short help and built when run: ``urbanista --help`` imports
    nothing of it (the analyses' libraries are large).
    """  # noqa: D205

    def __init__(self, name: str, short_help: str, build: Callable[[], click.Command]) -> None:
        super().__init__(name, short_help=short_help)
        self.build = build

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """The context of the command built, which then runs."""
        return self.build().make_context(info_name, args, parent, **extra)


def alias(key: str, short_help: str) -> LazyCommand:
    """``urbanista KEY``: the command of the analysis KEY, as ``urbanista analyze KEY``."""

    def build() -> click.Command:
        from analysis.registry import get

        return analysis_command(get(key))

    return LazyCommand(key, short_help, build)


def describe_all() -> list[dict[str, Any]]:
    """Every registered analysis as ``urbanista analyze list --json`` prints it."""
    from analysis.registry import analyses, describe

    return [describe(a) for a in analyses()]


def table(described: Sequence[Mapping[str, Any]]) -> list[str]:
    """The lines of ``urbanista analyze list``: key, title, slots (* required), parameters."""
    rows = [("key", "title", "layers (* required)", "parameters")]
    rows += [
        (
            a["key"],
            a["title"],
            ", ".join(s["key"] + ("*" if s["required"] else "") for s in a["slots"]) or "-",
            str(len(a["parameters"])),
        )
        for a in described
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return ["  ".join([*(row[i].ljust(widths[i]) for i in range(3)), row[3]]) for row in rows]
