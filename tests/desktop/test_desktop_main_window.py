"""The main window over a real workspace, driven the way a user drives it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.catalogue_model import ENTRY_ROLE, SORT_ROLE, Column
from desktop.main_window import MainWindow
from tests.desktop.conftest import EXPECTED
from tests.desktop.qt_helpers import column_values


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record (title, text) of every QMessageBox.critical instead of showing it."""
    shown: list[tuple[str, str]] = []

    def critical(parent: Any, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", critical)
    return shown


def click_header(qtbot: Any, window: MainWindow, column: int) -> None:
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_lists_exactly_the_workspace_datasets(window: MainWindow) -> None:
    model = window.catalogue_model
    entries = column_values(model, Column.NAME, ENTRY_ROLE)
    assert {e.name: (e.kind.value, e.feature_count, e.title) for e in entries} == EXPECTED
    assert column_values(model, Column.NAME) == ["Ulice", "Zgłoszenia mieszkańców — Łódź", "rides"]
    assert column_values(model, Column.KIND) == ["Dataset", "Citizen reports", "GPS tracks"]
    assert column_values(model, Column.FEATURES) == ["12", "3", "5"]
    assert column_values(model, Column.CRS) == ["EPSG:2180"] * 3
    assert column_values(model, Column.LICENCE) == ["CC BY 4.0", "", ""]
    assert column_values(model, Column.SOURCE_DATE) == ["", "2024-05-17", ""]
    assert column_values(model, Column.QUALITY) == ["", "rows_without_location: 2", ""]
    # The table shows the same rows, in import order until the user sorts.
    assert window.table.model().rowCount() == 3
    assert column_values(window.table.model(), Column.FEATURES, SORT_ROLE) == [12, 3, 5]


def test_title_and_status_bar_show_the_workspace(window: MainWindow, workspace_path: Path) -> None:
    assert window.windowTitle() == "Urbanista — miasto.gpkg"
    status = window.status_label.text()
    assert str(workspace_path) in status
    assert "EPSG:2180" in status
    assert "3 dataset(s)" in status
    assert window.workspace is not None and window.workspace.path == workspace_path


def test_header_clicks_sort_by_feature_count(qtbot: Any, window: MainWindow) -> None:
    view_model = window.table.model()
    click_header(qtbot, window, Column.FEATURES)
    assert column_values(view_model, Column.FEATURES) == ["3", "5", "12"]  # numeric, not "12" < "3"
    click_header(qtbot, window, Column.FEATURES)
    assert column_values(view_model, Column.FEATURES) == ["12", "5", "3"]
    click_header(qtbot, window, Column.FEATURES)  # third click: back to import order
    assert column_values(view_model, Column.FEATURES) == ["12", "3", "5"]


def test_sort_by_title_is_alphabetical(window: MainWindow) -> None:
    window.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    names = column_values(window.table.model(), Column.NAME)
    assert names == ["rides", "Ulice", "Zgłoszenia mieszkańców — Łódź"]  # case-insensitive


def test_open_action_opens_the_chosen_workspace(
    qtbot: Any, workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.windowTitle() == "Urbanista"
    assert window.catalogue_model.rowCount() == 0
    asked: list[tuple[str, str]] = []

    def get_open_file_name(parent: Any, caption: str, folder: str, filter: str) -> tuple[str, str]:
        asked.append((caption, filter))
        return str(workspace_path), filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open_file_name)
    window.open_action.trigger()
    assert asked == [("Open workspace", "Urbanista workspaces (*.gpkg)")]
    assert window.windowTitle() == "Urbanista — miasto.gpkg"
    assert window.catalogue_model.rowCount() == 3


def test_cancelled_open_dialog_changes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: ("", ""))
    assert window.choose_workspace() is False
    assert window.windowTitle() == "Urbanista — miasto.gpkg"
    assert window.catalogue_model.rowCount() == 3


def _text_file(folder: Path) -> Path:
    path = folder / "notatki.gpkg"
    path.write_text("to nie jest GeoPackage\n", encoding="utf-8")
    return path


def _plain_geopackage(folder: Path) -> Path:
    import geopandas as gpd
    from shapely.geometry import Point

    path = folder / "obcy.gpkg"
    gpd.GeoDataFrame(geometry=[Point(0, 0)], crs="EPSG:2180").to_file(path, driver="GPKG")
    return path


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (lambda folder: folder / "brak.gpkg", "no workspace at"),
        (_text_file, "is not a GeoPackage"),
        (_plain_geopackage, "is a GeoPackage but not an Urbanista workspace"),
    ],
    ids=["missing", "text-file", "plain-geopackage"],
)
def test_invalid_file_shows_error_and_keeps_the_workspace(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: list[tuple[str, str]],
    make_file: Any,
    message: str,
) -> None:
    bad = make_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(bad), ""))
    window.open_action.trigger()
    assert len(message_boxes) == 1
    title, text = message_boxes[0]
    assert title == "Cannot open workspace"
    assert str(bad) in text and message in text
    assert "Traceback" not in text
    assert window.windowTitle() == "Urbanista — miasto.gpkg"
    assert window.catalogue_model.rowCount() == 3
    assert "miasto.gpkg" in window.status_label.text()


def test_quit_closes_the_window(qtbot: Any, window: MainWindow) -> None:
    menu_titles = [a.text() for a in window.menuBar().actions()]
    assert menu_titles == ["&File", "&Map", "&Analysis", "E&xport", "&View", "&Help"]
    file_actions = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert file_actions == [
        "&New workspace…",
        "&Open workspace…",
        "Open &recent",
        "Save workspace &as…",
        "Pseudonym &key…",
        "",
        "&Import data…",
        "",
        "&Quit",
    ]
    window.quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=1000)


def test_restore_shows_the_saved_view_and_layers_once_they_are_read(
    qtbot: Any, workspace_path: Path
) -> None:
    from desktop.session import SessionState

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    view = (530_010.0, 390_010.0, 530_040.0, 390_040.0)
    state = SessionState(str(workspace_path), view, {"reports": {"visible": False}})
    assert window.restore(state)
    assert window.map_job is not None
    with qtbot.waitSignal(window.map_job.finished, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: len(window.canvas.layers()) == 2)
    assert not window.canvas.layer("reports").visible and window.canvas.layer("streets").visible
    xmin, ymin, xmax, ymax = window.canvas.extent()
    assert xmin <= view[0] and xmax >= view[2] and ymin <= view[1] and ymax >= view[3]
    assert xmax - xmin < 100  # the saved 30 m view, not the whole town (110 m across)


def test_an_analysis_of_a_vanished_workspace_is_refused_with_a_message(
    qtbot: Any, workspace_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from analysis import registry
    from desktop import menus
    from desktop.analysis_dialog import AnalysisDialog

    copy = Path(shutil.copy(workspace_path, tmp_path / "miasto.gpkg"))
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_workspace(copy)
    with qtbot.waitSignal(window.map_job.finished, timeout=10_000):  # type: ignore[union-attr]
        pass
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a: warnings.append((title, text))
    )
    copy.unlink()  # another program moved it away
    menus._run_analysis(window, registry.get("racks"))
    assert len(warnings) == 1 and str(copy) in warnings[0][1]
    assert not window.findChildren(AnalysisDialog)  # no half-made dialog left behind
