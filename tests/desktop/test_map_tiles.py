"""Basemap tiles on the canvas: XYZ folders and MBTiles, placed, flipped, zoomed, refused."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from analysis.errors import InputError
from desktop.map import MapCanvas, View
from desktop.map.render import BACKGROUND, render, snapshot
from desktop.map.tiles import TileLayer, tile_bounds, tile_of

LON, LAT = 21.01, 52.23  # Warsaw
Z = 15
X, Y = tile_of(LON, LAT, Z)
RED, BLUE, YELLOW, GREEN = "#ff0000", "#0000ff", "#ffff00", "#00ff00"
TILES = {
    (Z, X, Y): RED,
    (Z, X + 1, Y): BLUE,  # east of the red one
    (Z, X, Y + 1): YELLOW,  # south of the red one
    (Z - 1, X // 2, Y // 2): GREEN,  # the coarser level, under all three
}
Z15_SCALE = 3.0
"""Metres per pixel near Warsaw for which zoom 15 is the best match (about 2.93 there)."""


def _png(colour: str, fmt: str = "PNG") -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)
    buffer.close()
    return bytes(data.data())


@pytest.fixture
def xyz(qapp: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "xyz"
    for (z, x, y), colour in TILES.items():
        path = folder / str(z) / str(x) / f"{y}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_png(colour))
    return folder


def _mbtiles(path: Path, tiles: dict[tuple[int, int, int], bytes], fmt: str = "png") -> Path:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
            "tile_data BLOB)"
        )
        conn.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
        conn.executemany(
            "INSERT INTO metadata VALUES (?, ?)",
            [("name", "test"), ("format", fmt), ("attribution", "© OpenStreetMap")],
        )
        conn.executemany(
            "INSERT INTO tiles VALUES (?, ?, ?, ?)",
            [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()],  # TMS rows
        )
        conn.commit()
    return path


@pytest.fixture
def mbtiles(qapp: Any, tmp_path: Path) -> Path:
    return _mbtiles(tmp_path / "tiles.mbtiles", {k: _png(c) for k, c in TILES.items()})


@pytest.fixture
def canvas(qtbot: Any) -> MapCanvas:
    widget = MapCanvas()
    qtbot.addWidget(widget)
    widget.resize(700, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _to_2180(mx: float, my: float) -> tuple[float, float]:
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:3857", "EPSG:2180", always_xy=True).transform(mx, my)
    return float(x), float(y)


def _lonlat_to_2180(lon: float, lat: float) -> tuple[float, float]:
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:2180", always_xy=True).transform(lon, lat)
    return float(x), float(y)


def _in_tile(z: int, x: int, y: int, fx: float = 0.5, fy: float = 0.5) -> tuple[float, float]:
    """The EPSG:2180 point at fraction ``(fx, fy)`` of tile ``(z, x, y)`` from its north-west."""
    left, bottom, right, top = tile_bounds(z, x, y)
    return _to_2180(left + fx * (right - left), top - fy * (top - bottom))


def _show(qtbot: Any, canvas: MapCanvas, layer: TileLayer, scale: float = Z15_SCALE) -> None:
    """Show ``layer`` centred on the red tile's south-east corner at ``scale``; wait for it."""
    cx, cy = _in_tile(Z, X, Y, 1.0, 1.0)
    with qtbot.waitSignal(canvas.render_finished, timeout=5000):
        canvas.set_layers([layer], zoom_full=False)
        canvas.set_view(View(cx, cy, scale, canvas.width(), canvas.height()))


def _colour(canvas: MapCanvas, x: float, y: float) -> str:
    px, py = canvas.view.to_screen(x, y)
    assert 0 <= px < canvas.width() and 0 <= py < canvas.height(), (px, py)
    return QColor(canvas.image().pixel(int(px), int(py))).name()


def _tile_colours(canvas: MapCanvas) -> dict[str, str]:
    return {
        "red": _colour(canvas, *_in_tile(Z, X, Y)),
        "blue": _colour(canvas, *_in_tile(Z, X + 1, Y)),
        "yellow": _colour(canvas, *_in_tile(Z, X, Y + 1)),
        "north of red": _colour(canvas, *_in_tile(Z, X, Y, 0.5, -0.2)),
        "west of red": _colour(canvas, *_in_tile(Z, X, Y, -0.2, 0.5)),
    }


EXPECTED = {
    "red": RED,
    "blue": BLUE,
    "yellow": YELLOW,
    "north of red": BACKGROUND,
    "west of red": BACKGROUND,
}


