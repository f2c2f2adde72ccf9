"""Which workspace layer plays which part in an analysis: one combo box per slot."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from analysis.errors import InputError
from analysis.export.titles import layer_title
from analysis.planning.inputs import LEFT_OUT, Slot
from analysis.workspace import Workspace
from analysis.workspace import roles as r
from desktop.i18n import current_language

SLOT_LABELS = {
    "usage": QT_TRANSLATE_NOOP("LayerChoice", "Cycling usage"),
    "streets": QT_TRANSLATE_NOOP("LayerChoice", "Streets"),
    "cycleways": QT_TRANSLATE_NOOP("LayerChoice", "Cycleways"),
    "racks": QT_TRANSLATE_NOOP("LayerChoice", "Bike racks"),
    "activities": QT_TRANSLATE_NOOP("LayerChoice", "Activity tracks"),
    "reports": QT_TRANSLATE_NOOP("LayerChoice", "Citizen reports"),
    "schools": QT_TRANSLATE_NOOP("LayerChoice", "Schools"),
    "bus_stops": QT_TRANSLATE_NOOP("LayerChoice", "Public transport stops"),
    "shops": QT_TRANSLATE_NOOP("LayerChoice", "Shops and markets"),
    "parks": QT_TRANSLATE_NOOP("LayerChoice", "Parks"),
    "districts": QT_TRANSLATE_NOOP("LayerChoice", "Districts"),
}
"""The label of each slot key, marked for translation; :meth:`LayerChoice.label` translates."""


class LayerChoice(QWidget):
    """One combo box per slot: the candidate layers by title and name, the guess chosen.

    An optional slot also offers to leave the layer out (the gap analysis'
    usage: to count it now from the tracks). A required slot with no
    candidate shows a disabled box, and :meth:`layers` refuses.

    Parameters
    ----------
    slots
        The analysis' slots, from :mod:`analysis.planning.inputs`.
    workspace
        The workspace whose layers are listed.
    """

    changed = Signal()
    """A choice changed."""

    def __init__(
        self, slots: Sequence[Slot], workspace: Workspace, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.slots = tuple(slots)
        self._combos: dict[str, QComboBox] = {}
        self._missing: list[Slot] = []
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for slot in self.slots:
            combo = self._combo(slot, workspace)
            combo.currentIndexChanged.connect(self.changed)
            self._combos[slot.key] = combo
            layout.addRow(self.label(slot) + ":", combo)
        by_key = {slot.key: slot for slot in self.slots}
        for slot in self.slots:
            if slot.unless is not None:
                other = by_key[slot.unless]
                self._combos[other.key].currentIndexChanged.connect(
                    lambda _, s=slot, o=other: self._follow(s, o)
                )
                self._follow(slot, other)

    def label(self, slot: Slot) -> str:
        """The slot's label in the user's language; a slot the app does not know: its role's."""
        if slot.key not in SLOT_LABELS:
            return slot.role.label.capitalize()
        return QCoreApplication.translate("LayerChoice", str(SLOT_LABELS[slot.key]))

    def combo(self, key: str) -> QComboBox:
        """The combo box of the slot ``key``."""
        return self._combos[key]

    def problem(self) -> str:
        """What keeps the analysis from running: required slots no layer can fill; or ""."""
        if not self._missing:
            return ""
        return self.tr("The workspace has no layer for: {slots}. Import one first.").format(
            slots=", ".join(self.label(s) for s in self._missing)
        )

    def layers(self) -> dict[str, str]:
        """The chosen layer names by slot key (:data:`LEFT_OUT` for a slot left out).

        Raises
        ------
        InputError
            If a required slot has no layer to choose.
        """
        if problem := self.problem():
            raise InputError(problem)
        return {key: combo.currentData() for key, combo in self._combos.items()}

    def _combo(self, slot: Slot, workspace: Workspace) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(f"layer_{slot.key}")
        language = current_language()
        candidates = r.candidate_layers(workspace, slot.role)
        for entry in candidates:
            title = layer_title(entry, language)
            combo.addItem(
                entry.name if title == entry.name else f"{title} ({entry.name})", entry.name
            )
        looks = candidates and r.looks_like(candidates[0], slot.role)
        guess = candidates[0].name if looks else None  # find_layer's guess, without reading again
        if not slot.required:
            combo.addItem(self._left_out_text(slot), LEFT_OUT)
            combo.setCurrentIndex(combo.count() - 1 if guess is None else combo.findData(guess))
        elif combo.count() == 0:
            combo.addItem(self.tr("(no suitable layer)"), LEFT_OUT)
            combo.setEnabled(False)
            self._missing.append(slot)
        else:  # the guess, or else the first candidate
            combo.setCurrentIndex(max(combo.findData(guess), 0))
        return combo

    def _follow(self, slot: Slot, other: Slot) -> None:
        """Enable ``slot``'s box only while ``other`` (its ``unless``) is left out."""
        used = self._combos[other.key].currentData() == LEFT_OUT
        combo = self._combos[slot.key]
        combo.setEnabled(used and slot not in self._missing)
        combo.setToolTip(
            ""
            if used
            else self.tr("Not used while a layer of {other} is chosen").format(
                other=self.label(other).lower()
            )
        )

    def _left_out_text(self, slot: Slot) -> str:
        if slot.key == "usage":
            return self.tr("(count now from the tracks)")
        return self.tr("(none)")
