"""What the export dialogs share: the output file, option rows, and the result line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from analysis.export.titles import layer_title
from analysis.workspace import DatasetKind, Workspace
from desktop.i18n import current_language
from desktop.job_dialog import JobDialog, path_of
from desktop.layer_checklist import Checklist


@dataclass(frozen=True)
class Exported:
    """A file written, and a line about what it holds."""

    path: Path
    details: str = ""


class ExportDialog(JobDialog):
    """Output file (typed or browsed) above option rows; ``exported(path)`` when written.

    Parameters
    ----------
    workspace
        The workspace, or its path.
    suffix
        The output's suffix (``.xlsx``); an output typed without one gets it.
    name_suffix
        Added to the workspace's name for the default output (``_report``).
    """

    exported = Signal(str)
    """The path of the file written."""

    def __init__(
        self,
        workspace: Workspace | str | Path,
        suffix: str,
        name_suffix: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace_path = path_of(workspace)
        self.entries = Workspace.open(self.workspace_path).entries()
        self.suffix = suffix
        self.options = QWidget(self)
        self.form = QFormLayout(self.options)
        self.options_layout.addWidget(self.options)
        self.output = QLineEdit(
            str(self.workspace_path.with_name(self.workspace_path.stem + name_suffix + suffix)),
            self,
        )
        self.output.textEdited.connect(self.clear_error)
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.output, 1)
        row.addWidget(browse)
        self.output.setAccessibleName(self.tr("Output file"))
        self.form.addRow(self.tr("O&utput file"), row)
        label = self.form.labelForField(row)
        if isinstance(label, QLabel):
            label.setBuddy(self.output)
        self.status_label.setText(self.tr("Choose the options and the file to write."))
        self.resize(560, 560)

    def add_option(self, label: str | None, widget: QWidget) -> None:
        """Add a row: ``widget`` with ``label`` (a mnemonic with &), or alone."""
        if label is None:
            self.form.addRow(widget)
        else:
            widget.setAccessibleName(label.replace("&", ""))
            self.form.addRow(label, widget)

    def add_combo(self, label: str, items: list[tuple[str, Any]]) -> QComboBox:
        """A combo box of ``(text, value)`` items, the first current."""
        combo = QComboBox(self)
        for text, value in items:
            combo.addItem(text, value)
        self.add_option(label, combo)
        return combo

    def add_language_box(self) -> QComboBox:
        """The language of the output: Polish (the CLI's default) or English."""
        return self.add_combo(self.tr("&Language"), [("Polski", "pl"), ("English", "en")])

    def add_title_edit(self) -> QLineEdit:
        """The map's title, empty for the CLI's default."""
        edit = QLineEdit(self)
        edit.setPlaceholderText(self.tr("the workspace's name"))
        self.add_option(self.tr("&Title"), edit)
        return edit

    def add_checklist(self, label: str, hint: str) -> Checklist:
        """A list to tick, with ``hint`` (what none ticked means) under it."""
        checklist = Checklist(self)
        checklist.setToolTip(hint)
        self.add_option(label, checklist)
        note = QLabel(hint, self)
        note.setWordWrap(True)
        self.form.addRow("", note)
        return checklist

    def add_layer_checklist(self) -> Checklist:
        """The workspace's layers a map can draw: rasters and layers with geometry, not tracks."""
        checklist = self.add_checklist(
            self.tr("La&yers"),
            self.tr("None ticked: the basemap and every thematic layer the workspace holds."),
        )
        language = current_language()
        for e in self.entries:
            if e.kind is DatasetKind.RASTER or (e.extent and e.kind is not DatasetKind.TRACKS):
                checklist.add(e.name, layer_title(e, language), e.name)
        return checklist

    def output_path(self) -> Path:
        """The output file, given the suffix if it has none.

        Raises
        ------
        ValueError
            If no file is given, or it has another suffix.
        """
        text = self.output.text().strip()
        if not text:
            raise ValueError(self.tr("Choose the file to write."))
        path = Path(text).expanduser()
        if not path.suffix:
            path = path.with_suffix(self.suffix)
        if path.suffix.lower() != self.suffix:
            raise ValueError(
                self.tr("{path}: the file's name must end in {suffix}").format(
                    path=path, suffix=self.suffix
                )
            )
        if not path.parent.is_dir():
            raise ValueError(self.tr("{folder}: no such folder").format(folder=path.parent))
        return path

    def set_suffix(self, suffix: str) -> None:
        """Write ``suffix`` files from now on, and change the output's suffix to it."""
        self.suffix = suffix
        text = self.output.text().strip()
        if text:
            self.output.setText(str(Path(text).with_suffix(suffix)))

    def browse(self) -> None:
        """Choose the output in a file dialog."""
        pattern = f"*{self.suffix}"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Write to"),
            self.output.text(),
            self.tr("{suffix} files ({pattern})").format(
                suffix=self.suffix[1:].upper(), pattern=pattern
            ),
        )
        if path:
            self.output.setText(path)
            self.clear_error()

    def succeeded(self, result: Any) -> None:
        """Say what was written and emit ``exported``."""
        text = self.tr("Wrote {path}").format(path=result.path)
        self.status_label.setText(f"{text}: {result.details}" if result.details else text)
        self.exported.emit(str(result.path))
