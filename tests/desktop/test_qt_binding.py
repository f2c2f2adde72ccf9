"""The Qt binding itself: PySide6 6.12.0 loses a reference to None per void call (fatal on 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage, QPainter


def test_void_qt_calls_keep_none_alive(qapp) -> None:
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    before = sys.getrefcount(None)
    for _ in range(2_000):
        painter = QPainter(image)
        painter.setOpacity(0.5)  # returns None: 6.12.0 decrefs it without an incref
        painter.end()
    assert sys.getrefcount(None) - before > -500, "this PySide6 frees None: use another version"
