"""A dialog that runs one piece of core work in the background: Run, progress, Cancel, errors.

Subclasses put their options in :attr:`JobDialog.options_layout` and say what
to run (:meth:`JobDialog.prepare`) and what to do with the result
(:meth:`JobDialog.succeeded`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis.printable import printable
from analysis.progress import Progress
from analysis.workspace import Workspace
from desktop.worker import Job

log = logging.getLogger(__name__)

PROGRESS_STEPS = 1000
"""The progress bar's range: the core's fractions in thousandths."""

Work = Callable[[Progress], Any]


def path_of(workspace: Workspace | str | Path) -> Path:
    """The path of a workspace given as one, or as its path."""
    return workspace.path if isinstance(workspace, Workspace) else Path(workspace)


class JobDialog(QDialog):
    """Options above, then the error line, progress bar, status and Run / Cancel / Close.

    Escape while running cancels the run; once idle it closes the dialog.
    """

    progressed = Signal(float, str)
    """The running work's progress (0..1) and message, for a status bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        self.options_layout = QVBoxLayout()
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # messages hold file names
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setAccessibleName(self.tr("Error"))
        self.error_label.hide()
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, PROGRESS_STEPS)
        self.progress_bar.setAccessibleName(self.tr("Progress"))
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(self)
        self.run_button = QPushButton(self.tr("&Run"), self)
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("&Cancel run"), self)
        self.cancel_button.setToolTip(self.tr("Stop the work (Esc)"))
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setShortcut(QKeySequence.StandardKey.Close)
        self.buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.options_layout, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

    def prepare(self) -> Work:
        """The work to run with the options shown; ValueError if they are refused."""
        raise NotImplementedError

    def succeeded(self, result: Any) -> None:
        """Show and announce ``result``, the work's return value."""
        raise NotImplementedError

    def is_running(self) -> bool:
        """Whether a run is under way."""
        return self.job is not None and not self.job.is_done()

    def start(self) -> bool:
        """Run the work; False if a run is under way or the options are refused.

        Refused options are shown under them, and nothing starts.
        """
        if self.is_running():
            return False
        try:
            work = self.prepare()
        except (ValueError, TypeError) as exc:
            self.show_error(str(exc), exc)
            return False
        self.clear_error()
        job = Job(work, self)
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self.job = job
        self._set_running(True)
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Running…"))
        job.start()
        return True

    def cancel(self) -> None:
        """Ask the running work to stop at its next check."""
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

    def show_error(self, message: str, error: Exception | None = None) -> None:
        """Show ``message`` under the options; ``error`` is the exception it comes from."""
        self.error_label.setText(message)
        self.error_label.show()

    def clear_error(self) -> None:
        """Hide the error line."""
        self.error_label.hide()
        self.error_label.clear()

    def set_options_enabled(self, enabled: bool) -> None:
        """Let the options be edited, or not while a run is under way."""
        for i in range(self.options_layout.count()):
            item = self.options_layout.itemAt(i)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setEnabled(enabled)

    def _set_running(self, running: bool) -> None:
        self.set_options_enabled(not running)
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(round(fraction * PROGRESS_STEPS))
        if message:  # it may name a file: one line, whatever the name holds
            self.status_label.setText(printable(message))
        self.progressed.emit(fraction, message)

    def _on_finished(self, result: Any) -> None:
        self._set_running(False)
        self.progress_bar.setValue(PROGRESS_STEPS)
        self.succeeded(result)

    def _on_failed(self, message: str, error: Exception) -> None:
        self._set_running(False)
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Failed; nothing was written."))
        self.show_error(message, error)

    def _on_cancelled(self) -> None:
        self._set_running(False)
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Cancelled; nothing was written."))
