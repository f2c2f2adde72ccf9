"""Quality checks of a cycle network, as BikeDNA makes them, and the graphs they need.

A city's cycleway register is a set of lines drawn piece by piece; where two
pieces meet, their ends rarely share a vertex. Here pieces whose ends lie
within ``snap_m`` of another piece (or that cross it) count as connected, and
the connected groups of pieces are the network's *components*.

The checks, each an issue point in :attr:`NetworkQuality.issues`:

* ``dead_end``: a piece's end that touches no other piece; ``metres`` is how
  far the nearest other piece is (empty if there is none).
* ``stops_short_of_junction`` / ``overshoots_junction``: a piece's end near a
  junction of the *street* network (a node joining three or more street
  segments) but not at it: ``metres`` is the distance along the cycleway's
  direction from its end to the junction, ahead of it (short) or behind it
  (overshoot). Cycleways run beside streets, so the junction may lie up to
  ``lateral_m`` to the side of the line.
* ``missing_tags``: a piece without surface, lighting or width; the share of
  the network's length without each tag is in the summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import ParameterError
from analysis.params import check, param

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

TAG_PATTERNS = {
    "surface": r"^surface$|nawierzch|surface",
    "lighting": r"^lit$|o[sś]wietl|light",
    "width": r"^width$|szeroko|width",
}
"""Column names that hold each tag: Polish registers, English, OSM tags."""


@dataclass(frozen=True)
class NetworkParams:
    """How pieces of the cycle network are joined and when an end is a defect."""

    snap_m: float = param(3.0, unit="m", above=0, at_most=100)
    """Ends of pieces within this distance of another piece are connected to it."""
    node_tolerance_m: float = param(0.5, unit="m", above=0, at_most=100)
    """Street segment ends within this distance are one node."""
    lateral_m: float = param(15.0, unit="m", above=0, at_most=500)
    """Largest distance of a junction to the side of a cycleway's end (cycleways run beside
    the street's centreline)."""
    junction_tolerance_m: float = param(2.0, unit="m", at_least=0, at_most=1_000)
    """An end within this distance (along the cycleway) of a junction ends at it."""
    junction_search_m: float = param(30.0, unit="m", above=0, at_most=5_000)
    """Ends farther than this from every junction are not checked against junctions."""

    def __post_init__(self) -> None:
        check(self)
        if not self.junction_tolerance_m < self.junction_search_m:
            raise ParameterError(
                "junction_tolerance_m",
                None,
                f"must be less than junction_search_m ({self.junction_search_m:g} m)",
            )


@dataclass(frozen=True)
class NetworkQuality:
    """Components, issues and tag completeness of a cycle network."""

    component: np.ndarray
    """Component number of each piece, the largest component (by length) 0."""
    components: gpd.GeoDataFrame
    """One row per component: pieces, length_km, the merged geometry."""
    issues: gpd.GeoDataFrame
    """One point per issue: type, cycleway (row of the input layer), its id if the layer has
    one, metres, detail, component."""
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StreetGraph:
    """Street segments as edges between nodes (ends within a tolerance are one node)."""

    u: np.ndarray
    v: np.ndarray
    node_xy: np.ndarray
    length: np.ndarray

    def degree(self) -> np.ndarray:
        """Number of segment ends at each node."""
        return np.bincount(np.concatenate([self.u, self.v]), minlength=len(self.node_xy))


