"""The attribute table: sorting, filtering, columns, selection, zoom and the Excel export."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.attribute_dock import AttributeDock, AttributeTableWidget
from desktop.attribute_table import SORT_ROLE
from tests.desktop.qt_helpers import column_values

COLUMNS = ["name", "count", "score", "created", "email", "note"]


def _layer() -> Any:
    """Six features in EPSG:2180; ``count`` sorts differently as text and as numbers."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

    created = pd.to_datetime(
        [
            "2024-05-01 08:00",
            "2024-05-02 09:30",
            None,
            "2024-04-30 23:15",
            "2024-05-03 12:00",
            "2024-05-01 10:00",
        ],
        utc=True,
    )
    return gpd.GeoDataFrame(
        {
            "name": ["zebra", "Łąka", "lampa", "Ala", "dziura w jezdni", "Dziura przy szkole"],
            "count": [10, 2, 1, 30, 200, 3],
            "score": [0.5, None, 1.25, 2.0, 0.125, 3.0],
            "created": created,
            "email": ["a@b.pl", None, None, None, "c@d.pl", None],
            "note": ["=1+1", "", "dziura", None, "x", "long " * 20],
        },
        geometry=[Point(100 * i, 10 * i) for i in range(6)],
        crs="EPSG:2180",
    )


@pytest.fixture
def widget(qtbot: Any) -> AttributeTableWidget:
    w = AttributeTableWidget()
    qtbot.addWidget(w)
    w.resize(900, 400)
    w.set_layer("points", _layer())
    w.show()
    qtbot.waitExposed(w)
    return w


def click_header(qtbot: Any, w: AttributeTableWidget, column: int) -> None:
    header = w.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def click_row(qtbot: Any, w: AttributeTableWidget, row: int, ctrl: bool = False) -> None:
    rect = w.table.visualRect(w.model.index(row, 0))
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(w.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def filter_by(qtbot: Any, w: AttributeTableWidget, text: str) -> None:
    w.filter_edit.clear()
    if text.isascii():
        qtbot.keyClicks(w.filter_edit, text)
    else:  # QTest types ASCII only
        w.filter_edit.insert(text)
    qtbot.keyClick(w.filter_edit, Qt.Key.Key_Return)


def test_geometry_is_hidden_and_cells_are_formatted(widget: AttributeTableWidget) -> None:
    model = widget.model
    assert model.column_names() == COLUMNS
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row == ["zebra", "10", "0.5", "2024-05-01 10:00", "a@b.pl", "=1+1"]  # Warsaw time
    assert model.index(1, 2).data() is None  # a missing number shows nothing
    assert model.index(2, 3).data() is None
    assert model.index(0, 1).data(SORT_ROLE) == 10
    assert model.index(0, 2).data(SORT_ROLE) == 0.5
    assert model.index(5, 5).data(Qt.ItemDataRole.ToolTipRole).startswith("long long")
    assert model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) is None
    assert widget.status_label.text() == "6 of 6 rows, 0 selected"


def test_header_clicks_sort_numbers_numerically(qtbot: Any, widget: AttributeTableWidget) -> None:
    click_header(qtbot, widget, 1)
    assert column_values(widget.model, 1) == ["1", "2", "3", "10", "30", "200"]
    click_header(qtbot, widget, 1)
    assert column_values(widget.model, 1) == ["200", "30", "10", "3", "2", "1"]
    click_header(qtbot, widget, 1)  # third click: the layer's order again
    assert column_values(widget.model, 1) == ["10", "2", "1", "30", "200", "3"]


def test_empty_cells_sort_last_and_text_sorts_the_polish_way(widget: AttributeTableWidget) -> None:
    widget.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert column_values(widget.model, 2) == ["3", "2", "1.25", "0.5", "0.125", None]
    widget.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert column_values(widget.model, 0) == [
        "Ala",
        "Dziura przy szkole",
        "dziura w jezdni",
        "lampa",
        "Łąka",
        "zebra",
    ]
    widget.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert column_values(widget.model, 0)[0] == "Ala" and column_values(widget.model, 3)[-1] is None


