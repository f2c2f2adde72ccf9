"""``urbanista analyze NAME --workspace WS``: the planning analyses.

Each module of this package holds one analysis command, a click command named
``command``; the group adds every one it finds, so adding an analysis is adding
a module.
"""

from __future__ import annotations

import importlib
import pkgutil

import click


@click.group("analyze")
def analyze() -> None:
    """Run a planning analysis on a workspace and store its results in it."""


for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        analyze.add_command(importlib.import_module(f"{__name__}.{_module.name}").command)
