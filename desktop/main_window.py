"""The main window: a workspace's catalogue as a sortable table."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableView,
    QWidget,
)

from analysis.errors import UrbanistaError
from analysis.workspace import Workspace
from desktop.catalogue_model import SORT_ROLE, CatalogueModel

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Shows one workspace at a time: its catalogue, path, CRS and dataset count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.catalogue_model = CatalogueModel(parent=self)
        self.proxy_model = QSortFilterProxyModel(self)
        self.proxy_model.setSourceModel(self.catalogue_model)
        self.proxy_model.setSortRole(SORT_ROLE)
        self.proxy_model.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy_model.setSortLocaleAware(True)
        self.table = self._make_table()
        self.setCentralWidget(self.table)
        self.status_label = QLabel()
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(self.status_label, 1)
        self._make_menus()
        self.resize(1100, 500)
        self._show_workspace()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorClearable(True)  # a third click restores import order
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        return table

    def _make_menus(self) -> None:
        self.open_action = QAction(self.tr("&Open workspace…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.setStatusTip(self.tr("Open an Urbanista workspace (.gpkg)"))
        self.open_action.triggered.connect(self.choose_workspace)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

    def choose_workspace(self) -> bool:
        """Ask for a workspace file and open it; return True if one was opened."""
        start = str(self.workspace.path.parent) if self.workspace else os.getcwd()
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open workspace"),
            start,
            self.tr("Urbanista workspaces (*.gpkg)"),
        )
        return bool(path) and self.open_workspace(path)

    def open_workspace(self, path: str | os.PathLike[str]) -> bool:
        """Open the workspace at ``path`` and show its catalogue.

        On failure show the error in a message box, keep the workspace shown
        before, and return False.
        """
        try:
            workspace = Workspace.open(Path(path))
            entries = workspace.entries()
        except (UrbanistaError, OSError) as exc:
            log.warning("cannot open workspace %s: %s", path, exc)
            QMessageBox.critical(self, self.tr("Cannot open workspace"), str(exc))
            return False
        self.workspace = workspace
        self.catalogue_model.set_entries(entries)
        self._show_workspace()
        self.table.resizeColumnsToContents()
        log.info("opened workspace %s (%d datasets)", workspace.path, len(entries))
        return True

    def _show_workspace(self) -> None:
        if self.workspace is None:
            self.setWindowTitle("Urbanista")
            self.status_label.setText(self.tr("No workspace open: File ▸ Open workspace…"))
            return
        self.setWindowTitle(f"Urbanista — {self.workspace.path.name}")
        count = self.catalogue_model.rowCount()
        self.status_label.setText(
            self.tr("{path}  ·  {crs}  ·  %n dataset(s)", "", count).format(
                path=self.workspace.path, crs=self.workspace.crs
            )
        )
