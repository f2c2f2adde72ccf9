"""The map canvas: a QWidget showing the image the renderer drew off the GUI thread.

While a render is under way the canvas shows the last image, moved and scaled
to the current view, so panning and zooming never wait. The scale bar, the
heatmap legend and the zoom box are drawn over it in the GUI thread.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from desktop.map import overlay
from desktop.map.layers import VectorLayer
from desktop.map.raster import RasterLayer
from desktop.map.render import BACKGROUND, Layer, Rendered, Renderer, View, scale_bar
from desktop.map.tools import CLICK_TOLERANCE_PX, Interaction, MapTool

if TYPE_CHECKING:
    from analysis.progress import Progress
    from analysis.workspace import Workspace
    from desktop.worker import Job


@dataclass(frozen=True)
class ScaleBar:
    """The scale bar as drawn: its length on the map and on screen, and its label."""

    length_m: float
    length_px: float
    label: str


class MapCanvas(QWidget):
    """Shows map layers (bottom first) with pan, zoom, identify and a scale bar."""

    coordinates_changed = Signal(float, float)
    """Map coordinates under the mouse, for the status bar."""
    identified = Signal(str, dict)
    """Layer name and attributes of the feature clicked."""
    extent_changed = Signal(tuple)
    """``(xmin, ymin, xmax, ymax)`` of the view after a pan or zoom."""
    render_finished = Signal(object)
    """The :class:`~desktop.map.render.RenderStats` of the image now shown."""
    layers_changed = Signal()
    """Layers were set, added, removed or reordered."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Map"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(200, 150)
        self._layers: list[Layer] = []
        self._view = View(0.0, 0.0, 1.0, max(1, self.width()), max(1, self.height()))
        self._shown: Rendered | None = None
        self._loading: Job | None = None
        self.renderer = Renderer(self)
        self.renderer.rendered.connect(self._show)
        self.interaction = Interaction(self)
        self.language = "pl" if QLocale().language() == QLocale.Language.Polish else "en"
        """Language of the scale bar's numbers ("2,5 km" in Polish)."""

    # Layers.

    def layers(self) -> list[Layer]:
        """The layers, bottom first."""
        return list(self._layers)

    def layer(self, name: str) -> Layer:
        """The layer called ``name``; KeyError if there is none."""
        for la in self._layers:
            if la.name == name:
                return la
        raise KeyError(name)

    def set_layers(self, layers: Sequence[Layer], *, zoom_full: bool = True) -> None:
        """Show ``layers`` (bottom first), by default zoomed to their full extent."""
        self._layers = list(layers)
        self.layers_changed.emit()
        if zoom_full:
            self.zoom_full()
        else:
            self.refresh()

    def move_layer(self, name: str, index: int) -> None:
        """Put layer ``name`` at ``index`` (0 = bottom) and redraw."""
        layer = self.layer(name)
        self._layers.remove(layer)
        self._layers.insert(max(0, min(index, len(self._layers))), layer)
        self.layers_changed.emit()
        self.refresh()

    def set_layer_order(self, names: Sequence[str]) -> None:
        """Draw the layers in the order of ``names`` (bottom first; all names, once)."""
        if sorted(names) != sorted(la.name for la in self._layers):
            raise ValueError(f"the order must name every layer once, not {list(names)}")
        self._layers = [self.layer(n) for n in names]
        self.layers_changed.emit()
        self.refresh()

    def set_layer_visible(self, name: str, visible: bool) -> None:
        """Show or hide layer ``name``."""
        self.layer(name).visible = visible
        self.refresh()

    def load_workspace(self, workspace: Workspace, *, zoom_full: bool = True) -> Job:
        """Read the workspace's default map in the background; layers appear as read.

        The layers shown at first are read and drawn first; the hidden ones
        (most analysis results) join them when read, each above the layer it
        follows in the default order, keeping whatever the user changed
        meanwhile (order, visibility, a basemap added). A load still running
        for another workspace is cancelled. ``zoom_full=False`` keeps the view.
        Returns the started job, for a progress bar, Cancel and its ``failed``
        message; it finishes when every layer is in.
        """
        from analysis.progress import Steps
        from desktop.map.workspace_layers import plan_layers, read_layers
        from desktop.worker import Job

        def work(progress: Progress) -> list[Layer]:
            plan = plan_layers(workspace)
            shown = [p for p in plan if p.visible]
            hidden = [p for p in plan if not p.visible]
            steps = Steps(progress, [len(shown) + 1, len(hidden) + 1])
            first = read_layers(workspace, shown, steps.step(0))
            job.deliver(first)
            by_name = {layer.name: layer for layer in first}
            rest = iter(read_layers(workspace, hidden, steps.step(1)))
            return [by_name[p.entry.name] if p.visible else next(rest) for p in plan]

        shown_first: list[Layer] = []

        def show_first(first: list[Layer]) -> None:
            if job is self._loading and first:
                shown_first.extend(first)
                self.set_layers(first, zoom_full=zoom_full)

        def show_all(layers: list[Layer]) -> None:
            if job is not self._loading:
                return
            if not shown_first:  # nothing shown yet, or an empty workspace: replace the old map
                self.set_layers(layers, zoom_full=zoom_full)
            elif len(layers) > len(shown_first):
                self.set_layers(_joined(self.layers(), layers), zoom_full=False)

        if self._loading is not None:
            self._loading.cancel()
        job = Job(work, parent=self)
        job.partial.connect(show_first)
        job.finished.connect(show_all)
        self._loading = job
        job.start()
        return job

    # The view.

    @property
    def view(self) -> View:
        """What is shown now (centre, map units per pixel, size)."""
        return self._view

    def extent(self) -> tuple[float, float, float, float]:
        """``(xmin, ymin, xmax, ymax)`` shown now."""
        return self._view.bounds

    def set_view(self, view: View) -> None:
        """Show ``view`` and redraw."""
        self._view = view.resized(max(1, self.width()), max(1, self.height()))
        self.extent_changed.emit(self._view.bounds)
        self.refresh()

    def zoom_to(self, bounds: Sequence[float]) -> None:
        """Show all of ``(xmin, ymin, xmax, ymax)``, centred."""
        xmin, ymin, xmax, ymax = bounds
        if not (math.isfinite(xmin + ymin + xmax + ymax) and xmax >= xmin and ymax >= ymin):
            raise ValueError(f"bounds must be (xmin, ymin, xmax, ymax), not {tuple(bounds)}")
        if xmax - xmin < 1 and ymax - ymin < 1:  # a point: keep 100 m around it
            xmin, ymin, xmax, ymax = xmin - 50, ymin - 50, xmax + 50, ymax + 50
        self.set_view(View.fitting((xmin, ymin, xmax, ymax), self.width(), self.height()))

    def zoom_full(self) -> None:
        """Show every layer."""
        boxes = [la.bounds for la in self._layers if la.bounds is not None]
        if boxes:
            self.zoom_to(
                (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
            )

    def zoom_to_layer(self, name: str) -> None:
        """Show all of layer ``name``."""
        bounds = self.layer(name).bounds
        if bounds is not None:
            self.zoom_to(bounds)

    def zoom_by(self, factor: float, px: float | None = None, py: float | None = None) -> None:
        """Zoom in by ``factor`` (< 1 zooms out) keeping pixel ``(px, py)`` still."""
        self.set_view(self._view.zoomed(factor, px, py))

    def pan_by(self, dx_px: float, dy_px: float) -> None:
        """Move the map by ``(dx_px, dy_px)`` pixels, as a drag would."""
        self.set_view(self._view.panned(dx_px, dy_px))

    def preview_pan(self, dx_px: float, dy_px: float) -> None:
        """Move the shown image during a drag; the render follows on release."""
        self._view = self._view.panned(dx_px, dy_px)
        self.update()

    def set_tool(self, tool: MapTool) -> None:
        """Choose what a plain left-drag does (pan or box zoom)."""
        self.interaction.tool = tool

    # Selection and identify.

    def set_selection(self, layer_name: str, indices: Sequence[int]) -> None:
        """Highlight features of ``layer_name`` by their row in the layer's attributes."""
        layer = self.layer(layer_name)
        if isinstance(layer, VectorLayer):
            layer.set_selection(list(indices))
            self.refresh()

    def zoom_to_selection(self, layer_name: str) -> None:
        """Show all highlighted features of ``layer_name`` (nothing happens without any)."""
        import shapely

        layer = self.layer(layer_name)
        if isinstance(layer, VectorLayer) and layer.selection is not None:
            picked = layer.geometries[layer.selection.indices]
            self.zoom_to(tuple(float(v) for v in shapely.total_bounds(picked)))

    def clear_selection(self) -> None:
        """Remove every highlight."""
        for la in self._layers:
            if isinstance(la, VectorLayer):
                la.set_selection([])
        self.refresh()

    def identify_at(self, px: float, py: float) -> tuple[str, int, dict[str, Any]] | None:
        """The topmost visible feature at pixel ``(px, py)``: layer, row, attributes.

        A heatmap under the click gives its cell instead: row -1, attributes
        ``{"value": ..., "unit": ...}``. Emits ``identified`` when there is one.
        """
        import numpy as np
        import shapely

        x, y = self._view.to_map(px, py)
        point = shapely.Point(x, y)
        for layer in reversed(self._layers):
            if isinstance(layer, RasterLayer) and layer.visible:
                value = layer.value_at(x, y)
                if value is not None and value > 0:
                    cell = {"value": value, "unit": layer.unit}
                    self.identified.emit(layer.name, cell)
                    return layer.name, -1, cell
            if not (layer.visible and isinstance(layer, VectorLayer) and layer.feature_count):
                continue
            reach = (CLICK_TOLERANCE_PX + layer.style.size_px / 2) * self._view.scale
            hits = layer.tree().query(point, predicate="dwithin", distance=reach)
            if not len(hits):
                continue
            best = int(hits[np.argmin(shapely.distance(layer.geometries[hits], point))])
            attributes = layer.attributes_of(best)
            self.identified.emit(layer.name, attributes)
            return layer.name, int(layer.rows[best]), attributes
        return None

    # Rendering.

    def refresh(self) -> None:
        """Redraw in the background; the current image stays until the new one is ready."""
        self.renderer.request(self._layers, self._view, self.devicePixelRatioF())
        self.update()

    def image(self) -> Any:
        """The last rendered QImage (None before the first render)."""
        return None if self._shown is None else self._shown.image

    def scale_bar(self) -> ScaleBar:
        """The scale bar for the current view."""
        from analysis.export.cartography import length_label

        length_m, length_px = scale_bar(self._view)
        return ScaleBar(length_m, length_px, length_label(length_m, self.language))

    def _show(self, rendered: Rendered) -> None:
        self._shown = rendered
        self.update()
        self.render_finished.emit(rendered.stats)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the last image where it belongs in the current view, then the overlays."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(BACKGROUND))
        if self._shown is not None:
            old, new = self._shown.view, self._view
            left, _, _, top = old.bounds
            x, y = new.to_screen(left, top)
            k = old.scale / new.scale
            target = QRectF(x, y, old.width * k, old.height * k)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, k != 1)
            painter.drawImage(target, self._shown.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        overlay.draw_scale_bar(painter, self.scale_bar(), self.height())
        rasters = [la for la in self._layers if isinstance(la, RasterLayer) and la.visible]
        if rasters:
            overlay.draw_legend(painter, rasters[-1], self.width(), self.height())
        if self.interaction.box is not None:
            overlay.draw_box(painter, self.interaction.box)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the centre and scale; show more or less of the map."""
        self._view = self._view.resized(self.width(), self.height())
        self.refresh()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: D102
        self.interaction.press(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: D102
        self.interaction.move(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: D102
        self.interaction.release(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: D102
        self.interaction.wheel(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: D102
        if not self.interaction.key(event):
            super().keyPressEvent(event)


def _joined(current: list[Layer], planned: list[Layer]) -> list[Layer]:
    """``current`` with the ``planned`` layers it lacks, each above its predecessor in the plan."""
    layers = list(current)
    for i, layer in enumerate(planned):
        if any(layer is la for la in layers):
            continue
        below = next((p for p in reversed(planned[:i]) if any(p is la for la in layers)), None)
        at = 0 if below is None else next(j for j, la in enumerate(layers) if la is below) + 1
        layers.insert(at, layer)
    return layers
