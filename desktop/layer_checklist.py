"""A list of names to tick: the layers a map draws, the sections a report holds."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

NAME_ROLE = Qt.ItemDataRole.UserRole
"""Role of an item's name (the text shown may be a title)."""


class Checklist(QListWidget):
    """Checkable items, each a name shown with its title; Space ticks the current one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)

    def add(self, name: str, text: str | None = None, tooltip: str | None = None) -> None:
        """Add ``name`` (shown as ``text``), unticked."""
        item = QListWidgetItem(text or name, self)
        item.setData(NAME_ROLE, name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setToolTip(tooltip or name)

    def names(self) -> list[str]:
        """Every name, in list order."""
        return [self.item(i).data(NAME_ROLE) for i in range(self.count())]

    def checked(self) -> tuple[str, ...]:
        """The ticked names, in list order."""
        return tuple(
            self.item(i).data(NAME_ROLE)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, names: Iterable[str]) -> None:
        """Tick exactly ``names``."""
        wanted = set(names)
        for i in range(self.count()):
            item = self.item(i)
            state = (
                Qt.CheckState.Checked
                if item.data(NAME_ROLE) in wanted
                else (Qt.CheckState.Unchecked)
            )
            item.setCheckState(state)
