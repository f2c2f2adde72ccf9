"""A Qt table model over a workspace's catalogue entries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from analysis.export.titles import layer_title
from analysis.workspace import CatalogueEntry, DatasetKind
from analysis.workspace.catalogue import quality_summary
from desktop.i18n import current_language
from desktop.text_order import polish_key

_Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole
"""Role giving a value that sorts right: numbers as numbers, times as timestamps."""
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
"""Role giving the row's :class:`~analysis.workspace.CatalogueEntry` itself."""


class Column(IntEnum):
    """The model's columns, in display order."""

    NAME = 0
    KIND = 1
    CRS = 2
    FEATURES = 3
    IMPORTED_AT = 4
    LICENCE = 5
    SOURCE_DATE = 6
    QUALITY = 7


class CatalogueModel(QAbstractTableModel):
    """Read-only table of catalogue entries, one row per dataset.

    Besides the display, tooltip and alignment roles it answers
    :data:`SORT_ROLE`, for a ``QSortFilterProxyModel``, and :data:`ENTRY_ROLE`.
    """

    def __init__(
        self, entries: Iterable[CatalogueEntry] = (), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._entries: list[CatalogueEntry] = list(entries)

    def set_entries(self, entries: Iterable[CatalogueEntry]) -> None:
        """Replace every row with ``entries``."""
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> Sequence[CatalogueEntry]:
        """Return the entries in model row order."""
        return tuple(self._entries)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of entries (a table has no child rows)."""
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of :class:`Column` members."""
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Return the column titles and their tooltips."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header(Column(section))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tooltip(Column(section))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the cell's value for ``role``."""
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == SORT_ROLE:
            return self._sort_key(entry, column)
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.FEATURES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _header(self, column: Column) -> str:
        return {
            Column.NAME: self.tr("Dataset"),
            Column.KIND: self.tr("Kind"),
            Column.CRS: self.tr("CRS"),
            Column.FEATURES: self.tr("Features"),
            Column.IMPORTED_AT: self.tr("Imported"),
            Column.LICENCE: self.tr("Licence"),
            Column.SOURCE_DATE: self.tr("Source date"),
            Column.QUALITY: self.tr("Quality flags"),
        }[column]

    def _header_tooltip(self, column: Column) -> str | None:
        return {
            Column.NAME: self.tr("The dataset's title, or its layer name if it has none"),
            Column.FEATURES: self.tr("Number of features; empty for rasters"),
            Column.IMPORTED_AT: self.tr("When the dataset was imported (local time)"),
            Column.SOURCE_DATE: self.tr("Date of the source data, as given on import"),
            Column.QUALITY: self.tr("Problems the importer found in the source data"),
        }.get(column)

    def _kind_label(self, kind: DatasetKind) -> str:
        return {
            DatasetKind.TRACKS: self.tr("GPS tracks"),
            DatasetKind.REPORTS: self.tr("Citizen reports"),
            DatasetKind.DATASET: self.tr("Dataset"),
            DatasetKind.RASTER: self.tr("Raster"),
            DatasetKind.ANALYSIS: self.tr("Analysis result"),
        }.get(kind, str(kind))

    def _display(self, entry: CatalogueEntry, column: Column) -> str:
        match column:
            case Column.NAME:
                return layer_title(entry, current_language())
            case Column.KIND:
                return self._kind_label(entry.kind)
            case Column.CRS:
                return entry.crs
            case Column.FEATURES:
                return "" if entry.feature_count is None else str(entry.feature_count)
            case Column.IMPORTED_AT:
                return entry.imported_at.astimezone().strftime("%Y-%m-%d %H:%M")
            case Column.LICENCE:
                return entry.licence or ""
            case Column.SOURCE_DATE:
                return entry.source_date.isoformat() if entry.source_date else ""
            case Column.QUALITY:
                return quality_summary(entry.quality)

    def _tooltip(self, entry: CatalogueEntry, column: Column) -> str | None:
        match column:
            case Column.NAME if entry.raster_path:
                return self.tr("GeoTIFF: {path}").format(path=entry.raster_path)
            case Column.NAME:
                return self.tr("Layer: {name}").format(name=entry.name)
            case Column.KIND:
                return entry.kind.value
            case Column.IMPORTED_AT:
                return entry.imported_at.isoformat(timespec="seconds")
            case Column.QUALITY if entry.quality:
                return "\n".join(f"{key}: {value}" for key, value in entry.quality.items())
            case Column.QUALITY:
                return self.tr("No quality flags")
            case _:
                return None

    def _sort_key(self, entry: CatalogueEntry, column: Column) -> int | float | str:
        match column:
            case Column.FEATURES:
                return -1 if entry.feature_count is None else entry.feature_count
            case Column.IMPORTED_AT:
                return entry.imported_at.timestamp()
            case _:
                return polish_key(self._display(entry, column))
