"""What a parameters dataclass says about its fields: their types and their help.

The project documents a field with the string literal under it (an attribute
docstring) or, in numpy style, in the class docstring's ``Attributes`` section;
both are read here, the first from the class's source with :mod:`ast`. The
first paragraph of that text is the field's help, in the CLI, the desktop's
forms, ``urbanista analyze list`` and the QGIS plugin's parameters.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime
import functools
import inspect
import itertools
import re
import textwrap
import typing
from typing import Any

_ROLE = re.compile(r":\w+:`~?(?:[\w.]*\.)?([^`]+)`")
"""A Sphinx role such as :func:`~analysis.heatmap.segments.segment_usage`: keep its last name."""


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
