"""When a workspace does not open: say why, and offer to check it and to repair it into a copy.

The check and the repair are the core's (:mod:`analysis.workspace.health`,
:mod:`analysis.workspace.repair`) and run in a background :class:`~desktop.worker.Job`;
the damaged file is only read. A file that is no SQLite database at all, or a
GeoPackage that never was a workspace, gets the plain error: nothing there to repair.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.worker import Job


class RepairDialog(QDialog):
    """The error that kept a workspace from opening, with *Check* and *Repair into a copy*."""

    repaired = Signal(str)
    """The path of the repaired copy, once written."""

    def __init__(self, path: Path, error: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.job: Job | None = None
        self.setWindowTitle(self.tr("Cannot open workspace"))
        self.error_label = QLabel(error, self)
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(self.tr("Error"))
        explanation = QLabel(
            self.tr(
                "The workspace may be damaged. Check lists what is wrong with it; Repair "
                "rebuilds it into a new file from the layers it still holds, and leaves this "
                "file as it is."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(self.tr("Problems found"))
        self.problems.hide()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.check_button = QPushButton(self.tr("&Check"), self)
        self.repair_button = QPushButton(self.tr("&Repair into a copy…"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.repair_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.check_button.clicked.connect(self.check)
        self.repair_button.clicked.connect(self.repair)
        layout = QVBoxLayout(self)
        for widget in (self.error_label, explanation, self.problems, self.status_label, buttons):
            layout.addWidget(widget)
        self.resize(560, 240)

    def check(self) -> None:
        """List the workspace's problems, checked in the background."""
        from analysis.workspace.health import check_workspace

        self.status_label.setText(self.tr("Checking {name}…").format(name=self.path.name))
        self._run(lambda _: check_workspace(self.path), self._checked)

    def repair(self) -> None:
        """Ask for a new file and rebuild the workspace into it in the background."""
        from analysis.workspace.repair import repair_workspace

        suggested = self.path.with_name(
            self.tr("{stem}_repaired").format(stem=self.path.stem) + ".gpkg"
        )
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Repair into a copy"),
            str(suggested),
            self.tr("Urbanista workspaces (*.gpkg)"),
        )
        if not chosen:
            return
        out = Path(chosen).with_suffix(".gpkg")
        self.status_label.setText(self.tr("Repairing into {name}…").format(name=out.name))
        self._run(lambda _: repair_workspace(self.path, out), self._repaired)

    def _run(self, work: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        self.check_button.setEnabled(False)
        self.repair_button.setEnabled(False)
        self.job = job = Job(work, self)
        job.finished.connect(done)
        job.failed.connect(self._failed)
        job.start()

    def _idle(self) -> None:
        self.check_button.setEnabled(True)
        self.repair_button.setEnabled(True)

    def _checked(self, problems: list[Any]) -> None:
        self._idle()
        self.status_label.setText(
            self.tr("%n problem(s) found.", "", len(problems))
            if problems
            else self.tr("No problems found.")
        )
        self.problems.setPlainText("\n".join(str(p) for p in problems))
        self.problems.setVisible(bool(problems))

    def _repaired(self, result: Any) -> None:
        self._idle()
        self.repaired.emit(str(result.path))
        self.accept()

    def _failed(self, message: str) -> None:
        self._idle()
        self.status_label.setText(message)


def offer_repair(
    parent: QWidget, path: Path, error: str, open_workspace: Callable[[Path], Any]
) -> RepairDialog | None:
    """Show a :class:`RepairDialog` for ``path`` (not modal-blocking), or None if pointless.

    Pointless when there is no file, no SQLite database, or a readable one that
    never was a workspace (no ``urbanista_`` table). ``open_workspace`` opens the
    repaired copy.
    """
    if not _may_be_a_workspace(path):
        return None
    dialog = RepairDialog(path, error, parent)
    dialog.repaired.connect(lambda out: open_workspace(Path(out)))
    dialog.open()
    return dialog


def _may_be_a_workspace(path: Path) -> bool:
    from analysis.io.output_file import is_sqlite

    if not is_sqlite(path):
        return False
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    except OSError:
        return False
    except sqlite3.Error:  # damaged beyond reading its table list: worth a check
        return True
    return any(name.startswith("urbanista_") for name in names)
