"""Drawing the map into a QImage, off the GUI thread.

:func:`render` paints a snapshot of the layers for one :class:`View` with
QPainter: each vector group is a few ``drawPath`` calls (map coordinates, a world
transform, cosmetic pens) or one ``drawPointsNp``; a point layer with more
points in view than :data:`LOD_POINTS` is binned into screen pixels with numpy
and drawn as one image (level of detail). :class:`Renderer` runs renders in
the thread pool; a newer request supersedes older ones, which stop at their
next layer and whose images are never shown.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from PySide6.QtCore import QObject, QRectF, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QTransform

from desktop.map.layers import Group, LayerStyle, VectorLayer
from desktop.map.raster import RasterLayer
from desktop.map.tiles import TileLayer

Layer = VectorLayer | RasterLayer | TileLayer
LOD_POINTS = 20_000
"""Points in view above which a layer is drawn as occupied screen pixels."""
HAIRLINE_BELOW_PX = 1.5
"""Lines thinner than this are drawn 1 px wide: Qt's fast path, seven times faster."""
BACKGROUND = "#f2efe9"
SELECTION_COLOUR = "#00b7ff"


@dataclass(frozen=True)
class View:
    """What the canvas shows: a centre in map units, map units per pixel, a size in pixels."""

    cx: float
    cy: float
    scale: float
    width: int
    height: int

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(xmin, ymin, xmax, ymax)`` in map units."""
        hw, hh = self.width * self.scale / 2, self.height * self.scale / 2
        return (self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh)

    def transform(self) -> QTransform:
        """Map coordinates to pixels (y down)."""
        x0, _, _, y1 = self.bounds
        s = 1 / self.scale
        return QTransform(s, 0, 0, -s, -x0 * s, y1 * s)

    def to_map(self, px: float, py: float) -> tuple[float, float]:
        """The map point under pixel ``(px, py)``."""
        x0, _, _, y1 = self.bounds
        return (x0 + px * self.scale, y1 - py * self.scale)

    def to_screen(self, x: float, y: float) -> tuple[float, float]:
        """The pixel of map point ``(x, y)``."""
        x0, _, _, y1 = self.bounds
        return ((x - x0) / self.scale, (y1 - y) / self.scale)

    def zoomed(self, factor: float, px: float | None = None, py: float | None = None) -> View:
        """Zoomed in by ``factor`` (> 1 in), keeping the map point under ``(px, py)`` still."""
        px = self.width / 2 if px is None else px
        py = self.height / 2 if py is None else py
        ax, ay = self.to_map(px, py)
        scale = self.scale / factor
        cx = ax + (self.width / 2 - px) * scale
        cy = ay - (self.height / 2 - py) * scale
        return replace(self, cx=cx, cy=cy, scale=scale)

    def panned(self, dx_px: float, dy_px: float) -> View:
        """Moved so the map follows a drag of ``(dx_px, dy_px)`` pixels."""
        return replace(self, cx=self.cx - dx_px * self.scale, cy=self.cy + dy_px * self.scale)

    def resized(self, width: int, height: int) -> View:
        """The same centre and scale in a widget of another size."""
        return replace(self, width=max(1, width), height=max(1, height))

    @classmethod
    def fitting(
        cls, bounds: Sequence[float], width: int, height: int, margin: float = 0.02
    ) -> View:
        """The view that shows all of ``bounds`` in ``width`` x ``height`` pixels."""
        xmin, ymin, xmax, ymax = bounds
        w, h = max(xmax - xmin, 1e-9), max(ymax - ymin, 1e-9)
        width, height = max(1, width), max(1, height)
        scale = max(w / width, h / height) * (1 + 2 * margin)
        return cls((xmin + xmax) / 2, (ymin + ymax) / 2, scale, width, height)


@dataclass
class RenderStats:
    """What one render did: time, layers drawn, layers drawn as aggregated pixels."""

    elapsed_ms: float = 0.0
    drawn: list[str] = field(default_factory=list)
    aggregated: list[str] = field(default_factory=list)
    cancelled: bool = False


@dataclass(frozen=True)
class Rendered:
    """A finished render: the image and the view it shows."""

    image: QImage
    view: View
    stats: RenderStats
    generation: int = 0


@dataclass(frozen=True)
class LayerState:
    """A layer as the renderer sees it: frozen at request time."""

    layer: Layer
    opacity: float
    style: LayerStyle | None
    groups: list[Group]
    selection: Group | None


def snapshot(layers: Sequence[Layer]) -> list[LayerState]:
    """The visible layers, bottom first, with their current style and opacity."""
    return [
        LayerState(
            la,
            la.opacity,
            getattr(la, "style", None),
            list(getattr(la, "groups", ())),
            getattr(la, "selection", None),
        )
        for la in layers
        if la.visible
    ]


def render(
    states: Sequence[LayerState],
    view: View,
    is_cancelled: Callable[[], bool] = lambda: False,
    pixel_ratio: float = 1.0,
) -> Rendered:
    """Paint ``states`` for ``view`` into an ARGB32 image.

    ``pixel_ratio`` is the screen's device pixels per logical pixel (2 on a
    200 % display): the image has that many more pixels and is drawn in
    logical ones, so lines stay sharp.
    """
    start = time.perf_counter()
    stats = RenderStats()
    size = (round(view.width * pixel_ratio), round(view.height * pixel_ratio))
    image = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(pixel_ratio)
    image.fill(QColor(BACKGROUND))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    try:
        for state in states:
            if is_cancelled():
                stats.cancelled = True
                break
            if isinstance(state.layer, RasterLayer):
                _draw_raster(painter, state, view)
            elif isinstance(state.layer, TileLayer):
                state.layer.draw(painter, view, state.opacity)
            else:
                _draw_vector(painter, state, view, stats)
            stats.drawn.append(state.layer.name)
        for state in states:
            if state.selection is not None and not stats.cancelled:
                _draw_selection(painter, state, view)
    finally:
        painter.end()
    stats.elapsed_ms = (time.perf_counter() - start) * 1000
    return Rendered(image, view, stats)


def _pen(
    colour: QColor, width: float, *, square: bool = False, dash: tuple[float, ...] | None = None
) -> QPen:
    pen = QPen(colour, 1.0 if width < HAIRLINE_BELOW_PX else width)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.SquareCap if square else Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if dash:
        pen.setDashPattern(list(dash))
    return pen


def _draw_vector(painter: QPainter, state: LayerState, view: View, stats: RenderStats) -> None:
    layer, style = state.layer, state.style
    assert isinstance(layer, VectorLayer) and style is not None
    painter.setOpacity(state.opacity)
    world = view.transform()
    for group in state.groups:
        colour_text, width = style.for_key(group.key)
        colour = QColor(colour_text)
        if group.kind == "point":
            assert group.xy is not None
            if _draw_points(painter, group.xy, colour, style, view):
                stats.aggregated.append(layer.name)
            continue
        painter.setTransform(world)
        if group.kind == "polygon" and style.fill is not None:
            fill = QColor(style.fill if style.category_field is None else colour_text)
            fill.setAlphaF(style.fill_opacity)
            painter.setBrush(QBrush(fill))
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(colour, width, dash=style.dash))
        for path in group.paths:
            painter.drawPath(path)
        painter.resetTransform()
    painter.setOpacity(1.0)


def _draw_points(
    painter: QPainter, xy: np.ndarray, colour: QColor, style: LayerStyle, view: View
) -> bool:
    """Draw points as dots, or as occupied pixels when too many; True if aggregated."""
    size_px = style.size_px
    x0, _, _, y1 = view.bounds
    sx = (xy[:, 0] - x0) / view.scale
    sy = (y1 - xy[:, 1]) / view.scale
    pad = size_px
    inside = (sx >= -pad) & (sx < view.width + pad) & (sy >= -pad) & (sy < view.height + pad)
    count = int(np.count_nonzero(inside))
    if count <= LOD_POINTS:
        xs, ys = np.ascontiguousarray(sx[inside]), np.ascontiguousarray(sy[inside])
        square = style.marker == "s"
        if style.fill is not None and style.category_field is None:  # a ring, then the inside
            painter.setPen(_pen(colour, size_px + 2 * style.width_px, square=square))
            _plot(painter, xs, ys)
            colour = QColor(style.fill)
        painter.setPen(_pen(colour, size_px, square=square))
        _plot(painter, xs, ys)
        return False
    r = painter.device().devicePixelRatioF()  # bin device pixels on a high-density screen
    w, h = round(view.width * r), round(view.height * r)
    binned = aggregate_points(sx[inside] * r, sy[inside] * r, colour, size_px * r, w, h)
    binned.setDevicePixelRatio(r)
    painter.drawImage(0, 0, binned)
    return True


def aggregate_points(
    sx: np.ndarray, sy: np.ndarray, colour: QColor, size_px: float, width: int, height: int
) -> QImage:
    """Screen points binned into pixels: each occupied pixel (grown to about the dot size).

    Denser pixels are more opaque (log scale), so clusters read as clusters.
    """
    ix, iy = sx.astype(np.int32), sy.astype(np.int32)
    ok = (ix >= 0) & (ix < width) & (iy >= 0) & (iy < height)
    flat = iy[ok] * width + ix[ok]
    counts = np.bincount(flat, minlength=width * height).reshape(height, width)
    radius = max(0, min(3, round(size_px / 2) - 1))
    grown = _dilate(counts, radius) if radius else counts
    top = int(grown.max(initial=0))
    levels = np.arange(min(top, 1023) + 1)
    alpha = np.where(levels > 0, 0.45 + 0.55 * np.log1p(levels) / np.log1p(max(top, 1)), 0.0)
    a = (alpha * 255).astype(np.uint32)
    r, g, b = colour.red(), colour.green(), colour.blue()
    lut = (a << 24) | ((a * r // 255) << 16) | ((a * g // 255) << 8) | (a * b // 255)
    argb = lut[np.minimum(grown, len(lut) - 1)]
    image = QImage(
        argb.tobytes(), width, height, 4 * width, QImage.Format.Format_ARGB32_Premultiplied
    )
    return image.copy()


def _dilate(a: np.ndarray, radius: int) -> np.ndarray:
    """The maximum over a (2 radius + 1) square around each cell, in two separable passes."""
    out = a.copy()
    for d in range(1, radius + 1):
        np.maximum(out[:, d:], a[:, :-d], out=out[:, d:])
        np.maximum(out[:, :-d], a[:, d:], out=out[:, :-d])
    rows = out.copy()
    for d in range(1, radius + 1):
        np.maximum(out[d:], rows[:-d], out=out[d:])
        np.maximum(out[:-d], rows[d:], out=out[:-d])
    return out


def _draw_raster(painter: QPainter, state: LayerState, view: View) -> None:
    layer = state.layer
    assert isinstance(layer, RasterLayer)
    patch = layer.patch_for(view.bounds, view.scale)
    if patch is None:
        return
    left, bottom, right, top = patch.bounds
    x, y = view.to_screen(left, top)
    target = QRectF(x, y, (right - left) / view.scale, (top - bottom) / view.scale)
    painter.setOpacity(state.opacity)
    smooth = patch.factor == 1 and view.scale < layer.cell
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
    painter.drawImage(target, patch.image)
    painter.setOpacity(1.0)


def _draw_selection(painter: QPainter, state: LayerState, view: View) -> None:
    group, style = state.selection, state.style
    assert group is not None and style is not None
    colour = QColor(SELECTION_COLOUR)
    if group.paths:
        painter.setTransform(view.transform())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(colour, style.width_px + 3))
        for path in group.paths:
            painter.drawPath(path)
        painter.resetTransform()
    if group.xy is not None:
        x0, _, _, y1 = view.bounds
        sx = np.ascontiguousarray((group.xy[:, 0] - x0) / view.scale)
        sy = np.ascontiguousarray((y1 - group.xy[:, 1]) / view.scale)
        painter.setPen(_pen(colour, style.size_px + 5))
        _plot(painter, sx, sy)


class Renderer(QObject):
    """Renders in the thread pool; emits ``rendered`` only for the newest request."""

    rendered = Signal(object)
    """A :class:`Rendered`, in the GUI thread."""

    _finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # a superseded render stops at its next layer
        self._generation = 0
        self._lock = threading.Lock()
        self._finished.connect(self._deliver)

    def request(self, layers: Sequence[Layer], view: View, pixel_ratio: float = 1.0) -> int:
        """Queue a render of ``layers`` for ``view``; return its generation number."""
        with self._lock:
            self._generation += 1
            generation = self._generation
        states = snapshot(layers)
        self.pool.start(_RenderTask(self, states, view, generation, pixel_ratio))
        return generation

    @property
    def generation(self) -> int:
        """The newest request's number."""
        return self._generation

    def is_stale(self, generation: int) -> bool:
        """True once a newer request than ``generation`` was made."""
        return generation != self._generation

    def _deliver(self, result: Rendered) -> None:
        if not self.is_stale(result.generation) and not result.stats.cancelled:
            self.rendered.emit(result)


