"""The map: a canvas drawn with QPainter off the GUI thread, its layers and their styles."""

from desktop.map.canvas import MapCanvas, ScaleBar
from desktop.map.layers import CategoryStyle, LayerStyle, VectorLayer
from desktop.map.raster import RasterLayer
from desktop.map.render import RenderStats, View
from desktop.map.tools import MapTool

__all__ = [
    "CategoryStyle",
    "LayerStyle",
    "MapCanvas",
    "MapTool",
    "RasterLayer",
    "RenderStats",
    "ScaleBar",
    "VectorLayer",
    "View",
]
