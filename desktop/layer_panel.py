"""The layers dock: which map layers show, in which order, how opaque, in which colour.

The list shows the canvas's layers top first, each with a check box for its
visibility; rows are reordered by drag and drop or the Up/Down buttons
(Ctrl+Up, Ctrl+Down). Below, the current layer's opacity, colour (a
``QColorDialog``), line width (for lines and polygon outlines) and point size
(each enabled only for a layer holding such geometries), and its legend
(:class:`~desktop.legend.LegendList`). Every change redraws the canvas.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop.legend import LegendList
from desktop.map import MapCanvas, VectorLayer
from desktop.map.render import Layer

NAME_ROLE = Qt.ItemDataRole.UserRole


class LayerPanel(QDockWidget):
    """A dock over ``canvas``'s layer list; object name ``layer_panel``."""

    def __init__(self, canvas: MapCanvas, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Layers"), parent)
        self.setObjectName("layer_panel")
        self.canvas = canvas
        self._ordering = False
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Map layers"))
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.itemChanged.connect(self._item_changed)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.model().rowsMoved.connect(lambda *_: self._apply_order())
        self.up_button = self._button(self.tr("Up"), self.tr("Draw the layer higher (Ctrl+Up)"))
        self.down_button = self._button(
            self.tr("Down"), self.tr("Draw the layer lower (Ctrl+Down)")
        )
        self.zoom_button = self._button(self.tr("Zoom to"), self.tr("Show all of the layer"))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.zoom_button.clicked.connect(self._zoom_to_current)
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setAccessibleName(self.tr("Opacity"))
        self.opacity_slider.valueChanged.connect(self._opacity_changed)
        self.colour_button = self._button(self.tr("Colour…"), self.tr("Choose the layer's colour"))
        self.colour_button.clicked.connect(self.choose_colour)
        self.width_spin = self._spin(self.tr("Line width"), self._width_changed)
        self.size_spin = self._spin(self.tr("Point size"), self._size_changed)
        self.legend = LegendList()
        self.setWidget(self._layout())
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.move_current(step))
        canvas.layers_changed.connect(self.reload)
        self.reload()

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.rstrip("…"))
        return button

    def _spin(self, name: str, changed: object) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0.5, 30.0)
        spin.setSingleStep(0.5)
        spin.setSuffix(self.tr(" px"))
        spin.setAccessibleName(name)
        spin.valueChanged.connect(changed)
        return spin

    def _layout(self) -> QWidget:
        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.zoom_button):
            buttons.addWidget(button)
        form = QFormLayout()
        form.addRow(self.tr("&Opacity"), self.opacity_slider)
        form.addRow(self.tr("Colour"), self.colour_button)
        form.addRow(self.tr("Line &width"), self.width_spin)
        form.addRow(self.tr("Point &size"), self.size_spin)
        legend_label = QLabel(self.tr("L&egend"))
        legend_label.setBuddy(self.legend)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.list, 2)
        column.addLayout(buttons)
        column.addLayout(form)
        column.addWidget(legend_label)
        column.addWidget(self.legend, 1)
        return body

    # The list.

    def reload(self) -> None:
        """Rebuild the list from the canvas's layers, keeping the current row's layer."""
        if self._ordering:
            return
        current = self.current_name()
        self.list.blockSignals(True)
        self.list.clear()
        for layer in reversed(self.canvas.layers()):
            item = QListWidgetItem(layer.title)
            item.setData(NAME_ROLE, layer.name)
            item.setToolTip(layer.name)
            item.setFlags(
                item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled
            )
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
            item.setCheckState(Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        names = self.names()
        self.list.setCurrentRow(names.index(current) if current in names else 0)
        self._show_current()

    def names(self) -> list[str]:
        """Layer names as listed, top first."""
        return [self.list.item(i).data(NAME_ROLE) for i in range(self.list.count())]

    def current_name(self) -> str | None:
        """The name of the layer whose row is current."""
        item = self.list.currentItem()
        return None if item is None else str(item.data(NAME_ROLE))

    def current_layer(self) -> Layer | None:
        """The layer whose row is current."""
        name = self.current_name()
        return None if name is None else self.canvas.layer(name)

    def select_layer(self, name: str) -> None:
        """Make layer ``name``'s row current."""
        self.list.setCurrentRow(self.names().index(name))

    def move_current(self, step: int) -> None:
        """Move the current layer ``step`` rows down the list (-1: up, drawn higher)."""
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        self.list.blockSignals(True)
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(target)
        self._apply_order()

    def _apply_order(self) -> None:
        self._ordering = True  # the list already shows the new order
        try:
            self.canvas.set_layer_order(list(reversed(self.names())))  # bottom first
        finally:
            self._ordering = False

    def _item_changed(self, item: QListWidgetItem) -> None:
        visible = item.checkState() == Qt.CheckState.Checked
        self.canvas.set_layer_visible(item.data(NAME_ROLE), visible)

    def _zoom_to_current(self) -> None:
        name = self.current_name()
        if name is not None:
            self.canvas.zoom_to_layer(name)

    # The current layer's look.

    def _show_current(self) -> None:
        layer = self.current_layer()
        vector = isinstance(layer, VectorLayer)
        for button in (self.opacity_slider, self.up_button, self.down_button, self.zoom_button):
            button.setEnabled(layer is not None)
        kinds = layer.kinds() if isinstance(layer, VectorLayer) else set()
        self.colour_button.setEnabled(vector)
        self.width_spin.setEnabled(bool(kinds & {"line", "polygon"}))  # polygons: outlines
        self.size_spin.setEnabled("point" in kinds)
        self.legend.show_layer(layer)
        if layer is None:
            return
        for value in (self.opacity_slider, self.width_spin, self.size_spin):
            value.blockSignals(True)
        self.opacity_slider.setValue(round(layer.opacity * 100))
        if isinstance(layer, VectorLayer):
            self.width_spin.setValue(layer.style.width_px)
            self.size_spin.setValue(layer.style.size_px)
            self.colour_button.setStyleSheet(f"background-color: {layer.style.colour}")
        for value in (self.opacity_slider, self.width_spin, self.size_spin):
            value.blockSignals(False)

    def choose_colour(self) -> None:
        """Ask for the current layer's colour and apply it."""
        layer = self.current_layer()
        if not isinstance(layer, VectorLayer):
            return
        colour = QColorDialog.getColor(QColor(layer.style.colour), self, self.tr("Layer colour"))
        if colour.isValid():
            self.set_colour(colour)

    def set_colour(self, colour: QColor) -> None:
        """Draw the current layer in one ``colour`` (categories give way to it)."""
        layer = self.current_layer()
        if isinstance(layer, VectorLayer):
            fill = None if layer.style.fill is None else colour.name()
            layer.style = replace(
                layer.style, colour=colour.name(), fill=fill, category_field=None, categories={}
            )
            self._show_current()
            self.canvas.refresh()

    def _opacity_changed(self, value: int) -> None:
        layer = self.current_layer()
        if layer is not None:
            layer.opacity = value / 100
            self.canvas.refresh()

    def _width_changed(self, value: float) -> None:
        layer = self.current_layer()
        if isinstance(layer, VectorLayer):
            categories = {k: replace(c, width_px=None) for k, c in layer.style.categories.items()}
            layer.style = replace(layer.style, width_px=value, categories=categories)
            self.legend.show_layer(layer)
            self.canvas.refresh()

    def _size_changed(self, value: float) -> None:
        layer = self.current_layer()
        if isinstance(layer, VectorLayer):
            layer.style = replace(layer.style, size_px=value)
            self.canvas.refresh()
