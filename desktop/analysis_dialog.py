"""One dialog per analysis: its parameters form, Run, a progress bar and a Cancel that stops it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from analysis.workspace import Workspace
from desktop.analyses import Analysis
from desktop.params_form import ParamsForm
from desktop.python_thread import in_python_thread
from desktop.worker import Job, QtProgress

log = logging.getLogger(__name__)

PROGRESS_STEPS = 1000
"""The progress bar's range: the core's fractions in thousandths."""


class AnalysisDialog(QDialog):
    """Edit an analysis' parameters and run it on a workspace in the background.

    The core stores the results in the workspace; ``analysis_finished`` then
    carries the names of the layers it stored, for the main window to add and
    to refresh its catalogue. Escape while running cancels the run; once idle
    it closes the dialog.

    Parameters
    ----------
    analysis
        The analysis, from :data:`desktop.analyses.ANALYSES`.
    workspace
        Path of the workspace ``.gpkg`` (each run opens it afresh).
    params
        Parameters to show first (default: the dataclass' defaults).
    pool
        Thread pool of the runs (default: Qt's global pool).
    """

    analysis_finished = Signal(list)
    """The names of the layers a run stored (QDialog's own ``finished(int)`` stays as it is)."""

    def __init__(
        self, analysis: Analysis, workspace: str | Path, params: Any = None,
        parent: QWidget | None = None, pool: QThreadPool | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.analysis = analysis
        self.workspace_path = Path(workspace)
        self.job: Job | None = None
        self._pool = pool
        self._stored: list[str] | None = None
        self.setWindowTitle(analysis.title())
        self.setObjectName(f"analysis_{analysis.key}")
        self.form = ParamsForm(analysis.params_type, params, self)
        self.form.changed.connect(self._clear_error)
        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setAccessibleName(self.tr("Error"))
        self.error_label.hide()
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, PROGRESS_STEPS)
        self.progress_bar.setAccessibleName(self.tr("Progress"))
        self.status_label = QLabel(self.tr("Set the parameters and press Run."), self)
        self.status_label.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.run_button = QPushButton(self.tr("&Run"), self)
        self.run_button.setDefault(True)
        self.run_button.setToolTip(self.tr("Run the analysis and store its results"))
        self.cancel_button = QPushButton(self.tr("&Cancel run"), self)
        self.cancel_button.setToolTip(self.tr("Stop the analysis (Esc); nothing is stored"))
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setShortcut(QKeySequence.StandardKey.Close)
        buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.resize(520, 620)

    def is_running(self) -> bool:
        """Whether a run is under way."""
        return self.job is not None and not self.job.is_done()

    def start(self) -> bool:
        """Run the analysis with the form's parameters; False if they are refused.

        A refused value is shown under the form, with the cursor on the field
        the message names, and nothing starts.
        """
        if self.is_running():
            return False
        try:
            params = self.form.params()
        except (ValueError, TypeError) as exc:
            self._show_error(str(exc))
            return False
        self._clear_error()
        self._stored = None
        job = Job(lambda progress: self._work(params, progress), self)
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self.job = job
        self._set_running(True)
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Running…"))
        log.info("running %s with %s", self.analysis.key, params)
        job.start(self._pool)
        return True

    def cancel(self) -> None:
        """Ask the running analysis to stop at its next check."""
        if self.is_running() and self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Cancelling…"))

    def reject(self) -> None:
        """Escape and Close: cancel a run first, close once idle."""
        if self.is_running():
            self.cancel()
            return
        super().reject()

    def _work(self, params: Any, progress: QtProgress) -> list[str]:
        names = in_python_thread(
            lambda: self.analysis.run(Workspace.open(self.workspace_path), params, progress)
        )
        self._stored = names  # stored for good: a Cancel from now on comes too late
        return names

    def _set_running(self, running: bool) -> None:
        self.form.setEnabled(not running)
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(round(fraction * PROGRESS_STEPS))
        if message:
            self.status_label.setText(message)

    def _on_finished(self, names: list[str]) -> None:
        self._set_running(False)
        self.progress_bar.setValue(PROGRESS_STEPS)
        self.status_label.setText(self.tr("Stored %n layer(s): {names}", "", len(names)).format(
            names=", ".join(names)))  # fmt: skip
        self.analysis_finished.emit(list(names))

    def _on_failed(self, message: str) -> None:
        self._set_running(False)
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("The analysis failed; nothing was stored."))
        self._show_error(message)

    def _on_cancelled(self) -> None:
        if self._stored is not None:  # the run ended and stored its layers before the Cancel
            self._on_finished(self._stored)
            return
        self._set_running(False)
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Cancelled; nothing was stored."))

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.form.focus_error(message)

    def _clear_error(self) -> None:
        self.error_label.hide()
        self.error_label.clear()
