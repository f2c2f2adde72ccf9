"""Bike-path gap analysis: streets that carry cycling demand but have no cycleway.

A street segment *has infrastructure* when at least ``covered_share`` of its
length lies within ``along_m`` of a cycleway. Bare segments are *candidates*
when residents ride them (at least ``min_users_per_day`` distinct users a day,
from :func:`analysis.heatmap.segments.segment_usage`), when citizen reports
near them ask for cycling infrastructure, or when they lie on a *link*: the
shortest street path joining two components of the cycle network
(:mod:`analysis.planning.cycle_network`), chosen as a minimum spanning tree
over the components of at least ``min_component_m``.

Consecutive candidate segments of one street (or of one link) merge into
*corridors*, with their ``length_m``, ``users_per_day`` (the length-weighted
mean of their segments), ``users`` (the most distinct users on one segment:
people cannot be added up along a street), ``reports`` and the components
they ``connects``. Each corridor's score adds three terms, each scaled to
0..1 over all corridors and shown as its own column:

* ``demand_term``: user-kilometres a day, ``users_per_day`` times ``length_m``;
* ``reports_term``: the reports asking for cycling infrastructure along it;
* ``connectivity_term``: the share of its length on links of the network;

weighted by ``demand_weight``, ``reports_weight`` and ``connectivity_weight``.
The network's quality checks (dead ends, ends short of or past junctions,
components, missing tags) come with it, in the ``issues`` table.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import InputError, ParameterError
from analysis.heatmap.usage import CYCLING_SEGMENTS
from analysis.params import check, param
from analysis.planning.cycle_network import NetworkParams, check_network, street_graph
from analysis.planning.inputs import LEFT_OUT, Inputs, Layers, Slot, layer_name, read_slots
from analysis.planning.result import AnalysisResult, layer_parameters, parameters_of
from analysis.progress import NullProgress, Progress, Steps, check_cancelled
from analysis.registry import N_, Analysis
from analysis.workspace import roles as r
from analysis.workspace.roles import USAGE

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from analysis.planning.cycle_network import StreetGraph
    from analysis.workspace import Workspace

NAME_COLUMNS = ("nazwa", "name", "ulica", "street", "nazwa_ulicy", "street_name")
ID_COLUMNS = ("id", "fid", "gid", "objectid", "segment")
REPORT_CATEGORIES = (
    "bike_lane",
    "bike_path",
    "cycleway",
    "cycling",
    "missing_bike_lane",
    "sciezka_rowerowa",
    "droga_rowerowa",
)
"""Categories that ask for a cycleway; missing bike racks are demand for ``analyze racks``."""
REPORT_TEXT = (
    r"[śs]cie[żz]\w* rowerow|drog\w* (?:dla )?rower|pas\w* rowerow|\bddr\b|infrastruktur\w* "
    r"rowerow|bike lane|bike path|cycle ?(?:lane|way|path|track)"
)
"""Report texts that ask for a cycleway (paths, lanes), Polish and English; not for racks."""


@dataclass(frozen=True)
class GapParams:
    """What counts as covered, as demand, as a link, and how corridors are scored."""

    along_m: float = param(15.0, unit="m", above=0, at_most=1_000, flag="--along")
    """A street point within this distance of a cycleway is covered by it."""
    covered_share: float = param(0.5, above=0, at_most=1)
    """A segment with at least this share of its length covered has infrastructure."""
    sample_m: float = param(5.0, unit="m", at_least=1, at_most=100)
    """Streets are sampled at this step to measure their covered share."""
    min_users_per_day: float = param(1.0, at_least=0, at_most=1_000_000, flag="--min-users-per-day")
    """A bare segment ridden by at least this many distinct users a day is a candidate."""
    report_distance_m: float = param(50.0, unit="m", above=0, at_most=5_000)
    """Reports within this distance of a street segment count for the nearest one."""
    report_categories: tuple[str, ...] = REPORT_CATEGORIES
    """Report categories asking for cycling infrastructure."""
    report_text: str = REPORT_TEXT
    """Regular expression (case-insensitive) of report texts asking for it."""
    min_component_m: float = param(200.0, unit="m", at_least=0, at_most=100_000)
    """Components of the cycle network shorter than this are not joined by links."""
    max_link_m: float = param(2000.0, unit="m", above=0, at_most=20_000)
    """Longest street link proposed between two components."""
    max_gap_m: float = param(30.0, unit="m", at_least=0, at_most=1_000)
    """Components closer than this (and than by street) are joined by a straight gap link."""
    demand_weight: float = param(0.6, at_least=0, at_most=1_000_000, flag="--weights", position=0)
    """Weight of the demand term (user-km a day) in the score."""
    reports_weight: float = param(0.2, at_least=0, at_most=1_000_000, flag="--weights", position=1)
    """Weight of the reports term in the score."""
    connectivity_weight: float = param(
        0.2, at_least=0, at_most=1_000_000, flag="--weights", position=2
    )
    """Weight of the connectivity term (share of length on links) in the score."""
    name_column: str | None = None
    """The streets' name column; None: the first of nazwa, name, ulica, street..."""
    network: NetworkParams = field(default_factory=NetworkParams)
    """How the cycle network's pieces join, for components and quality checks."""

    def __post_init__(self) -> None:
        check(self)
        weights = (self.demand_weight, self.reports_weight, self.connectivity_weight)
        if sum(weights) <= 0:
            raise ParameterError("demand_weight", "--weights", "the weights must not all be zero")


