"""High-contrast large-font mode, and back to normal."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desktop.appearance import LARGE_FONT_SCALE, set_high_contrast


def luminance(color) -> float:
    return 0.2126 * color.redF() + 0.7152 * color.greenF() + 0.0722 * color.blueF()


def test_high_contrast_is_white_on_black_with_large_fonts_and_reverts(qapp: QApplication) -> None:
    normal_font = qapp.font().pointSizeF()
    normal_window = qapp.palette().color(QPalette.ColorRole.Window)
    set_high_contrast(qapp, True)
    try:
        p = qapp.palette()
        text = luminance(p.color(QPalette.ColorRole.Text))
        base = luminance(p.color(QPalette.ColorRole.Base))
        assert (text + 0.05) / (base + 0.05) >= 7.0  # WCAG AAA contrast
        assert qapp.font().pointSizeF() == pytest.approx(normal_font * LARGE_FONT_SCALE)
    finally:
        set_high_contrast(qapp, False)
    assert qapp.font().pointSizeF() == pytest.approx(normal_font)
    assert qapp.palette().color(QPalette.ColorRole.Window) == normal_window
