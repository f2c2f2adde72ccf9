"""Residents and their recorded activities: routed along streets, timed, sampled, noisy.

Routes are shortest paths on the street graph (scipy's Dijkstra, all sources of
one travel mode at once) under mode-specific costs: cyclists prefer cycleways
and the direct ``ul. Akademicka``, skaters keep to cycleways, walkers and runners
take the shortest way. Positions are then sampled along the route at the
recording interval of the source app, with stops at junctions and correlated
GPS noise of about 5 m.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from scipy.signal import lfilter
from scipy.sparse.csgraph import dijkstra

from analysis.samplecity.names import FIRST_NAMES, LAST_NAMES, feminine
from analysis.samplecity.places import Places
from analysis.samplecity.streets import Streets

TYPES = ("cycling", "running", "inline_skating", "nordic_walking")
SOURCES = ("aktywne_miasta", "strava", "garmin")
SEASON_START = date(2026, 4, 1)
SEASON_DAYS = 91  # April to June
WARSAW = ZoneInfo("Europe/Warsaw")
SPEED_MS = {  # mean, sd, min, max
    "cycling": (5.0, 0.7, 3.5, 7.5),
    "running": (2.9, 0.35, 2.2, 4.0),
    "inline_skating": (4.3, 0.5, 3.2, 5.5),
    "nordic_walking": (1.6, 0.15, 1.2, 2.0),
}
STOP_CHANCE = {"cycling": 0.35, "running": 0.1, "inline_skating": 0.2, "nordic_walking": 0.05}
GPS_SIGMA_M = 3.5  # per axis; about 5 m horizontally
CAFE_STOP_CHANCE = 0.15


@dataclass(frozen=True)
class User:
    """A resident who records activities with one app."""

    key: str  # how the source identifies the athlete (a name, an athlete id...)
    name: str
    email: str
    source: str
    role: str  # "commuter" (to the campus), "shopper" (at the market) or "resident"
    home: int
    types: tuple[str, ...]


@dataclass(frozen=True)
class Activity:
    """One recorded activity: points in EPSG:2180 with timestamps."""

    user: int
    type: str
    purpose: str
    start: datetime  # UTC
    seconds: np.ndarray  # int, from start
    xy: np.ndarray  # (n, 2) recorded positions (with GPS noise)
    ele: np.ndarray
    heart_rate: np.ndarray
    segment_breaks: tuple[int, ...]  # point indices where a paused recording resumes
    route_length_m: float
    route_nodes: np.ndarray

    @property
    def duration_s(self) -> int:
        """Elapsed time from first to last point."""
        return int(self.seconds[-1])


@dataclass(frozen=True)
class Trip:
    """A planned trip: who, what, through which street nodes, and when."""

    user: int
    type: str
    purpose: str
    waypoints: tuple[int, ...]  # street nodes, first and last are the ends
    start: datetime
    mode: str


def make_users(streets: Streets, places: Places, rng: np.random.Generator) -> list[User]:
    """About 620 residents: campus commuters, market shoppers and everyone else."""
    used = streets.used_nodes()
    xy = streets.node_xy
    south_end = xy[places.corridor_nodes[0]]
    catchment = used[
        (np.hypot(*(xy[used] - south_end).T) < 900) & (xy[used, 1] <= south_end[1] + 150)
    ]
    near_market = used[np.hypot(*(xy[used] - xy[places.market_node]).T) < 1600]
    weight = places.node_weight[used] / places.node_weight[used].sum()

    users: list[tuple[str, int, tuple[str, ...]]] = []
    for role, count in (("commuter", 90), ("shopper", 60), ("resident", 470)):
        for _ in range(count):
            types: tuple[str, ...]
            if role == "commuter":
                home, types = int(rng.choice(catchment)), ("cycling",)
            elif role == "shopper":
                home, types = int(rng.choice(near_market)), ("cycling",)
            else:
                home = int(rng.choice(used, p=weight))
                main = str(rng.choice(TYPES, p=[0.42, 0.33, 0.1, 0.15]))
                types = (main,) if rng.random() < 0.7 else (main, str(rng.choice(TYPES)))
            if rng.random() < 0.3 and "cycling" in types and role == "resident":
                types = (*types, "running")
            users.append((role, home, tuple(dict.fromkeys(types))))

    result = []
    for i, (role, home, types) in enumerate(users):
        woman = rng.random() < 0.5
        first = str(rng.choice(FIRST_NAMES[:12] if woman else FIRST_NAMES[12:28]))
        last = str(rng.choice(LAST_NAMES))
        last = feminine(last) if woman else last
        name = f"{first} {last}"
        # Nordic walking is only recorded by the Polish app; the others take the rest.
        if "nordic_walking" in types:
            source = "aktywne_miasta"
        else:
            source = str(rng.choice(SOURCES, p=[0.45, 0.35, 0.2]))
        ascii_name = name.lower().translate(str.maketrans("ąćęłńóśźż ", "acelnoszz."))
        key = {
            "aktywne_miasta": name if rng.random() < 0.5 else f"{ascii_name.split('.')[0]}_{i:03d}",
            "strava": str(20_000_000 + 7919 * i),
            "garmin": str(90_000_000 + 104_729 * i),
        }[source]
        result.append(
            User(key, name, f"{ascii_name}{i}@poczta.example.pl", source, role, home, types)
        )
    return result


def _local_start(
    rng: np.random.Generator, weekday_only: bool, hours: tuple[float, float]
) -> datetime:
    while True:
        day = SEASON_START + timedelta(days=int(rng.integers(SEASON_DAYS)))
        if not weekday_only or day.weekday() < 5:
            break
    hour = rng.uniform(*hours)
    local = datetime(day.year, day.month, day.day, tzinfo=WARSAW) + timedelta(hours=hour)
    return local.astimezone(UTC).replace(microsecond=0)


def _leisure_hours(rng: np.random.Generator, type_: str) -> tuple[bool, tuple[float, float]]:
    if rng.random() < 0.35:
        return False, (8.0, 19.0)  # any day, daytime
    if type_ == "running" and rng.random() < 0.4:
        return True, (5.5, 8.0)
    return True, (16.0, 20.5)


def plan_trips(  # noqa: C901 - one branch per kind of planted trip
    users: list[User], streets: Streets, places: Places, rng: np.random.Generator
) -> list[Trip]:
    """Decide who goes where and when."""
    used = streets.used_nodes()
    xy = streets.node_xy
    centre = xy[used].mean(axis=0)
    central = used[np.hypot(*(xy[used] - centre).T) < 700]
    schools = [_nearest(used, xy, (s[2].x, s[2].y)) for s in places.schools]
    cycle_nodes = np.unique(
        np.concatenate([streets.u[places.cycleway_segments], streets.v[places.cycleway_segments]])
    )

    def around(node: int, lo: float, hi: float, pool: np.ndarray = used) -> int:
        d = np.hypot(*(xy[pool] - xy[node]).T)
        ok = pool[(d >= lo) & (d <= hi)]
        return int(rng.choice(ok if len(ok) else pool))

    trips = []
    for ui, user in enumerate(users):
        if user.role == "commuter":
            n = int(rng.integers(6, 15))
        elif user.role == "shopper":
            n = int(rng.integers(2, 7))
        else:
            n = int(rng.geometric(0.4))  # most residents record one or two
        for _ in range(n):
            type_ = str(rng.choice(user.types))
            home = user.home
            if type_ == "cycling" and user.role == "commuter" and rng.random() < 0.85:
                to_campus = rng.random() < 0.55
                start = _local_start(rng, True, (7.0, 8.7) if to_campus else (15.0, 18.0))
                ends = (home, places.campus_node) if to_campus else (places.campus_node, home)
                trips.append(Trip(ui, type_, "campus_commute", ends, start, "bike"))
                continue
            if type_ == "cycling" and user.role == "shopper" and rng.random() < 0.7:
                start = _local_start(rng, False, (8.0, 18.0))
                trips.append(Trip(ui, type_, "market", (home, places.market_node), start, "bike"))
                continue
            weekday_only, hours = _leisure_hours(rng, type_)
            start = _local_start(rng, weekday_only, hours)
            if type_ == "cycling":
                r = rng.random()
                if r < 0.2:  # a leisure loop
                    a = around(home, 2500, 5000)
                    ways: tuple[int, ...] = (home, a, around(a, 1500, 3500), home)
                else:
                    dest = (
                        int(rng.choice(central))
                        if r < 0.5
                        else around(home, 1500, 5000)
                        if r < 0.7
                        else int(rng.choice(schools))
                        if r < 0.85
                        else int(rng.choice(places.park_nodes))
                    )
                    ways = (home, dest) if rng.random() < 0.7 else (dest, home)
                trips.append(
                    Trip(ui, type_, "leisure" if r < 0.2 else "errand", ways, start, "bike")
                )
            elif type_ == "running":
                a = (
                    int(rng.choice(places.park_nodes))
                    if rng.random() < 0.4
                    else around(home, 800, 2000)
                )
                if np.hypot(*(xy[a] - xy[home])) > 3000:
                    a = around(home, 800, 2000)
                trips.append(
                    Trip(ui, type_, "sport", (home, a, around(a, 500, 1200), home), start, "foot")
                )
            elif type_ == "inline_skating":
                a = around(home, 0, 2500, cycle_nodes)
                b = around(a, 2000, 4000, cycle_nodes)
                trips.append(Trip(ui, type_, "sport", (home, a, b, a, home), start, "skate"))
            else:
                parks = places.park_nodes[np.hypot(*(xy[places.park_nodes] - xy[home]).T) < 2500]
                a = int(rng.choice(parks)) if len(parks) else around(home, 800, 1800)
                trips.append(Trip(ui, type_, "sport", (home, a, home), start, "foot"))
    return trips


def _nearest(nodes: np.ndarray, xy: np.ndarray, p: tuple[float, float]) -> int:
    return int(nodes[np.argmin(np.hypot(xy[nodes, 0] - p[0], xy[nodes, 1] - p[1]))])


def mode_costs(streets: Streets, places: Places) -> dict[str, np.ndarray]:
    """Edge costs of each travel mode: length times a preference factor."""
    length = streets.length
    on_cycleway = np.zeros(len(length), dtype=bool)
    on_cycleway[places.cycleway_segments] = True
    bike = np.select(
        [on_cycleway, streets.klass == "primary", streets.klass == "secondary"],
        [0.8, 1.1, 0.95],
        1.0,
    )
    bike[places.corridor_segments] = 0.6  # the direct, flat way to the campus
    return {
        "bike": length * bike,
        "foot": length,
        "skate": length * np.where(on_cycleway, 0.4, 1.3),
    }


def route_trips(trips: list[Trip], streets: Streets, places: Places) -> list[np.ndarray]:
    """Node sequences of every trip, through its waypoints."""
    costs = mode_costs(streets, places)
    routes: list[list[int]] = [[] for _ in trips]
    for mode, cost in costs.items():
        idx = [i for i, t in enumerate(trips) if t.mode == mode]
        if not idx:
            continue
        sources = np.unique([w for i in idx for w in trips[i].waypoints[:-1]])
        _, pred = dijkstra(
            streets.graph(cost), directed=False, indices=sources, return_predecessors=True
        )
        row = {int(s): r for r, s in enumerate(sources)}
        for i in idx:
            ways = trips[i].waypoints
            for a, b in itertools.pairwise(ways):
                leg = [b]
                while leg[-1] != a:
                    leg.append(int(pred[row[a], leg[-1]]))
                routes[i].extend(leg[::-1] if not routes[i] else leg[::-1][1:])
    return [np.asarray(r) for r in routes]


def simulate(
    trips: list[Trip],
    routes: list[np.ndarray],
    users: list[User],
    streets: Streets,
    rng: np.random.Generator,
) -> Iterator[Activity]:
    """Record each routed trip; trips too short to go anywhere are skipped."""
    segment_at = {}
    for s, (a, b) in enumerate(zip(streets.u, streets.v, strict=True)):
        segment_at[(int(a), int(b))] = (s, False)
        segment_at[(int(b), int(a))] = (s, True)
    busy = np.zeros(len(streets.node_xy), dtype=bool)
    main = streets.klass != "residential"
    busy[streets.u[main]] = busy[streets.v[main]] = True
    for trip, route in zip(trips, routes, strict=True):
        if len(route) >= 3:
            yield _record(trip, route, users[trip.user], streets, segment_at, busy, rng)


def _route_line(
    route: np.ndarray, streets: Streets, segment_at: dict[tuple[int, int], tuple[int, bool]]
) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of the route, and the index of each inner route node among them."""
    parts = []
    for a, b in itertools.pairwise(route):
        s, backwards = segment_at[(int(a), int(b))]
        coords = np.asarray(streets.geometry[s].coords)
        parts.append((coords[::-1] if backwards else coords)[:-1])
    parts.append(streets.node_xy[route[-1]][None, :])
    node_vertex = np.cumsum([len(p) for p in parts[:-2]])
    return np.concatenate(parts), node_vertex


