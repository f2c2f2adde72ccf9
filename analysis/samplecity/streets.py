"""The street network of the sample city: a warped, jittered grid cut by a river.

The grid is denser in the centre, bent by a smooth displacement field, and cut
by a river that only primary and secondary streets cross (on bridges), so that
shortest paths detour as they do in real cities.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from analysis.samplecity.names import STREETS_EAST_WEST, STREETS_NORTH_SOUTH

CRS = "EPSG:2180"
"""The sample city's coordinates: PUWG 1992, metres."""
GRID_LINES = 40
PRIMARY_LINES = frozenset({7, 19, 31})
SECONDARY_LINES = frozenset({3, 11, 15, 23, 27, 35, 39})
SPEED_LIMIT = {"primary": 50, "secondary": 50, "residential": 30}


def line_class(k: int) -> str:
    """Road class (OSM ``highway`` value) of grid line ``k``."""
    if k in PRIMARY_LINES:
        return "primary"
    if k in SECONDARY_LINES:
        return "secondary"
    return "residential"


@dataclass(frozen=True)
class Frame:
    """Where the city lies: south-west corner and side length, in EPSG:2180 metres."""

    x0: float
    y0: float
    size: float

    def river_y(self, x: np.ndarray) -> np.ndarray:
        """Northing of the river's centre line at easting ``x``."""
        return self.y0 + 0.39 * self.size + 350.0 * np.sin(2 * np.pi * (x - self.x0) / 6500.0 + 0.6)

    def river_centreline(self) -> shapely.LineString:
        """The river's centre line, reaching 200 m beyond the city on both sides."""
        xs = np.linspace(self.x0 - 200, self.x0 + self.size + 200, 200)
        return shapely.LineString(np.column_stack([xs, self.river_y(xs)]))

    def river(self) -> shapely.Polygon:
        """The river as a polygon about 60 m wide."""
        return self.river_centreline().buffer(30.0)


@dataclass(frozen=True)
class Streets:
    """Street segments between junctions, with the grid positions they came from.

    Node ``k`` is grid point ``(col, row) = divmod(k, GRID_LINES)``; removed grid
    points keep their index but no segment touches them.
    """

    node_xy: np.ndarray  # (GRID_LINES**2, 2) float
    u: np.ndarray  # segment start node
    v: np.ndarray  # segment end node
    line: np.ndarray  # grid line index the segment lies on
    vertical: np.ndarray  # True for north-south segments
    geometry: np.ndarray  # shapely LineStrings, digitised from u to v
    name: np.ndarray  # street name, e.g. "ul. Lipowa"
    klass: np.ndarray  # OSM highway class

    @property
    def length(self) -> np.ndarray:
        """Segment lengths in metres."""
        return np.asarray(shapely.length(self.geometry), dtype=float)

    def graph(self, cost: np.ndarray | None = None) -> csr_matrix:
        """Undirected sparse graph of the network weighted by ``cost`` (default length)."""
        w = self.length if cost is None else cost
        n = len(self.node_xy)
        m = coo_matrix(
            (
                np.concatenate([w, w]),
                (np.concatenate([self.u, self.v]), np.concatenate([self.v, self.u])),
            ),
            shape=(n, n),
        )
        return m.tocsr()

    def segment_of(self, a: int, b: int) -> int:
        """Index of the segment joining nodes ``a`` and ``b``."""
        hits = np.flatnonzero(((self.u == a) & (self.v == b)) | ((self.u == b) & (self.v == a)))
        if len(hits) == 0:
            raise KeyError(f"no segment between nodes {a} and {b}")
        return int(hits[0])

    def node(self, col: int, row: int) -> int:
        """Node index of grid point ``(col, row)``."""
        return col * GRID_LINES + row

    def without(self, drop: np.ndarray) -> Streets:
        """Return the network without the segments where ``drop`` is True.

        Streets cut off by the removal go too: the network stays one connected piece.
        """
        keep = ~drop
        keep[keep] = _largest_component(self.u[keep], self.v[keep], len(self.node_xy))
        return Streets(
            self.node_xy,
            *(
                getattr(self, f)[keep]
                for f in ("u", "v", "line", "vertical", "geometry", "name", "klass")
            ),
        )

    def used_nodes(self) -> np.ndarray:
        """Indices of nodes that at least one segment touches."""
        return np.unique(np.concatenate([self.u, self.v]))


