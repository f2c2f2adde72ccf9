"""Assertion helpers shared by the desktop tests."""

from __future__ import annotations

from typing import Any


def column_values(model: Any, column: int, role: Any = None) -> list[Any]:
    """Return one column of ``model`` top to bottom, for ``role`` (display by default)."""
    from PySide6.QtCore import Qt

    role = Qt.ItemDataRole.DisplayRole if role is None else role
    return [model.index(row, column).data(role) for row in range(model.rowCount())]
