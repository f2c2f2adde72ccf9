"""The workspace's pseudonym key: which one, whether this computer has it, export and import.

The key lives in the user's data folder, never in the workspace
(:mod:`analysis.privacy.keys`); a workspace opened on a computer without it
gets a warning in the status bar, because tracks imported there would get new
pseudonyms. :class:`KeyDialog` shows the key and carries it between computers.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import UrbanistaError
from analysis.privacy import keys
from analysis.workspace import Workspace


def missing_key(workspace: Workspace) -> str | None:
    """The id of ``workspace``'s pseudonym key if this computer lacks it, else None."""
    ident = workspace.meta("pseudonym_key_id")
    return ident if ident and not keys.has_key(ident) else None


class KeyDialog(QDialog):
    """The key's id, where it is, how to back it up; *Export key…* and *Import key file…*."""

    key_imported = Signal(str)
    """The id of a key stored on this computer from a file."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.key_id = workspace.meta("pseudonym_key_id") or ""
        self.setWindowTitle(self.tr("Pseudonym key"))
        about = QLabel(
            self.tr(
                "Athletes in the tracks of {name} get pseudonyms keyed by the key {id}. The key "
                "stays on this computer, never in the workspace: whoever had both could find the "
                "activities of people they can name."
            ).format(name=workspace.path.name, id=self.key_id),
            self,
        )
        self.where_label = QLabel(self)
        backup = QLabel(
            self.tr(
                "Back it up: export it to a file and keep that file safe, apart from the workspace "
                "(on the city's backup drive, say). Without the key, tracks imported later get new "
                "pseudonyms, and the same people are counted twice. On another computer, import "
                "the file here."
            ),
            self,
        )
        self.status_label = QLabel(self)
        for label in (about, self.where_label, backup, self.status_label):
            label.setWordWrap(True)
        self.export_button = QPushButton(self.tr("&Export key…"), self)
        self.import_button = QPushButton(self.tr("&Import key file…"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export_key)
        self.import_button.clicked.connect(self.import_key)
        layout = QVBoxLayout(self)
        for widget in (about, self.where_label, backup, self.status_label, buttons):
            layout.addWidget(widget)
        self.resize(540, 260)
        self._show_where()

    def _show_where(self) -> None:
        here = bool(self.key_id) and keys.has_key(self.key_id)
        if here:
            text = self.tr("This computer has the key: {path}").format(
                path=keys.key_path(self.key_id)
            )
        else:
            text = self.tr(
                "This computer does not have the key (it is not in {folder}): tracks imported "
                "now would get new pseudonyms. Import the key file exported on the computer "
                "that imported the tracks."
            ).format(folder=keys.key_dir())
        self.where_label.setText(text)
        self.export_button.setEnabled(here)

    def export_key(self, path: str | None = None) -> bool:
        """Write the key to a file of mode 0600 (asked for when ``path`` is None)."""
        from analysis.io.output_file import write_output

        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export pseudonym key"),
                str(Path.home() / f"{self.key_id}.key"),
                self.tr("Key files (*.key)"),
            )
            if not path:
                return False
        try:
            key = self.workspace.pseudonym_key()
            write_output(path, keys.key_file_bytes(key), mode=0o600)
        except (UrbanistaError, OSError) as exc:
            self.status_label.setText(str(exc))
            return False
        self.status_label.setText(
            self.tr("Wrote the key to {path}: keep it secret.").format(path=path)
        )
        return True

    def import_key(self, path: str | None = None) -> bool:
        """Store the key in a file on this computer; True if it is this workspace's."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import pseudonym key"),
                str(Path.home()),
                self.tr("Key files (*.key);;All files (*)"),
            )
            if not path:
                return False
        try:
            ident = keys.store(keys.read_key_file(Path(path)))
        except (UrbanistaError, OSError) as exc:
            self.status_label.setText(str(exc))
            return False
        self._show_where()
        self.key_imported.emit(ident)
        if ident != self.key_id:
            self.status_label.setText(
                self.tr(
                    "{path} holds the key {got}, not this workspace's key {id}: it was stored, "
                    "but this workspace still lacks its key."
                ).format(path=path, got=ident, id=self.key_id)
            )
            return False
        self.status_label.setText(self.tr("This computer has the key now."))
        return True