def gap_analysis(
    streets: gpd.GeoDataFrame,
    cycleways: gpd.GeoDataFrame,
    reports: gpd.GeoDataFrame | None = None,
    params: GapParams | None = None,
    progress: Progress | None = None,
    layer_names: Mapping[str, str] | None = None,
) -> AnalysisResult:
    """Rank corridors of bare streets by cycling demand, reports and network links.

    Parameters
    ----------
    streets
        Street segments (lines) with ``users`` and ``users_per_day`` columns, as
        :func:`~analysis.heatmap.segments.segment_usage` writes them (withheld,
        empty counts are taken as none).
    cycleways
        The cycle network (lines), in the same metric CRS.
    reports
        Citizen reports (points) with ``category`` and/or ``description``; None: none.
    params
        See :class:`GapParams`.
    progress
        Reports progress and is polled for cancellation.
    layer_names
        The workspace layers read, by slot key (``{"usage": "usage_cycling_segments"}``,
        "" for a slot left out): named in messages and kept as ``layer.<key>``
        parameters.

    Returns
    -------
    AnalysisResult
        Tables ``corridors`` (lines, ranked), ``segments`` (the candidate
        segments), ``links`` (street links joining components),
        ``components`` and ``issues`` (the network's quality checks).

    Raises
    ------
    InputError
        If a layer is empty, lacks a CRS, is in degrees or in another CRS than
        the streets, holds the wrong geometries, the streets lack the usage
        columns (``users``, ``users_per_day``), or no street has cycling usage.
    """
    params = params or GapParams()
    progress = progress or NullProgress()
    names = dict(layer_names or {})
    _check_inputs(streets, cycleways, reports, names.get("usage") or names.get("streets"))
    streets = streets.reset_index(drop=True)
    cycleways = cycleways[~cycleways.geometry.is_empty].reset_index(drop=True)
    cycleways = cycleways.explode(index_parts=False)  # one piece per part, rows kept
    progress.report(0.05, "checking the cycle network")
    quality = check_network(cycleways, streets, params.network)
    check_cancelled(progress)
    progress.report(0.25, "measuring streets along cycleways")
    geometry = streets.geometry.to_numpy()
    graph = street_graph(geometry, params.network.node_tolerance_m)
    covered = covered_share(geometry, cycleways.geometry.to_numpy(), params)
    check_cancelled(progress)
    progress.report(0.5, "joining the network's components")
    links, link_of = _links(graph, geometry, cycleways, quality.component, covered, params)
    check_cancelled(progress)
    progress.report(0.75, "merging corridors")
    segments = streets.assign(
        users=_counts(streets["users"]),
        users_per_day=_counts(streets["users_per_day"]),
        reports=_report_counts(reports, geometry, params),
        covered_share=covered.round(3),
        link=link_of,
    )
    name = _name_column(streets, params)
    candidate = (covered < params.covered_share) & (
        (segments["users_per_day"] >= params.min_users_per_day)
        | (segments["reports"] > 0)
        | (link_of >= 0)
    )
    segments["corridor"] = _corridors(graph, candidate, segments[name] if name else None, link_of)
    corridors = _score(segments[candidate], name, links, params)
    rank = corridors.set_index("corridor")["rank"]
    segments = segments[candidate].assign(corridor=lambda t: t["corridor"].map(rank))
    progress.report(1.0, "done")
    summary = _summary(segments, streets, covered, corridors, links, quality.summary, params)
    return AnalysisResult(
        analysis="gaps",
        tables={
            "corridors": corridors,
            "segments": segments.sort_values("corridor"),
            "links": links,
            "components": quality.components,
            "issues": quality.issues,
            "summary": _summary_table(summary),
        },
        summary=summary,
        parameters={**parameters_of(params), **layer_parameters(names)},
        lines=_lines(summary, corridors),
        titles={
            "corridors": "Bike-path gaps: corridors with cycling demand and no cycleway",
            "segments": "Bike-path gaps: candidate street segments",
            "links": "Bike-path gaps: street links joining the cycle network's components",
            "components": "Cycle network: connected components",
            "issues": "Cycle network: quality issues",
            "summary": "Bike-path gaps: key figures",
        },
    )