def _largest_component(u: np.ndarray, v: np.ndarray, n_nodes: int) -> np.ndarray:
    """Mask of the segments in the largest connected piece of the network."""
    m = coo_matrix((np.ones(len(u)), (u, v)), shape=(n_nodes, n_nodes))
    _, labels = connected_components(m, directed=False)
    return np.asarray(labels[u] == np.bincount(labels[u]).argmax())


def _warp(t: np.ndarray) -> np.ndarray:
    """Map [-1, 1] onto itself, stretching the ends: streets are denser in the centre."""
    return np.asarray(t * (0.55 + 0.45 * np.abs(t)))


def build_streets(frame: Frame, rng: np.random.Generator) -> Streets:
    """Build the street network of the city in ``frame``."""
    n = GRID_LINES
    t = _warp(np.linspace(-1.0, 1.0, n))
    half = frame.size / 2
    cols, rows = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    x = frame.x0 + half + half * 0.97 * t[cols]
    y = frame.y0 + half + half * 0.97 * t[rows]
    # A smooth bend, then jitter: no street is ruler-straight.
    x, y = (
        x + 70.0 * np.sin((y - frame.y0) / 1100.0) + rng.normal(0, 10, x.shape),
        y + 60.0 * np.sin((x - frame.x0) / 1300.0 + 1.0) + rng.normal(0, 10, y.shape),
    )
    node_xy = np.column_stack([x.ravel(), y.ravel()])

    segments = []  # (u, v, grid line, north-south?)
    for c in range(n):
        for r in range(n):
            k = c * n + r
            if r + 1 < n:  # north-south segment on column line c
                segments.append((k, k + 1, c, True))
            if c + 1 < n:  # east-west segment on row line r
                segments.append((k, k + n, r, False))
    u_a, v_a, line_a, vert_a = (np.array(col) for col in zip(*segments, strict=True))
    klass = np.array([line_class(k) for k in line_a], dtype=object)

    # The river: only primary and secondary streets cross it, on bridges.
    river = frame.river()
    near_river = shapely.distance(shapely.points(node_xy), frame.river_centreline()) < 45.0
    chords = shapely.linestrings(np.stack([node_xy[u_a], node_xy[v_a]], axis=1))
    crosses = shapely.intersects(chords, river)
    bridge = crosses & vert_a & (klass != "residential")
    # Junctions by the water vanish, except on the streets that bridge it.
    bridge_line = np.array([line_class(c) != "residential" for c in range(n)])
    wet = near_river & ~bridge_line[np.arange(n * n) // n]
    keep = (~crosses | bridge) & ~wet[u_a] & ~wet[v_a]
    # Some residential blocks are longer: drop a share of residential segments.
    keep &= ~((klass == "residential") & (rng.random(len(u_a)) < 0.12))

    u_a, v_a, line_a, vert_a, klass = (a[keep] for a in (u_a, v_a, line_a, vert_a, klass))
    # Keep the largest connected piece so every street is reachable.
    keep = _largest_component(u_a, v_a, n * n)
    u_a, v_a, line_a, vert_a, klass = (a[keep] for a in (u_a, v_a, line_a, vert_a, klass))

    # A slight bow in residential streets; main roads stay straight.
    a, b = node_xy[u_a], node_xy[v_a]
    d = b - a
    normal = np.column_stack([-d[:, 1], d[:, 0]]) / np.hypot(d[:, 0], d[:, 1])[:, None]
    bow = np.where(klass == "residential", rng.normal(0, 5, len(u_a)), 0.0)
    mid = (a + b) / 2 + normal * bow[:, None]
    geometry = shapely.linestrings(np.stack([a, mid, b], axis=1))

    names = np.array(
        [
            ("al. " if k in PRIMARY_LINES else "ul. ")
            + (STREETS_NORTH_SOUTH[k] if is_vert else STREETS_EAST_WEST[k])
            for k, is_vert in zip(line_a, vert_a, strict=True)
        ],
        dtype=object,
    )
    return Streets(node_xy, u_a, v_a, line_a, vert_a, geometry, names, klass)
