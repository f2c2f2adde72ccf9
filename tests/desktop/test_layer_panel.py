"""The layers dock: visibility, order, opacity and colour change what the canvas draws."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog

from desktop import i18n
from desktop.layer_panel import LayerPanel
from desktop.legend import COLOUR_ROLE, SWATCH
from desktop.map import LayerStyle, MapCanvas, RasterLayer, VectorLayer
from desktop.map.render import BACKGROUND
from desktop.map.workspace_layers import ISSUES_ROLE, layer_style

if TYPE_CHECKING:
    import geopandas as gpd

X0, Y0 = 530_000.0, 390_000.0


def _layer(name: str, colour: str, width: float) -> VectorLayer:
    import shapely

    line = shapely.LineString([(X0 - 400, Y0), (X0 + 400, Y0)])
    return VectorLayer(
        name, [line], style=LayerStyle(colour=colour, width_px=width), title=name.title()
    )


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


def _legend_panel(qtbot: Any, tmp_path: Path) -> LayerPanel:
    """Streets by class, reports by category, a plain line and a heatmap, styled as by default."""
    import geopandas as gpd
    import shapely

    from analysis.io.geotiff import write_geotiff
    from analysis.kernels.grid import Grid

    lines = [shapely.LineString([(X0, Y0 + i), (X0 + 100, Y0 + i)]) for i in range(3)]
    streets = gpd.GeoDataFrame(
        {"klasa": ["residential", "primary", "footway"]}, geometry=lines, crs="EPSG:2180"
    )
    points = shapely.points([(X0, Y0), (X0 + 5, Y0), (X0 + 9, Y0)])
    reports = gpd.GeoDataFrame(
        {"category": ["pothole", "litter", "pothole"]}, geometry=points, crs="EPSG:2180"
    )
    grid = Grid(X0, Y0 + 20, 10.0, 2, 2)
    values = np.array([[2.0, 40.0], [np.nan, 8.0]])
    tif = write_geotiff(
        tmp_path / "heat.tif", values, grid, "EPSG:2180", unit="activities per 10 m cell"
    )
    canvas = MapCanvas()
    dock = LayerPanel(canvas)
    qtbot.addWidget(canvas)
    qtbot.addWidget(dock)
    canvas.set_layers(
        [
            RasterLayer("heatmap_cycling", tif, crs="EPSG:2180", title="Heatmap: cycling"),
            VectorLayer.from_frame(
                "ulice", streets, layer_style("streets", ["klasa"]), title="Ulice"
            ),
            VectorLayer.from_frame("reports", reports, layer_style("reports", ["category"])),
            _layer("rowery", "#1f5fbf", 3),
            VectorLayer.from_frame("gaps_issues", _issues(), layer_style(ISSUES_ROLE, ["type"])),
        ]
    )
    return dock


def _issues() -> gpd.GeoDataFrame:
    """Cycle network checks of three kinds, one of them twice."""
    import geopandas as gpd
    import shapely

    kinds = ["dead_end", "overshoots_junction", "dead_end", "missing_tags"]
    points = shapely.points([(X0 + 10 * i, Y0) for i in range(len(kinds))])
    return gpd.GeoDataFrame({"type": kinds}, geometry=points, crs="EPSG:2180")


def _swatch_colour(panel: LayerPanel, row: int) -> str:
    """The colour at the middle of a legend row's swatch."""
    image = panel.legend.item(row).icon().pixmap(SWATCH).toImage()
    return QColor(image.pixel(SWATCH.width() // 2, SWATCH.height() // 2)).name()


def test_legend_shows_each_category_with_its_label_and_colour(qtbot: Any, tmp_path: Path) -> None:
    panel = _legend_panel(qtbot, tmp_path)
    panel.select_layer("ulice")
    assert panel.legend.labels() == ["Main streets", "Residential streets", "Other"]
    colours = [panel.legend.item(i).data(COLOUR_ROLE) for i in range(3)]
    assert colours == ["#8c8c8c", "#bdbdbd", "#b4b4b4"]
    assert [_swatch_colour(panel, i) for i in range(3)] == colours
    panel.select_layer("reports")  # the current layer changes the legend
    assert panel.legend.labels() == ["Potholes", "Litter"]
    assert [_swatch_colour(panel, i) for i in range(2)] == ["#b2182b", "#8c6d31"]


def test_network_issues_have_a_colour_and_label_per_kind(qtbot: Any, tmp_path: Path) -> None:
    panel = _legend_panel(qtbot, tmp_path)
    layer = panel.canvas.layer("gaps_issues")
    assert isinstance(layer, VectorLayer)
    assert sorted(g.key or "" for g in layer.groups) == [
        "dead_end",
        "missing_tags",
        "overshoots_junction",
    ]
    panel.select_layer("gaps_issues")
    assert panel.legend.labels() == ["Dead ends", "Runs past a junction", "Missing tags"]
    colours = [panel.legend.item(i).data(COLOUR_ROLE) for i in range(3)]
    assert len(set(colours)) == 3
    assert [_swatch_colour(panel, i) for i in range(3)] == colours
    i18n.install("pl")
    panel.legend.show_layer(layer)
    assert panel.legend.labels() == [
        "Ślepe zakończenia",
        "Koniec za skrzyżowaniem",
        "Brak atrybutów",
    ]


def test_legend_of_a_plain_layer_is_one_swatch_and_follows_its_colour(
    qtbot: Any, tmp_path: Path
) -> None:
    panel = _legend_panel(qtbot, tmp_path)
    panel.select_layer("rowery")
    assert panel.legend.labels() == ["Rowery"]
    assert _swatch_colour(panel, 0) == "#1f5fbf"
    panel.select_layer("ulice")
    panel.set_colour(QColor("#00aa00"))  # one colour: the categories give way
    assert panel.legend.labels() == ["Ulice"]
    assert _swatch_colour(panel, 0) == "#00aa00"


def test_legend_of_a_heatmap_is_its_ramp_values_and_unit(qtbot: Any, tmp_path: Path) -> None:
    panel = _legend_panel(qtbot, tmp_path)
    panel.select_layer("heatmap_cycling")
    assert panel.legend.labels() == ["2 – 40", "activities per 10 m cell"]
    heat = panel.current_layer()
    assert isinstance(heat, RasterLayer)
    image = panel.legend.item(0).icon().pixmap(SWATCH).toImage()
    low, high = (QColor(image.pixel(x, SWATCH.height() // 2)) for x in (0, SWATCH.width() - 1))
    assert (low.red(), low.green(), low.blue()) == pytest.approx(heat.lut[0], abs=12)
    assert (high.red(), high.green(), high.blue()) == pytest.approx(heat.lut[-1], abs=12)


def _row_colours(panel: LayerPanel, row: int) -> set[str]:
    """The colours of a legend row's left part (its swatch) as the widget shows it."""
    image = panel.legend.grab().toImage()
    rect = panel.legend.visualItemRect(panel.legend.item(row))
    return {
        QColor(image.pixel(x, y)).name()
        for x in range(rect.left(), rect.left() + SWATCH.width() + 10)
        for y in range(rect.top(), rect.bottom())
    }


def test_legend_rows_are_not_highlighted_so_swatches_keep_their_colours(
    qtbot: Any, tmp_path: Path
) -> None:
    panel = _legend_panel(qtbot, tmp_path)
    panel.show()
    panel.select_layer("reports")
    panel.legend.setFocus()
    assert panel.legend.currentRow() == 0 and not panel.legend.selectedItems()
    assert "#b2182b" in _row_colours(panel, 0)  # the pothole red, untinted
    qtbot.keyClick(panel.legend, Qt.Key.Key_Down)
    assert panel.legend.currentRow() == 1 and not panel.legend.selectedItems()
    assert "#8c6d31" in _row_colours(panel, 1)


def test_width_and_size_boxes_apply_to_the_geometries_a_layer_holds(
    qtbot: Any, tmp_path: Path
) -> None:
    import shapely

    panel = _legend_panel(qtbot, tmp_path)
    square = shapely.box(X0, Y0, X0 + 50, Y0 + 50)
    mixed = [shapely.Point(X0, Y0), shapely.LineString([(X0, Y0), (X0 + 9, Y0)])]
    parks = VectorLayer("parks", [square], style=LayerStyle(fill="#00ff00"))
    panel.canvas.set_layers([*panel.canvas.layers(), VectorLayer("mixed", mixed), parks])
    enabled = {}
    for name in ("ulice", "reports", "parks", "mixed", "heatmap_cycling"):
        panel.select_layer(name)
        enabled[name] = (panel.width_spin.isEnabled(), panel.size_spin.isEnabled())
    assert enabled == {
        "ulice": (True, False),
        "reports": (False, True),
        "parks": (True, False),
        "mixed": (True, True),
        "heatmap_cycling": (False, False),
    }


def test_legend_speaks_polish_and_is_reached_by_keyboard(qtbot: Any, tmp_path: Path) -> None:
    i18n.install("pl")
    panel = _legend_panel(qtbot, tmp_path)
    panel.select_layer("reports")
    assert panel.legend.labels() == ["Dziury w jezdni", "Śmieci"]
    assert panel.legend.item(0).data(Qt.ItemDataRole.AccessibleTextRole) == "Dziury w jezdni"
    panel.select_layer("heatmap_cycling")
    assert panel.legend.labels()[1] == "aktywności na komórkę 10 m"
    assert panel.legend.accessibleName()
    assert panel.legend.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.keyClick(panel.legend, Qt.Key.Key_Down)  # rows are read one by one
    assert panel.legend.currentItem().text() == "aktywności na komórkę 10 m"
