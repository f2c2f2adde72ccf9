"""The analyses as the app shows and runs them: a view of :mod:`analysis.registry`.

The Analysis menu lists ``registry.analyses()`` in their order, and each
dialog runs :func:`run`: :func:`analysis.registry.run_on_workspace`, the one
path ``urbanista analyze`` takes too. An analysis' English title and
description are translated in the context :data:`~desktop.param_docs.ANALYSES_CONTEXT`
(the built-in ones are marked for lupdate in :mod:`desktop.param_help`); one
registered later, unknown to the catalogues, shows its English.
"""

from __future__ import annotations

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


def run(
    workspace: Path, analysis: Analysis, params: Any, layers: Layers, progress: Progress
) -> Outcome:
    """Run ``analysis`` on the workspace at ``workspace`` and store its result."""
    return registry.run_on_workspace(
        Workspace.open(workspace), analysis.key, params, layers, progress
    )