def test_filter_text_in_any_column_or_one(qtbot: Any, widget: AttributeTableWidget) -> None:
    filter_by(qtbot, widget, "DZIURA")
    assert column_values(widget.model, 0) == ["lampa", "dziura w jezdni", "Dziura przy szkole"]
    assert widget.status_label.text() == "3 of 6 rows, 0 selected"
    widget.filter_column.setCurrentIndex(1 + COLUMNS.index("name"))
    assert widget.model.rowCount() == 2  # "lampa" matched in its note only
    widget.filter_column.setCurrentIndex(0)
    filter_by(qtbot, widget, "2024-05-01")  # dates as shown
    assert column_values(widget.model, 0) == ["zebra", "Ala", "Dziura przy szkole"]  # Warsaw
    filter_by(qtbot, widget, "1.25")
    assert column_values(widget.model, 0) == ["lampa"]
    widget.filter_edit.clear()  # typing pauses: the filter follows on its own
    qtbot.keyClicks(widget.filter_edit, "zeb")
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1, timeout=2000)
    widget.filter_edit.clear()
    qtbot.waitUntil(lambda: widget.model.rowCount() == 6, timeout=2000)


def test_hidden_column_leaves_the_view_and_the_filter(
    qtbot: Any, widget: AttributeTableWidget
) -> None:
    header = widget.table.horizontalHeader()
    header.customContextMenuRequested.emit(QPoint(5, 5))
    qtbot.waitUntil(widget.columns_menu.isVisible, timeout=2000)
    action = widget.columns_menu.actions()[COLUMNS.index("note")]
    assert action.isCheckable() and action.isChecked() and action.text() == "note"
    action.trigger()
    widget.columns_menu.close()
    assert widget.table.isColumnHidden(COLUMNS.index("note"))
    assert widget.model.visible_columns() == [0, 1, 2, 3, 4]
    filter_by(qtbot, widget, "dziura")
    assert widget.model.rowCount() == 2  # "lampa"'s note is hidden now
    action.trigger()
    assert not widget.table.isColumnHidden(COLUMNS.index("note"))
    assert widget.model.rowCount() == 3


def test_the_last_visible_column_cannot_be_hidden(widget: AttributeTableWidget) -> None:
    for column in range(len(COLUMNS)):
        widget.set_column_visible(column, False)
    assert widget.model.visible_columns() == [len(COLUMNS) - 1]
    assert widget.columns_menu.actions()[-1].isChecked()


def test_selection_gives_the_layer_rows_after_sorting_and_filtering(
    qtbot: Any, widget: AttributeTableWidget
) -> None:
    seen: list[tuple[str, list[int]]] = []
    widget.selection_changed.connect(lambda layer, rows: seen.append((layer, rows)))
    widget.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    filter_by(qtbot, widget, "z")  # in a name, or in lampa's note
    assert column_values(widget.model, 1) == ["200", "10", "3", "1"]
    click_row(qtbot, widget, 1)
    click_row(qtbot, widget, 3, ctrl=True)
    assert seen[-1] == ("points", [0, 2])  # zebra and lampa
    count = len(seen)
    widget.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the selection follows the rows
    assert widget.selected_features() == [0, 2] and len(seen) == count
    selected_rows = sorted(i.row() for i in widget.table.selectionModel().selectedRows())
    assert [widget.model.index(r, 0).data() for r in selected_rows] == ["lampa", "zebra"]
    filter_by(qtbot, widget, "zeb")
    assert seen[-1] == ("points", [0])
    assert widget.status_label.text() == "1 of 6 rows, 1 selected"


