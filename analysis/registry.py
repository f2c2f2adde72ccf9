"""Every analysis that runs on a workspace, declared once and read by every face.

An analysis module declares an :class:`Analysis`: its key, English title and
description, parameters dataclass (fields with unit, range, flag and help:
:mod:`analysis.params`), layer slots (:mod:`analysis.planning.inputs`) and
``run(inputs, params, progress) -> AnalysisResult``. :func:`run_on_workspace`
reads its inputs and stores its result; ``urbanista analyze NAME`` and the
desktop's Analysis menu call it (and the QGIS plugin's engine will), and
:func:`describe` is what ``urbanista analyze list --json`` prints and the plugin
is built with.

The built-in analyses are listed by module in :data:`BUILTIN` and imported when
first asked for (their libraries are large); :func:`register` adds another.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analysis.errors import InputError
from analysis.param_docs import field_docs, field_types
from analysis.params import spec_of
from analysis.planning.inputs import Inputs, Layers, Slot, read_slots
from analysis.progress import NullProgress, Progress, Steps, check_cancelled

if TYPE_CHECKING:
    from analysis.planning.result import AnalysisResult
    from analysis.workspace import Workspace


def N_(text: str) -> str:
    """Mark ``text`` for translation where it is declared; translated where it is shown."""
    return text


Run = Callable[[Inputs, Any, Progress], "AnalysisResult"]
Read = Callable[["Workspace", Layers | None, Progress], Inputs]


@dataclass(frozen=True)
class Analysis:
    """One analysis on a workspace, as every face shows and runs it."""

    key: str
    """``urbanista analyze KEY``; its stored layers are ``KEY_<table>``."""
    title: str
    """English, marked with :func:`N_`."""
    description: str
    """English, a paragraph: the CLI's help, the desktop's tooltip, the plugin's help."""
    params: type
    """A frozen dataclass whose fields have defaults (see :mod:`analysis.params`)."""
    run: Run
    slots: tuple[Slot, ...] = ()
    read: Read | None = None
    """How its inputs are read; None: :func:`~analysis.planning.inputs.read_slots`."""
    exclusive: tuple[tuple[str, str], ...] = ()
    """Pairs of parameters one may not both give (``--new`` and ``--target-pct``)."""
    prefix_flag: str | None = None
    """The CLI option that names the stored layers' prefix (``--save-as``), if any."""
    way_out: str | None = None
    """What to do when the data are too much for one run; ``{workspace}`` is filled in."""
    in_report: bool = True
    """Whether the Excel report shows its tables unless asked for others."""

    def read_inputs(
        self, workspace: Workspace, layers: Layers | None = None, progress: Progress | None = None
    ) -> Inputs:
        """Read the analysis' inputs from ``workspace``."""
        progress = progress or NullProgress()
        if self.read is not None:
            return self.read(workspace, layers, progress)
        return read_slots(workspace, self.slots, layers, progress)


BUILTIN: dict[str, str] = {
    "heatmap": "analysis.heatmap.activity",
    "usage": "analysis.heatmap.usage",
    "gaps": "analysis.planning.gaps",
    "racks": "analysis.planning.racks",
    "reports": "analysis.planning.reports",
    "districts": "analysis.planning.districts",
    "audit": "analysis.planning.audit",
}
"""The built-in analyses in menu order: key to the module whose ``ANALYSIS`` declares it."""

_added: dict[str, Analysis] = {}


def keys() -> list[str]:
    """Every analysis' key, in menu order, without importing any analysis."""
    return [*BUILTIN, *_added]


def get(key: str) -> Analysis:
    """The analysis ``key``.

    Raises
    ------
    InputError
        If there is none, naming those there are.
    """
    if key in _added:
        return _added[key]
    if key not in BUILTIN:
        raise InputError(f"no analysis {key!r}: choose one of {', '.join(keys())}")
    analysis: Analysis = importlib.import_module(BUILTIN[key]).ANALYSIS
    return analysis


def analyses() -> list[Analysis]:
    """Every analysis, in menu order (importing them all)."""
    return [get(key) for key in keys()]