def covered_share(streets: np.ndarray, cycleways: np.ndarray, params: GapParams) -> np.ndarray:
    """Share of each street's length within ``params.along_m`` of a cycleway (sampled)."""
    import shapely

    dense = shapely.segmentize(streets, params.sample_m)
    # Points mid-way between vertices stand for equal pieces of the line.
    coords, owner = shapely.get_coordinates(dense, return_index=True)
    same = owner[1:] == owner[:-1]
    middle = (coords[1:][same] + coords[:-1][same]) / 2
    weight = np.hypot(*(coords[1:][same] - coords[:-1][same]).T)
    owner = owner[1:][same]
    near = shapely.STRtree(cycleways).query(
        shapely.points(middle), predicate="dwithin", distance=params.along_m
    )[0]
    hit = np.zeros(len(middle), bool)
    hit[near] = True
    length = np.bincount(owner, weights=weight, minlength=len(streets))
    inside = np.bincount(owner, weights=weight * hit, minlength=len(streets))
    return np.divide(inside, length, out=np.zeros(len(streets)), where=length > 0)


def _counts(values: pd.Series) -> np.ndarray:
    import pandas as pd

    return np.asarray(pd.to_numeric(values, errors="coerce").fillna(0), dtype=float)


def asks_for_cycling(reports: gpd.GeoDataFrame, params: GapParams) -> np.ndarray:
    """Which reports ask for cycling infrastructure, by category or text."""
    wanted = np.zeros(len(reports), bool)
    if "category" in reports:
        categories = {c.lower() for c in params.report_categories}
        wanted |= (
            reports["category"]
            .astype("string")
            .str.lower()
            .isin(categories)
            .to_numpy(dtype=bool, na_value=False)
        )
    text = re.compile(params.report_text, re.I)
    for column in ("description", "category_label", "title", "opis", "tresc"):
        if column in reports:
            wanted |= (
                reports[column]
                .astype("string")
                .str.contains(text)
                .to_numpy(dtype=bool, na_value=False)
            )
    return wanted


