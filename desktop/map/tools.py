"""Mouse and keyboard on the map: pan, zoom, box zoom and identify.

Left-drag pans (the last image follows the mouse at once, the new render comes
after); a click without dragging identifies the feature under the cursor;
shift-drag, or a drag with the box-zoom tool, zooms to the box drawn. The
wheel zooms at the cursor; arrows pan by a quarter of the view, ``+``/``-``
zoom, Home shows the full extent, Escape drops a box being drawn.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent

if TYPE_CHECKING:
    from desktop.map.canvas import MapCanvas

CLICK_TOLERANCE_PX = 4
"""A press and release closer than this are a click, not a drag."""
KEY_ZOOM = 2.0
WHEEL_ZOOM_PER_NOTCH = 2**0.5


class MapTool(Enum):
    """What a plain left-drag does."""

    PAN = "pan"
    ZOOM_BOX = "zoom_box"


class Interaction:
    """Turns the canvas's input events into view changes and identify requests."""

    def __init__(self, canvas: MapCanvas) -> None:
        self.canvas = canvas
        self.tool = MapTool.PAN
        self._press: QPointF | None = None
        self._last: QPointF | None = None
        self._boxing = False
        self.box: QRectF | None = None
        """The zoom box being drawn, in pixels (None when none)."""

    def press(self, event: QMouseEvent) -> None:
        """Start a drag, a box or a click."""
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._press = self._last = event.position()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self._boxing = shift or self.tool is MapTool.ZOOM_BOX

    def move(self, event: QMouseEvent) -> None:
        """Pan with the drag, or grow the box."""
        pos = event.position()
        x, y = self.canvas.view.to_map(pos.x(), pos.y())
        self.canvas.coordinates_changed.emit(x, y)
        if self._press is None or self._last is None:
            return
        if self._boxing:
            self.box = QRectF(self._press, pos).normalized()
            self.canvas.update()
            return
        delta = pos - self._last
        self._last = pos
        self.canvas.preview_pan(delta.x(), delta.y())

    def release(self, event: QMouseEvent) -> None:
        """Finish the drag (render now), zoom to the box, or identify at a click."""
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        pos, press, last = event.position(), self._press, self._last
        self._press = self._last = None
        moved = (pos - press).manhattanLength() > CLICK_TOLERANCE_PX
        box, self.box = self.box, None
        if self._boxing:
            self._boxing = False
            if moved and box is not None:
                view = self.canvas.view
                x0, y0 = view.to_map(box.left(), box.bottom())
                x1, y1 = view.to_map(box.right(), box.top())
                self.canvas.zoom_to((x0, y0, x1, y1))
            self.canvas.update()
        elif moved:
            if last is not None and last != pos:  # the release ends the drag where it is
                self.canvas.preview_pan((pos - last).x(), (pos - last).y())
            self.canvas.refresh()
        else:
            self.canvas.identify_at(pos.x(), pos.y())

    def wheel(self, event: QWheelEvent) -> None:
        """Zoom at the cursor, a square root of 2 per notch."""
        notches = event.angleDelta().y() / 120
        if notches:
            pos = event.position()
            self.canvas.zoom_by(WHEEL_ZOOM_PER_NOTCH**notches, pos.x(), pos.y())

    def key(self, event: QKeyEvent) -> bool:
        """Handle a navigation key; False for keys the canvas does not use."""
        key = event.key()
        view = self.canvas.view
        steps: dict[Any, tuple[float, float]] = {
            Qt.Key.Key_Left: (view.width / 4, 0),
            Qt.Key.Key_Right: (-view.width / 4, 0),
            Qt.Key.Key_Up: (0, view.height / 4),
            Qt.Key.Key_Down: (0, -view.height / 4),
        }
        if key in steps:
            self.canvas.pan_by(*steps[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.canvas.zoom_by(KEY_ZOOM)
        elif key == Qt.Key.Key_Minus:
            self.canvas.zoom_by(1 / KEY_ZOOM)
        elif key == Qt.Key.Key_Home:
            self.canvas.zoom_full()
        elif key == Qt.Key.Key_Escape and self.box is not None:
            self.box, self._press, self._boxing = None, None, False
            self.canvas.update()
        else:
            return False
        return True
