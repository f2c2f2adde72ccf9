"""One dialog per analysis: its layers and parameters, Run, progress and a Cancel that stops it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QGroupBox, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from analysis.errors import ParameterError
from analysis.export.titles import layer_title
from analysis.progress import Progress
from analysis.registry import Analysis, Outcome
from analysis.workspace import Workspace
from desktop.analyses import description, run, title
from desktop.i18n import current_language
from desktop.job_dialog import JobDialog, Work, path_of
from desktop.layer_choice import LayerChoice
from desktop.params_form import ParamsForm

log = logging.getLogger(__name__)

WIDTH = 520
"""The dialog's width, if the screen has room."""
FRAME_ALLOWANCE = 40
"""Pixels the window manager adds around the dialog (title bar, borders)."""
RESULT_LINES = 7
"""Summary lines shown at once; more scroll."""


class AnalysisDialog(JobDialog):
    """Choose an analysis' layers, edit its parameters and run it in the background.

    Above the parameters, one combo box per layer slot of the analysis lists
    the workspace's candidate layers, the best guess chosen; a required slot
    no layer can fill is said under the form, and Run refuses.

    The analysis' description is the dialog's tooltip. The core stores the
    results in the workspace (:func:`analysis.registry.run_on_workspace`); the
    dialog then shows what the reading of the inputs noted, the run's summary
    and the titles of the layers stored, and ``analysis_finished``
    carries their names, for the main window to add and to refresh its
    catalogue. A refused value is shown under the form, with the cursor on the
    field the message names. The dialog fits the screen's available height;
    the form scrolls.

    Parameters
    ----------
    analysis
        The analysis, from :mod:`analysis.registry`.
    workspace
        The workspace, or its path (each run opens it afresh).
    params
        Parameters to show first (default: the dataclass' defaults).
    """

    analysis_finished = Signal(list)
    """The names of the layers a run stored (QDialog's own ``finished(int)`` stays as it is)."""

    def __init__(
        self,
        analysis: Analysis,
        workspace: Workspace | str | Path,
        params: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        path = path_of(workspace)
        opened = Workspace.open(path) if analysis.slots else None  # raises before any widget
        super().__init__(parent)
        self.analysis = analysis
        self.workspace_path = path
        self.setWindowTitle(title(analysis))
        self.setToolTip(description(analysis))
        self.setWhatsThis(description(analysis))
        self.setObjectName(f"analysis_{analysis.key}")
        self.run_button.setToolTip(self.tr("Run the analysis and store its results"))
        self.cancel_button.setToolTip(self.tr("Stop the analysis (Esc); nothing is stored"))
        self.layer_choice: LayerChoice | None = None
        if opened is not None:
            self.layer_choice = LayerChoice(analysis.slots, opened)
            self.layer_choice.changed.connect(self.clear_error)
            box = QGroupBox(self.tr("Layers"), self)
            QVBoxLayout(box).addWidget(self.layer_choice)
            self.options_layout.addWidget(box)
        self.form = ParamsForm(analysis.params, params, self)
        self.form.changed.connect(self.clear_error)
        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        self.options_layout.addWidget(scroll)
        self.result_view = QPlainTextEdit(self)
        self.result_view.setObjectName("result")
        self.result_view.setReadOnly(True)
        self.result_view.setAccessibleName(self.tr("Result"))
        margins = 2 * (
            self.result_view.frameWidth() + round(self.result_view.document().documentMargin())
        )
        lines = self.result_view.fontMetrics().lineSpacing() * RESULT_LINES
        self.result_view.setMaximumHeight(lines + margins)
        self.result_view.hide()
        layout = cast(QVBoxLayout, self.layout())
        layout.insertWidget(layout.indexOf(self.status_label) + 1, self.result_view)
        self.status_label.setText(self.tr("Set the parameters and press Run."))
        if self.layer_choice is not None and (problem := self.layer_choice.problem()):
            self.show_error(problem)
        self.resize(self._fitted_size(scroll))

    def _fitted_size(self, scroll: QScrollArea) -> QSize:
        """The size showing the whole form, within the screen's available geometry."""
        parent = self.parentWidget()
        available = (parent or self).screen().availableGeometry()
        whole_form = self.form.sizeHint().height() + 2 * scroll.frameWidth()
        wanted = self.sizeHint().height() - scroll.sizeHint().height() + whole_form
        return QSize(
            min(WIDTH, available.width()), min(wanted, available.height() - FRAME_ALLOWANCE)
        )

    def prepare(self) -> Work:
        """Run the analysis with the layers and parameters chosen (ValueError if refused)."""
        layers = {} if self.layer_choice is None else self.layer_choice.layers()
        params = self.form.params()
        log.info("running %s on %s with %s", self.analysis.key, layers, params)
        self.result_view.hide()  # the last run's, no longer what the form shows
        analysis, path = self.analysis, self.workspace_path

        def work(progress: Progress) -> Outcome:
            return run(path, analysis, params, layers, progress)

        return work

    def succeeded(self, result: Any) -> None:
        """Show the run's summary and the layers stored; emit ``analysis_finished``.

        ``result`` is the run's :class:`~analysis.registry.Outcome`; the layers are
        named by their titles, ``analysis_finished`` carries their names.
        """
        names = list(result.layers)
        workspace, language = Workspace.open(self.workspace_path), current_language()
        titles = [layer_title(workspace.entry(name), language) for name in names]
        self.status_label.setText(
            self.tr("Stored %n layer(s): {names}", "", len(names)).format(names="; ".join(titles))
        )
        self.result_view.setPlainText("\n".join(result.lines))
        self.result_view.setVisible(bool(result.lines))
        self.analysis_finished.emit(names)

    def show_error(self, message: str, error: Exception | None = None) -> None:
        """Show ``message``; put the cursor on the field ``error`` (else ``message``) names."""
        super().show_error(message, error)
        self.form.focus_error(error if isinstance(error, ParameterError) else message)