def register(analysis: Analysis) -> Analysis:
    """Add ``analysis`` to the registry: every face lists and runs it from now on.

    Raises
    ------
    ValueError
        If its key is taken.
    """
    if analysis.key in BUILTIN or analysis.key in _added:
        raise ValueError(f"an analysis {analysis.key!r} is registered already")
    check_analysis(analysis)
    _added[analysis.key] = analysis
    return analysis


RESERVED_KEYS = frozenset({"list"})
"""Keys the faces use themselves (``urbanista analyze list``)."""
FACE_FLAGS = frozenset({"--workspace", "-w", "--replace", "--json", "--help", "-h"})
"""Options every analysis command has."""


def check_analysis(analysis: Analysis) -> None:
    """Refuse a declaration the faces cannot show: a reserved or odd key, clashing options.

    Parameters sharing a flag are one option; a slot, a parameter and the prefix
    option must not share one, nor take one of :data:`FACE_FLAGS`.

    Raises
    ------
    ValueError
        Naming the analysis and what is wrong.
    """
    if analysis.key in RESERVED_KEYS or not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", analysis.key):
        raise ValueError(f"{analysis.key!r} cannot be an analysis' key: a-z, 0-9 and _, not list")
    groups: list[set[str]] = [
        {s.flag for s in analysis.slots},
        {p.flag for p in parameters(analysis.params) if p.flag is not None},
        {analysis.prefix_flag} if analysis.prefix_flag else set(),
        set(FACE_FLAGS),
    ]
    for i, group in enumerate(groups):
        for other in groups[i + 1 :]:
            if clash := group & other:
                raise ValueError(f"analysis {analysis.key!r}: two options {sorted(clash)[0]}")


@contextmanager
def registered(analysis: Analysis) -> Iterator[Analysis]:
    """:func:`register` ``analysis`` for the ``with`` block only."""
    register(analysis)
    try:
        yield analysis
    finally:
        _added.pop(analysis.key, None)


@dataclass(frozen=True)
class Outcome:
    """What :func:`run_on_workspace` found and stored."""

    result: AnalysisResult
    layers: list[str]
    """The names of the layers stored."""
    inputs: Mapping[str, str]
    """Slot key to the layer read, "" for a slot left out."""
    notes: tuple[str, ...] = ()
    """What the reading of the inputs noted (given to ``say`` before the run, too)."""

    @property
    def lines(self) -> tuple[str, ...]:
        """The result's summary lines, then the notes: what a person reads after a run."""
        return (*self.result.lines, *self.notes)


def run_on_workspace(
    workspace: Workspace,
    key: str,
    params: Any = None,
    layers: Layers | None = None,
    progress: Progress | None = None,
    *,
    prefix: str | None = None,
    replace: bool = False,
    rename_with: str | None = None,
    say: Callable[[str], None] | None = None,
) -> Outcome:
    """Read the inputs of analysis ``key``, run it and store its result in ``workspace``.

    ``params`` default to the dataclass' defaults; ``layers`` names the slots'
    layers (the rest are guessed); ``prefix`` names the stored layers instead of
    the analysis; ``say`` receives the inputs' notes before the analysis runs.
    Nothing is stored if the user cancels before the end.
    """
    from analysis.planning.result import store_result

    analysis = get(key)
    progress = progress or NullProgress()
    params = analysis.params() if params is None else params
    steps = Steps(progress, [1, 8, 1])
    inputs = analysis.read_inputs(workspace, layers, steps.step(0))
    if say is not None:
        for note in inputs.notes:
            say(note)
    result = _titled(analysis, analysis.run(inputs, params, steps.step(1)))
    check_cancelled(progress)
    steps.step(2).report(0.0, "storing the results")
    stored = store_result(workspace, result, replace, prefix, rename_with)
    steps.step(2).report(1.0, "stored")
    return Outcome(result, stored, dict(inputs.names), inputs.notes)


def _titled(analysis: Analysis, result: AnalysisResult) -> AnalysisResult:
    """``result`` with a catalogue title for each table and raster.

    A title the analysis gave is kept; the others are the analysis' title and the part's name.
    """
    default = {
        part: f"{analysis.title}: {part}" if part else analysis.title
        for part in (*result.tables, *result.rasters)
    }
    return dataclasses.replace(result, titles={**default, **result.titles})


