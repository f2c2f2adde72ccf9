"""The main window's menus and toolbar: every command, with its shortcut."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from analysis import __version__
from analysis.errors import UrbanistaError
from desktop import appearance
from desktop.i18n import LANGUAGES

if TYPE_CHECKING:
    from analysis.registry import Analysis
    from desktop.main_window import MainWindow


def translate(context: str, text: str) -> str:
    """``QCoreApplication.translate``; lupdate collects ``translate("Context", "text")`` calls."""
    return QCoreApplication.translate(context, text)


def build_menus(window: MainWindow) -> None:
    """Add File, Map, Analysis, Export, View and Help to ``window``; keep its key actions."""
    _file_menu(window)
    _map_menu(window)
    _analysis_menu(window)
    _export_menu(window)
    _view_menu(window)
    help_menu = window.menuBar().addMenu(translate("MainWindow", "&Help"))
    _action(window, help_menu, translate("MainWindow", "&About Urbanista"), lambda: _about(window))


def _action(
    window: QWidget,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def _file_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu(translate("MainWindow", "&File"))
    _action(
        window,
        menu,
        translate("MainWindow", "&New workspace…"),
        window.new_workspace,
        QKeySequence.StandardKey.New,
        translate("MainWindow", "Create an empty workspace (EPSG:2180)"),
    )
    window.open_action = _action(
        window,
        menu,
        translate("MainWindow", "&Open workspace…"),
        window.choose_workspace,
        QKeySequence.StandardKey.Open,
        translate("MainWindow", "Open an Urbanista workspace (.gpkg)"),
    )
    recent = menu.addMenu(translate("MainWindow", "Open &recent"))
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    window.save_as_action = _action(
        window,
        menu,
        translate("MainWindow", "Save workspace &as…"),
        window.save_workspace_as,
        QKeySequence.StandardKey.SaveAs,
    )
    window.key_action = _action(
        window,
        menu,
        translate("MainWindow", "Pseudonym &key…"),
        lambda: _need_workspace(window) and window.show_key(),
        tip=translate("MainWindow", "The key of the athletes' pseudonyms: back it up, import it"),
    )
    menu.addSeparator()
    window.import_action = _action(
        window,
        menu,
        translate("MainWindow", "&Import data…"),
        lambda: _import(window),
        "Ctrl+I",
        translate("MainWindow", "Import reports, tracks, datasets or rasters"),
    )
    menu.addSeparator()
    window.quit_action = _action(
        window, menu, translate("MainWindow", "&Quit"), window.close, QKeySequence.StandardKey.Quit
    )
    window.quit_action.setMenuRole(QAction.MenuRole.QuitRole)


def _fill_recent(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    paths = window.session.recent()
    for path in paths:
        _action(window, menu, path, partial(window.open_workspace, path))
    if not paths:
        menu.addAction(translate("MainWindow", "(none yet)")).setEnabled(False)


def _map_menu(window: MainWindow) -> None:
    from desktop.map.tools import MapTool

    menu = window.menuBar().addMenu(translate("MainWindow", "&Map"))
    canvas = window.canvas
    _action(window, menu, translate("MainWindow", "&Full extent"), canvas.zoom_full, "Ctrl+Home")
    keys = QKeySequence.StandardKey
    _action(
        window, menu, translate("MainWindow", "Zoom &in"), lambda: canvas.zoom_by(2.0), keys.ZoomIn
    )
    _action(
        window,
        menu,
        translate("MainWindow", "Zoom &out"),
        lambda: canvas.zoom_by(0.5),
        keys.ZoomOut,
    )
    box = _action(
        window,
        menu,
        translate("MainWindow", "&Box zoom"),
        lambda: None,
        "Ctrl+B",
        translate("MainWindow", "Drag a box to zoom to it (or Shift+drag at any time)"),
    )
    box.setCheckable(True)
    box.toggled.connect(lambda on: canvas.set_tool(MapTool.ZOOM_BOX if on else MapTool.PAN))
    _action(
        window,
        menu,
        translate("MainWindow", "&Redraw"),
        canvas.refresh,
        QKeySequence.StandardKey.Refresh,
    )
    menu.addSeparator()
    _action(
        window,
        menu,
        translate("MainWindow", "Add basemap &tiles (MBTiles)…"),
        window.add_basemap_tiles,
        tip=translate("MainWindow", "Draw local tiles under the map: an .mbtiles file"),
    )
    _action(
        window,
        menu,
        translate("MainWindow", "Add basemap tiles (XYZ &folder)…"),
        lambda: _tile_folder(window),
    )


def _tile_folder(window: MainWindow) -> None:
    from PySide6.QtWidgets import QFileDialog

    title = translate("MainWindow", "Folder of XYZ tiles ({z}/{x}/{y})")
    folder = QFileDialog.getExistingDirectory(window, title)
    if folder:
        window.add_basemap_tiles(folder)


def _analysis_menu(window: MainWindow) -> None:
    """One entry per analysis of the registry, in its order; the description is the tooltip."""
    from analysis import registry
    from desktop.analyses import description, title

    menu = window.menuBar().addMenu(translate("MainWindow", "&Analysis"))
    menu.setToolTipsVisible(True)
    for number, analysis in enumerate(registry.analyses(), start=1):
        action = _action(
            window,
            menu,
            f"&{number} {title(analysis)}…",
            partial(_run_analysis, window, analysis),
            tip=description(analysis),
        )
        action.setToolTip(description(analysis))


def _run_analysis(window: MainWindow, analysis: Analysis) -> None:
    from desktop.analyses import title
    from desktop.analysis_dialog import AnalysisDialog

    if not _need_workspace(window):
        return
    try:  # the dialog reads the workspace's layers for its choices
        dialog = AnalysisDialog(analysis, window.workspace, parent=window)  # type: ignore[arg-type]
    except (UrbanistaError, OSError, sqlite3.Error) as exc:
        QMessageBox.warning(window, title(analysis), str(exc))
        return
    dialog.analysis_finished.connect(window.reload_workspace)
    dialog.show()


def _export_menu(window: MainWindow) -> None:
    from desktop import export_dialogs

    menu = window.menuBar().addMenu(translate("MainWindow", "E&xport"))
    for text, dialog_class, key in (
        (
            translate("MainWindow", "&Excel report…"),
            export_dialogs.ExcelReportDialog,
            "Ctrl+Shift+E",
        ),
        (translate("MainWindow", "&HTML map…"), export_dialogs.WebMapDialog, "Ctrl+Shift+H"),
        (
            translate("MainWindow", "&Print map (PNG, PDF)…"),
            export_dialogs.PrintMapDialog,
            "Ctrl+P",
        ),
    ):
        _action(window, menu, text, partial(_export, window, dialog_class), key)


def _export(window: MainWindow, dialog_class: type) -> None:
    if _need_workspace(window):
        dialog_class(window.workspace, parent=window).show()


def _import(window: MainWindow) -> None:
    from desktop.import_wizard import ImportWizard

    if not _need_workspace(window):
        return
    wizard = ImportWizard(window.workspace, window)  # type: ignore[arg-type]
    wizard.imported.connect(lambda _summary: window.reload_workspace())
    wizard.show()


def _need_workspace(window: MainWindow) -> bool:
    if window.workspace is None:
        text = translate("MainWindow", "Open or create a workspace first (File menu).")
        QMessageBox.information(window, "Urbanista", text)
        return False
    return True


def _view_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu(translate("MainWindow", "&View"))
    for dock in (
        window.layer_panel,
        window.catalogue_dock,
        window.attribute_dock,
        window.feature_dock,
    ):
        menu.addAction(dock.toggleViewAction())
    menu.addSeparator()
    languages = menu.addMenu(translate("MainWindow", "&Language"))
    group = QActionGroup(window)
    current = window.session.value("language", "")
    for code, name in LANGUAGES.items():
        action = _action(window, languages, name, partial(window.language_requested.emit, code))
        action.setCheckable(True)
        action.setChecked(code == current)
        group.addAction(action)
    contrast = _action(
        window,
        menu,
        translate("MainWindow", "Large text, &high contrast"),
        lambda: None,
        "Ctrl+Shift+C",
        translate("MainWindow", "For workshops: white on black, larger fonts"),
    )
    contrast.setCheckable(True)
    contrast.setChecked(bool(window.session.value("high_contrast", False)))
    contrast.toggled.connect(lambda on: _set_contrast(window, on))
    window.high_contrast_action = contrast


def _set_contrast(window: MainWindow, enabled: bool) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        appearance.set_high_contrast(app, enabled)
    window.session.set_value("high_contrast", enabled)


def _about(window: MainWindow) -> None:
    QMessageBox.about(
        window,
        translate("MainWindow", "About Urbanista"),
        translate("MainWindow", "Urbanista {version}: offline GIS analyses for city halls.").format(
            version=__version__
        ),
    )