def _unit(rng: np.random.Generator) -> np.ndarray:
    angle = rng.uniform(0, 2 * np.pi)
    return np.array([np.cos(angle), np.sin(angle)])


def _record(
    trip: Trip,
    route: np.ndarray,
    user: User,
    streets: Streets,
    segment_at: dict[tuple[int, int], tuple[int, bool]],
    busy: np.ndarray,
    rng: np.random.Generator,
) -> Activity:
    line, node_vertex = _route_line(route, streets, segment_at)
    # Start at the front door, not at the junction: 20-40 m off the street.
    door = line[0] + _unit(rng) * rng.uniform(20, 40)
    finish = line[-1] + _unit(rng) * rng.uniform(10, 30)
    line = np.vstack([door, line, finish])
    cum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(line, axis=0).T))])
    node_dist = cum[node_vertex + 1]
    length = float(cum[-1])

    mean, sd, lo, hi = SPEED_MS[trip.type]
    speed = float(np.clip(rng.normal(mean, sd), lo, hi))
    d_move = np.append(np.arange(0.0, length, 5.0), length)
    phase = rng.uniform(0, 2 * np.pi, 2)
    factor = 1 + 0.08 * np.sin(d_move / 250 + phase[0]) + 0.04 * np.sin(d_move / 60 + phase[1])
    t_move = np.concatenate([[0.0], np.cumsum(np.diff(d_move) / (speed * factor[1:]))])

    # Stops at busy junctions (traffic lights) and, on some rides, a café.
    inner = route[1:-1]
    stop_at = node_dist[busy[inner] & (rng.random(len(inner)) < STOP_CHANCE[trip.type])]
    waits = rng.uniform(8, 45, len(stop_at))
    pause: float | None = None
    if trip.purpose == "leisure" and rng.random() < CAFE_STOP_CHANCE:
        pause = float(rng.choice(node_dist))
        stop_at, waits = np.append(stop_at, pause), np.append(waits, rng.uniform(600, 1200))
    order = np.argsort(stop_at)
    stop_at, waits = stop_at[order], waits[order]
    wait_before = np.concatenate([[0.0], np.cumsum(waits)])
    d_knots = np.concatenate([d_move, stop_at, stop_at])
    t_knots = np.interp(d_knots, d_move, t_move) + np.concatenate(
        [
            wait_before[np.searchsorted(stop_at, d_move, side="left")],
            wait_before[np.arange(len(stop_at))],
            wait_before[np.arange(len(stop_at)) + 1],
        ]
    )
    order = np.lexsort((d_knots, t_knots))
    t_knots, d_knots = t_knots[order], d_knots[order]

    if user.source == "garmin":  # smart recording: irregular intervals
        steps = rng.choice([1, 2, 3, 4, 5, 6, 7, 8], size=int(t_knots[-1]) + 2)
        seconds = np.concatenate([[0], np.cumsum(steps)])
    else:
        seconds = np.arange(0, int(t_knots[-1]) + 4, 3 if user.source == "aktywne_miasta" else 2)
    seconds = seconds[seconds <= t_knots[-1]]
    dist = np.interp(seconds, t_knots, d_knots)

    breaks: tuple[int, ...] = ()
    if pause is not None and user.source == "aktywne_miasta":
        # The app was paused at the café: no points while stopped, a new <trkseg> after.
        pause_t = t_knots[np.searchsorted(d_knots, pause)]
        resume_t = pause_t + waits[np.searchsorted(stop_at, pause)]
        keep = (seconds <= pause_t) | (seconds >= resume_t)
        seconds, dist = seconds[keep], dist[keep]
        breaks = (int(np.searchsorted(seconds, resume_t)),)

    true_xy = np.column_stack([np.interp(dist, cum, line[:, 0]), np.interp(dist, cum, line[:, 1])])
    rho = 0.9
    noise = lfilter(
        [np.sqrt(1 - rho**2)], [1, -rho], rng.normal(0, GPS_SIGMA_M, (2, len(dist))), axis=1
    )
    xy = true_xy + noise.T
    ele = 185 + 18 * np.sin(true_xy[:, 0] / 1700) + 12 * np.cos(true_xy[:, 1] / 1300)
    ele = np.round(ele + lfilter([0.2], [1, -0.8], rng.normal(0, 1, len(dist))), 1)
    moving = np.gradient(dist, seconds) if len(dist) > 1 else np.zeros(1)
    hr = np.round(
        88 + 14 * (moving / mean) * (1 + mean / 5) + seconds / 120.0 + rng.normal(0, 2, len(dist))
    ).astype(int)
    return Activity(
        user=trip.user,
        type=trip.type,
        purpose=trip.purpose,
        start=trip.start,
        seconds=seconds.astype(np.int64),
        xy=xy,
        ele=ele,
        heart_rate=np.clip(hr, 60, 195),
        segment_breaks=breaks,
        route_length_m=length,
        route_nodes=route,
    )