# What the faces show of an analysis ---------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """One parameter as the faces show it: a field of the dataclass, or of one nested in it."""

    name: str
    """The field's name, dotted under a nested dataclass (``filters.types``)."""
    type: str
    """``int``, ``float``, ``bool``, ``str``, ``date``, ``datetime``, ``choice``,
    ``list[str]``, ``list[int]``, ``list[choice]`` or ``list[pair]``."""
    default: Any
    optional: bool
    """Whether it may be None (unset)."""
    help: str
    flag: str | None = None
    unit: str = ""
    above: float | None = None
    at_least: float | None = None
    at_most: float | None = None
    choices: tuple[str, ...] = ()
    position: int | None = None
    path: tuple[str, ...] = ()
    """The fields from the top dataclass to this one."""

    def to_json(self) -> dict[str, Any]:
        """JSON-ready, without the path (the name holds it)."""
        data = dataclasses.asdict(self)
        data.pop("path")
        data["default"] = _json_value(self.default)
        data["choices"] = list(self.choices)
        return data


def parameters(params: type, path: tuple[str, ...] = ()) -> list[Parameter]:
    """The parameters of the dataclass ``params``, nested dataclasses flattened in order."""
    docs, hints = field_docs(params), field_types(params)
    found: list[Parameter] = []
    for f in dataclasses.fields(params):
        if not f.init:
            continue
        hint = hints[f.name]
        if dataclasses.is_dataclass(hint):
            found += parameters(typing.cast(type, hint), (*path, f.name))
            continue
        spec = spec_of(f)
        default = _default(f)
        kind, choices, optional = _kind(hint)
        found.append(
            Parameter(
                name=".".join((*path, f.name)),
                type=kind,
                default=default,
                optional=optional,
                help=docs.get(f.name, ""),
                flag=spec.flag if spec else None,
                unit=spec.unit if spec else "",
                above=spec.above if spec else None,
                at_least=spec.at_least if spec else None,
                at_most=spec.at_most if spec else None,
                choices=choices,
                position=spec.position if spec else None,
                path=(*path, f.name),
            )
        )
    return found


def describe(analysis: Analysis) -> dict[str, Any]:
    """An analysis as ``urbanista analyze list --json`` prints it."""
    return {
        "key": analysis.key,
        "title": analysis.title,
        "description": analysis.description,
        "slots": [
            {
                "key": s.key,
                "flag": s.flag,
                "role": s.role.label,
                "required": s.required,
                "geometry": [g.lower() for g in s.role.geometries],
                "kind": s.role.kind.value,
                "columns": list(s.columns) if s.columns is not None else None,
                "help": s.describe(),
            }
            for s in analysis.slots
        ],
        "parameters": [p.to_json() for p in parameters(analysis.params)],
    }


def with_values(params: type, values: Mapping[str, Any]) -> Any:
    """An instance of the dataclass ``params`` with ``values`` by dotted name, the rest default."""
    nested: dict[str, dict[str, Any]] = {}
    top: dict[str, Any] = {}
    for name, value in values.items():
        head, dot, rest = name.partition(".")
        if dot:
            nested.setdefault(head, {})[rest] = value
        else:
            top[name] = value
    hints = field_types(params)
    for head, inner in nested.items():
        top[head] = with_values(typing.cast(type, hints[head]), inner)
    return params(**top)


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return f.default


def _kind(hint: Any) -> tuple[str, tuple[str, ...], bool]:
    """The type name of a field's hint, its choices, and whether None is allowed."""
    optional = False
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        hint = args[0] if len(args) == 1 else str
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        if typing.get_origin(item) is tuple:
            return "list[pair]", (), optional
        name, choices, _ = _kind(item)
        return f"list[{name}]", choices, optional
    if origin is typing.Literal:
        return "choice", tuple(str(a) for a in typing.get_args(hint)), optional
    for kind in (bool, int, float, datetime.datetime, datetime.date, str):
        if hint is kind:
            return kind.__name__, (), optional
    return "str", (), optional


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    return value
