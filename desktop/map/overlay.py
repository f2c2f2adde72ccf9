"""What the canvas draws over the map in the GUI thread: scale bar, heatmap legend, zoom box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QLinearGradient, QPainter, QPen

from desktop.i18n import current_language

if TYPE_CHECKING:
    from desktop.map.canvas import ScaleBar
    from desktop.map.raster import RasterLayer

MARGIN = 12.0
PANEL = QColor(255, 255, 255, 215)


def _font(painter: QPainter, size: float = 8.5) -> QFontMetricsF:
    font = QFont(painter.font())
    font.setPointSizeF(size)
    painter.setFont(font)
    return QFontMetricsF(font)


def draw_scale_bar(painter: QPainter, bar: ScaleBar, height: int) -> None:
    """A two-segment black and white bar at the bottom left, its length labelled."""
    metrics = _font(painter)
    x, y = MARGIN + 6, height - MARGIN - 10
    text_w = metrics.horizontalAdvance(bar.label)
    panel = QRectF(MARGIN, y - metrics.height() - 6, bar.length_px + text_w + 22, 26 + 6)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(PANEL))
    painter.drawRoundedRect(panel, 3, 3)
    half = bar.length_px / 2
    painter.setPen(QPen(QColor("black"), 1))
    painter.setBrush(QBrush(QColor("black")))
    painter.drawRect(QRectF(x, y, half, 5))
    painter.setBrush(QBrush(QColor("white")))
    painter.drawRect(QRectF(x + half, y, half, 5))
    painter.drawText(QPointF(x + bar.length_px + 6, y + 6), bar.label)
    painter.drawText(QPointF(x - 3, y - 3), "0")


def draw_legend(painter: QPainter, layer: RasterLayer, width: int, height: int) -> None:
    """The heatmap's colour ramp with its lowest, middle and highest values and unit."""
    metrics = _font(painter)
    stops = layer.legend(3)
    bar_w, bar_h = 160.0, 10.0
    language = current_language()
    unit = layer.unit_label(language)
    title_w = max(metrics.horizontalAdvance(layer.title), metrics.horizontalAdvance(unit))
    panel_w = max(bar_w, title_w) + 16
    panel = QRectF(width - MARGIN - panel_w, height - MARGIN - 70, panel_w, 70)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(PANEL))
    painter.drawRoundedRect(panel, 3, 3)
    x, y = panel.left() + 8, panel.top() + 6
    painter.setPen(QPen(QColor("#222222")))
    painter.drawText(QPointF(x, y + metrics.ascent()), layer.title)
    y += metrics.height() + 4
    gradient = QLinearGradient(x, 0, x + bar_w, 0)
    for i, (r, g, b) in enumerate(layer.lut[:: max(1, len(layer.lut) // 16)]):
        gradient.setColorAt(min(1.0, i / 15), QColor(int(r), int(g), int(b)))
    painter.setBrush(QBrush(gradient))
    painter.drawRect(QRectF(x, y, bar_w, bar_h))
    y += bar_h + metrics.ascent() + 2
    for i, text in enumerate(layer.value_label(value, language) for value, _ in stops):
        tx = x + bar_w * i / (len(stops) - 1) - metrics.horizontalAdvance(text) * i / 2
        painter.drawText(QPointF(tx, y), text)
    painter.drawText(QPointF(x, y + metrics.height()), unit)


def draw_box(painter: QPainter, box: QRectF) -> None:
    """The zoom box being drawn."""
    painter.setPen(QPen(QColor("#1f5fbf"), 1, Qt.PenStyle.DashLine))
    painter.setBrush(QBrush(QColor(31, 95, 191, 40)))
    painter.drawRect(box)
