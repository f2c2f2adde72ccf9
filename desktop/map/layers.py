"""Vector layers for the map canvas: geometries read once, batched for fast drawing.

A :class:`VectorLayer` keeps a layer's attributes and shapely geometries, and
splits them once into :class:`Group` batches (one per category value and
geometry kind): lines and polygons as one ``QPainterPath`` in map
coordinates, points as a numpy array. Drawing a layer is then a handful of Qt
calls whatever its size. Styles are frozen :class:`LayerStyle` values, so the
renderer's thread reads a consistent snapshot while the GUI replaces them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream
from PySide6.QtGui import QPainterPath

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    import shapely

GeometryKind = Literal["point", "line", "polygon"]
PATH_CHUNK = 24
"""Line or polygon parts per ``QPainterPath`` batch (see :func:`paths_of`)."""
PT_TO_PX = 96 / 72
"""Screen pixels per typographic point, at the 96 dpi Qt assumes."""


@dataclass(frozen=True)
class CategoryStyle:
    """Colour and line width of one value of a categorised layer."""

    colour: str
    width_px: float | None = None
    label: str = ""


@dataclass(frozen=True)
class LayerStyle:
    """How a vector layer is drawn: widths and sizes in screen pixels.

    With ``category_field`` set, each value in ``categories`` has its own
    colour (and width); values not listed use ``colour``.
    """

    colour: str = "#666666"
    width_px: float = 1.0
    size_px: float = 5.0
    fill: str | None = None
    """Polygon fill, or the inside of point markers ringed in ``colour``."""
    fill_opacity: float = 1.0
    marker: str = "o"
    """``o`` round points, ``s`` square ones."""
    dash: tuple[float, ...] | None = None
    """Dash and gap lengths in line widths, None for solid lines."""
    category_field: str | None = None
    categories: dict[str, CategoryStyle] = field(default_factory=dict)

    def for_key(self, key: str | None) -> tuple[str, float]:
        """Colour and width of the features whose category value is ``key``."""
        if self.category_field is None or key not in self.categories:
            return self.colour, self.width_px
        cat = self.categories[key]
        return cat.colour, self.width_px if cat.width_px is None else cat.width_px


@dataclass
class Group:
    """Features of one category value and geometry kind, ready to draw."""

    key: str | None
    kind: GeometryKind
    indices: np.ndarray
    paths: list[QPainterPath] = field(default_factory=list)
    xy: np.ndarray | None = None
    """Point coordinates, shape (n, 2), for ``kind == "point"``."""


class VectorLayer:
    """A vector layer of the map: attributes, geometries, style, visibility, opacity."""

    def __init__(
        self,
        name: str,
        geometries: np.ndarray,
        attributes: pd.DataFrame | None = None,
        style: LayerStyle | None = None,
        *,
        title: str | None = None,
        visible: bool = True,
        opacity: float = 1.0,
    ) -> None:
        import shapely

        keep = ~(shapely.is_missing(geometries) | shapely.is_empty(geometries))
        self.name = name
        self.title = title or name
        self.geometries = np.asarray(geometries)[keep]
        self.rows = np.flatnonzero(keep)
        """Row of each kept geometry in ``attributes`` (empty geometries are dropped)."""
        self.attributes = attributes
        self.visible = visible
        self.opacity = opacity
        self._style = style or LayerStyle()
        self._tree: shapely.STRtree | None = None
        self.groups = self._make_groups()
        self.selection: Group | None = None
        box = shapely.total_bounds(self.geometries) if len(self.geometries) else None
        self.bounds = None if box is None or np.isnan(box).any() else tuple(map(float, box))

    @classmethod
    def from_frame(
        cls, name: str, frame: gpd.GeoDataFrame, style: LayerStyle | None = None, **kwargs: Any
    ) -> VectorLayer:
        """A layer from a GeoDataFrame (its non-geometry columns are the attributes)."""
        attributes = frame.drop(columns=frame.geometry.name)
        return cls(name, frame.geometry.values, attributes, style, **kwargs)

    @property
    def style(self) -> LayerStyle:
        """The layer's style; setting one with another category field regroups it."""
        return self._style

    @style.setter
    def style(self, style: LayerStyle) -> None:
        regroup = style.category_field != self._style.category_field
        self._style = style
        if regroup:
            self.groups = self._make_groups()

    @property
    def feature_count(self) -> int:
        """Number of features with a geometry."""
        return len(self.geometries)

    def kinds(self) -> set[GeometryKind]:
        """The geometry kinds the layer holds."""
        return {g.kind for g in self.groups}

    def tree(self) -> shapely.STRtree:
        """A spatial index of the geometries, built on first use."""
        import shapely

        if self._tree is None:
            self._tree = shapely.STRtree(self.geometries)
        return self._tree

    def attributes_of(self, index: int) -> dict[str, Any]:
        """The attributes of feature ``index`` (a position among the kept geometries)."""
        if self.attributes is None:
            return {}
        row = self.attributes.iloc[int(self.rows[index])]
        return {str(k): (None if _is_missing(v) else v) for k, v in row.items()}

    def set_selection(self, indices: np.ndarray | list[int]) -> None:
        """Highlight the features at ``indices`` (rows of ``attributes``); empty clears."""
        rows = np.asarray(indices, dtype=np.int64)
        positions = np.flatnonzero(np.isin(self.rows, rows))
        self.selection = None
        if len(positions):
            groups = _groups_of(self.geometries, positions, None)
            self.selection = groups[0] if len(groups) == 1 else _merge(groups)

    def _make_groups(self) -> list[Group]:
        column = self._style.category_field
        all_rows = np.arange(len(self.geometries))
        if column is None or self.attributes is None or column not in self.attributes:
            return _groups_of(self.geometries, all_rows, None)
        values = self.attributes[column].to_numpy()[self.rows].astype(str)
        groups = []
        for key in np.unique(values):
            groups += _groups_of(self.geometries, np.flatnonzero(values == key), str(key))
        return groups


