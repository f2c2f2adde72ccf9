"""Districts, parks, schools, bus stops, cycleways and bike racks of the sample city.

Also places the three planted truths: a busy cycling corridor without a cycleway
(``ul. Akademicka`` from Osiedle Słoneczne to the campus), a market with bike
demand but no rack within 300 m, and a stretch of road where potholes pile up.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.ops import substring

from analysis.samplecity.names import DISTRICTS, PARKS
from analysis.samplecity.streets import GRID_LINES, Frame, Streets

# Grid positions (column, row) of the planted features (README, "The sample city").
CORRIDOR_COLUMN, CORRIDOR_ROWS = 15, (6, 18)
MARKET_NODE = (9, 27)
MARKET_NAME = "Hala Targowa"
CAMPUS_NAME = "Akademia Przykładowska"
POTHOLE_NODE = (28, 7)
RACK_FREE_RADIUS_M = 320.0
"""No rack is placed this close to the market; truth.json promises 300 m."""
RACK_FREE_CLAIM_M = 300.0
SHORT_PIECE, SHORT_BY_M = 3, 15.0  # a cycleway piece that stops short of its junction
OVERSHOOT_PIECE, OVERSHOOT_BY_M = 7, 12.0  # and one that runs past it
# Cycleways along grid lines: (vertical, line, first, last) grid positions.
CYCLEWAY_RUNS = (
    (False, 19, 4, 35),  # al. Piłsudskiego through the centre
    (True, 19, 13, 30),  # ul. Leśna, north from the river
    (False, 31, 20, 39),  # north-east
    (True, 7, 20, 39),  # north-west
    (True, 31, 0, 14),  # south-east
    (False, 35, 8, 30),  # along the northern edge
)
DISTRICT_SEEDS = (  # fractions of the city's side, in the order of DISTRICTS
    (0.50, 0.55),
    (0.37, 0.44),
    (0.70, 0.36),
    (0.80, 0.80),
    (0.45, 0.16),
    (0.18, 0.70),
    (0.18, 0.22),
    (0.84, 0.20),
)
DISTRICT_DENSITY = (2.6, 2.0, 1.2, 0.8, 1.4, 1.0, 0.6, 0.5)


@dataclass(frozen=True)
class Districts:
    """District polygons with name, TERYT-like code and population."""

    name: list[str]
    teryt: list[str]
    population: np.ndarray
    geometry: np.ndarray


@dataclass(frozen=True)
class Places:
    """Everything in the city that is not a street, plus the planted truths."""

    districts: Districts
    parks: list[tuple[str, shapely.Polygon]]
    water: shapely.Polygon
    schools: list[tuple[str, str, shapely.Point]]  # name, type, location
    bus_stops: list[tuple[str, str, shapely.Point]]  # name, lines, location
    cycleways: list[tuple[shapely.LineString, dict[str, object]]]
    cycleway_segments: np.ndarray  # street segments with a cycleway alongside
    racks: list[tuple[shapely.Point, int]]  # location, capacity
    corridor_segments: np.ndarray  # street segment indices of the planted corridor
    corridor_nodes: np.ndarray  # its nodes, south to north
    campus_node: int
    market_node: int
    pothole_node: int
    park_nodes: np.ndarray
    node_weight: np.ndarray  # where people live: residents per street node


def build_places(
    frame: Frame, streets: Streets, rng: np.random.Generator
) -> tuple[Streets, Places]:
    """Lay out districts, parks and facilities; return the network without park paths."""
    xy = streets.node_xy
    corridor_nodes = np.array(
        [streets.node(CORRIDOR_COLUMN, r) for r in range(CORRIDOR_ROWS[0], CORRIDOR_ROWS[1] + 1)]
    )
    campus_node = int(corridor_nodes[-1])
    market_node = streets.node(*MARKET_NODE)
    pothole_node = streets.node(*POTHOLE_NODE)
    used = streets.used_nodes()
    for label, k in (("campus", campus_node), ("market", market_node), ("potholes", pothole_node)):
        if k not in used:
            raise RuntimeError(f"sample city layout: the {label} node is not on the network")

    streets, parks, park_nodes = _parks(streets, rng, avoid=[*corridor_nodes, market_node])
    # Segment indices are final only now that park paths are gone.
    corridor_segments = np.array(
        [streets.segment_of(a, b) for a, b in itertools.pairwise(corridor_nodes)]
    )
    districts = _districts(frame, streets)
    node_weight = _residents_per_node(streets, districts)

    cycleway_segments, cycleways = _cycleways(frame, streets, rng)
    if np.intersect1d(cycleway_segments, corridor_segments).size:
        raise RuntimeError("sample city layout: a cycleway runs along the planted corridor")
    schools = _schools(streets, rng, campus_node, avoid=xy[market_node])
    bus_stops = _bus_stops(streets, rng)
    racks = _racks(streets, rng, schools, bus_stops, parks, avoid=xy[market_node])
    return streets, Places(
        districts=districts,
        parks=parks,
        water=frame.river(),
        schools=schools,
        bus_stops=bus_stops,
        cycleways=cycleways,
        cycleway_segments=cycleway_segments,
        racks=racks,
        corridor_segments=corridor_segments,
        corridor_nodes=corridor_nodes,
        campus_node=campus_node,
        market_node=market_node,
        pothole_node=pothole_node,
        park_nodes=park_nodes,
        node_weight=node_weight,
    )


def _parks(
    streets: Streets, rng: np.random.Generator, avoid: list[int]
) -> tuple[Streets, list[tuple[str, shapely.Polygon]], np.ndarray]:
    """Turn a dozen city blocks (some two blocks wide) into parks."""
    n = GRID_LINES
    xy = streets.node_xy
    avoid_xy = xy[np.asarray(avoid)]
    parks: list[tuple[str, shapely.Polygon]] = []
    taken: set[tuple[int, int]] = set()
    drop = np.zeros(len(streets.u), dtype=bool)
    park_nodes: list[int] = []
    for attempt in itertools.count():
        if len(parks) == len(PARKS):
            break
        if attempt == 10_000:
            raise RuntimeError("sample city layout: no room for the parks")
        c, r = int(rng.integers(2, n - 4)), int(rng.integers(2, n - 4))
        wide = len(parks) % 3 == 0
        cells = [(c, r), (c + 1, r)] if wide else [(c, r)]
        if any(
            (cc + dc, rr + dr) in taken
            for cc, rr in cells
            for dc in (-1, 0, 1)
            for dr in (-1, 0, 1)
        ):
            continue
        corners = [
            [
                xy[streets.node(cc, rr)],
                xy[streets.node(cc + 1, rr)],
                xy[streets.node(cc + 1, rr + 1)],
                xy[streets.node(cc, rr + 1)],
            ]
            for cc, rr in cells
        ]
        polygon = shapely.union_all([shapely.Polygon(p) for p in corners]).buffer(-12.0)
        if polygon.is_empty or shapely.distance(shapely.points(avoid_xy), polygon).min() < 250:
            continue
        taken.update(cells)
        parks.append((PARKS[len(parks)], polygon))
        # The street between the two blocks of a wide park becomes a park path.
        drop |= shapely.within(
            shapely.line_interpolate_point(streets.geometry, 0.5, normalized=True), polygon
        )
    streets = streets.without(drop)
    # Park gates: the street corners around each park that are still on the network.
    used = streets.used_nodes()
    corners_xy = shapely.points(xy[used])
    for _, polygon in parks:
        gates = used[shapely.dwithin(corners_xy, polygon, 30.0)]
        park_nodes.extend(
            gates if len(gates) else [used[np.argmin(shapely.distance(corners_xy, polygon))]]
        )
    return streets, parks, np.array(park_nodes)


def _districts(frame: Frame, streets: Streets) -> Districts:
    """Voronoi districts around fixed seeds, populated by street density."""
    bounds = shapely.box(frame.x0, frame.y0, frame.x0 + frame.size, frame.y0 + frame.size)
    seeds = shapely.points(
        [(frame.x0 + fx * frame.size, frame.y0 + fy * frame.size) for fx, fy in DISTRICT_SEEDS]
    )
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=bounds)
    )
    # Voronoi output order is not the seeds' order: match each seed to its cell.
    geometry = np.empty(len(seeds), dtype=object)
    for cell in cells:
        geometry[int(np.flatnonzero(shapely.contains(cell, seeds))[0])] = shapely.intersection(
            cell, bounds
        )
    nodes = shapely.points(streets.node_xy[streets.used_nodes()])
    count = np.array([shapely.contains(g, nodes).sum() for g in geometry])
    raw = count * np.asarray(DISTRICT_DENSITY)
    population = np.round(raw / raw.sum() * 60_000 / 10).astype(int) * 10
    teryt = [f"10620{i + 1}9" for i in range(len(DISTRICTS))]
    return Districts(list(DISTRICTS), teryt, population, geometry)


def _residents_per_node(streets: Streets, districts: Districts) -> np.ndarray:
    """Spread each district's population over its street nodes."""
    weight = np.zeros(len(streets.node_xy))
    used = streets.used_nodes()
    points = shapely.points(streets.node_xy[used])
    for geom, pop in zip(districts.geometry, districts.population, strict=True):
        inside = used[shapely.contains(geom, points)]
        weight[inside] = pop / max(len(inside), 1)
    return weight


