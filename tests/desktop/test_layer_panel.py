"""The layers dock: visibility, order, opacity and colour change what the canvas draws."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog

from desktop.layer_panel import LayerPanel
from desktop.map import LayerStyle, MapCanvas, VectorLayer
from desktop.map.render import BACKGROUND

X0, Y0 = 530_000.0, 390_000.0


def _layer(name: str, colour: str, width: float) -> VectorLayer:
    import shapely

    line = shapely.LineString([(X0 - 400, Y0), (X0 + 400, Y0)])
    return VectorLayer(name, [line], style=LayerStyle(colour=colour, width_px=width),
                       title=name.title())  # fmt: skip


@pytest.fixture
def panel(qtbot: Any) -> LayerPanel:
    canvas = MapCanvas()
    canvas.resize(300, 200)
    dock = LayerPanel(canvas)
    qtbot.addWidget(canvas)
    qtbot.addWidget(dock)
    canvas.show()
    dock.show()
    with qtbot.waitSignal(canvas.render_finished, timeout=5000):
        canvas.set_layers([_layer("wide", "#0000ff", 9), _layer("thin", "#ff0000", 3)])
    return dock


def _centre(panel: LayerPanel) -> str:
    px, py = panel.canvas.view.to_screen(X0, Y0)
    return QColor(panel.canvas.image().pixel(int(px), int(py))).name()


def _edge(panel: LayerPanel) -> str:
    """A pixel the wide line covers and the thin one does not."""
    px, py = panel.canvas.view.to_screen(X0, Y0)
    return QColor(panel.canvas.image().pixel(int(px), int(py) + 3)).name()


def test_lists_layers_top_first_with_their_visibility(panel: LayerPanel) -> None:
    assert panel.names() == ["thin", "wide"]
    assert [panel.list.item(i).text() for i in range(2)] == ["Thin", "Wide"]
    assert panel.list.item(0).checkState() == Qt.CheckState.Checked
    assert _centre(panel) == "#ff0000"


def test_unchecking_a_layer_hides_it(qtbot: Any, panel: LayerPanel) -> None:
    with qtbot.waitSignal(panel.canvas.render_finished):
        panel.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert panel.canvas.layer("thin").visible is False
    assert _centre(panel) == "#0000ff"
    panel.list.setCurrentRow(1)
    with qtbot.waitSignal(panel.canvas.render_finished):
        panel.list.setFocus()
        qtbot.keyClick(panel.list.viewport(), Qt.Key.Key_Space)  # toggles the current row
    assert panel.canvas.layer("wide").visible is False
    assert _centre(panel) == BACKGROUND


def test_down_button_and_ctrl_up_reorder_the_map(qtbot: Any, panel: LayerPanel) -> None:
    panel.select_layer("thin")
    with qtbot.waitSignal(panel.canvas.render_finished):
        qtbot.mouseClick(panel.down_button, Qt.MouseButton.LeftButton)
    assert panel.names() == ["wide", "thin"]
    assert [la.name for la in panel.canvas.layers()] == ["thin", "wide"]
    assert panel.current_name() == "thin"
    assert _centre(panel) == "#0000ff"  # the wide blue line now covers the red one
    panel.list.setFocus()
    with qtbot.waitSignal(panel.canvas.render_finished):
        qtbot.keyClick(panel.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert panel.names() == ["thin", "wide"]
    assert _centre(panel) == "#ff0000"


def test_opacity_slider_fades_the_layer(qtbot: Any, panel: LayerPanel) -> None:
    panel.select_layer("wide")
    with qtbot.waitSignal(panel.canvas.render_finished):
        panel.opacity_slider.setValue(50)
    assert panel.canvas.layer("wide").opacity == pytest.approx(0.5)
    faded = QColor(_edge(panel))
    assert faded.blue() > faded.red() > 100  # blue over the light background, half through


def test_colour_dialog_and_width_restyle_the_layer(
    qtbot: Any, panel: LayerPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#00ff00"))
    panel.select_layer("thin")
    with qtbot.waitSignal(panel.canvas.render_finished):
        qtbot.mouseClick(panel.colour_button, Qt.MouseButton.LeftButton)
    assert panel.canvas.layer("thin").style.colour == "#00ff00"
    assert _centre(panel) == "#00ff00"
    assert _edge(panel) == "#0000ff"
    with qtbot.waitSignal(panel.canvas.render_finished):
        panel.width_spin.setValue(12)
    assert _edge(panel) == "#00ff00"


def test_zoom_button_shows_the_layer(qtbot: Any, panel: LayerPanel) -> None:
    panel.canvas.zoom_to((0, 0, 10, 10))
    panel.select_layer("wide")
    qtbot.mouseClick(panel.zoom_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    xmin, _, xmax, _ = panel.canvas.extent()
    assert xmin <= X0 - 400 and xmax >= X0 + 400