def test_xyz_folder_tiles_are_drawn_where_they_are(
    qtbot: Any, canvas: MapCanvas, xyz: Path
) -> None:
    layer = TileLayer("osm", xyz, title="OpenStreetMap")
    assert (layer.zooms, layer.format, layer.title, layer.bounds) == (
        [14, 15],
        "png",
        "OpenStreetMap",
        None,
    )
    _show(qtbot, canvas, layer)
    assert _tile_colours(canvas) == EXPECTED
    assert canvas.render_finished  # drawn by the renderer's worker thread, like every layer
    lon_lat = _colour(canvas, *_lonlat_to_2180(LON, LAT))
    assert lon_lat == RED  # the point the red tile was computed from lies in it


def test_mbtiles_rows_are_flipped_like_the_xyz_folder(
    qtbot: Any, canvas: MapCanvas, mbtiles: Path
) -> None:
    layer = TileLayer("osm", mbtiles)
    assert (layer.zooms, layer.format, layer.attribution) == ([14, 15], "png", "© OpenStreetMap")
    _show(qtbot, canvas, layer)
    assert _tile_colours(canvas) == EXPECTED
    layer.close()


def test_tiles_follow_the_rotation_between_mercator_and_the_map(
    qtbot: Any, canvas: MapCanvas, xyz: Path
) -> None:
    """EPSG:2180 turns about 1.6° against Web Mercator at 21°E: edges near corners stay sharp."""
    _show(qtbot, canvas, TileLayer("osm", xyz))
    inside, outside = 0.03, -0.03  # about 7 px either side of the edge
    assert _colour(canvas, *_in_tile(Z, X, Y, inside, inside)) == RED  # north-west corner
    assert _colour(canvas, *_in_tile(Z, X, Y, inside, outside)) == BACKGROUND
    assert _colour(canvas, *_in_tile(Z, X, Y, outside, inside)) == BACKGROUND
    assert _colour(canvas, *_in_tile(Z, X, Y + 1, inside, 1 - inside)) == YELLOW  # south-west
    assert _colour(canvas, *_in_tile(Z, X, Y + 1, outside, 1 - inside)) == BACKGROUND
    assert _colour(canvas, *_in_tile(Z, X, Y + 1, inside, 1 + inside)) == BACKGROUND


def test_zoom_level_follows_the_view_scale(xyz: Path) -> None:
    layer = TileLayer("osm", xyz)
    cx, cy = _in_tile(Z, X, Y)

    def view(scale: float) -> View:
        return View(cx, cy, scale, 600, 400)

    assert layer.ideal_zoom(view(Z15_SCALE)) == pytest.approx(15, abs=0.1)
    assert layer.zoom_for(view(Z15_SCALE)) == 15
    assert layer.zoom_for(view(2 * Z15_SCALE)) == 14
    assert layer.zoom_for(view(0.1)) == 15  # finer than the source: its finest level
    assert layer.zoom_for(view(50.0)) == 14  # coarser: its coarsest
    assert layer.zoom_for(view(2 * Z15_SCALE), pixel_ratio=2) == 15  # a 200 % screen
    plan = layer.plan(view(Z15_SCALE))
    assert plan is not None and plan.z == 15
    assert plan.x0 <= X <= plan.x1 and plan.y0 <= Y <= plan.y1
    assert layer.plan(view(500.0)) is None  # all of Poland at zoom 14: too many tiles


def test_too_many_tiles_take_a_coarser_level(xyz: Path) -> None:
    layer = TileLayer("osm", xyz, max_tiles=4)
    cx, cy = _in_tile(Z, X, Y)
    plan = layer.plan(View(cx, cy, Z15_SCALE, 600, 400))
    assert plan is not None and plan.z == 14 and plan.count <= 4


def test_canvas_draws_the_coarser_level_when_zoomed_out(
    qtbot: Any, canvas: MapCanvas, xyz: Path
) -> None:
    layer = TileLayer("osm", xyz)
    _show(qtbot, canvas, layer, scale=2 * Z15_SCALE)
    assert _colour(canvas, *_in_tile(Z, X, Y)) == GREEN
    assert _colour(canvas, *_in_tile(Z, X + 1, Y)) == GREEN
    with qtbot.waitSignal(canvas.render_finished, timeout=5000):
        canvas.zoom_by(2)
    assert _colour(canvas, *_in_tile(Z, X, Y)) == RED


