"""What a parameters dataclass says about its fields: their types and their docstrings.

The project documents a field with the string literal under it (an attribute
docstring) or, in numpy style, in the class docstring's ``Attributes`` section;
both are read here, the first from the class's source with :mod:`ast`.

The help texts are English; ``python -m desktop.param_docs --write`` (run by
``make translations``) writes them into :mod:`desktop.param_help`, marked for
lupdate, so the form can show them translated.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime
import functools
import inspect
import itertools
import json
import re
import sys
import textwrap
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_ROLE = re.compile(r":\w+:`~?(?:[\w.]*\.)?([^`]+)`")
"""A Sphinx role such as :func:`~analysis.heatmap.segments.segment_usage`: keep its last name."""

HELP_CONTEXT = "ParamHelp"
"""The translation context of the help texts."""

HELP_MODULE = Path(__file__).with_name("param_help.py")
"""The generated module that marks the help texts for lupdate."""


def field_types(cls: type) -> dict[str, Any]:
    """The resolved type hint of each field of the dataclass ``cls``.

    Modules that import ``date`` or ``datetime`` for type checking only are
    resolved too.
    """
    try:
        hints = typing.get_type_hints(cls)
    except NameError:
        extra = {"date": datetime.date, "datetime": datetime.datetime}
        hints = typing.get_type_hints(cls, localns=extra)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


@functools.cache
def field_docs(cls: type) -> dict[str, str]:
    """Each documented field's help text: its first paragraph, on one line."""
    docs = _numpy_attributes(inspect.getdoc(cls) or "")
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):  # no source (frozen app): the class docstring only
        source = ""
    if source:
        body = next(n for n in ast.parse(source).body if isinstance(n, ast.ClassDef)).body
        for node, after in itertools.pairwise(body):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[node.target.id] = after.value.value
    return {name: _first_paragraph(text) for name, text in docs.items()}


def _numpy_attributes(doc: str) -> dict[str, str]:
    """The ``Attributes`` section of a numpy-style docstring, by attribute name."""
    lines = doc.splitlines()
    try:
        start = next(
            i
            for i, line in enumerate(lines[:-1])
            if line.strip() == "Attributes" and set(lines[i + 1].strip()) == {"-"}
        )
    except StopIteration:
        return {}
    docs: dict[str, list[str]] = {}
    name = None
    for line in lines[start + 2 :]:
        if line and not line[0].isspace():
            if line.strip() and set(line.strip()) == {"-"}:  # the next section began
                docs.pop(name or "", None)
                break
            name = line.split(":")[0].strip()
            docs[name] = []
        elif name is not None:
            docs[name].append(line.strip())
    return {key: "\n".join(text) for key, text in docs.items()}


def _first_paragraph(text: str) -> str:
    paragraph = inspect.cleandoc(text).split("\n\n")[0]
    paragraph = _ROLE.sub(r"\1", paragraph).replace("``", "")
    return " ".join(paragraph.split())


def help_texts(types: Iterable[type]) -> list[str]:
    """Every help text of the dataclasses ``types`` and those nested in them, sorted, once."""
    texts: set[str] = set()
    pending = list(types)
    while pending:
        cls = pending.pop()
        docs, hints = field_docs(cls), field_types(cls)
        for f in dataclasses.fields(cls):
            if not f.init:
                continue
            if f.name in docs:
                texts.add(docs[f.name])
            if dataclasses.is_dataclass(hints[f.name]):
                pending.append(hints[f.name])
    return sorted(texts)


def help_module_source(texts: Iterable[str]) -> str:
    """The source of :data:`HELP_MODULE`: ``texts`` marked with ``QT_TRANSLATE_NOOP``."""
    lines = [
        '"""The help texts of the analyses\' parameters, marked for translation.',
        "",
        "Generated from the fields' docstrings by ``python -m desktop.param_docs --write``",
        "(``make translations`` runs it before lupdate). Do not edit: change the docstrings",
        "and regenerate. :class:`desktop.params_form.ParamsForm` translates each text in",
        f'the context "{HELP_CONTEXT}".',
        '"""',
        "",
        "# ruff: noqa: E501",
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
        "HELP_TEXTS = (",
        *(
            f'    QT_TRANSLATE_NOOP("{HELP_CONTEXT}", {json.dumps(t, ensure_ascii=False)}),'
            for t in texts
        ),
        ")",
        "",
    ]
    return "\n".join(lines)


def analyses_help_source() -> str:
    """:data:`HELP_MODULE` as the analyses' parameters make it now."""
    from desktop.analyses import ANALYSES  # imports Qt and the analyses: only when generating

    return help_module_source(help_texts(a.params_type for a in ANALYSES.values()))


if __name__ == "__main__":
    source = analyses_help_source()
    if sys.argv[1:] == ["--write"]:
        HELP_MODULE.write_text(source, encoding="utf-8")
    else:
        sys.stdout.write(source)
