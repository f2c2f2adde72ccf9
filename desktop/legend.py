"""The legend of one map layer: its category swatches, its colour, or its heatmap's ramp.

A categorised vector layer (streets by class, reports by category) gets one
row per category it holds, in its style's order, and an "Other" row for
values its style does not list; any other vector layer one swatch under its
title; a heatmap its colour ramp from the lowest to the highest value, then
its unit. Labels are in the app's language (:func:`desktop.i18n.current_language`).
"""

from __future__ import annotations

from collections.abc import Set

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QLinearGradient, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from analysis.export.styles import CATEGORY_LABELS, ISSUE_LABELS, ROAD_CLASS_STYLE
from desktop.i18n import current_language
from desktop.map.layers import GeometryKind, VectorLayer
from desktop.map.raster import RasterLayer
from desktop.map.render import Layer

COLOUR_ROLE = Qt.ItemDataRole.UserRole
"""Role of a row's colour (``#rrggbb``), or of a ramp row its lowest and highest colours."""
SWATCH = QSize(40, 16)
_POLISH = {en: pl for pl, en in (*CATEGORY_LABELS.values(), *ISSUE_LABELS.values())} | {
    en: pl for _, _, pl, en in ROAD_CLASS_STYLE.values()
}
"""Polish of the English category labels the canvas styles hold."""


def category_label(label: str, language: str) -> str:
    """A category's label (English, as the styles hold it) in ``language``."""
    return _POLISH.get(label, label) if language == "pl" else label


class LegendList(QListWidget):
    """The current layer's legend rows, each a swatch and its label; object name ``legend``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setAccessibleName(self.tr("Legend"))
        self.setIconSize(SWATCH)
        # Arrow keys still move the current row (read out by screen readers), but no row
        # is highlighted: a selection colour would tint the swatches.
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def show_layer(self, layer: Layer | None) -> None:
        """Show ``layer``'s legend; none for no layer."""
        self.clear()
        if isinstance(layer, VectorLayer):
            self._vector(layer)
        elif isinstance(layer, RasterLayer):
            self._raster(layer)
        title = layer.title if layer is not None else ""
        self.setAccessibleDescription(self.tr("Legend of {layer}").format(layer=title))
        if self.count():
            self.setCurrentRow(0)

    def labels(self) -> list[str]:
        """The rows' texts, top first."""
        return [self.item(i).text() for i in range(self.count())]

    def _row(self, text: str, icon: QPixmap | None, colour: str | None, tip: str = "") -> None:
        item = QListWidgetItem(text, self)
        if icon is not None:
            item.setIcon(QIcon(icon))
        item.setData(COLOUR_ROLE, colour)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
        if colour:
            item.setData(
                Qt.ItemDataRole.AccessibleDescriptionRole,
                self.tr("colour {colour}").format(colour=colour),
            )
        item.setToolTip(tip or text)

    def _vector(self, layer: VectorLayer) -> None:
        style, language, kinds = layer.style, current_language(), layer.kinds()
        present = {g.key for g in layer.groups}
        if style.category_field is not None:
            for key, category in style.categories.items():
                if key in present:
                    width = style.width_px if category.width_px is None else category.width_px
                    fill = None if style.fill is None else category.colour
                    self._row(
                        category_label(category.label or key, language),
                        swatch(category.colour, kinds, width, fill),
                        category.colour,
                        f"{style.category_field} = {key}",
                    )
            if self.count() and present - style.categories.keys():
                icon = swatch(style.colour, kinds, style.width_px, style.fill)
                self._row(self.tr("Other"), icon, style.colour)
        if not self.count():
            icon = swatch(style.colour, kinds, style.width_px, style.fill)
            self._row(layer.title, icon, style.colour)

    def _raster(self, layer: RasterLayer) -> None:
        language = current_language()
        stops = layer.legend(2)
        low, high = (layer.value_label(value, language) for value, _ in stops)
        ends = ",".join(QColor(*rgb).name() for _, rgb in stops)
        self._row(
            f"{low} – {high}",
            ramp(layer),
            ends,
            self.tr("From the lowest to the highest value shown"),
        )
        unit = layer.unit_label(language)
        if unit:
            self._row(unit, None, None)


def swatch(colour: str, kinds: Set[GeometryKind], width: float, fill: str | None) -> QPixmap:
    """A :data:`SWATCH`-sized sample: a box for polygons (``fill`` inside), a line, or a dot."""
    pixmap = QPixmap(SWATCH)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    w, h = SWATCH.width(), SWATCH.height()
    if "polygon" in kinds:
        painter.setPen(QPen(QColor(colour), 2))
        painter.setBrush(QColor(fill) if fill else Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(2, 2, w - 4, h - 4))
    elif "line" in kinds:
        pen = QPen(QColor(colour), min(max(width, 2.0), h - 4.0))
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(2, h / 2), QPointF(w - 2, h / 2))
    else:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(colour), 2) if fill else Qt.PenStyle.NoPen)
        painter.setBrush(QColor(fill or colour))
        painter.drawEllipse(QPointF(w / 2, h / 2), h / 2 - 2, h / 2 - 2)
    painter.end()
    return pixmap


def ramp(layer: RasterLayer) -> QPixmap:
    """A :data:`SWATCH`-sized strip of ``layer``'s colour ramp, lowest value on the left."""
    pixmap = QPixmap(SWATCH)
    pixmap.fill(Qt.GlobalColor.transparent)
    gradient = QLinearGradient(0, 0, SWATCH.width(), 0)
    stops = layer.legend(8)
    for i, (_, rgb) in enumerate(stops):
        gradient.setColorAt(i / (len(stops) - 1), QColor(*rgb))
    painter = QPainter(pixmap)
    painter.fillRect(QRectF(0, 2, SWATCH.width(), SWATCH.height() - 4), gradient)
    painter.end()
    return pixmap