def street_graph(lines: np.ndarray, tolerance_m: float) -> StreetGraph:
    """The graph of line strings ``lines``: their first and last points, merged within tolerance."""
    import shapely
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    ends = np.concatenate([_end_points(lines, first=True), _end_points(lines, first=False)])
    pairs = cKDTree(ends).query_pairs(tolerance_m, output_type="ndarray")
    n = len(ends)
    adjacency = coo_array((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, node = connected_components(adjacency, directed=False)
    node_xy = np.zeros((node.max() + 1, 2))
    node_xy[node] = ends  # any end of a node stands for it
    count = len(lines)
    return StreetGraph(node[:count], node[count:], node_xy, shapely.length(lines))


def cycleway_components(lines: np.ndarray, snap_m: float) -> np.ndarray:
    """Component of each piece, numbered by length (the longest component 0).

    Pieces whose ends lie within ``snap_m`` of one another, or that cross, are connected.
    """
    import shapely
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    tree = shapely.STRtree(lines)
    ends = shapely.points(np.concatenate([_end_points(lines, True), _end_points(lines, False)]))
    end, other = tree.query(ends, predicate="dwithin", distance=snap_m)
    a, b = tree.query(lines, predicate="intersects")
    rows = np.concatenate([end % len(lines), a])
    cols = np.concatenate([other, b])
    n = len(lines)
    adjacency = coo_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, label = connected_components(adjacency, directed=False)
    km = np.bincount(label, weights=shapely.length(lines))
    rank = np.empty_like(label)
    rank[np.argsort(-km, kind="stable")] = np.arange(len(km))
    return np.asarray(rank[label])


def tag_columns(columns: pd.Index) -> dict[str, str | None]:
    """The column holding each tag (surface, lighting, width), or None."""
    found: dict[str, str | None] = {}
    for tag, pattern in TAG_PATTERNS.items():
        found[tag] = next((str(c) for c in columns if re.search(pattern, str(c), re.I)), None)
    return found


def check_network(
    cycleways: gpd.GeoDataFrame, streets: gpd.GeoDataFrame, params: NetworkParams
) -> NetworkQuality:
    """Components, dead ends, ends short of or past street junctions, missing tags.

    Both layers are lines in one metric CRS (checked by the caller).
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    cycleways = cycleways.explode(index_parts=False)  # multi-lines: one piece per part
    lines = cycleways.geometry.to_numpy()
    component = cycleway_components(lines, params.snap_m)
    length = shapely.length(lines)
    parts = pd.DataFrame({"component": component, "length": length, "geometry": lines})
    components = gpd.GeoDataFrame(
        {
            "component": np.arange(component.max() + 1),
            "pieces": np.bincount(component),
            "length_km": np.bincount(component, weights=length) / 1000,
        },
        geometry=[
            shapely.line_merge(shapely.union_all(g))
            for _, g in parts.groupby("component")["geometry"]
        ],
        crs=cycleways.crs,
    )
    graph = street_graph(streets.geometry.to_numpy(), params.node_tolerance_m)
    junctions = graph.node_xy[graph.degree() >= 3]
    issues = pd.concat(
        [_end_issues(lines, junctions, params), _tag_issues(cycleways, length)],
        ignore_index=True,
    )
    issues = gpd.GeoDataFrame(issues, geometry="geometry", crs=cycleways.crs)
    piece = issues["cycleway"].to_numpy(dtype=int)
    issues["component"] = component[piece]
    issues["cycleway"] = cycleways.index.to_numpy()[piece]  # the row of the input layer
    if (key := _id_column(cycleways)) is not None:
        issues.insert(2, "cycleway_id", cycleways[key].to_numpy()[piece])
    tags = tag_columns(cycleways.columns)
    missing = {
        tag: round(float(length[_missing(cycleways, column)].sum() / length.sum()), 4)
        for tag, column in tags.items()
    }
    counts = issues["type"].value_counts()
    summary = {
        "cycleway_km": round(float(length.sum()) / 1000, 2),
        "components": len(components),
        "component_km": [round(float(k), 2) for k in components["length_km"]],
        **{kind: int(counts.get(kind, 0)) for kind in ISSUE_TYPES},
        "tag_columns": tags,
        "missing_share": missing,
    }
    return NetworkQuality(component, components, issues, summary)


ISSUE_TYPES = ("dead_end", "stops_short_of_junction", "overshoots_junction", "missing_tags")


def _id_column(table: pd.DataFrame) -> str | None:
    """The first of the usual identifier columns (id, fid, gid, objectid) the table has."""
    lower = {str(c).lower(): str(c) for c in table.columns}
    return next((lower[c] for c in ("id", "fid", "gid", "objectid") if c in lower), None)


def _end_points(lines: np.ndarray, first: bool) -> np.ndarray:
    """First (or last) coordinates of each geometry."""
    import shapely

    coords, owner = shapely.get_coordinates(lines, return_index=True)
    start = np.searchsorted(owner, np.arange(len(lines)))
    return np.asarray(coords[start] if first else coords[np.r_[start[1:], len(owner)] - 1])


def _end_issues(lines: np.ndarray, junctions: np.ndarray, params: NetworkParams) -> pd.DataFrame:
    """Dead ends, and ends short of or past a street junction."""
    import pandas as pd
    import shapely
    from scipy.spatial import cKDTree

    n = len(lines)
    xy = np.concatenate([_end_points(lines, True), _end_points(lines, False)])
    piece = np.tile(np.arange(n), 2)
    # Outward direction at each end: from the second (or last but one) vertex to the end.
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    first = np.searchsorted(owner, np.arange(n))
    last = np.concatenate([first[1:], [len(owner)]]) - 1
    inner = np.concatenate([coords[first + 1], coords[last - 1]])
    outward = xy - inner
    outward /= np.linalg.norm(outward, axis=1, keepdims=True)

    rows: list[dict[str, Any]] = []
    tree = shapely.STRtree(lines)
    points = shapely.points(xy)
    near_end, near_piece = tree.query(points, predicate="dwithin", distance=params.snap_m)
    touched = np.zeros(2 * n, bool)
    touched[near_end[near_piece != piece[near_end]]] = True
    for k in np.flatnonzero(~touched):
        others = np.delete(lines, piece[k])
        distance = float(shapely.distance(points[k], others).min()) if n > 1 else float("nan")
        rows.append(
            {
                "type": "dead_end",
                "cycleway": piece[k],
                "metres": distance,
                "detail": "touches no other cycleway",
                "geometry": points[k],
            }
        )

    if len(junctions):
        near = cKDTree(junctions).query_ball_point(xy, params.junction_search_m)
        for end, candidates in enumerate(near):
            if not candidates:
                continue
            offset = junctions[candidates] - xy[end]
            along = offset @ outward[end]
            lateral = np.abs(offset[:, 0] * outward[end, 1] - offset[:, 1] * outward[end, 0])
            fits = lateral <= params.lateral_m
            if not fits.any():
                continue
            gap = along[fits][np.argmin(np.abs(along[fits]))]
            if abs(gap) <= params.junction_tolerance_m:
                continue
            kind = "stops_short_of_junction" if gap > 0 else "overshoots_junction"
            detail = "ends before the junction" if gap > 0 else "runs past the junction"
            rows.append(
                {
                    "type": kind,
                    "cycleway": piece[end],
                    "metres": round(abs(gap), 2),
                    "detail": detail,
                    "geometry": points[end],
                }
            )
    return pd.DataFrame(rows, columns=["type", "cycleway", "metres", "detail", "geometry"])


def _missing(cycleways: gpd.GeoDataFrame, column: str | None) -> np.ndarray:
    """Pieces without a value in ``column`` (all of them if there is no such column)."""
    if column is None:
        return np.ones(len(cycleways), bool)
    values = cycleways[column]
    blank = values.astype("string").str.strip().isin(["", "nan", "None"]).fillna(False)
    return np.asarray(values.isna() | blank, dtype=bool)


def _tag_issues(cycleways: gpd.GeoDataFrame, length: np.ndarray) -> pd.DataFrame:
    import pandas as pd
    import shapely

    tags = tag_columns(cycleways.columns)
    missing = pd.DataFrame({tag: _missing(cycleways, col) for tag, col in tags.items()})
    which = np.flatnonzero(missing.any(axis=1).to_numpy())
    detail = [", ".join(t for t in tags if missing.at[i, t]) for i in which]
    middle = shapely.line_interpolate_point(
        cycleways.geometry.to_numpy()[which], 0.5, normalized=True
    )
    return pd.DataFrame(
        {
            "type": "missing_tags",
            "cycleway": which,
            "metres": length[which],
            "detail": detail,
            "geometry": middle,
        }
    )
