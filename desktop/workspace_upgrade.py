"""When a workspace has an older format: offer to upgrade it, into a copy or in place.

The upgrade is the core's (:func:`analysis.workspace.formats.upgrade`) and runs in
a background :class:`~desktop.worker.Job`; a copy leaves the old file as it was,
so an older Urbanista still opens it. An old file from before format 3 keeps
the pseudonym key inside: after a copy, the dialog stays open to say so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis.workspace.formats import FORMAT_VERSION, OutdatedWorkspaceError, default_copy
from desktop.worker import Job


class UpgradeDialog(QDialog):
    """An old workspace's format, with *Upgrade into a copy* and *Upgrade this file*."""

    upgraded = Signal(str)
    """The path of the upgraded workspace, once written."""

    def __init__(self, error: OutdatedWorkspaceError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = error.path
        self.version = error.version
        self.job: Job | None = None
        self.in_place = False
        self.setWindowTitle(self.tr("Upgrade workspace"))
        text = QLabel(
            self.tr(
                "{name} was made by an older Urbanista (workspace format {old}); this one reads "
                "format {new}. Upgrade it to open it: into a copy, {copy}, which leaves this file "
                "for the older Urbanista, or this file itself."
            ).format(
                name=self.path.name,
                old=error.version,
                new=FORMAT_VERSION,
                copy=default_copy(self.path).name,
            ),
            self,
        )
        text.setWordWrap(True)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("Upgrade into a &copy"), self)
        self.in_place_button = QPushButton(self.tr("Upgrade &this file"), self)
        self.buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.in_place_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(lambda: self.upgrade(in_place=False))
        self.in_place_button.clicked.connect(lambda: self.upgrade(in_place=True))
        layout = QVBoxLayout(self)
        for widget in (text, self.status_label, buttons):
            layout.addWidget(widget)
        self.resize(520, 180)

    def upgrade(self, in_place: bool) -> None:
        """Upgrade in the background; emit :attr:`upgraded` with the result's path."""
        from analysis.workspace.formats import upgrade

        self.in_place = in_place
        self.copy_button.setEnabled(False)
        self.in_place_button.setEnabled(False)
        self.status_label.setText(self.tr("Upgrading {name}…").format(name=self.path.name))
        self.job = job = Job(lambda _: upgrade(self.path, in_place=in_place), self)
        job.finished.connect(self._upgraded)
        job.failed.connect(self._failed)
        job.start()

    def _upgraded(self, path: Path) -> None:
        self.upgraded.emit(str(path))
        if self.in_place or not self.version.isdigit() or int(self.version) >= 3:
            self.accept()
            return
        # format 2 kept the key inside: the old file can recompute every pseudonym
        self.copy_button.hide()
        self.in_place_button.hide()
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.status_label.setText(
            self.tr(
                "Upgraded into {copy}. {name} still holds the pseudonym key of the upgraded "
                "workspace: whoever has that file, or a backup of it, can recompute every "
                "athlete's pseudonym, those of later imports too. Delete it and its backups "
                "(or upgrade the file itself next time: Upgrade this file). If copies of it "
                "were shared, start a new key: urbanista import tracks --new-key."
            ).format(copy=Path(path).name, name=self.path.name)
        )

    def _failed(self, message: str) -> None:
        self.copy_button.setEnabled(True)
        self.in_place_button.setEnabled(True)
        self.status_label.setText(message)


def offer_upgrade(
    parent: QWidget, error: OutdatedWorkspaceError, open_workspace: Callable[[Path], Any]
) -> UpgradeDialog:
    """Show an :class:`UpgradeDialog` (not modal-blocking); ``open_workspace`` opens the result."""
    dialog = UpgradeDialog(error, parent)
    dialog.upgraded.connect(lambda path: open_workspace(Path(path)))
    dialog.open()
    return dialog