def _is_missing(value: Any) -> bool:
    try:
        return bool(value != value)  # NaN and NaT
    except (TypeError, ValueError):
        return False


def _groups_of(geometries: np.ndarray, indices: np.ndarray, key: str | None) -> list[Group]:
    import shapely

    type_ids = shapely.get_type_id(geometries[indices])
    kinds: tuple[tuple[GeometryKind, tuple[int, ...]], ...] = (
        ("polygon", (3, 6)),
        ("line", (1, 2, 5)),
        ("point", (0, 4)),
    )
    groups = []
    for kind, ids in kinds:
        mine = indices[np.isin(type_ids, ids)]
        if not len(mine):
            continue
        geoms = geometries[mine]
        if kind == "point":
            groups.append(Group(key, kind, mine, xy=shapely.get_coordinates(geoms)))
        else:
            groups.append(Group(key, kind, mine, paths=paths_of(geoms)))
    return groups


def _merge(groups: list[Group]) -> Group:
    """One group of mixed kinds for a selection: paths and points kept."""
    xy = [g.xy for g in groups if g.xy is not None]
    paths = [p for g in groups for p in g.paths]
    indices = np.concatenate([g.indices for g in groups])
    return Group(None, "line", indices, paths=paths, xy=np.concatenate(xy) if xy else None)


def paths_of(geometries: np.ndarray | list[shapely.Geometry]) -> list[QPainterPath]:
    """Lines or polygon rings as ``QPainterPath`` batches of :data:`PATH_CHUNK` parts.

    Qt strokes a wide antialiased pen over one huge path far slower than over
    many small ones (240 ms against 18 ms for 2,800 streets), so the parts are
    batched; a polygon's rings stay in one batch. Each batch is built from
    numpy in one go through Qt's binary path format (element count, then type,
    x, y per element, then the fill rule), not vertex by vertex. Polygons use
    the odd-even fill rule, so holes stay empty.
    """
    import shapely

    parts = shapely.get_parts(np.asarray(geometries))
    if not len(parts):
        return []
    part_of_ring = np.arange(len(parts))
    if shapely.get_type_id(parts).max() >= 3:
        rings_per_part = shapely.get_num_interior_rings(parts) + 1
        part_of_ring = np.repeat(part_of_ring, rings_per_part)
        parts = shapely.get_rings(parts)
    coords, ring = shapely.get_coordinates(parts, return_index=True)
    starts = np.ones(len(coords), dtype=bool)
    starts[1:] = ring[1:] != ring[:-1]
    batch = part_of_ring[ring] // PATH_CHUNK
    cuts = np.flatnonzero(np.diff(batch)) + 1
    bounds = zip(np.r_[0, cuts], np.r_[cuts, len(coords)], strict=True)
    return [_path(coords[a:b], starts[a:b]) for a, b in bounds]


def _path(coords: np.ndarray, starts: np.ndarray) -> QPainterPath:
    elements = np.empty(len(coords), dtype=[("type", ">i4"), ("x", ">f8"), ("y", ">f8")])
    elements["type"] = np.where(starts, 0, 1)  # MoveToElement, LineToElement
    elements["x"], elements["y"] = coords[:, 0], coords[:, 1]
    fill_rule = 0  # Qt.FillRule.OddEvenFill
    data = b"".join(
        (
            np.array([len(coords)], ">i4").tobytes(),
            elements.tobytes(),
            np.array([0, fill_rule], ">i4").tobytes(),
        )
    )
    path = QPainterPath()
    buffer = QByteArray(data)  # kept alive while the stream reads it
    stream = QDataStream(buffer)
    stream >> path
    return path
