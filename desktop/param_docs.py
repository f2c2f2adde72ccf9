"""The built-in analyses' titles, descriptions and help texts, marked for Qt's translation.

They are English (:mod:`analysis.registry`, :mod:`analysis.param_docs`);
``python -m desktop.param_docs --write`` (run by ``make translations``) writes
them into :mod:`desktop.param_help`, marked for lupdate, so the menu, the
dialogs and the forms can show them translated.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.param_docs import field_docs, field_types

if TYPE_CHECKING:
    from analysis.registry import Analysis

HELP_CONTEXT = "ParamHelp"
"""The translation context of the help texts."""

ANALYSES_CONTEXT = "analyses"
"""The translation context of the analyses' titles and descriptions."""

HELP_MODULE = Path(__file__).with_name("param_help.py")
"""The generated module that marks the help texts for lupdate."""


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


def help_module_source(texts: Iterable[str], analyses: Iterable[Analysis] = ()) -> str:
    """The source of :data:`HELP_MODULE`: ``analyses``' titles and descriptions, and ``texts``.

    Each is marked with ``QT_TRANSLATE_NOOP``.
    """
    lines = [
        '"""What the analyses say in the app, marked for translation.',
        "",
        "Their titles and descriptions and their parameters' help texts, generated from the",
        "registry and the fields' docstrings by ``python -m desktop.param_docs --write``",
        "(``make translations`` runs it before lupdate). Do not edit: change the declarations",
        "and regenerate. :mod:`desktop.analyses` translates",
        f'the titles and descriptions in the context "{ANALYSES_CONTEXT}",',
        f':class:`desktop.params_form.ParamsForm` the help texts in the context "{HELP_CONTEXT}".',
        '"""',
        "",
        "# ruff: noqa: E501",
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
        "ANALYSIS_TEXTS = (",
        *(_marked(ANALYSES_CONTEXT, text) for a in analyses for text in (a.title, a.description)),
        ")",
        "",
        "HELP_TEXTS = (",
        *(_marked(HELP_CONTEXT, t) for t in texts),
        ")",
        "",
    ]
    return "\n".join(lines)


def _marked(context: str, text: str) -> str:
    """One line of :data:`HELP_MODULE`: ``text`` marked for lupdate in ``context``."""
    return f'    QT_TRANSLATE_NOOP("{context}", {json.dumps(text, ensure_ascii=False)}),'


def analyses_help_source() -> str:
    """:data:`HELP_MODULE` as the built-in analyses make it now (in the registry's order)."""
    from analysis import registry  # imports every analysis: only when generating

    builtin = [registry.get(key) for key in registry.BUILTIN]
    return help_module_source(help_texts(a.params for a in builtin), builtin)


if __name__ == "__main__":
    source = analyses_help_source()
    if sys.argv[1:] == ["--write"]:
        HELP_MODULE.write_text(source, encoding="utf-8")
    else:
        sys.stdout.write(source)
