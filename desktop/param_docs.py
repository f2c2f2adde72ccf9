"""The analyses' help texts (:mod:`analysis.param_docs`), marked for Qt's translation.

The help texts are English; ``python -m desktop.param_docs --write`` (run by
``make translations``) writes them into :mod:`desktop.param_help`, marked for
lupdate, so the form can show them translated.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from analysis.param_docs import field_docs, field_types

HELP_CONTEXT = "ParamHelp"
"""The translation context of the help texts."""

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