def _report_counts(
    reports: gpd.GeoDataFrame | None, streets: np.ndarray, params: GapParams
) -> np.ndarray:
    """Reports asking for cycling infrastructure, counted on their nearest street segment."""
    import shapely

    counts = np.zeros(len(streets), int)
    if reports is None or reports.empty:
        return counts
    points = reports.geometry.to_numpy()[asks_for_cycling(reports, params)]
    _, nearest = shapely.STRtree(streets).query_nearest(
        points, max_distance=params.report_distance_m, all_matches=False
    )
    np.add.at(counts, nearest, 1)
    return counts


def _links(
    graph: StreetGraph,
    streets: np.ndarray,
    cycleways: gpd.GeoDataFrame,
    component: np.ndarray,
    covered: np.ndarray,
    params: GapParams,
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Shortest street links joining the large components, as a minimum spanning tree.

    Returns the links table and, per street segment, the link it lies on (-1: none).
    """
    import geopandas as gpd
    import shapely
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import dijkstra, minimum_spanning_tree

    lines = cycleways.geometry.to_numpy()
    km = np.bincount(component, weights=shapely.length(lines)) / 1000
    large = np.flatnonzero(km * 1000 >= params.min_component_m)
    link_of = np.full(len(streets), -1)
    columns = ["link", "from_component", "to_component", "kind", "length_m", "bare_m", "geometry"]
    empty = gpd.GeoDataFrame(columns=columns, geometry="geometry", crs=cycleways.crs)
    if len(large) < 2:
        return empty, link_of
    # Which street nodes each large component reaches (within along_m of one of its pieces).
    node_piece, piece = shapely.STRtree(lines).query(
        shapely.points(graph.node_xy), predicate="dwithin", distance=params.along_m
    )
    attached = [np.unique(node_piece[np.isin(component[piece], [c])]) for c in large]
    matrix, edge = _edge_matrix(graph)
    k = len(large)
    cost = np.full((k, k), np.inf)
    runs: list[tuple[np.ndarray, np.ndarray] | None] = []
    for i in range(k):
        if len(attached[i]) == 0:
            runs.append(None)
            continue
        dist, pred, _ = dijkstra(
            matrix,
            indices=attached[i],
            min_only=True,
            return_predecessors=True,
            limit=params.max_link_m,
        )
        runs.append((dist, pred))
        for j in range(k):
            if j != i and len(attached[j]):
                cost[i, j] = dist[attached[j]].min()
    cost = np.minimum(cost, cost.T)
    pieces = [shapely.union_all(lines[component == c]) for c in large]
    ii, jj = np.triu_indices(k, 1)
    direct = np.full((k, k), np.inf)
    direct[ii, jj] = direct[jj, ii] = shapely.distance(np.take(pieces, ii), np.take(pieces, jj))
    gap = (direct <= params.max_gap_m) & (direct <= cost)
    cost = np.where(gap, direct, cost)
    # Zero is "no edge" to the spanning tree: shift every finite cost a little.
    usable = np.where(np.isfinite(cost) & (cost <= params.max_link_m), cost + 1e-3, 0)
    tree = coo_array(minimum_spanning_tree(np.triu(usable)))
    rows = []
    for number, (i, j) in enumerate(sorted(zip(tree.row.tolist(), tree.col.tolist(), strict=True))):
        run = runs[i]
        path = np.empty(0, int)
        if not gap[i, j] and run is not None:
            target = attached[j][np.argmin(run[0][attached[j]])]
            path = _path(run[1], target, edge)
        if len(path):
            link_of[path] = np.where(link_of[path] < 0, number, link_of[path])
            geometry = shapely.line_merge(shapely.union_all(streets[path]))
            kind, length = "street", float(graph.length[path].sum())
            bare = float(graph.length[path][covered[path] < params.covered_share].sum())
        else:  # the pieces nearly meet: the gap is between the cycleways themselves
            geometry = shapely.shortest_line(pieces[i], pieces[j])
            kind, length = "gap", float(geometry.length)
            bare = length
        rows.append(
            {
                "link": number,
                "from_component": int(large[i]),
                "to_component": int(large[j]),
                "kind": kind,
                "length_m": round(length, 1),
                "bare_m": round(bare, 1),
                "geometry": geometry,
            }
        )
    links = gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs=cycleways.crs)
    return links, link_of


def _edge_matrix(graph: StreetGraph) -> tuple[Any, dict[tuple[int, int], int]]:
    """The street graph as a symmetric sparse matrix of lengths, and the segment of each edge."""
    import pandas as pd
    from scipy.sparse import csr_array

    edges = pd.DataFrame(
        {
            "a": np.minimum(graph.u, graph.v),
            "b": np.maximum(graph.u, graph.v),
            "length": np.maximum(graph.length, 1e-6),
            "segment": np.arange(len(graph.u)),
        }
    )
    edges = edges[edges["a"] != edges["b"]].sort_values("length")
    edges = edges.drop_duplicates(["a", "b"])  # parallel segments: the shortest
    n = len(graph.node_xy)
    a, b = edges["a"].to_numpy(), edges["b"].to_numpy()
    weight = edges["length"].to_numpy()
    matrix = csr_array(
        (np.concatenate([weight, weight]), (np.concatenate([a, b]), np.concatenate([b, a]))),
        shape=(n, n),
    )
    lookup = dict(
        zip(zip(a.tolist(), b.tolist(), strict=True), edges["segment"].tolist(), strict=True)
    )
    return matrix, lookup


def _path(pred: np.ndarray, target: int, edge: dict[tuple[int, int], int]) -> np.ndarray:
    """Street segments from the Dijkstra source back to ``target``."""
    segments = []
    node = int(target)
    while pred[node] >= 0:
        prev = int(pred[node])
        segments.append(edge[(min(prev, node), max(prev, node))])
        node = prev
    return np.array(segments[::-1], dtype=int)


def _name_column(streets: gpd.GeoDataFrame, params: GapParams) -> str | None:
    if params.name_column is not None:
        if params.name_column not in streets:
            raise InputError(
                f"the street layer has no column {params.name_column!r} (it has: "
                f"{', '.join(map(str, streets.columns))})"
            )
        return params.name_column
    lower = {str(c).lower(): str(c) for c in streets.columns}
    return next((lower[c] for c in NAME_COLUMNS if c in lower), None)


def _corridors(
    graph: StreetGraph, candidate: pd.Series, names: pd.Series | None, link_of: np.ndarray
) -> np.ndarray:
    """Corridor number of each segment: candidates meeting at a node, of one street or link."""
    import pandas as pd
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    which = np.flatnonzero(candidate.to_numpy())
    ends = pd.DataFrame(
        {
            "segment": np.tile(which, 2),
            "node": np.concatenate([graph.u[which], graph.v[which]]),
            "name": np.tile(names.astype("string").fillna("").to_numpy()[which], 2)
            if names is not None
            else "",
            "link": np.tile(link_of[which], 2),
        }
    )
    same_street = ends.merge(ends, on=["node", "name"])
    same_link = ends[ends["link"] >= 0].merge(ends[ends["link"] >= 0], on=["node", "link"])
    pairs = pd.concat([same_street, same_link])[["segment_x", "segment_y"]].to_numpy()
    n = len(graph.u)
    adjacency = coo_array((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, label = connected_components(adjacency, directed=False)
    return np.where(candidate.to_numpy(), label, -1)


def _score(
    segments: gpd.GeoDataFrame, name: str | None, links: gpd.GeoDataFrame, params: GapParams
) -> gpd.GeoDataFrame:
    """One ranked row per corridor, with its terms."""
    import geopandas as gpd
    import shapely

    link_components = {
        int(r.link): f"{r.from_component}-{r.to_component}" for r in links.itertuples()
    }
    rows = []
    for number, part in segments.groupby("corridor"):
        length = part.geometry.length.to_numpy()
        total = float(length.sum())
        on_link = part["link"].to_numpy() >= 0
        ids = part[_id_column(part)].astype(str) if _id_column(part) else part.index.astype(str)
        rows.append(
            {
                "corridor": number,
                "street": ", ".join(sorted(set(part[name].dropna().astype(str)))) if name else "",
                "length_m": round(total, 1),
                "users_per_day": round(float(np.average(part["users_per_day"], weights=length)), 2),
                "users": int(part["users"].max()),
                "reports": int(part["reports"].sum()),
                "connects": ", ".join(
                    sorted({link_components[int(k)] for k in part["link"] if k >= 0})
                ),
                "segments": len(part),
                "street_ids": ",".join(ids),
                "user_km_per_day": float((part["users_per_day"] * length).sum()) / 1000,
                "link_share": float(length[on_link].sum() / total) if total else 0.0,
                "geometry": shapely.line_merge(shapely.union_all(part.geometry.to_numpy())),
            }
        )
    table = gpd.GeoDataFrame(rows, geometry="geometry", crs=segments.crs)
    if table.empty:
        return table
    table["demand_term"] = _scaled(table["user_km_per_day"])
    table["reports_term"] = _scaled(table["reports"])
    table["connectivity_term"] = table["link_share"].round(3)
    table["score"] = (
        params.demand_weight * table["demand_term"]
        + params.reports_weight * table["reports_term"]
        + params.connectivity_weight * table["connectivity_term"]
    ).round(4)
    table = table.sort_values(["score", "user_km_per_day"], ascending=False, kind="stable")
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table["user_km_per_day"] = table["user_km_per_day"].round(2)
    return table.drop(columns="link_share").reset_index(drop=True)


def _scaled(values: pd.Series) -> pd.Series:
    top = float(values.max())
    return (values / top).round(4) if top > 0 else values * 0.0


def _id_column(table: pd.DataFrame) -> str | None:
    lower = {str(c).lower(): str(c) for c in table.columns}
    return next((lower[c] for c in ID_COLUMNS if c in lower), None)


def _summary(
    segments: gpd.GeoDataFrame,
    streets: gpd.GeoDataFrame,
    covered: np.ndarray,
    corridors: gpd.GeoDataFrame,
    links: gpd.GeoDataFrame,
    network: dict[str, Any],
    params: GapParams,
) -> dict[str, Any]:
    length = streets.geometry.length.to_numpy()
    use = _counts(streets["users_per_day"]) * length
    bare = covered < params.covered_share
    top = corridors.iloc[0] if len(corridors) else None
    return {
        "street_km": round(float(length.sum()) / 1000, 2),
        "covered_km": round(float(length[~bare].sum()) / 1000, 2),
        "bare_user_km_share": round(float(use[bare].sum() / use.sum()), 4),
        "candidate_segments": len(segments),
        "corridors": len(corridors),
        "corridor_km": round(float(corridors["length_m"].sum()) / 1000, 2)
        if len(corridors)
        else 0.0,
        "top_corridor": None
        if top is None
        else {
            "street": top["street"],
            "length_m": float(top["length_m"]),
            "users_per_day": float(top["users_per_day"]),
            "score": float(top["score"]),
        },
        "links": len(links),
        "link_km": round(float(links["length_m"].sum()) / 1000, 2) if len(links) else 0.0,
        "network": network,
    }


def _summary_table(summary: dict[str, Any]) -> pd.DataFrame:
    """The summary as (figure, value) rows, nested figures dotted."""
    import pandas as pd

    flat = pd.json_normalize(summary, sep=".").iloc[0]
    return pd.DataFrame({"figure": flat.index, "value": [str(v) for v in flat.to_numpy()]})


def _lines(summary: dict[str, Any], corridors: gpd.GeoDataFrame) -> tuple[str, ...]:
    net = summary["network"]
    lines = [
        f"{summary['corridors']} corridors ({summary['corridor_km']:.1f} km) carry cycling "
        f"demand or reports without a cycleway; {summary['bare_user_km_share']:.0%} of the "
        "cycling user-km are on streets without one",
    ]
    for row in corridors.head(3).itertuples():
        lines.append(
            f"#{row.rank} {row.street or 'unnamed'}: {row.length_m / 1000:.1f} km, "
            f"{row.users_per_day:.1f} users a day, {row.reports} reports, score {row.score:.2f}"
        )
    lines.append(
        f"cycle network: {net['cycleway_km']:.1f} km in {net['components']} components; "
        f"{summary['links']} links ({summary['link_km']:.1f} km) would join the large ones"
    )
    missing = ", ".join(f"{tag} {share:.0%}" for tag, share in net["missing_share"].items())
    lines.append(
        f"issues: {net['dead_end']} dead ends, {net['stops_short_of_junction']} stop short of "
        f"a junction, {net['overshoots_junction']} overshoot one; length without {missing}"
    )
    return tuple(lines)


def _check_inputs(
    streets: gpd.GeoDataFrame,
    cycleways: gpd.GeoDataFrame,
    reports: gpd.GeoDataFrame | None,
    usage_layer: str | None,
) -> None:
    layers = [
        ("street", streets, {"LineString", "MultiLineString"}),
        ("cycleway", cycleways, {"LineString", "MultiLineString"}),
    ]
    if reports is not None and not reports.empty:
        layers.append(("report", reports, {"Point"}))
    for label, layer, kinds in layers:
        if layer.empty:
            raise InputError(f"the {label} layer is empty: import it or name another layer")
        if layer.crs is None:
            raise InputError(f"the {label} layer has no CRS: set one before the gap analysis")
        if not layer.crs.is_projected:
            raise InputError(f"the {label} layer is in degrees ({layer.crs}): use a metric CRS")
        if layer.crs != streets.crs:
            raise InputError(
                f"the {label} layer is in {layer.crs}, the streets in {streets.crs}: reproject it"
            )
        found = set(layer.geom_type.dropna())
        if not found <= kinds:
            raise InputError(
                f"the {label} layer must hold {' or '.join(sorted(kinds)).lower()}; it holds "
                f"{', '.join(sorted(found))}"
            )
    missing = [c for c in USAGE.columns if c not in streets]
    if missing:
        layer = "street layer" if usage_layer is None else f"usage layer {usage_layer!r}"
        raise InputError(
            f"the {layer} has no {' or '.join(missing)} column: give the usage layer "
            "(run `urbanista usage -w WS --type cycling`) or segment_usage()'s segments"
        )
    if not (_counts(streets["users_per_day"]) > 0).any():
        raise InputError(
            "no street segment has cycling usage (users_per_day): were the cycling tracks "
            "matched to this street network? Run `urbanista usage -w WS --type cycling`"
        )


KEY = "gaps"
CORRIDORS = f"{KEY}_corridors"
"""The stored table of corridors of bare streets, ranked."""
SEGMENTS = f"{KEY}_segments"
"""The stored table of the candidate street segments."""
LINKS = f"{KEY}_links"
"""The stored table of street links joining the cycle network's components."""
COMPONENTS = f"{KEY}_components"
"""The stored table of the cycle network's connected components."""
ISSUES = f"{KEY}_issues"
"""The stored table of the cycle network's quality issues."""
SUMMARY = f"{KEY}_summary"
"""The stored table of the key figures, one (figure, value) a row."""

COUNTING_USAGE = f"no {CYCLING_SEGMENTS} layer: counting cycling usage now"
"""The progress message of :func:`run` when it counts the usage itself."""

SLOTS = (
    Slot(
        "usage",
        r.USAGE,
        help=f"Per-segment cycling usage (default: {CYCLING_SEGMENTS}, or counted now "
        "from the cycling tracks).",
    ),
    Slot(
        "streets",
        r.STREETS,
        unless="usage",
        help="Street network to count usage on when there is no usage layer.",
    ),
    Slot(
        "cycleways",
        r.CYCLEWAYS,
        required=True,
        help="Layer of the cycle network (default: the largest that looks like one).",
    ),
    Slot(
        "reports", r.REPORTS, help="Citizen reports (default: the reports layer, if there is one)."
    ),
)
"""The gap analysis' layers: without usage it is counted now on the streets."""


def usage_layer(workspace: Workspace, layers: Layers | None = None) -> str | None:
    """The usage layer the gap analysis reads; None: it counts cycling usage now.

    A streets layer named without a usage layer means counting on those streets.
    """
    layers = layers or {}
    if layers.get("usage") is None and layers.get("streets") not in (None, LEFT_OUT):
        return None
    return layer_name(workspace, SLOTS[0], layers)


def read(workspace: Workspace, layers: Layers | None, progress: Progress) -> Inputs:
    """Read the usage layer, or without one the streets (required then) to count it on.

    Counting is :func:`run`'s; a note says it will, and how to store the usage instead.
    """
    usage = usage_layer(workspace, layers)
    slots = tuple(
        dataclasses.replace(s, required=True) if s.key == "streets" and usage is None else s
        for s in SLOTS
    )
    inputs = read_slots(workspace, slots, {**(layers or {}), "usage": usage or LEFT_OUT}, progress)
    if usage is not None:
        return inputs
    note = (
        f"no {CYCLING_SEGMENTS} layer: counting cycling usage from the tracks now "
        "(store the street usage of cycling once, and every run reads it instead)"
    )
    return dataclasses.replace(inputs, notes=(*inputs.notes, note))


def usage_of(inputs: Inputs, progress: Progress) -> gpd.GeoDataFrame:
    """The usage layer read, or the cycling usage counted now on the streets read."""
    usage = inputs.layers["usage"]
    return usage if usage is not None else count_usage(inputs, progress)


def count_usage(inputs: Inputs, progress: Progress) -> gpd.GeoDataFrame:
    """Cycling usage per segment of the streets read, counted from the tracks (not stored)."""
    from analysis.heatmap.activity import read_tracks
    from analysis.heatmap.filters import ActivityFilter
    from analysis.heatmap.segments import SegmentUsageParams, segment_usage

    progress.report(0.0, COUNTING_USAGE)
    tracks, _ = read_tracks(inputs.workspace.path, ActivityFilter(types=("cycling",)))
    return segment_usage(tracks, inputs.layer("streets"), SegmentUsageParams(), progress).segments


def run(inputs: Inputs, params: GapParams, progress: Progress) -> AnalysisResult:
    """:func:`gap_analysis` on the usage read, or counted now on the streets read."""
    steps = Steps(progress, [0 if inputs.layers["usage"] is not None else 1, 1])
    return gap_analysis(
        usage_of(inputs, steps.step(0)),
        inputs.layer("cycleways"),
        inputs.layers["reports"],
        params,
        steps.step(1),
        layer_names=inputs.names,
    )


ANALYSIS = Analysis(
    key=KEY,
    title=N_("Cycle network gaps"),
    description=N_(
        "Rank corridors of streets that carry cycling demand, reports asking for cycling "
        "infrastructure, or links joining the cycle network, but have no cycleway; and check "
        "the cycle network (dead ends, ends short of or past junctions, components, tags)."
    ),
    params=GapParams,
    run=run,
    slots=SLOTS,
    read=read,
    way_out=(
        "store the usage of fewer activities first (urbanista usage -w {workspace} "
        "--type cycling, narrowed with --from/--to, --days, --day-part or --month), "
        "which the gaps then read"
    ),
)
"""The gap analysis in the registry (:mod:`analysis.registry`)."""