def _grid_run(streets: Streets, vertical: bool, line: int, first: int, last: int) -> np.ndarray:
    """Segment indices along grid line ``line`` between positions ``first`` and ``last``."""
    segs = []
    for p in range(first, last):
        a, b = ((line, p), (line, p + 1)) if vertical else ((p, line), (p + 1, line))
        try:
            segs.append(streets.segment_of(streets.node(*a), streets.node(*b)))
        except KeyError:
            continue  # a gap in the street (a park or the river): the cycleway breaks too
    return np.array(segs, dtype=int)


def _cycleways(
    frame: Frame, streets: Streets, rng: np.random.Generator
) -> tuple[np.ndarray, list[tuple[shapely.LineString, dict[str, object]]]]:
    """Cycleways beside a few main streets, plus a riverside path (bulwary).

    Each run is cut into pieces of 2-5 segments, as a city's register lists them;
    one piece stops 15 m short of its junction and one overshoots it by 12 m.
    """
    pieces: list[tuple[shapely.LineString, dict[str, object]]] = []
    along = []
    kinds = ("droga dla rowerów", "ciąg pieszo-rowerowy", "pas rowerowy")
    for vertical, line, first, last in CYCLEWAY_RUNS:
        segs = _grid_run(streets, vertical, line, first, last)
        along.append(segs)
        start = 0
        while start < len(segs):
            size = int(rng.integers(2, 6))
            merged = shapely.line_merge(
                shapely.union_all(streets.geometry[segs[start : start + size]])
            )
            for part in shapely.get_parts(merged):
                pieces.append((shapely.offset_curve(part, 7.0), _cycleway_tags(rng, kinds)))
            start += size
    bulwar = shapely.offset_curve(
        shapely.clip_by_rect(
            frame.river_centreline(),
            frame.x0 + 800,
            frame.y0,
            frame.x0 + 7000,
            frame.y0 + frame.size,
        ),
        45.0,
    )
    pieces.append((bulwar, {**_cycleway_tags(rng, kinds), "typ": "ciąg pieszo-rowerowy"}))
    # Planted network defects for the quality checks.
    short, tags = pieces[SHORT_PIECE]
    pieces[SHORT_PIECE] = (substring(short, 0, short.length - SHORT_BY_M), tags)
    coords, tags = np.asarray(pieces[OVERSHOOT_PIECE][0].coords), pieces[OVERSHOOT_PIECE][1]
    direction = (coords[-1] - coords[-2]) / np.linalg.norm(coords[-1] - coords[-2])
    pieces[OVERSHOOT_PIECE] = (
        shapely.LineString([*coords, coords[-1] + OVERSHOOT_BY_M * direction]),
        tags,
    )
    return np.concatenate(along), pieces


