"""The analyses as the app shows and runs them: a view of :mod:`analysis.registry`.

The Analysis menu lists ``registry.analyses()`` in their order, and each
dialog runs :func:`run`: :func:`analysis.registry.run_on_workspace`, the one
path ``urbanista analyze`` takes too. An analysis' English title and
description are translated in the context :data:`~desktop.param_docs.ANALYSES_CONTEXT`
(the built-in ones are marked for lupdate in :mod:`desktop.param_help`); one
registered later, unknown to the catalogues, shows its English.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from analysis import registry
from analysis.planning.inputs import Layers
from analysis.progress import Progress
from analysis.registry import Analysis, Outcome
from analysis.workspace import Workspace
from desktop.param_docs import ANALYSES_CONTEXT


def title(analysis: Analysis) -> str:
    """The analysis' title in the user's language."""
    return QCoreApplication.translate(ANALYSES_CONTEXT, analysis.title)


def description(analysis: Analysis) -> str:
    """The analysis' description in the user's language."""
    return QCoreApplication.translate(ANALYSES_CONTEXT, analysis.description)


@dataclass(frozen=True)
class Ran:
    """What a run stored and found, and what its inputs' reading noted."""

    outcome: Outcome
    notes: tuple[str, ...] = ()
    """The inputs' notes, in English from the core (it counted usage now...)."""

    @property
    def layers(self) -> list[str]:
        """The names of the layers stored."""
        return self.outcome.layers

    @property
    def lines(self) -> tuple[str, ...]:
        """The result's summary lines, then the notes."""
        return (*self.outcome.result.lines, *self.notes)


def run(
    workspace: Path, analysis: Analysis, params: Any, layers: Layers, progress: Progress
) -> Ran:
    """Run ``analysis`` on the workspace at ``workspace`` and store its result."""
    notes: list[str] = []
    outcome = registry.run_on_workspace(
        Workspace.open(workspace), analysis.key, params, layers, progress, say=notes.append
    )
    return Ran(outcome, tuple(notes))