def test_select_features_and_zoom_to_them(qtbot: Any, widget: AttributeTableWidget) -> None:
    assert not widget.zoom_action.isEnabled()
    with qtbot.waitSignal(widget.selection_changed) as blocker:
        widget.select_features([4, 2])
    assert blocker.args == ["points", [2, 4]]
    assert widget.zoom_action.isEnabled()
    with qtbot.waitSignal(widget.zoom_requested) as zoom:
        qtbot.keyClick(widget.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert zoom.args == [(200.0, 20.0, 400.0, 40.0)]


def test_export_writes_exactly_the_view(
    qtbot: Any, widget: AttributeTableWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    widget.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    filter_by(qtbot, widget, "z")
    widget.set_column_visible(COLUMNS.index("score"), False)
    out = tmp_path / "widok"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), ""))
    with qtbot.waitSignal(widget.exported, timeout=10_000) as blocker:
        widget.export_action.trigger()
    assert blocker.args == [str(out) + ".xlsx"]
    sheet = load_workbook(blocker.args[0]).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "points: 4 of 6 rows, filtered by “z”"
    assert list(rows[1]) == ["name", "count", "created", "email", "note"]
    body = [list(r) for r in rows[2:]]
    assert [r[0] for r in body] == column_values(widget.model, 0)
    assert [r[1] for r in body] == [200, 10, 3, 1]  # numbers, in the view's order
    assert body[0][2] == datetime(2024, 5, 3, 14, 0)  # Warsaw time, as shown
    assert body[3][2] is None and body[2][4] == "long " * 20
    assert [r[3] for r in body] == ["c@d.pl", "a@b.pl", None, None]  # not special here
    assert body[1][4] == "=1+1" and sheet.cell(4, 5).data_type == "s"  # text, not a formula
    assert "Exported 4 row(s)" in widget.status_label.text()


def test_load_layer_from_the_workspace(qtbot: Any, workspace_path: Path) -> None:
    from analysis.workspace import Workspace

    dock = AttributeDock()
    qtbot.addWidget(dock)
    with qtbot.waitSignal(dock.table_widget.layer_loaded, timeout=10_000):
        dock.show_layer(Workspace.open(workspace_path), "streets")
    model = dock.table_widget.model
    assert dock.windowTitle() == "Attribute table — streets"
    assert model.column_names() == ["name"] and model.rowCount() == 12
    assert not dock.table_widget.progress_bar.isVisible()


def test_100000_rows_sort_and_filter_quickly(qtbot: Any, widget: AttributeTableWidget) -> None:
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    n = 100_000
    rng = np.random.default_rng(7)
    frame = gpd.GeoDataFrame(
        {
            "report_id": [f"2024/{i:06d}" for i in range(n)],
            "category": rng.choice(["pothole", "litter", "street_lighting"], n),
            "description": [f"opis {i} ul. Łąkowa {i % 300}" for i in range(n)],
            "created": pd.Timestamp("2024-01-01", tz="UTC")
            + pd.to_timedelta(rng.integers(0, 3e7, n), unit="s"),
            "value": rng.normal(size=n),
        },
        geometry=shapely.points(rng.uniform(0, 8000, n), rng.uniform(0, 8000, n)),
        crs="EPSG:2180",
    )
    timings = {}
    start = time.perf_counter()
    widget.set_layer("big", frame)
    timings["show"] = time.perf_counter() - start
    for name, step in [
        ("sort number", lambda: widget.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)),
        ("sort text", lambda: widget.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)),
        ("filter", lambda: filter_by(qtbot, widget, "łąkowa 17")),
        ("filter again", lambda: filter_by(qtbot, widget, "łąkowa 1")),
    ]:
        start = time.perf_counter()
        step()
        timings[name] = time.perf_counter() - start
    print({k: round(v, 3) for k, v in timings.items()})
    assert widget.model.rowCount() == int(
        np.isin(np.arange(n) % 300, [1, *range(10, 20), *range(100, 200)]).sum()
    )
    values = column_values(widget.model, 2, SORT_ROLE)[:3]
    assert values == sorted(values, key=str.casefold, reverse=True)
    assert max(timings.values()) < 2.0