def _cycleway_tags(rng: np.random.Generator, kinds: tuple[str, ...]) -> dict[str, object]:
    """Attributes as a city's register holds them: some left empty."""

    def maybe(value: object, p_missing: float) -> object:
        return None if rng.random() < p_missing else value

    return {
        "typ": kinds[int(rng.integers(len(kinds)))],
        "nawierzchnia": maybe(("asfalt", "kostka betonowa")[int(rng.random() < 0.3)], 0.15),
        "oswietlenie": maybe(("tak", "nie")[int(rng.random() < 0.25)], 0.25),
        "szerokosc_m": maybe(float(rng.choice([1.5, 2.0, 2.5, 3.0])), 0.3),
        "rok_budowy": int(rng.integers(2005, 2025)),
    }


def _offset_from_node(xy: np.ndarray, rng: np.random.Generator, distance: float) -> shapely.Point:
    angle = rng.uniform(0, 2 * np.pi)
    return shapely.Point(xy[0] + distance * np.cos(angle), xy[1] + distance * np.sin(angle))


def _schools(
    streets: Streets, rng: np.random.Generator, campus_node: int, avoid: np.ndarray
) -> list[tuple[str, str, shapely.Point]]:
    used = streets.used_nodes()
    far = used[np.hypot(*(streets.node_xy[used] - avoid).T) > 450]
    picks = rng.choice(far, size=18, replace=False)
    schools = [
        (
            f"Szkoła Podstawowa nr {i + 1}",
            "szkoła podstawowa",
            _offset_from_node(streets.node_xy[k], rng, 35),
        )
        for i, k in enumerate(picks[:14])
    ]
    schools += [
        (
            f"Liceum Ogólnokształcące nr {i + 1}",
            "liceum",
            _offset_from_node(streets.node_xy[k], rng, 35),
        )
        for i, k in enumerate(picks[14:])
    ]
    campus = streets.node_xy[campus_node] + (60.0, 20.0)
    schools.append((CAMPUS_NAME, "uczelnia", shapely.Point(campus)))
    return schools


