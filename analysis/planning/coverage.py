"""Which facility covers which demand point, by walking distance along the street network.

Demand points and facilities (candidate sites, existing racks) are snapped to
the nearest street within ``snap_m``; each snapped position becomes a node of
the street graph, splitting the street piece it lies on. The walking distance
from a facility to a demand point is the way from the facility to the street,
along the streets, and from the street to the point. Dijkstra runs from each
facility with ``limit=walk_m`` (:func:`scipy.sparse.csgraph.dijkstra`), a few
hundred facilities at a time, so only their neighbourhoods are searched and
the result is a sparse facility x demand matrix: no all-pairs matrix is built.

Streets are joined where they share a vertex (as OpenStreetMap and BDOT10k
streets are): two lines that cross without a common vertex are a bridge over a
street, not a junction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analysis.errors import InputError
from analysis.progress import NullProgress, Progress, check_cancelled

if TYPE_CHECKING:
    from scipy import sparse

_EPS_M = 1e-6
"""Length given to zero-length graph edges (points snapped to one spot), which
a sparse graph would otherwise drop."""
_CHUNK_CELLS = 4_000_000
"""Sources x nodes searched per Dijkstra call: bounds the memory of one batch."""


@dataclass(frozen=True)
class Snapped:
    """Where geometries meet the street network."""

    piece: np.ndarray
    """Index of the street piece (two-vertex segment) each geometry snapped to; -1: none."""
    offset_m: np.ndarray
    """Distance along that piece from its first vertex."""
    access_m: np.ndarray
    """Distance from the geometry to the street (0 for points on it)."""

    @property
    def ok(self) -> np.ndarray:
        """Which geometries are within the snapping distance of a street."""
        return self.piece >= 0


@dataclass(frozen=True)
class StreetPieces:
    """The street network as two-vertex pieces between numbered vertices."""

    lines: np.ndarray
    """The pieces as shapely line strings."""
    start: np.ndarray
    end: np.ndarray
    """Vertex numbers at each end of each piece."""
    length_m: np.ndarray
    n_vertices: int

    @classmethod
    def from_lines(cls, streets: np.ndarray, node_tolerance_m: float = 0.01) -> StreetPieces:
        """Break (multi)line strings into pieces; vertices closer than the tolerance are one."""
        import shapely

        parts = shapely.get_parts(streets)
        xy, owner = shapely.get_coordinates(parts, return_index=True)
        same_line = owner[1:] == owner[:-1]
        keys = np.round(xy / node_tolerance_m).astype(np.int64)
        _, vertex = np.unique(keys, axis=0, return_inverse=True)
        vertex = vertex.ravel()
        a, b = np.flatnonzero(same_line), np.flatnonzero(same_line) + 1
        keep = vertex[a] != vertex[b]
        a, b = a[keep], b[keep]
        lines = shapely.linestrings(np.stack([xy[a], xy[b]], axis=1))
        return cls(
            lines,
            vertex[a],
            vertex[b],
            shapely.length(lines),
            int(vertex.max()) + 1 if len(vertex) else 0,
        )

    def snap(self, geometries: np.ndarray, snap_m: float) -> Snapped:
        """The nearest piece within ``snap_m`` of each geometry, and where along it."""
        import shapely

        tree = shapely.STRtree(self.lines)
        geom_i, piece_i = tree.query_nearest(geometries, max_distance=snap_m, all_matches=False)
        piece = np.full(len(geometries), -1, np.int64)
        offset = np.zeros(len(geometries))
        access = np.zeros(len(geometries))
        piece[geom_i] = piece_i
        link = shapely.shortest_line(geometries[geom_i], self.lines[piece_i])
        offset[geom_i] = shapely.line_locate_point(self.lines[piece_i], shapely.get_point(link, 1))
        access[geom_i] = shapely.length(link)
        return Snapped(piece, offset, access)


def _graph(pieces: StreetPieces, snapped: list[Snapped]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The street graph split at every snapped position, and each snapped item's node."""
    from scipy import sparse

    piece = np.concatenate([s.piece for s in snapped])
    offset = np.concatenate([s.offset_m for s in snapped])
    ok = piece >= 0
    node = np.full(len(piece), -1, np.int64)
    node[ok] = pieces.n_vertices + np.arange(ok.sum())
    n_pieces = len(pieces.lines)
    # Each piece becomes a chain: its start, the snapped points by offset, its end.
    chain_piece = np.concatenate([np.arange(n_pieces), piece[ok], np.arange(n_pieces)])
    chain_at = np.concatenate([np.zeros(n_pieces), offset[ok], pieces.length_m])
    chain_node = np.concatenate([pieces.start, node[ok], pieces.end])
    rank = np.concatenate([np.zeros(n_pieces), np.ones(ok.sum()), np.full(n_pieces, 2.0)])
    order = np.lexsort((rank, chain_at, chain_piece))
    chain_piece, chain_at, chain_node = chain_piece[order], chain_at[order], chain_node[order]
    link = chain_piece[1:] == chain_piece[:-1]
    u, v = chain_node[:-1][link], chain_node[1:][link]
    w = np.maximum(np.diff(chain_at)[link], _EPS_M)
    # Parallel edges between two nodes: keep the shortest (a sparse sum would add them).
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    first = np.lexsort((w, hi, lo))
    lo, hi, w = lo[first], hi[first], w[first]
    unique = np.concatenate([[True], (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])])
    n = pieces.n_vertices + int(ok.sum())
    graph = sparse.csr_matrix((w[unique], (lo[unique], hi[unique])), shape=(n, n))
    return graph, node


