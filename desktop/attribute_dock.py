"""The attribute table of one layer: sort, filter, choose columns, select, zoom, export to Excel."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.attribute_table import AttributeTableModel
from desktop.worker import Job

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from analysis.workspace import Workspace

FILTER_DELAY_MS = 250
"""Typing pauses this long before the filter runs (Enter runs it at once)."""


class AttributeTableWidget(QWidget):
    """A layer's attributes in a table, with a filter, column choice, selection and export.

    Signals
    -------
    selection_changed(layer_name, indices)
        The selected rows changed; ``indices`` are the layer's row positions
        (0 for its first feature), ascending.
    zoom_requested(bounds)
        "Zoom to selection": ``(minx, miny, maxx, maxy)`` of the selected
        features, in the layer's CRS (a single point gives a box of no size).
    layer_loaded(layer_name)
        A layer asked for with :meth:`load_layer` is shown.
    exported(path)
        An Excel export was written.
    """

    selection_changed = Signal(str, list)
    zoom_requested = Signal(object)
    layer_loaded = Signal(str)
    exported = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import numpy as np

        self.model = AttributeTableModel(self)
        self.job: Job | None = None
        self._selected = np.zeros(0, dtype=np.int64)
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.table = self._make_table()
        self.columns_menu = QMenu(self.tr("Columns"), self)
        self._make_actions()
        self._make_layout()
        self.model.column_hidden_changed.connect(self._on_column_hidden)
        self.model.modelReset.connect(self._after_reset)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self._update_status()

    # Building -------------------------------------------------------------------------

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setAccessibleName(self.tr("Attribute table"))
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 6)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(100)  # widths from the first rows, not all of them
        header.setSortIndicatorClearable(True)  # a third click restores the layer's order
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_columns_menu)
        table.setSortingEnabled(True)
        return table

    def _make_actions(self) -> None:
        self.zoom_action = QAction(self.tr("&Zoom to selection"), self)
        self.zoom_action.setShortcut(QKeySequence("Ctrl+J"))
        self.zoom_action.setStatusTip(self.tr("Show the selected features on the map"))
        self.zoom_action.triggered.connect(self.zoom_to_selection)
        self.export_action = QAction(self.tr("&Export to Excel…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setStatusTip(
            self.tr("Write the rows and columns shown, in their order, to an Excel workbook")
        )
        self.export_action.triggered.connect(lambda: self.export_to_excel())
        focus_filter = QAction(self.tr("Filter rows"), self)
        focus_filter.setShortcut(QKeySequence.StandardKey.Find)
        focus_filter.triggered.connect(lambda: self.filter_edit.setFocus())
        for action in (self.zoom_action, self.export_action, focus_filter):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    def _make_layout(self) -> None:
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter rows (Ctrl+F)…"))
        self.filter_edit.setAccessibleName(self.tr("Filter text"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda _: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self.apply_filter)
        self.filter_column = QComboBox(self)
        self.filter_column.setAccessibleName(self.tr("Column to filter"))
        self.filter_column.currentIndexChanged.connect(lambda _: self.apply_filter())
        self.columns_button = QToolButton(self)
        self.columns_button.setText(self.tr("&Columns"))
        self.columns_button.setAccessibleName(self.tr("Choose the columns shown"))
        self.columns_button.setMenu(self.columns_menu)
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        toolbar = QToolBar(self)
        toolbar.addWidget(self.filter_edit)
        toolbar.addWidget(self.filter_column)
        toolbar.addWidget(self.columns_button)
        toolbar.addSeparator()
        toolbar.addAction(self.zoom_action)
        toolbar.addAction(self.export_action)
        self.status_label = QLabel(self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(self.tr("Progress"))
        self.progress_bar.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel_job)
        self.cancel_button.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.progress_bar)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(toolbar)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.setTabOrder(self.filter_edit, self.filter_column)
        self.setTabOrder(self.filter_column, self.columns_button)
        self.setTabOrder(self.columns_button, self.table)

    # The layer ------------------------------------------------------------------------

    def load_layer(self, workspace: Workspace, name: str) -> Job:
        """Read the layer ``name`` of ``workspace`` in the background, then show it."""
        job = Job(lambda progress: workspace.read_layer(name), self)
        job.finished.connect(lambda frame: self.set_layer(name, frame))
        job.finished.connect(lambda _: self.layer_loaded.emit(name))
        self._run(job, busy=True)
        return job

    def set_layer(self, name: str, frame: pd.DataFrame) -> None:
        """Show ``frame`` (the layer ``name``): every row and column, in the layer's order."""
        import numpy as np

        had_selection = len(self._selected) > 0
        self._selected = np.zeros(0, dtype=np.int64)
        self._filter_timer.stop()
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.set_frame(name, frame)
        for column in range(self.model.columnCount()):
            self.table.setColumnHidden(column, False)
        self._fill_column_choices()
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 300))
        if had_selection:
            self.selection_changed.emit(name, [])
        self._update_status()

    def _fill_column_choices(self) -> None:
        self.filter_column.blockSignals(True)
        self.filter_column.clear()
        self.filter_column.addItem(self.tr("All columns"))
        self.columns_menu.clear()
        for column, name in enumerate(self.model.column_names()):
            self.filter_column.addItem(name)
            action = self.columns_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, c=column: self.set_column_visible(c, on))
        self.filter_column.blockSignals(False)

    # Filter and columns ---------------------------------------------------------------

    def apply_filter(self) -> None:
        """Filter the rows by the filter text, in the chosen column or in every visible one."""
        self._filter_timer.stop()
        choice = self.filter_column.currentIndex()
        self.model.set_filter(self.filter_edit.text(), choice - 1 if choice > 0 else None)
        self._update_status()

    def set_column_visible(self, column: int, visible: bool) -> None:
        """Show or hide ``column``; the last visible column stays."""
        if not visible and self.model.visible_columns() == [column]:
            self.columns_menu.actions()[column].setChecked(True)
            return
        self.model.set_column_hidden(column, not visible)

    def _on_column_hidden(self, column: int, hidden: bool) -> None:
        self.table.setColumnHidden(column, hidden)
        action = self.columns_menu.actions()[column]
        action.blockSignals(True)
        action.setChecked(not hidden)
        action.blockSignals(False)

    def _show_columns_menu(self, pos: QPoint) -> None:
        self.columns_menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    # Selection ------------------------------------------------------------------------

    def selected_features(self) -> list[int]:
        """Return the layer's row positions of the selected rows, ascending."""
        return [int(i) for i in self._selected]

    def select_features(self, indices: Sequence[int] | np.ndarray) -> None:
        """Select the rows of the layer's row positions ``indices`` (those not filtered out)."""
        import numpy as np

        rows = self.model.view_rows(indices)
        rows = np.unique(rows[rows >= 0])
        selection = QItemSelection()
        if len(rows):
            last = self.model.columnCount() - 1
            breaks = np.flatnonzero(np.diff(rows) != 1)
            starts = np.r_[rows[0], rows[breaks + 1]].tolist()
            ends = np.r_[rows[breaks], rows[-1]].tolist()
            for start, end in zip(starts, ends, strict=True):
                selection.select(self.model.index(start, 0), self.model.index(end, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.table.selectionModel().select(selection, flags)
        self._on_selection()

    def zoom_to_selection(self) -> None:
        """Emit ``zoom_requested`` with the bounds of the selected features, if they have any."""
        bounds = self.model.bounds(self._selected)
        if bounds is not None:
            self.zoom_requested.emit(bounds)

    def _on_selection(self, *_: Any) -> None:
        import numpy as np

        ranges = self.table.selectionModel().selection()
        parts = [np.arange(r.top(), r.bottom() + 1) for r in ranges]  # type: ignore[attr-defined]
        rows = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
        positions = np.sort(self.model.layer_rows(rows.tolist()))
        changed = not np.array_equal(positions, self._selected)
        self._selected = positions
        self._update_status()
        if changed:
            self.selection_changed.emit(self.model.layer_name(), self.selected_features())

    def _after_reset(self) -> None:
        """Sorting and filtering reset the model: select the same features again."""
        if len(self._selected):
            self.select_features(self._selected)

    # Export ---------------------------------------------------------------------------

    def export_to_excel(self, path: str | Path | None = None) -> Job | None:
        """Write the view (visible columns, filtered, sorted rows) to an .xlsx in the background.

        Without ``path``, ask for one; returns the job, or None if nothing is written.
        """
        from desktop.attribute_export import write_view

        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export to Excel"),
                f"{self.model.layer_name() or 'table'}.xlsx",
                self.tr("Excel workbooks (*.xlsx)"),
            )
            if not path:
                return None
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        frame = self.model.view_frame()
        sheet, title = self.model.layer_name() or "table", self._title()
        job = Job(lambda progress: write_view(frame, target, sheet, title, progress), self)
        job.finished.connect(lambda rows: self._exported(target, rows))
        job.failed.connect(self._export_failed)
        self._run(job)
        return job

    def _title(self) -> str:
        text, column = self.model.filter_text()
        title = self.tr("{layer}: {shown} of {total} rows").format(
            layer=self.model.layer_name(),
            shown=f"{self.model.rowCount():,}",
            total=f"{self.model.total_rows():,}",
        )
        if text.strip():
            where = self.model.column_names()[column] if column is not None else ""
            title += (
                self.tr(", filtered by “{text}” {where}")
                .format(text=text.strip(), where=where)
                .rstrip()
            )
        return title

    def _exported(self, path: Path, rows: int) -> None:
        self.status_label.setText(
            self.tr("Exported %n row(s) to {path}", "", rows).format(path=path)
        )
        self.exported.emit(str(path))

    def _export_failed(self, message: str) -> None:
        QMessageBox.critical(self, self.tr("Cannot export to Excel"), message)

    # Jobs -----------------------------------------------------------------------------

    def cancel_job(self) -> None:
        """Stop the running load or export, if any."""
        if self.job is not None:
            self.job.cancel()

    def _run(self, job: Job, busy: bool = False) -> None:
        if self.job is not None:
            self.job.cancel()
        self.job = job
        self.progress_bar.setRange(0, 0 if busy else 100)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.cancel_button.show()
        job.progress.connect(self._on_progress)
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(lambda *_, j=job: self._job_done(j))
        job.start()

    def _on_progress(self, fraction: float, message: str) -> None:
        if self.progress_bar.maximum():
            self.progress_bar.setValue(round(100 * fraction))

    def _job_done(self, job: Job) -> None:
        if job is self.job:
            self.job = None
            self.progress_bar.hide()
            self.cancel_button.hide()

    def _update_status(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_rows()
        self.status_label.setText(
            self.tr("{shown} of {total} rows, {selected} selected").format(
                shown=f"{shown:,}", total=f"{total:,}", selected=f"{len(self._selected):,}"
            )
        )
        self.zoom_action.setEnabled(len(self._selected) > 0)
        self.export_action.setEnabled(self.model.columnCount() > 0)


class AttributeDock(QDockWidget):
    """A dock holding an :class:`AttributeTableWidget` (``dock.table_widget``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Attribute table"))
        self.setObjectName("attribute_table_dock")
        self.table_widget = AttributeTableWidget(self)
        self.setWidget(self.table_widget)

    def show_layer(self, workspace: Workspace, name: str) -> Job:
        """Load the layer ``name`` of ``workspace`` into the table and show the dock."""
        self.setWindowTitle(self.tr("Attribute table — {layer}").format(layer=name))
        self.show()
        return self.table_widget.load_layer(workspace, name)