def _bus_stops(streets: Streets, rng: np.random.Generator) -> list[tuple[str, str, shapely.Point]]:
    """Stops every few junctions along primary and secondary streets."""
    stops = []
    used = set(streets.used_nodes().tolist())
    for klass, every in (("primary", 3), ("secondary", 4)):
        on = streets.klass == klass
        lines_of_class = {
            (int(a), bool(b)) for a, b in zip(streets.line[on], streets.vertical[on], strict=True)
        }
        for line, vertical in sorted(lines_of_class):  # sorted: the same draws every run
            for p in range(1, GRID_LINES - 1, every):
                col, row = (line, p) if vertical else (p, line)
                k = streets.node(col, row)
                if k not in used:
                    continue
                cross = streets.name[(streets.u == k) | (streets.v == k)]
                label = " / ".join(sorted({str(s).split(". ", 1)[1] for s in cross})[:2])
                lines = ", ".join(
                    str(n) for n in sorted(rng.choice(np.arange(1, 25), 2, replace=False))
                )
                stops.append((label, lines, _offset_from_node(streets.node_xy[k], rng, 15)))
    return stops


def _racks(
    streets: Streets,
    rng: np.random.Generator,
    schools: list[tuple[str, str, shapely.Point]],
    bus_stops: list[tuple[str, str, shapely.Point]],
    parks: list[tuple[str, shapely.Polygon]],
    avoid: np.ndarray,
) -> list[tuple[shapely.Point, int]]:
    """About 150 racks at schools, stops, parks and in the centre, none near ``avoid``."""
    spots = [s[2] for s in schools] * 2
    spots += [s[2] for s in rng.permutation(np.array(bus_stops, dtype=object))[:30]]
    spots += [shapely.Point(p.exterior.coords[0]) for _, p in parks]
    used = streets.used_nodes()
    centre = streets.node_xy[used].mean(axis=0)
    central = used[np.hypot(*(streets.node_xy[used] - centre).T) < 900]
    spots += [shapely.Point(streets.node_xy[k]) for k in rng.choice(central, 40, replace=False)]
    spots += [shapely.Point(streets.node_xy[k]) for k in rng.choice(used, 40, replace=False)]
    racks = []
    for spot in spots:
        p = _offset_from_node(np.array([spot.x, spot.y]), rng, float(rng.uniform(5, 25)))
        if np.hypot(p.x - avoid[0], p.y - avoid[1]) > RACK_FREE_RADIUS_M:
            racks.append((p, int(rng.choice([5, 6, 8, 10, 12]))))
    return racks[:150]