def test_opacity_and_visibility(qtbot: Any, canvas: MapCanvas, xyz: Path) -> None:
    layer = TileLayer("osm", xyz, opacity=0.5)
    _show(qtbot, canvas, layer)
    colour = QColor(_colour(canvas, *_in_tile(Z, X, Y)))
    background = QColor(BACKGROUND)
    assert abs(colour.red() - (255 + background.red()) / 2) <= 2
    assert abs(colour.green() - background.green() / 2) <= 2
    with qtbot.waitSignal(canvas.render_finished, timeout=5000):
        canvas.set_layer_visible("osm", False)
    assert _colour(canvas, *_in_tile(Z, X, Y)) == BACKGROUND


def test_basemap_goes_under_the_other_layers(qtbot: Any, canvas: MapCanvas, xyz: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import LineString

    from desktop.map import LayerStyle, VectorLayer

    x, y = _in_tile(Z, X, Y)
    frame = gpd.GeoDataFrame(
        {"name": ["road"]}, geometry=[LineString([(x - 300, y), (x + 300, y)])], crs="EPSG:2180"
    )
    roads = VectorLayer.from_frame("roads", frame, LayerStyle(colour="#000000", width_px=5))
    with qtbot.waitSignal(canvas.render_finished, timeout=5000):
        canvas.set_layers([roads])
    cx, cy = _in_tile(Z, X, Y, 1.0, 0.5)
    with qtbot.waitSignal(canvas.render_finished, timeout=5000):
        canvas.set_layers([TileLayer("osm", xyz), *canvas.layers()], zoom_full=False)
        canvas.set_view(View(cx, cy, Z15_SCALE, canvas.width(), canvas.height()))
    assert [la.name for la in canvas.layers()] == ["osm", "roads"]
    assert _colour(canvas, x, y) == "#000000"
    assert _colour(canvas, x, y + 100) == RED


def test_missing_tiles_are_skipped_and_a_broken_one_too(qapp: Any, tmp_path: Path) -> None:
    path = _mbtiles(
        tmp_path / "broken.mbtiles", {(Z, X, Y): b"not a png", (Z, X + 1, Y): _png(BLUE, "JPEG")}
    )
    layer = TileLayer("osm", path)
    cx, cy = _in_tile(Z, X, Y, 1.0, 0.5)
    view = View(cx, cy, Z15_SCALE, 600, 400)
    rendered = render(snapshot([layer]), view)
    image = rendered.image

    def colour(x: float, y: float) -> QColor:
        px, py = view.to_screen(x, y)
        return QColor(image.pixel(int(px), int(py)))

    assert colour(*_in_tile(Z, X, Y)).name() == BACKGROUND
    blue = colour(*_in_tile(Z, X + 1, Y))
    assert blue.blue() > 240 and blue.red() < 15 and blue.green() < 15  # JPEG: nearly blue
    assert layer.image(Z, X + 5, Y) is None
    assert rendered.stats.drawn == ["osm"]


def test_vector_mbtiles_are_refused(qapp: Any, tmp_path: Path) -> None:
    path = _mbtiles(tmp_path / "vector.mbtiles", {(Z, X, Y): b"\x1f\x8b..."}, fmt="pbf")
    with pytest.raises(InputError, match=r"vector tiles \(pbf\).*render them to PNG"):
        TileLayer("osm", path)


def test_other_sources_are_refused_clearly(qapp: Any, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no tiles at .*XYZ tile folder or an \.mbtiles file"):
        TileLayer("osm", tmp_path / "nowhere")
    text = tmp_path / "notes.mbtiles"
    text.write_text("not sqlite at all " * 100)
    with pytest.raises(InputError, match="is not an MBTiles file"):
        TileLayer("osm", text)
    empty = _mbtiles(tmp_path / "empty.mbtiles", {})
    with pytest.raises(InputError, match="holds no tiles"):
        TileLayer("osm", empty)
    (tmp_path / "folder" / "notes").mkdir(parents=True)
    with pytest.raises(InputError, match="holds no tiles"):
        TileLayer("osm", tmp_path / "folder")


def test_many_renders_in_the_pool_threads_keep_drawing(
    qtbot: Any, canvas: MapCanvas, mbtiles: Path
) -> None:
    """pyproj on Qt's pooled threads crashes from the second job on; the layer keeps it away."""
    layer = TileLayer("osm", mbtiles)
    _show(qtbot, canvas, layer)
    for step in range(12):
        with qtbot.waitSignal(canvas.render_finished, timeout=5000):
            canvas.pan_by(7 if step % 2 else -7, 3)
    assert _colour(canvas, *_in_tile(Z, X, Y)) == RED
    assert _colour(canvas, *_in_tile(Z, X + 1, Y)) == BLUE
