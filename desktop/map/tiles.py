"""Basemap tiles from a local XYZ folder or MBTiles file, drawn under the map's layers.

The sources are the ones the offline HTML map reads (see
:mod:`analysis.export.web_layers`): an XYZ folder ``{z}/{x}/{y}.png`` (or
jpg/webp) counted from the north-west like OSM and Google, or an MBTiles file
(SQLite, rows counted from the south: ``tile_row = 2^z - 1 - y``). Only raster
tiles are drawn; vector tiles (pbf) are refused.

Tiles are in Web Mercator, the map in the workspace's metric CRS (EPSG:2180 or
a PL-2000 zone), turned against it by a degree or two. For each view the layer
picks the zoom level whose tiles have about the screen's resolution (within
the levels the source has), finds the tiles covering the view, moves each
tile's four corners into the map CRS and draws the tile image stretched onto
that quadrilateral (:meth:`QTransform.quadToQuad`). Everything here runs in
the renderer's worker thread: QImage and a QPainter on a QImage, never QPixmap.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QImageReader, QPainter, QPolygonF, QTransform

from analysis.errors import InputError
from analysis.export.web_layers import TILE_FORMATS, xyz_tiles

if TYPE_CHECKING:
    from desktop.map.render import View

MERCATOR_HALF = 20_037_508.342789244
"""Half the width of the Web Mercator world, in metres (pi times the sphere's radius)."""
TILE_PX = 256
"""Pixels along a tile's side, which sets the resolution of a zoom level."""
MAX_TILES = 400
"""Tiles in one view above which a coarser zoom level is drawn (or none at all)."""
CACHE_TILES = 256
"""Decoded tiles kept (about 64 MB of 256 px tiles), most recently drawn first."""
VECTOR_FORMATS = ("pbf", "mvt")


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The XYZ tile ``(x, y)`` holding ``(lon, lat)`` at zoom ``z`` (the OSM formula)."""
    n = 1 << z
    x = int((lon + 180.0) / 360.0 * n)
    lat_r = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(lat_r)) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """``(xmin, ymin, xmax, ymax)`` of XYZ tile ``(z, x, y)`` in Web Mercator metres."""
    size = 2 * MERCATOR_HALF / (1 << z)
    left, top = -MERCATOR_HALF + x * size, MERCATOR_HALF - y * size
    return (left, top - size, left + size, top)


@dataclass(frozen=True)
class TilePlan:
    """The tiles one view needs: a zoom level and the ranges of columns and rows."""

    z: int
    x0: int
    x1: int
    """Columns ``x0..x1``, inclusive."""
    y0: int
    y1: int
    """Rows ``y0..y1`` (XYZ, from the north), inclusive."""

    @property
    def count(self) -> int:
        """How many tiles."""
        return (self.x1 - self.x0 + 1) * (self.y1 - self.y0 + 1)


class _XyzFolder:
    """Tiles in ``folder/{z}/{x}/{y}.ext``."""

    def __init__(self, folder: Path) -> None:
        tiles = xyz_tiles(folder, folder)  # checks the folder as the HTML map does
        self.folder = folder
        self.format = tiles.url_template.rsplit(".", 1)[-1].lower()
        self.zooms = sorted(
            int(p.name)
            for p in folder.iterdir()
            if p.is_dir() and p.name.isdigit() and any(p.iterdir())
        )
        self.attribution = ""

    def read(self, z: int, x: int, y: int) -> bytes | None:
        path = self.folder / str(z) / str(x) / f"{y}.{self.format}"
        try:
            return path.read_bytes()
        except OSError:
            return None

    def close(self) -> None:
        pass


class _MBTiles:
    """Tiles in an MBTiles file, read through one read-only connection behind a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        uri = f"{path.resolve().as_uri()}?mode=ro"
        try:
            self._conn: sqlite3.Connection | None = sqlite3.connect(
                uri, uri=True, check_same_thread=False
            )
            conn = self._conn
            meta = {str(k): str(v) for k, v in conn.execute("SELECT name, value FROM metadata")}
            self.format = meta.get("format", "png").strip().lower()
            if self.format in VECTOR_FORMATS:
                raise InputError(
                    f"{path} holds vector tiles ({self.format}); the map draws raster tiles "
                    f"({', '.join(_drawable_formats())}): render them to PNG first"
                )
            if self.format not in _drawable_formats():
                raise InputError(
                    f"{path} holds {self.format} tiles; the map draws raster tiles "
                    f"({', '.join(_drawable_formats())}): render them to PNG first"
                )
            self.zooms = _mbtiles_zooms(conn)
        except sqlite3.DatabaseError as exc:
            self.close()
            raise InputError(f"{path} is not an MBTiles file: {exc}") from exc
        except InputError:
            self.close()
            raise
        if not self.zooms:
            self.close()
            raise InputError(f"{path} holds no tiles")
        self.attribution = meta.get("attribution", "")

    def read(self, z: int, x: int, y: int) -> bytes | None:
        with self._lock:
            if self._conn is None:
                return None
            row = self._conn.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                "AND tile_row = ?",
                (z, x, (1 << z) - 1 - y),
            ).fetchone()
        return None if row is None or row[0] is None else bytes(row[0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def _mbtiles_zooms(conn: sqlite3.Connection) -> list[int]:
    """The zoom levels present, one indexed look-up each (no scan of a large file)."""
    zooms: list[int] = []
    with closing(conn.cursor()) as cur:
        (z,) = cur.execute("SELECT MIN(zoom_level) FROM tiles").fetchone()
        while z is not None:
            zooms.append(int(z))
            (z,) = cur.execute(
                "SELECT MIN(zoom_level) FROM tiles WHERE zoom_level > ?", (z,)
            ).fetchone()
    return zooms


_projecting: ThreadPoolExecutor | None = None
_transformers: dict[str, Any] = {}
"""Transformers from a map CRS to Web Mercator, made and used in the projecting thread only."""
_start_lock = threading.Lock()


def project(
    crs: str, xs: np.ndarray, ys: np.ndarray, *, inverse: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """``(xs, ys)`` in ``crs`` transformed to Web Mercator (or back with ``inverse``).

    pyproj runs in one Python thread of this module's, whatever thread asks:
    the renderer's threads are Qt's pool, where pyproj 3.7 uses a freed PROJ
    context and crashes (pyproj issues 1509 and 1622, see
    :mod:`desktop.worker`). The transformers live in that thread for good.
    """
    global _projecting
    with _start_lock:
        if _projecting is None:
            _projecting = ThreadPoolExecutor(1, thread_name_prefix="urbanista-tiles-pyproj")
    return _projecting.submit(_project_here, crs, xs, ys, inverse).result()


def _project_here(
    crs: str, xs: np.ndarray, ys: np.ndarray, inverse: bool
) -> tuple[np.ndarray, np.ndarray]:
    transformer = _transformers.get(crs)
    if transformer is None:
        from pyproj import Transformer

        transformer = Transformer.from_crs(crs, "EPSG:3857", always_xy=True)
        _transformers[crs] = transformer
    x, y = transformer.transform(xs, ys, direction="INVERSE" if inverse else "FORWARD")
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def _drawable_formats() -> tuple[str, ...]:
    """The tile formats of the HTML map that this Qt build decodes."""
    qt = {bytes(f.data()).decode().lower() for f in QImageReader.supportedImageFormats()}
    return tuple(f for f in TILE_FORMATS if f in qt)


class TileLayer:
    """A raster tile basemap from an XYZ folder or an MBTiles file.

    Parameters
    ----------
    name, title, visible, opacity
        As for the other layers; ``title`` defaults to ``name``.
    source
        An XYZ folder (``{z}/{x}/{y}.png|jpg``) or an ``.mbtiles`` file.
    crs
        The map's CRS (the workspace's), EPSG:2180 unless told.

    Raises
    ------
    InputError
        If ``source`` is missing, holds no tiles, is no MBTiles file, or holds
        vector tiles (pbf) or a format Qt cannot decode.
    """

    bounds: tuple[float, float, float, float] | None = None
    """None: a basemap does not take part in "zoom to full extent"."""

    def __init__(
        self,
        name: str,
        source: str | Path,
        title: str | None = None,
        visible: bool = True,
        opacity: float = 1.0,
        *,
        crs: str = "EPSG:2180",
        max_tiles: int = MAX_TILES,
        cache_tiles: int = CACHE_TILES,
    ) -> None:
        self.name = name
        self.title = title or name
        self.source = Path(source)
        self.crs = crs
        self.visible = visible
        self.opacity = opacity
        self.max_tiles = max_tiles
        if self.source.is_dir():
            self._tiles: _XyzFolder | _MBTiles = _XyzFolder(self.source)
            if self._tiles.format not in _drawable_formats():
                raise InputError(
                    f"{self.source} holds {self._tiles.format} tiles, which this build "
                    f"cannot decode: use {', '.join(_drawable_formats())}"
                )
        elif self.source.is_file():
            self._tiles = _MBTiles(self.source)
        else:
            raise InputError(
                f"no tiles at {self.source}: give an XYZ tile folder or an .mbtiles file"
            )
        self.zooms: list[int] = list(self._tiles.zooms)
        """The zoom levels the source has, lowest first."""
        self.format = self._tiles.format
        self.attribution = self._tiles.attribution
        from pyproj.exceptions import CRSError

        try:  # a bad CRS fails here, not in the renderer
            project(crs, np.zeros(1), np.zeros(1))
        except CRSError as exc:
            self.close()
            raise InputError(f"the map CRS {crs!r} is not one pyproj knows: {exc}") from exc
        self._cache: OrderedDict[tuple[int, int, int], QImage | None] = OrderedDict()
        self._cache_tiles = cache_tiles
        self._lock = threading.Lock()

    def close(self) -> None:
        """Let go of the MBTiles file (an XYZ folder holds nothing open)."""
        self._tiles.close()

    def _mercator(
        self, xs: np.ndarray, ys: np.ndarray, *, inverse: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """Map coordinates to Web Mercator (or back with ``inverse``)."""
        return project(self.crs, xs, ys, inverse=inverse)

    # Which tiles.

    def mercator_per_pixel(self, view: View, pixel_ratio: float = 1.0) -> float:
        """Web Mercator metres per device pixel at the view's centre."""
        d = view.scale * 64
        xs = np.array([view.cx, view.cx + d, view.cx])
        ys = np.array([view.cy, view.cy, view.cy + d])
        mx, my = self._mercator(xs, ys)
        det = (mx[1] - mx[0]) * (my[2] - my[0]) - (mx[2] - mx[0]) * (my[1] - my[0])
        return math.sqrt(abs(det)) / 64 / pixel_ratio

    def ideal_zoom(self, view: View, pixel_ratio: float = 1.0) -> float:
        """The (fractional) zoom level whose tile pixels match the screen's."""
        mpp = self.mercator_per_pixel(view, pixel_ratio)
        if not (math.isfinite(mpp) and mpp > 0):
            return math.nan
        return math.log2(2 * MERCATOR_HALF / TILE_PX / mpp)

    def zoom_for(self, view: View, pixel_ratio: float = 1.0) -> int:
        """The source's zoom level nearest the view's scale (ignoring the tile cap)."""
        ideal = self.ideal_zoom(view, pixel_ratio)
        if not math.isfinite(ideal):  # a view far outside the map CRS's area
            return self.zooms[0]
        return min(self.zooms, key=lambda z: (abs(z - ideal), -z))

    def plan(self, view: View, pixel_ratio: float = 1.0) -> TilePlan | None:
        """The tiles to draw for ``view``; None when even the coarsest level needs too many.

        Starts at :meth:`zoom_for` and goes to coarser levels while the view
        needs more than ``max_tiles`` tiles.
        """
        box = self._mercator_box(view)
        if box is None:
            return None
        mx0, my0, mx1, my1 = box
        start = self.zoom_for(view, pixel_ratio)
        for z in sorted((z for z in self.zooms if z <= start), reverse=True):
            n = 1 << z
            size = 2 * MERCATOR_HALF / n

            def index(v: float, n: int = n, size: float = size) -> int:
                return min(max(math.floor(v / size), 0), n - 1)

            plan = TilePlan(
                z,
                index(mx0 + MERCATOR_HALF),
                index(mx1 + MERCATOR_HALF),
                index(MERCATOR_HALF - my1),
                index(MERCATOR_HALF - my0),
            )
            if plan.count <= self.max_tiles:
                return plan
        return None

    def _mercator_box(self, view: View) -> tuple[float, float, float, float] | None:
        """The Web Mercator bounding box of the view (its edges sampled, as they curve)."""
        x0, y0, x1, y1 = view.bounds
        t = np.linspace(0.0, 1.0, 9)
        xs = np.concatenate(
            [x0 + (x1 - x0) * t, np.full(9, x1), x1 - (x1 - x0) * t, np.full(9, x0)]
        )
        ys = np.concatenate(
            [np.full(9, y0), y0 + (y1 - y0) * t, np.full(9, y1), y1 - (y1 - y0) * t]
        )
        mx, my = self._mercator(xs, ys)
        mx, my = np.asarray(mx), np.asarray(my)
        ok = np.isfinite(mx) & np.isfinite(my)
        if not ok.any():
            return None
        mx = np.clip(mx[ok], -MERCATOR_HALF, MERCATOR_HALF)
        my = np.clip(my[ok], -MERCATOR_HALF, MERCATOR_HALF)
        if mx.min() >= mx.max() or my.min() >= my.max():
            return None
        return (float(mx.min()), float(my.min()), float(mx.max()), float(my.max()))

    # The tiles themselves.

    def image(self, z: int, x: int, y: int) -> QImage | None:
        """The decoded tile ``(z, x, y)`` (XYZ numbering); None if missing or undecodable."""
        key = (z, x, y)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        data = self._tiles.read(z, x, y)
        image: QImage | None = None
        if data:
            decoded = QImage.fromData(data)
            if not decoded.isNull():
                image = decoded
        with self._lock:
            self._cache[key] = image
            self._cache.move_to_end(key)
            while len(self._cache) > self._cache_tiles:
                self._cache.popitem(last=False)
        return image

    def corners(self, plan: TilePlan, view: View) -> tuple[np.ndarray, np.ndarray]:
        """Screen ``(sx, sy)`` of the tile grid's corners, shape ``(rows + 1, columns + 1)``."""
        size = 2 * MERCATOR_HALF / (1 << plan.z)
        gx = -MERCATOR_HALF + np.arange(plan.x0, plan.x1 + 2) * size
        gy = MERCATOR_HALF - np.arange(plan.y0, plan.y1 + 2) * size
        mx, my = np.meshgrid(gx, gy)
        x, y = self._mercator(mx.ravel(), my.ravel(), inverse=True)
        bx0, _, _, by1 = view.bounds
        sx = ((np.asarray(x) - bx0) / view.scale).reshape(mx.shape)
        sy = ((by1 - np.asarray(y)) / view.scale).reshape(mx.shape)
        return sx, sy

    def draw(self, painter: QPainter, view: View, opacity: float | None = None) -> int:
        """Draw the tiles of ``view`` with ``painter`` (on a QImage); return how many.

        ``opacity`` defaults to the layer's. The painter's device pixel ratio
        picks finer tiles on a high-density screen.
        """
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        plan = self.plan(view, ratio)
        if plan is None:
            return 0
        sx, sy = self.corners(plan, view)
        painter.save()
        painter.setOpacity(self.opacity if opacity is None else opacity)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # no seams
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        drawn = 0
        try:
            for j, y in enumerate(range(plan.y0, plan.y1 + 1)):
                for i, x in enumerate(range(plan.x0, plan.x1 + 1)):
                    quad = _quad(sx, sy, i, j)
                    if quad is None or not _on_screen(quad, view):
                        continue
                    image = self.image(plan.z, x, y)
                    if image is None:
                        continue
                    w, h = image.width(), image.height()
                    square = QPolygonF([QPointF(0, 0), QPointF(w, 0), QPointF(w, h), QPointF(0, h)])
                    transform = QTransform()
                    if not QTransform.quadToQuad(square, quad, transform):
                        continue
                    painter.setTransform(transform)
                    painter.drawImage(0, 0, image)
                    drawn += 1
        finally:
            painter.restore()
        return drawn


def _quad(sx: np.ndarray, sy: np.ndarray, i: int, j: int) -> QPolygonF | None:
    """Tile ``(i, j)``'s corners on screen: north-west, north-east, south-east, south-west."""
    at = ((j, i), (j, i + 1), (j + 1, i + 1), (j + 1, i))
    points = [(float(sx[a]), float(sy[a])) for a in at]
    if not all(math.isfinite(px) and math.isfinite(py) for px, py in points):
        return None
    return QPolygonF([QPointF(px, py) for px, py in points])


def _on_screen(quad: QPolygonF, view: View) -> bool:
    box = quad.boundingRect()
    return (
        box.right() >= 0
        and box.bottom() >= 0
        and box.left() <= view.width
        and (box.top() <= view.height)
    )