def walking_coverage(
    streets: np.ndarray,
    demand: np.ndarray,
    facilities: np.ndarray,
    walk_m: float,
    snap_m: float,
    progress: Progress | None = None,
) -> tuple[sparse.csr_matrix, Snapped, Snapped]:
    """Facility x demand boolean matrix: True where the walk between them is at most ``walk_m``.

    ``streets``, ``demand`` and ``facilities`` are arrays of shapely geometries
    in one metric CRS (demand may be polygons: the walk starts at their edge).
    Returns the matrix and where demand and facilities snapped; those farther
    than ``snap_m`` from every street cover and are covered by nothing.

    Raises
    ------
    InputError
        If the streets have no pieces, or no demand point or no facility is
        within ``snap_m`` of a street.
    """
    from scipy import sparse
    from scipy.sparse.csgraph import dijkstra

    progress = progress or NullProgress()
    if walk_m <= 0 or snap_m < 0:
        raise InputError(
            f"the walking distance must be positive and the snapping distance "
            f"not negative, got {walk_m:g} m and {snap_m:g} m"
        )
    pieces = StreetPieces.from_lines(streets)
    if not len(pieces.lines):
        raise InputError("the street layer has no line with two distinct vertices")
    on_demand = pieces.snap(demand, snap_m)
    on_facility = pieces.snap(facilities, snap_m)
    for what, snap in (("demand point", on_demand), ("candidate site or rack", on_facility)):
        if len(snap.ok) and not snap.ok.any():
            raise InputError(
                f"no {what} is within {snap_m:g} m of a street: are the streets of the same "
                "city and in the same CRS, or is the snapping distance too small?"
            )
    graph, node = _graph(pieces, [on_demand, on_facility])
    demand_node, facility_node = node[: len(demand)], node[len(demand) :]
    sources = np.flatnonzero(on_facility.ok)
    targets = np.flatnonzero(on_demand.ok)
    room = walk_m - on_demand.access_m[targets]
    rows, cols = [], []
    batch = max(1, _CHUNK_CELLS // graph.shape[0])
    for start in range(0, len(sources), batch):
        check_cancelled(progress)
        src = sources[start : start + batch]
        dist = dijkstra(graph, directed=False, indices=facility_node[src], limit=walk_m)
        near = dist[:, demand_node[targets]] <= room[None, :] - on_facility.access_m[src, None]
        r, c = np.nonzero(near)
        rows.append(src[r])
        cols.append(targets[c])
        progress.report(min(1.0, (start + batch) / max(len(sources), 1)), "walking distances")
    none = [np.empty(0, np.int64)]
    r, c = np.concatenate(rows or none), np.concatenate(cols or none)
    shape = (len(facilities), len(demand))
    return sparse.csr_matrix((np.ones(len(r), bool), (r, c)), shape=shape), on_demand, on_facility


def euclidean_coverage(
    demand: np.ndarray, facilities: np.ndarray, radius_m: float
) -> sparse.csr_matrix:
    """Facility x demand boolean matrix of pairs within ``radius_m`` in a straight line."""
    import shapely
    from scipy import sparse

    fac, dem = shapely.STRtree(demand).query(facilities, predicate="dwithin", distance=radius_m)
    return sparse.csr_matrix(
        (np.ones(len(fac), bool), (fac, dem)), shape=(len(facilities), len(demand))
    )
