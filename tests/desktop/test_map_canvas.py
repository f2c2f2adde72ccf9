"""The map canvas: layers drawn where they are, pan and zoom, identify, rasters, speed paths."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor

from desktop.map import LayerStyle, MapCanvas, RasterLayer, VectorLayer, View
from desktop.map import render as render_module
from desktop.map.render import BACKGROUND, SELECTION_COLOUR, render, snapshot

X0, Y0 = 530_000.0, 390_000.0
RED = "#ff0000"


def _lines() -> VectorLayer:
    import geopandas as gpd
    from shapely.geometry import LineString

    frame = gpd.GeoDataFrame(
        {"name": ["east-west", "north-south"]},
        geometry=[
            LineString([(X0 - 400, Y0), (X0 + 400, Y0)]),
            LineString([(X0 + 300, Y0 - 400), (X0 + 300, Y0 + 400)]),
        ],
        crs="EPSG:2180",
    )
    return VectorLayer.from_frame("roads", frame, LayerStyle(colour=RED, width_px=3))


def _points() -> VectorLayer:
    import geopandas as gpd
    from shapely.geometry import Point

    frame = gpd.GeoDataFrame(
        {"category": ["pothole", "litter"], "text": ["dziura w jezdni", "śmieci"]},
        geometry=[Point(X0 - 200, Y0 + 200), Point(X0 + 100, Y0 - 250)],
        crs="EPSG:2180",
    )
    style = LayerStyle(colour="#0000ff", size_px=9)
    return VectorLayer.from_frame("reports", frame, style)


@pytest.fixture
def canvas(qtbot: Any) -> MapCanvas:
    widget = MapCanvas()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _show(qtbot: Any, canvas: MapCanvas, layers: list[Any] | None = None) -> None:
    """Set ``layers`` (or just redraw) and wait for the image."""
    with qtbot.waitSignal(canvas.render_finished, timeout=5000):
        if layers is None:
            canvas.refresh()
        else:
            canvas.set_layers(layers, zoom_full=False)
            canvas.zoom_to((X0 - 500, Y0 - 500, X0 + 500, Y0 + 500))


def _pixel(canvas: MapCanvas, x: float, y: float) -> QColor:
    px, py = canvas.view.to_screen(x, y)
    return QColor(canvas.image().pixel(int(px), int(py)))


def test_line_layer_is_drawn_where_it_is_and_hides(qtbot: Any, canvas: MapCanvas) -> None:
    layer = _lines()
    _show(qtbot, canvas, [layer])
    assert _pixel(canvas, X0 - 100, Y0).name() == RED
    assert _pixel(canvas, X0 - 100, Y0 + 150).name() == BACKGROUND
    with qtbot.waitSignal(canvas.render_finished):
        canvas.set_layer_visible("roads", False)
    assert _pixel(canvas, X0 - 100, Y0).name() == BACKGROUND


def test_zoom_keys_and_wheel_change_the_extent(qtbot: Any, canvas: MapCanvas) -> None:
    _show(qtbot, canvas, [_lines()])
    before = canvas.extent()
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    after = canvas.extent()
    assert after[2] - after[0] == pytest.approx((before[2] - before[0]) / 2)
    assert after[3] - after[1] == pytest.approx((before[3] - before[1]) / 2)
    assert (after[0] + after[2]) / 2 == pytest.approx((before[0] + before[2]) / 2)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.extent() == pytest.approx(before)
    anchor, scale = canvas.view.to_map(100, 80), canvas.view.scale
    _wheel(canvas, QPoint(100, 80), notches=2)
    assert canvas.view.to_map(100, 80) == pytest.approx(anchor)
    assert canvas.view.scale == pytest.approx(scale / 2)


def _wheel(canvas: MapCanvas, pos: QPoint, notches: int) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    event = QWheelEvent(
        QPointF(pos),
        QPointF(canvas.mapToGlobal(pos)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, event)


def test_pan_by_drag_and_arrow_keys(qtbot: Any, canvas: MapCanvas) -> None:
    _show(qtbot, canvas, [_lines()])
    start, scale = canvas.extent(), canvas.view.scale
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    moved = canvas.extent()
    assert moved[0] - start[0] == pytest.approx(canvas.view.width / 4 * scale)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 150))
    for x in range(200, 141, -10):  # drag 60 px to the left, 40 px up
        qtbot.mouseMove(canvas, QPoint(x, 150 - (200 - x) * 2 // 3))
    with qtbot.waitSignal(canvas.render_finished):
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(140, 110))
    dragged = canvas.extent()
    assert dragged[0] - moved[0] == pytest.approx(60 * scale)
    assert dragged[1] - moved[1] == pytest.approx(-40 * scale)


def test_shift_drag_zooms_to_the_box(qtbot: Any, canvas: MapCanvas) -> None:
    _show(qtbot, canvas, [_lines()])
    view = canvas.view
    corner_a, corner_b = view.to_map(100, 60), view.to_map(200, 160)
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, shift, QPoint(100, 60))
    qtbot.mouseMove(canvas, QPoint(150, 110))
    qtbot.mouseMove(canvas, QPoint(200, 160))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, shift, QPoint(200, 160))
    xmin, ymin, xmax, ymax = canvas.extent()
    assert xmin <= corner_a[0] < corner_b[0] <= xmax
    assert ymin <= corner_b[1] < corner_a[1] <= ymax
    assert (xmax - xmin) < (view.bounds[2] - view.bounds[0]) / 2


def test_box_zoom_tool_zooms_with_a_plain_drag(qtbot: Any, canvas: MapCanvas) -> None:
    from desktop.map import MapTool

    _show(qtbot, canvas, [_lines()])
    canvas.set_tool(MapTool.ZOOM_BOX)
    width = canvas.extent()[2] - canvas.extent()[0]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(150, 100))
    qtbot.mouseMove(canvas, QPoint(200, 140))
    assert canvas.interaction.box is not None
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 140))
    assert canvas.interaction.box is None
    assert canvas.extent()[2] - canvas.extent()[0] < width / 4


def test_clicking_a_feature_identifies_it(qtbot: Any, canvas: MapCanvas) -> None:
    _show(qtbot, canvas, [_lines(), _points()])
    px, py = canvas.view.to_screen(X0 + 100, Y0 - 250)
    with qtbot.waitSignal(canvas.identified) as signal:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(px), int(py)))
    name, attributes = signal.args
    assert name == "reports"
    assert attributes == {"category": "litter", "text": "śmieci"}
    px, py = canvas.view.to_screen(X0 + 300, Y0 + 300)
    assert canvas.identify_at(px + 2, py)[:2] == ("roads", 1)
    assert canvas.identify_at(*canvas.view.to_screen(X0 - 300, Y0 - 300)) is None


def test_categories_and_selection_colour_the_features(qtbot: Any, canvas: MapCanvas) -> None:
    from desktop.map import CategoryStyle

    points = _points()
    points.style = LayerStyle(
        colour="#000000",
        size_px=9,
        category_field="category",
        categories={"pothole": CategoryStyle("#00ff00"), "litter": CategoryStyle("#ff00ff")},
    )
    _show(qtbot, canvas, [_lines(), points])
    assert _pixel(canvas, X0 - 200, Y0 + 200).name() == "#00ff00"
    assert _pixel(canvas, X0 + 100, Y0 - 250).name() == "#ff00ff"
    with qtbot.waitSignal(canvas.render_finished):
        canvas.set_selection("roads", [0])
    assert _pixel(canvas, X0 - 100, Y0).name() == SELECTION_COLOUR
    assert _pixel(canvas, X0 + 300, Y0 + 200).name() == RED
    canvas.zoom_to_selection("roads")
    xmin, ymin, xmax, ymax = canvas.extent()
    assert xmin <= X0 - 400 < X0 + 400 <= xmax and ymin < Y0 < ymax
    assert xmax - xmin < 900
    with qtbot.waitSignal(canvas.render_finished):
        canvas.clear_selection()
    assert _pixel(canvas, X0 - 100, Y0).name() == RED


def _heatmap(path: Path) -> Path:
    from analysis.io.geotiff import write_geotiff
    from analysis.kernels.grid import Grid

    values = np.full((100, 100), np.nan)
    values[:, 50:] = np.linspace(1, 100, 50)  # the east half has values, the west none
    grid = Grid(left=X0 - 500, top=Y0 + 500, pixel=10.0, rows=100, cols=100)
    return write_geotiff(path, values, grid, "EPSG:2180", unit="activities per 10 m cell")


def test_raster_shows_ramp_colours_and_nothing_at_nodata(
    qtbot: Any, canvas: MapCanvas, tmp_path: Path
) -> None:
    raster = RasterLayer("heat", _heatmap(tmp_path / "heat.tif"), crs="EPSG:2180", opacity=1.0)
    assert raster.unit == "activities per 10 m cell"
    legend = raster.legend(3)
    assert legend[0][0] == pytest.approx(1) and legend[-1][0] == pytest.approx(100)
    _show(qtbot, canvas, [raster])
    high = _pixel(canvas, X0 + 480, Y0)
    top = raster.lut[255].astype(int)
    assert np.abs(np.array([high.red(), high.green(), high.blue()]) - top).max() <= 6
    low = _pixel(canvas, X0 + 15, Y0)
    assert low.name() != BACKGROUND and low.blue() < low.red()
    assert _pixel(canvas, X0 - 250, Y0).name() == BACKGROUND
    name, row, cell = canvas.identify_at(*canvas.view.to_screen(X0 + 5, Y0))
    assert (name, row, cell["unit"]) == ("heat", -1, "activities per 10 m cell")
    assert cell["value"] == pytest.approx(1.0)
    assert canvas.identify_at(*canvas.view.to_screen(X0 - 250, Y0)) is None


def test_million_points_are_binned_into_pixels_when_zoomed_out() -> None:
    import shapely

    rng = np.random.default_rng(7)
    xy = rng.uniform((X0 - 4000, Y0 - 4000), (X0 + 4000, Y0 + 4000), size=(1_000_000, 2))
    layer = VectorLayer("points", shapely.points(xy), style=LayerStyle(colour=RED, size_px=3))
    whole = View.fitting(layer.bounds, 1920, 1080)
    result = render(snapshot([layer]), whole)
    assert result.stats.aggregated == ["points"]
    assert QColor(result.image.pixel(960, 540)).name() != BACKGROUND
    street = View(X0, Y0, 0.05, 1920, 1080)  # 100 m wide: a few dozen points
    assert render(snapshot([layer]), street).stats.aggregated == []


def test_scale_bar_length_matches_its_label(qtbot: Any, canvas: MapCanvas) -> None:
    from analysis.export.cartography import parse_length

    _show(qtbot, canvas, [_lines()])
    for _ in range(3):
        bar = canvas.scale_bar()
        assert bar.length_px * canvas.view.scale == pytest.approx(parse_length(bar.label))
        assert 40 <= bar.length_px <= 150
        canvas.zoom_by(1.7)


def test_render_runs_off_the_gui_thread(
    qtbot: Any, canvas: MapCanvas, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[int] = []
    slow = render_module._draw_vector

    def slow_draw(*args: Any) -> None:
        threads.append(threading.get_ident())
        time.sleep(0.4)
        slow(*args)

    monkeypatch.setattr(render_module, "_draw_vector", slow_draw)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    _show(qtbot, canvas, [_lines()])
    timer.stop()
    assert threads and threading.get_ident() not in threads
    assert len(ticks) >= 5  # the event loop kept running during the 0.4 s render


def test_newer_request_supersedes_older_ones(qtbot: Any, canvas: MapCanvas) -> None:
    _show(qtbot, canvas, [_lines()])
    shown: list[Any] = []
    canvas.render_finished.connect(shown.append)
    for _ in range(5):
        canvas.zoom_by(1.1)
    qtbot.waitUntil(lambda: len(shown) >= 1)
    qtbot.wait(200)
    assert len(shown) == 1
    assert canvas._shown is not None and canvas._shown.view == canvas.view


def test_workspace_default_layers_leave_tracks_out(qtbot: Any, workspace_path: Path) -> None:
    from analysis.workspace import Workspace
    from desktop.map.workspace_layers import plan_layers

    workspace = Workspace.open(workspace_path)
    plan = plan_layers(workspace)
    assert [(p.entry.name, p.role, p.tier) for p in plan] == [
        ("streets", "streets", 0),
        ("reports", "reports", 2),
    ]
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(300, 200)
    changes: list[None] = []
    canvas.layers_changed.connect(lambda: changes.append(None))
    first = canvas.load_workspace(workspace)
    with qtbot.waitSignal(canvas.layers_changed, timeout=10_000):
        canvas.load_workspace(workspace)  # supersedes the first load
    assert first.is_cancelled() and first.wait(5)
    qtbot.wait(50)
    assert len(changes) == 1
    assert [la.name for la in canvas.layers()] == ["streets", "reports"]
    xmin, ymin, xmax, ymax = canvas.extent()
    assert xmin <= 530_000 and xmax >= 530_110 and ymin <= 390_000 and ymax >= 390_050
    canvas.show()
    with qtbot.waitSignal(canvas.render_finished, timeout=5000):
        canvas.zoom_to((530_015, 390_015, 530_035, 390_035))  # streets 2 and 3, 20 m apart
    street = _pixel(canvas, 530_020, 390_025)  # the streets' grey, antialiased
    assert street.lightness() < QColor(BACKGROUND).lightness() - 20
    assert abs(street.red() - street.blue()) < 8
    assert _pixel(canvas, 530_025, 390_025).name() == BACKGROUND


def _with_hidden_layer(workspace_path: Path, tmp_path: Path) -> Any:
    """A copy of the town with a hidden analysis layer (uncovered demand, far east)."""
    import shutil

    import geopandas as gpd
    from shapely.geometry import Point

    from analysis.workspace import DatasetKind, Workspace

    workspace = Workspace.open(shutil.copy(workspace_path, tmp_path / "miasto.gpkg"))
    cells = gpd.GeoDataFrame({"demand": [4.0]}, geometry=[Point(530_500, 390_500)], crs="EPSG:2180")
    with workspace.transaction() as tx:
        tx.write_layer(cells, "racks_uncovered", DatasetKind.ANALYSIS, title="Uncovered")
    return workspace


def test_network_issues_are_read_categorised_by_kind(workspace_path: Path, tmp_path: Path) -> None:
    import shutil

    import geopandas as gpd
    from shapely.geometry import Point

    from analysis.workspace import DatasetKind, Workspace
    from desktop.map.workspace_layers import ISSUES_ROLE, plan_layers, read_layers

    workspace = Workspace.open(shutil.copy(workspace_path, tmp_path / "miasto.gpkg"))
    issues = gpd.GeoDataFrame(
        {
            "type": ["dead_end", "stops_short_of_junction", "overshoots_junction"],
            "metres": [40.0, 15.0, 12.0],
        },
        geometry=[Point(530_000 + 10 * i, 390_000) for i in range(3)],
        crs="EPSG:2180",
    )
    with workspace.transaction() as tx:
        tx.write_layer(issues, "gaps_issues", DatasetKind.ANALYSIS, quality={"analysis": "gaps"})
    plan = [p for p in plan_layers(workspace) if p.entry.name == "gaps_issues"]
    assert [(p.role, p.tier, p.visible) for p in plan] == [(ISSUES_ROLE, 3, False)]
    (layer,) = read_layers(workspace, plan)
    assert isinstance(layer, VectorLayer)
    assert layer.style.category_field == "type"
    assert {g.key for g in layer.groups} == set(issues["type"])
    colours = {layer.style.for_key(key)[0] for key in issues["type"]}
    assert len(colours) == 3


def test_shown_layers_are_drawn_while_hidden_ones_are_read(
    qtbot: Any, workspace_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.map import workspace_layers

    workspace = _with_hidden_layer(workspace_path, tmp_path)
    hidden_read = threading.Event()
    read = workspace_layers.read_layers

    def slow_hidden(ws: Any, plan: list[Any], progress: Any = None) -> list[Any]:
        if plan and not plan[0].visible:
            assert hidden_read.wait(10)
        return read(ws, plan, progress)

    monkeypatch.setattr(workspace_layers, "read_layers", slow_hidden)
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(300, 200)
    canvas.show()
    drawn: list[Any] = []
    canvas.render_finished.connect(lambda stats: stats.drawn and drawn.append(stats))
    job = canvas.load_workspace(workspace)
    qtbot.waitUntil(lambda: bool(drawn), timeout=10_000)  # while the hidden one is being read
    assert not job.is_done()
    first, view = canvas.layers(), canvas.extent()
    assert [la.name for la in first] == ["streets", "reports"]
    xmin, _, xmax, _ = canvas.extent()
    assert xmin <= 530_000 and xmax < 530_500  # zoomed to the shown layers, not the hidden one
    canvas.move_layer("streets", 1)  # the user puts the streets on top meanwhile
    with qtbot.waitSignal(job.finished, timeout=10_000):
        hidden_read.set()
    qtbot.waitUntil(lambda: len(canvas.layers()) == 3)
    assert [(la.name, la.visible) for la in canvas.layers()] == [
        ("reports", True),
        ("racks_uncovered", False),
        ("streets", True),
    ]
    assert canvas.layer("streets") is first[0]  # the layer drawn first, not a second copy
    assert canvas.extent() == pytest.approx(view)  # the view the user had is kept


def test_an_empty_workspace_clears_the_map_of_the_one_before(
    qtbot: Any, workspace_path: Path, tmp_path: Path
) -> None:
    from analysis.workspace import Workspace

    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    with qtbot.waitSignal(
        canvas.load_workspace(Workspace.open(workspace_path)).finished, timeout=10_000
    ):
        pass
    assert len(canvas.layers()) == 2
    empty = Workspace.create(tmp_path / "pusty.gpkg")
    with qtbot.waitSignal(canvas.load_workspace(empty).finished, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: canvas.layers() == [])


def test_layers_the_core_made_are_titled_in_the_apps_language(
    qtbot: Any, workspace_path: Path, tmp_path: Path
) -> None:
    import shutil

    import geopandas as gpd
    from shapely.geometry import Point

    from analysis.workspace import DatasetKind, Workspace
    from desktop import i18n
    from desktop.map.workspace_layers import workspace_layers

    workspace = Workspace.open(shutil.copy(workspace_path, tmp_path / "miasto.gpkg"))
    cells = gpd.GeoDataFrame({"demand": [4.0]}, geometry=[Point(530_500, 390_500)], crs="EPSG:2180")
    facts = {"analysis": "racks", "walk_m": 150.0, "uncovered_cell_m": 100.0}
    with workspace.transaction() as tx:
        tx.write_layer(
            cells, "racks_uncovered", DatasetKind.ANALYSIS, title="Demand uncovered", quality=facts
        )

    def titles() -> dict[str, str]:
        return {la.name: la.title for la in workspace_layers(workspace)}

    assert titles() == {
        "streets": "Ulice",
        "reports": "Zgłoszenia mieszkańców — Łódź",
        "racks_uncovered": "Demand uncovered",
    }
    i18n.install("pl")
    assert titles()["racks_uncovered"].startswith("Stojaki – bez pokrycia (dalej niż 150 m")
    assert titles()["streets"] == "Ulice"  # the city's own title, as the city gave it


def test_a_reload_keeps_the_view(qtbot: Any, workspace_path: Path) -> None:
    from analysis.workspace import Workspace

    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(300, 200)
    workspace = Workspace.open(workspace_path)
    with qtbot.waitSignal(canvas.load_workspace(workspace).finished, timeout=10_000):
        pass
    canvas.zoom_to((530_015, 390_015, 530_035, 390_035))
    view = canvas.extent()
    with qtbot.waitSignal(
        canvas.load_workspace(workspace, zoom_full=False).finished, timeout=10_000
    ):
        pass
    assert canvas.extent() == pytest.approx(view)


def test_high_density_screens_get_twice_the_pixels() -> None:
    view = View(X0, Y0, 2.0, 300, 200)
    image = render(snapshot([_lines()]), view, pixel_ratio=2).image
    assert (image.width(), image.height(), image.devicePixelRatio()) == (600, 400, 2)
    px, py = view.to_screen(X0 - 100, Y0)
    assert QColor(image.pixel(int(2 * px), int(2 * py))).name() == RED
    assert QColor(image.pixel(int(2 * px), int(2 * py) + 20)).name() == BACKGROUND