class _RenderTask(QRunnable):
    def __init__(
        self,
        renderer: Renderer,
        states: list[LayerState],
        view: View,
        generation: int,
        pixel_ratio: float,
    ) -> None:
        super().__init__()
        self._renderer, self._states, self._view = renderer, states, view
        self._generation, self._pixel_ratio = generation, pixel_ratio

    def run(self) -> None:
        if self._renderer.is_stale(self._generation):
            return
        result = render(
            self._states,
            self._view,
            lambda: self._renderer.is_stale(self._generation),
            self._pixel_ratio,
        )
        self._renderer._finished.emit(replace(result, generation=self._generation))


def _plot(painter: QPainter, xs: np.ndarray, ys: np.ndarray) -> None:
    """Draw a point at each ``(xs[i], ys[i])`` (contiguous float64 pixel coordinates)."""
    painter.drawPointsNp(xs, ys)  # type: ignore[arg-type]  # the stub says lists; it takes arrays


def scale_bar(view: View, max_px: float = 150.0) -> tuple[float, float]:
    """A round scale-bar length in map units at most ``max_px`` long, and its pixels."""
    from analysis.export.cartography import nice_length

    length = nice_length(max_px * view.scale)
    return length, length / view.scale


def zoom_step(steps: float) -> float:
    """The zoom factor of ``steps`` wheel notches or key presses, each by the square root of 2."""
    return float(math.sqrt(2) ** steps)
