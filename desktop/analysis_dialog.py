"""One dialog per analysis: its layers and parameters, Run, progress and a Cancel that stops it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QScrollArea, QVBoxLayout, QWidget

from analysis.progress import Progress
from analysis.workspace import Workspace
from desktop.analyses import Analysis
from desktop.job_dialog import JobDialog, Work, path_of
from desktop.layer_choice import LayerChoice
from desktop.params_form import ParamsForm

log = logging.getLogger(__name__)


class AnalysisDialog(JobDialog):
    """Choose an analysis' layers, edit its parameters and run it in the background.

    Above the parameters, one combo box per layer slot of the analysis lists
    the workspace's candidate layers, the best guess chosen; a required slot
    no layer can fill is said under the form, and Run refuses.

    The core stores the results in the workspace; ``analysis_finished`` then
    carries the names of the layers it stored, for the main window to add and
    to refresh its catalogue. A refused value is shown under the form, with the
    cursor on the field the message names.

    Parameters
    ----------
    analysis
        The analysis, from :data:`desktop.analyses.ANALYSES`.
    workspace
        The workspace, or its path (each run opens it afresh).
    params
        Parameters to show first (default: the dataclass' defaults).
    """

    analysis_finished = Signal(list)
    """The names of the layers a run stored (QDialog's own ``finished(int)`` stays as it is)."""

    def __init__(
        self, analysis: Analysis, workspace: Workspace | str | Path, params: Any = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.analysis = analysis
        self.workspace_path = path_of(workspace)
        self.setWindowTitle(analysis.title())
        self.setObjectName(f"analysis_{analysis.key}")
        self.run_button.setToolTip(self.tr("Run the analysis and store its results"))
        self.cancel_button.setToolTip(self.tr("Stop the analysis (Esc); nothing is stored"))
        self.layer_choice: LayerChoice | None = None
        if analysis.slots:
            self.layer_choice = LayerChoice(analysis.slots, Workspace.open(self.workspace_path))
            self.layer_choice.changed.connect(self.clear_error)
            box = QGroupBox(self.tr("Layers"), self)
            QVBoxLayout(box).addWidget(self.layer_choice)
            self.options_layout.addWidget(box)
        self.form = ParamsForm(analysis.params_type, params, self)
        self.form.changed.connect(self.clear_error)
        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        self.options_layout.addWidget(scroll)
        self.status_label.setText(self.tr("Set the parameters and press Run."))
        if self.layer_choice is not None and (problem := self.layer_choice.problem()):
            self.show_error(problem)
        self.resize(520, 720 if analysis.slots else 620)

    def prepare(self) -> Work:
        """Run the analysis with the layers and parameters chosen (ValueError if refused)."""
        layers = {} if self.layer_choice is None else self.layer_choice.layers()
        params = self.form.params()
        log.info("running %s on %s with %s", self.analysis.key, layers, params)

        def work(progress: Progress) -> list[str]:
            workspace = Workspace.open(self.workspace_path)
            return self.analysis.run(workspace, params, progress, layers)

        return work

    def succeeded(self, result: Any) -> None:
        """Say which layers were stored and emit ``analysis_finished`` with their names."""
        names = list(result)
        self.status_label.setText(self.tr("Stored %n layer(s): {names}", "", len(names)).format(
            names=", ".join(names)))  # fmt: skip
        self.analysis_finished.emit(names)

    def show_error(self, message: str) -> None:
        """Show ``message`` and put the cursor on the field it names."""
        super().show_error(message)
        self.form.focus_error(message)
