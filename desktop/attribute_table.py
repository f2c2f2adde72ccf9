"""A Qt table model over a layer's attributes that sorts and filters 100,000 rows at once.

The model holds the layer's frame and one array of row positions: the rows the
view shows, filtered and sorted. Sorting and filtering compute that array with
numpy and pandas over whole columns; cells are formatted only when the view asks
for them. Row positions are the layer's own (0 for its first feature), so a
selection maps straight back to the features on the map.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from analysis.export.xlsx_writer import ColumnKind, column_kind
from desktop.text_order import POLISH_ORDER

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

_Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole
"""Role giving a cell's real value: numbers as numbers, times as POSIX timestamps."""
TIMEZONE = "Europe/Warsaw"
"""Time zone times are shown in (the Excel export's too)."""
TOOLTIP_CHARS = 60
"""Text longer than this (or on several lines) gets a tooltip with all of it."""
_NUMBERS = (ColumnKind.INT, ColumnKind.FLOAT)


class AttributeTableModel(QAbstractTableModel):
    """Read-only table of one layer's attributes (the geometry column is left out).

    Views sort it through :meth:`sort` (header clicks) and filter it with
    :meth:`set_filter`; hidden columns (:meth:`set_column_hidden`) take no part
    in the filter or the export.
    """

    column_hidden_changed = Signal(int, bool)
    """A column was hidden (True) or shown again (False)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        import numpy as np

        self._layer = ""
        self._frame: pd.DataFrame | None = None
        self._names: list[str] = []
        self._kinds: list[ColumnKind] = []
        self._shown: list[pd.Series] = []
        self._hidden: set[int] = set()
        self._sorted = np.arange(0)
        self._order = np.arange(0)
        self._mask: np.ndarray | None = None
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._filter: tuple[str, int | None] = ("", None)
        self._codes: dict[int, np.ndarray] = {}
        self._search: dict[int, tuple[np.ndarray, pd.Series]] = {}

    # The layer ------------------------------------------------------------------------

    def set_frame(self, layer: str, frame: pd.DataFrame) -> None:
        """Show ``frame`` (a GeoDataFrame or a plain frame) as the layer ``layer``.

        Sorting, the filter and hidden columns are reset.
        """
        import numpy as np

        self.beginResetModel()
        geometry = getattr(frame, "_geometry_column_name", None)
        self._layer = layer
        self._frame = frame
        self._names = [str(c) for c in frame.columns if c != geometry]
        self._kinds = [column_kind(frame[c]) for c in self._names]
        self._shown = [
            _shown_values(frame[c], k) for c, k in zip(self._names, self._kinds, strict=True)
        ]
        self._hidden = set()
        self._sorted = np.arange(len(frame))
        self._order = self._sorted
        self._mask = None
        self._sort = (-1, Qt.SortOrder.AscendingOrder)
        self._filter = ("", None)
        self._codes, self._search = {}, {}
        self.endResetModel()

    def layer_name(self) -> str:
        """Return the name of the layer shown ("" before :meth:`set_frame`)."""
        return self._layer

    def column_names(self) -> list[str]:
        """Return the attribute columns, in model order."""
        return list(self._names)

    def total_rows(self) -> int:
        """Return the layer's feature count, filtered or not."""
        return 0 if self._frame is None else len(self._frame)

    # Qt's table interface -------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of rows the filter lets through."""
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of attribute columns, hidden ones included."""
        return 0 if parent.isValid() else len(self._names)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the column names, and row numbers of the layer (from 1) down the side."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._names[section] if 0 <= section < len(self._names) else None
        return int(self._order[section]) + 1 if 0 <= section < len(self._order) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the cell's text, tooltip, alignment or (:data:`SORT_ROLE`) real value."""
        if not index.isValid() or not 0 <= index.row() < len(self._order):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = self._kinds[column] in _NUMBERS
            horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            return None
        value = self._shown[column].iat[int(self._order[index.row()])]
        if _missing(value):
            return None
        if role == SORT_ROLE:
            return _real(value, self._kinds[column])
        text = self._format(value, self._kinds[column])
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > TOOLTIP_CHARS or "\n" in text else None
        return text.replace("\n", " ⏎ ")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` (-1: the layer's order); empty cells go last either way."""
        import numpy as np

        self.beginResetModel()  # every row moves: persistent indexes cannot follow cheaply
        self._sort = (column, order)
        if 0 <= column < len(self._names):
            codes = self._sort_codes(column)
            last = len(codes) + 1
            ascending = order == Qt.SortOrder.AscendingOrder
            key = np.where(codes < 0, last, codes if ascending else -codes)
            self._sorted = np.argsort(key, kind="stable")
        else:
            self._sorted = np.arange(self.total_rows())
        self._apply_mask()
        self.endResetModel()

    # Filter and columns ---------------------------------------------------------------

    def set_filter(self, text: str, column: int | None = None) -> None:
        """Keep the rows whose shown text contains ``text`` (any case).

        Searches ``column`` only, or every column not hidden when None; an empty
        ``text`` shows every row.
        """
        import numpy as np

        self._filter = (text, column)
        needle = text.strip().casefold()
        mask = None
        if needle:
            columns = [column] if column is not None else self.visible_columns()
            mask = np.zeros(self.total_rows(), dtype=bool)
            for c in columns:
                mask |= self._matches(c, needle)
        self.beginResetModel()
        self._mask = mask
        self._apply_mask()
        self.endResetModel()

    def filter_text(self) -> tuple[str, int | None]:
        """Return the filter: its text and the column it searches (None: all visible)."""
        return self._filter

    def set_column_hidden(self, column: int, hidden: bool) -> None:
        """Hide or show ``column``; a filter over all columns is applied again."""
        if (column in self._hidden) == hidden:
            return
        (self._hidden.add if hidden else self._hidden.discard)(column)
        self.column_hidden_changed.emit(column, hidden)
        text, searched = self._filter
        if text and searched is None:
            self.set_filter(text, None)

    def visible_columns(self) -> list[int]:
        """Return the columns not hidden, in model order."""
        return [c for c in range(len(self._names)) if c not in self._hidden]

    # Rows of the layer ----------------------------------------------------------------

    def layer_rows(self, rows: Iterable[int]) -> np.ndarray:
        """Return the layer's row positions of the view's ``rows``."""
        import numpy as np

        return self._order[np.fromiter(rows, dtype=np.int64)]

    def view_rows(self, positions: Sequence[int] | np.ndarray) -> np.ndarray:
        """Return the view rows of the layer rows ``positions``; -1 where filtered out."""
        import numpy as np

        inverse = np.full(self.total_rows(), -1, dtype=np.int64)
        inverse[self._order] = np.arange(len(self._order))
        return inverse[np.asarray(positions, dtype=np.int64)]

    def bounds(
        self, positions: Sequence[int] | np.ndarray
    ) -> tuple[float, float, float, float] | None:
        """Return (minx, miny, maxx, maxy) of the features at ``positions``, None if none."""
        import numpy as np

        geometry = getattr(self._frame, "geometry", None) if self._frame is not None else None
        if geometry is None or not len(positions):
            return None
        box = geometry.iloc[np.asarray(positions, dtype=np.int64)].total_bounds
        return None if not np.isfinite(box).all() else tuple(float(v) for v in box)  # type: ignore[return-value]

    def view_frame(self) -> pd.DataFrame:
        """Return exactly what the view shows: visible columns, filtered and sorted rows."""
        import pandas as pd

        if self._frame is None:
            return pd.DataFrame()
        names = [self._names[c] for c in self.visible_columns()]
        return pd.DataFrame(self._frame[names].iloc[self._order]).reset_index(drop=True)

    # Helpers --------------------------------------------------------------------------

    def _apply_mask(self) -> None:
        mask = self._mask
        self._order = self._sorted if mask is None else self._sorted[mask[self._sorted]]

    def _sort_codes(self, column: int) -> np.ndarray:
        """Rank of each row's value (-1 when empty), computed once per column.

        Text is ranked by its distinct values, compared without case and with
        Polish letters after their base letters.
        """
        import numpy as np
        import pandas as pd

        if column not in self._codes:
            values = self._shown[column]
            if self._kinds[column] is ColumnKind.TEXT:
                codes, uniques = pd.factorize(values)
                keys = pd.Series(uniques).astype(str).str.casefold().str.translate(POLISH_ORDER)
                ranks, _ = pd.factorize(keys, sort=True)
                codes = np.append(ranks, -1)[codes]
            else:
                codes, _ = pd.factorize(values, sort=True)
            self._codes[column] = codes
        return self._codes[column]

    def _matches(self, column: int, needle: str) -> np.ndarray:
        """Mask of the rows whose shown text in ``column`` contains ``needle`` (casefolded).

        Each distinct value is formatted once (kept per column) and searched once.
        """
        import numpy as np
        import pandas as pd

        if column not in self._search:
            values, kind = self._shown[column], self._kinds[column]
            codes, uniques = pd.factorize(values)
            distinct = pd.Series(uniques)
            if kind in (ColumnKind.DATE, ColumnKind.DATETIME):
                width = 10 if kind is ColumnKind.DATE else 16
                text = distinct.astype(str).str.slice(0, width)
            elif kind is ColumnKind.FLOAT:
                text = distinct.map(_format_float)
            elif kind is ColumnKind.BOOL:
                text = distinct.map({True: self.tr("yes"), False: self.tr("no")})
            else:
                text = distinct.astype(str)
            self._search[column] = (codes, pd.Series(text, dtype="string").str.casefold())
        codes, text = self._search[column]
        hits = text.str.contains(needle, regex=False).to_numpy(dtype=bool, na_value=False)
        found: np.ndarray = np.append(hits, False)[codes]  # code -1 (empty cell) picks False
        return found

    def _format(self, value: Any, kind: ColumnKind) -> str:
        if kind in (ColumnKind.DATE, ColumnKind.DATETIME):
            return str(value.strftime(_time_format(kind)))
        if kind is ColumnKind.FLOAT:
            return _format_float(value)
        if kind is ColumnKind.BOOL:
            return self.tr("yes") if value else self.tr("no")
        return str(value)


def _shown_values(values: pd.Series, kind: ColumnKind) -> pd.Series:
    """The column as shown: times in :data:`TIMEZONE`, without the time zone."""
    import pandas as pd

    if kind in (ColumnKind.DATE, ColumnKind.DATETIME):
        stamps = pd.to_datetime(values)
        if stamps.dt.tz is not None:
            stamps = stamps.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
        return stamps.reset_index(drop=True)
    return values.reset_index(drop=True)


def _time_format(kind: ColumnKind) -> str:
    return "%Y-%m-%d" if kind is ColumnKind.DATE else "%Y-%m-%d %H:%M"


def _format_float(value: float) -> str:
    """Up to six decimals, without trailing zeros: ``12.5``, ``0.123457``, ``3``."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _missing(value: Any) -> bool:
    import pandas as pd

    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _real(value: Any, kind: ColumnKind) -> Any:
    """A cell's value as Qt can carry it: numbers as numbers, times as POSIX timestamps."""
    if kind in (ColumnKind.DATE, ColumnKind.DATETIME):
        return float(value.timestamp())
    if kind is ColumnKind.INT:
        return int(value)
    if kind is ColumnKind.FLOAT:
        return float(value)
    if kind is ColumnKind.BOOL:
        return bool(value)
    return str(value)
