"""A large-font, high-contrast look for workshops with seniors, and back."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

LARGE_FONT_SCALE = 1.5

_normal: tuple[QPalette, QFont] | None = None


def set_high_contrast(app: QApplication, enabled: bool) -> None:
    """Switch ``app`` to white on black with yellow highlights and 1.5x fonts, or back."""
    global _normal
    if _normal is None:
        _normal = (QPalette(app.palette()), QFont(app.font()))
    palette, font = (QPalette(_normal[0]), QFont(_normal[1]))
    if enabled:
        black, white, yellow = QColor("black"), QColor("white"), QColor("#ffd800")
        for role in (
            QPalette.ColorRole.Window,
            QPalette.ColorRole.Base,
            QPalette.ColorRole.AlternateBase,
            QPalette.ColorRole.Button,
            QPalette.ColorRole.ToolTipBase,
        ):
            palette.setColor(role, black)
        for role in (
            QPalette.ColorRole.WindowText,
            QPalette.ColorRole.Text,
            QPalette.ColorRole.ButtonText,
            QPalette.ColorRole.ToolTipText,
            QPalette.ColorRole.BrightText,
        ):
            palette.setColor(role, white)
        palette.setColor(QPalette.ColorRole.Highlight, yellow)
        palette.setColor(QPalette.ColorRole.HighlightedText, black)
        palette.setColor(QPalette.ColorRole.Link, yellow)
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * LARGE_FONT_SCALE)
    app.setPalette(palette)
    app.setFont(font)
