"""The main window: the map of a workspace, with its layers, catalogue and attributes.

The window only arranges views and routes signals: the map canvas
(:mod:`desktop.map`), the layer panel, the catalogue, the attribute table, the
import wizard and the analysis and export dialogs. Menus are in
:mod:`desktop.menus`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from analysis.errors import UrbanistaError
from analysis.workspace import DatasetKind, Workspace
from analysis.workspace.formats import OutdatedWorkspaceError
from desktop.attribute_dock import AttributeDock
from desktop.catalogue_model import SORT_ROLE, CatalogueModel
from desktop.layer_panel import LayerPanel
from desktop.map import MapCanvas
from desktop.menus import build_menus
from desktop.pseudonym_key import KeyDialog, missing_key
from desktop.session import Session, SessionState
from desktop.worker import Job
from desktop.workspace_repair import offer_repair
from desktop.workspace_upgrade import offer_upgrade

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """One workspace at a time: its map, layers, catalogue and attribute tables."""

    language_requested = Signal(str)
    """The user chose another language; the app rebuilds the window in it."""
    open_action: QAction
    save_as_action: QAction
    key_action: QAction
    import_action: QAction
    quit_action: QAction
    high_contrast_action: QAction
    """Actions :mod:`desktop.menus` makes, kept for shortcuts and tests."""

    def __init__(self, session: Session | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.map_job: Job | None = None
        """Reading the open workspace's map layers."""
        self.session = session or Session()
        self.canvas = MapCanvas(self)
        self.canvas.setAccessibleName(self.tr("Map"))
        self.setCentralWidget(self.canvas)
        self.catalogue_model = CatalogueModel(parent=self)
        self.proxy_model = QSortFilterProxyModel(self)
        self.proxy_model.setSourceModel(self.catalogue_model)
        self.proxy_model.setSortRole(SORT_ROLE)
        self.proxy_model.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = self._make_table()
        self.layer_panel = LayerPanel(self.canvas, self)
        self.catalogue_dock = self._dock(self.table, self.tr("Catalogue"), "catalogue_dock")
        self.attribute_dock = AttributeDock(self)
        self.feature_table = QTableWidget(0, 2, self)
        self.feature_table.setHorizontalHeaderLabels([self.tr("Attribute"), self.tr("Value")])
        self.feature_table.horizontalHeader().setStretchLastSection(True)
        self.feature_table.verticalHeader().hide()
        self.feature_dock = self._dock(self.feature_table, self.tr("Feature"), "feature_dock")
        self._save_timer = QTimer(self, singleShot=True, interval=400)
        self._save_timer.timeout.connect(self.save_session)
        self._arrange_docks()
        self._make_status_bar()
        self._connect()
        build_menus(self)
        self.resize(1280, 800)
        self._show_workspace()

    # Building.

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy_model)
        table.setAccessibleName(self.tr("Datasets of the workspace"))
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
        table.activated.connect(self._catalogue_activated)
        return table

    def _dock(self, widget: QWidget, title: str, name: str) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    def _arrange_docks(self) -> None:
        left, bottom = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        self.addDockWidget(left, self.layer_panel)
        self.addDockWidget(left, self.catalogue_dock)
        self.tabifyDockWidget(self.layer_panel, self.catalogue_dock)
        self.layer_panel.raise_()
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.feature_dock)
        self.addDockWidget(bottom, self.attribute_dock)
        self.feature_dock.hide()
        self.attribute_dock.hide()

    def _make_status_bar(self) -> None:
        self.status_label = QLabel()
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.coordinates_label = QLabel()
        self.coordinates_label.setAccessibleName(self.tr("Coordinates under the mouse"))
        self.key_warning = QPushButton(self.tr("⚠ Pseudonym key not on this computer…"))
        self.key_warning.setFlat(True)
        self.key_warning.clicked.connect(self.show_key)
        self.key_warning.hide()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.key_warning)
        self.statusBar().addPermanentWidget(self.coordinates_label)

    def _connect(self) -> None:
        self.canvas.coordinates_changed.connect(self._show_coordinates)
        self.canvas.identified.connect(self.show_feature)
        self.canvas.extent_changed.connect(lambda _: self._save_timer.start())
        self.canvas.layers_changed.connect(self._save_timer.start)
        table = self.attribute_dock.table_widget
        table.selection_changed.connect(self.canvas.set_selection)
        table.zoom_requested.connect(self._zoom_to_bounds)

    # Workspaces.

    def choose_workspace(self) -> bool:
        """Ask for a workspace file and open it; return True if one was opened."""
        start = str(self.workspace.path.parent) if self.workspace else os.getcwd()
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open workspace"), start, self.tr("Urbanista workspaces (*.gpkg)")
        )
        return bool(path) and self.open_workspace(path)

    def new_workspace(self) -> bool:
        """Ask for a file name and create an empty workspace there (EPSG:2180)."""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New workspace"), os.getcwd(), self.tr("Urbanista workspaces (*.gpkg)")
        )
        if not path:
            return False
        target = Path(path).with_suffix(".gpkg")
        try:
            target.unlink(missing_ok=True)  # the dialog asked before overwriting
            Workspace.create(target)
        except (UrbanistaError, OSError) as exc:
            QMessageBox.critical(self, self.tr("Cannot create workspace"), str(exc))
            return False
        return self.open_workspace(target)

    def save_workspace_as(self) -> bool:
        """Copy the open workspace (with its rasters) to a new file and continue there."""
        if self.workspace is None:
            return False
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save workspace as"),
            str(self.workspace.path.parent),
            self.tr("Urbanista workspaces (*.gpkg)"),
        )
        if not path:
            return False
        try:
            copy = self.workspace.save_as(Path(path).with_suffix(".gpkg"))
        except (UrbanistaError, OSError) as exc:
            QMessageBox.critical(self, self.tr("Cannot save workspace"), str(exc))
            return False
        return self.open_workspace(copy.path, keep_view=True)

    def open_workspace(self, path: str | os.PathLike[str], keep_view: bool = False) -> bool:
        """Open the workspace at ``path``: its catalogue now, its map in the background.

        On failure show the error in a message box (offering to check and repair
        a damaged workspace), keep the workspace shown before, and return False.
        """
        try:
            workspace = Workspace.open(Path(path))
            entries = workspace.entries()
        except OutdatedWorkspaceError as exc:
            log.warning("workspace %s has an older format: %s", path, exc)
            offer_upgrade(self, exc, self.open_workspace)
            return False
        except (UrbanistaError, OSError) as exc:
            log.warning("cannot open workspace %s: %s", path, exc)
            if offer_repair(self, Path(path), str(exc), self.open_workspace) is None:
                QMessageBox.critical(self, self.tr("Cannot open workspace"), str(exc))
            return False
        self.workspace = workspace
        self.catalogue_model.set_entries(entries)
        self.table.resizeColumnsToContents()
        self.attribute_dock.hide()
        self._show_workspace()
        self.session.add_recent(workspace.path)
        self._show_key_state()
        self.map_job = job = self.canvas.load_workspace(workspace, zoom_full=not keep_view)
        job.failed.connect(self._map_failed)
        job.finished.connect(lambda _: self.save_session())
        self.save_session()
        log.info("opened workspace %s (%d datasets)", workspace.path, len(entries))
        return True

    def reload_workspace(self, added: list[str] | None = None) -> None:
        """Read the catalogue and the map again, keeping the view (after an import or analysis)."""
        if self.workspace is not None:
            self.open_workspace(self.workspace.path, keep_view=True)
            if added:
                self.statusBar().showMessage(
                    self.tr("Added: {names}").format(names=", ".join(added)), 10_000
                )

    def show_key(self) -> KeyDialog | None:
        """Show the open workspace's pseudonym key: where it is, export it, import one."""
        if self.workspace is None:
            return None
        dialog = KeyDialog(self.workspace, self)
        dialog.key_imported.connect(lambda _: self._show_key_state())
        dialog.open()
        return dialog

    def _show_key_state(self) -> None:
        """Warn, without stopping anyone, when this computer lacks the workspace's key."""
        ident = missing_key(self.workspace) if self.workspace else None
        self.key_warning.setVisible(ident is not None)
        if ident is None:
            return
        text = self.tr(
            "The pseudonym key {id} of this workspace is not on this computer: tracks imported "
            "now would get new pseudonyms, and the same people would be counted twice. Import "
            "the key file with File ▸ Pseudonym key…"
        ).format(id=ident)
        self.key_warning.setToolTip(text)
        self.statusBar().showMessage(text, 30_000)

    def restore(self, state: SessionState) -> bool:
        """Open the workspace of ``state`` and show its view and layers as they were."""
        if not state.workspace or not self.open_workspace(state.workspace):
            return False

        def apply(_: Any) -> None:
            shown = {layer.name for layer in self.canvas.layers()}
            for name, facts in state.layers.items():
                if name in shown and "visible" in facts:
                    self.canvas.set_layer_visible(name, bool(facts["visible"]))
            if state.extent:
                self.canvas.zoom_to(state.extent)

        if self.map_job is not None:  # on the first layers drawn, then on all
            self.map_job.partial.connect(apply)
            self.map_job.finished.connect(apply)
        return True

    def save_session(self) -> None:
        """Remember what is open and shown, so a killed app can offer it back."""
        layers = {layer.name: {"visible": layer.visible} for layer in self.canvas.layers()}
        workspace = str(self.workspace.path) if self.workspace else None
        extent = tuple(self.canvas.extent()) if self.canvas.layers() else None
        self.session.save(SessionState(workspace, extent, layers))  # type: ignore[arg-type]

    def add_basemap_tiles(self, path: str | os.PathLike[str] | None = None) -> bool:
        """Draw an XYZ tile folder or an MBTiles file under the workspace's layers."""
        from desktop.map.tiles import TileLayer

        if self.workspace is None:
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Add basemap tiles"),
                str(self.workspace.path.parent),
                self.tr("MBTiles (*.mbtiles);;All files (*)"),
            )
            if not path:
                return False
        names, name, number = {la.name for la in self.canvas.layers()}, "basemap_tiles", 1
        while name in names:
            number += 1
            name = f"basemap_tiles_{number}"
        try:
            tiles = TileLayer(name, Path(path), title=Path(path).name, crs=self.workspace.crs)
        except UrbanistaError as exc:
            QMessageBox.warning(self, self.tr("Cannot use these tiles"), str(exc))
            return False
        self.canvas.set_layers([tiles, *self.canvas.layers()], zoom_full=False)
        return True

    # Views of the data.

    def show_attributes(self, name: str) -> None:
        """Show the attribute table of the vector layer ``name``."""
        if self.workspace is not None:
            self.attribute_dock.show_layer(self.workspace, name)

    def show_feature(self, layer: str, attributes: dict[str, Any]) -> None:
        """List the identified feature's attributes in the Feature dock."""
        self.feature_dock.setWindowTitle(self.tr("Feature: {layer}").format(layer=layer))
        self.feature_table.setRowCount(len(attributes))
        for row, (key, value) in enumerate(attributes.items()):
            self.feature_table.setItem(row, 0, QTableWidgetItem(str(key)))
            shown = "" if value is None else str(value)
            self.feature_table.setItem(row, 1, QTableWidgetItem(shown))
        self.feature_dock.show()

    def _catalogue_activated(self, index: Any) -> None:
        entry = self.catalogue_model.entries()[self.proxy_model.mapToSource(index).row()]
        if entry.kind is not DatasetKind.RASTER:
            self.show_attributes(entry.name)

    def _zoom_to_bounds(self, bounds: Any) -> None:
        xmin, ymin, xmax, ymax = bounds
        pad = max(xmax - xmin, ymax - ymin) * 0.1 or 50.0  # one point: 100 m around it
        self.canvas.zoom_to((xmin - pad, ymin - pad, xmax + pad, ymax + pad))

    def _show_coordinates(self, x: float, y: float) -> None:
        crs = self.workspace.crs if self.workspace else ""
        self.coordinates_label.setText(f"X {x:,.1f}  Y {y:,.1f}  {crs}".replace(",", " "))

    def _map_failed(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Cannot draw the map"), message)

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

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the session and mark a clean exit."""
        self.save_session()
        self.session.end()
        super().closeEvent(event)
