"""The planner's flows through the main window: open, import, analyse, see it on the map, export."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from analysis.workspace import Workspace
from desktop.analysis_dialog import AnalysisDialog
from desktop.export_dialogs import ExcelReportDialog
from desktop.main_window import MainWindow
from tests.desktop.town import build_town


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_town(tmp_path_factory.mktemp("town") / "miasteczko.gpkg")


@pytest.fixture
def window(qtbot: Any, town: Path, tmp_path: Path) -> MainWindow:
    path = tmp_path / "miasteczko.gpkg"
    shutil.copy(town, path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    with qtbot.waitSignal(window.canvas.render_finished, timeout=30_000):
        assert window.open_workspace(path)
    qtbot.waitUntil(lambda: bool(window.canvas.layers()), timeout=30_000)
    return window


def menu_action(window: MainWindow, menu: str, text: str) -> Any:
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu:
            for action in top.menu().actions():
                if text in action.text().replace("&", ""):
                    return action
    raise AssertionError(f"no {menu} ▸ {text}")


def rendered(qtbot: Any, window: MainWindow) -> Any:
    """The canvas image once a render of the current layers has finished."""
    with qtbot.waitSignal(window.canvas.render_finished, timeout=30_000):
        window.canvas.refresh()
    return window.canvas.image().copy()


def test_heatmap_from_the_menu_is_drawn_on_the_map(qtbot: Any, window: MainWindow) -> None:
    before = rendered(qtbot, window)
    menu_action(window, "Analysis", "Activity heatmap").trigger()
    dialog = window.findChild(AnalysisDialog)
    dialog.form.editor("min_users").setValue(1)  # ten riders: show every ridden cell
    with qtbot.waitSignal(dialog.analysis_finished, timeout=60_000) as done:
        dialog.start()
    (name,) = done.args[0]
    qtbot.waitUntil(lambda: any(la.name == name for la in window.canvas.layers()), timeout=30_000)
    after = rendered(qtbot, window)
    x, y = window.canvas.view.to_screen(530_000.0 + 700.0, 390_000.0 + 500.0)  # on the rides
    ratio = after.devicePixelRatio()
    px, py = int(x * ratio), int(y * ratio)
    assert before.pixel(px, py) != after.pixel(px, py), "the heatmap colours the ridden street"


def test_rack_siting_from_the_menu_adds_its_layer_to_the_map(
    qtbot: Any, window: MainWindow
) -> None:
    before = rendered(qtbot, window)
    menu_action(window, "Analysis", "Bike stand siting").trigger()
    dialog = window.findChild(AnalysisDialog)
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(dialog.analysis_finished, timeout=60_000) as done:
        dialog.start()
    assert "racks_sites" in done.args[0]
    qtbot.waitUntil(
        lambda: any(la.name == "racks_sites" for la in window.canvas.layers()), timeout=30_000
    )
    assert any(e.name == "racks_sites" for e in window.catalogue_model.entries())
    after = rendered(qtbot, window)
    sites = Workspace.open(window.workspace.path).read_layer("racks_sites")
    x, y = window.canvas.view.to_screen(sites.geometry.iloc[0].x, sites.geometry.iloc[0].y)
    ratio = after.devicePixelRatio()
    px, py = int(x * ratio), int(y * ratio)
    changed = [
        before.pixel(px + dx, py + dy) != after.pixel(px + dx, py + dy)
        for dx in range(-3, 4)
        for dy in range(-3, 4)
    ]
    assert sum(changed) >= 5, "the proposed stand is drawn where it is"
    far = (5, 5)
    assert before.pixel(*far) == after.pixel(*far)


def test_excel_report_from_the_export_menu(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    menu_action(window, "Analysis", "Bike stand siting").trigger()
    analysis = window.findChild(AnalysisDialog)
    with qtbot.waitSignal(analysis.analysis_finished, timeout=60_000):
        analysis.start()
    menu_action(window, "Export", "Excel report").trigger()
    dialog = window.findChild(ExcelReportDialog)
    assert dialog is not None
    out = tmp_path / "raport.xlsx"
    dialog.output.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=120_000) as done:
        dialog.start()
    assert done.args == [str(out)] and out.stat().st_size > 5_000


def test_a_long_analysis_cancelled_midway_leaves_the_window_responsive(
    qtbot: Any, window: MainWindow
) -> None:
    from analysis.planning.racks import RackParams

    entries_before = [e.name for e in window.catalogue_model.entries()]
    menu_action(window, "Analysis", "Bike stand siting").trigger()
    dialog = window.findChild(AnalysisDialog)
    dialog.form.set_params(RackParams(candidate_spacing_m=1.0, walk_m=300.0))  # minutes of work
    ticks = []
    timer = QTimer(window, interval=20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    with qtbot.waitSignal(dialog.progressed, timeout=30_000):
        assert dialog.start()
    with qtbot.waitSignal(dialog.job.cancelled, timeout=30_000):
        qtbot.wait(300)
        dialog.cancel()
    timer.stop()
    assert len(ticks) >= 10, "the GUI thread kept running while the analysis worked"
    QApplication.processEvents()
    assert [e.name for e in Workspace.open(window.workspace.path).entries()] == entries_before
    window.canvas.zoom_by(2.0)  # the window still answers
    assert window.isVisible()


def test_basemap_tiles_go_under_the_workspace_layers(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QColor, QImage

    tile = QImage(256, 256, QImage.Format.Format_ARGB32)
    tile.fill(QColor("red"))
    (tmp_path / "tiles" / "14" / "9052").mkdir(parents=True)
    assert tile.save(str(tmp_path / "tiles" / "14" / "9052" / "5451.png"))
    assert window.add_basemap_tiles(tmp_path / "tiles")
    assert window.add_basemap_tiles(tmp_path / "tiles")
    names = [layer.name for layer in window.canvas.layers()]
    assert names[:2] == ["basemap_tiles_2", "basemap_tiles"]  # bottom first, each its own name
    warnings = []
    monkeypatch.setattr(
        "desktop.main_window.QMessageBox.warning", lambda *args: warnings.append(args[2])
    )
    assert not window.add_basemap_tiles(tmp_path / "nothing_here")
    assert warnings and "no tiles at" in warnings[0]
