"""Citizen reports (potholes, litter, broken lights, missing racks) as a city's CRM holds them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import shapely

from analysis.samplecity.activities import WARSAW
from analysis.samplecity.names import FIRST_NAMES, LAST_NAMES
from analysis.samplecity.places import Places
from analysis.samplecity.streets import Streets

CATEGORIES = {  # key: (Polish label in the CRM, share, median days to close)
    "pothole": ("Dziura w jezdni", 0.20, 12.0),
    "litter": ("Śmieci", 0.22, 3.0),
    "street_lighting": ("Oświetlenie uliczne", 0.12, 8.0),
    "missing_bike_rack": ("Brak stojaka rowerowego", 0.04, 45.0),
    "illegal_parking": ("Nielegalne parkowanie", 0.18, 1.0),
    "greenery": ("Zieleń", 0.14, 20.0),
    "other": ("Inne", 0.10, 10.0),
}
STATUSES = {  # key: Polish label in the CRM
    "open": "Nowe",
    "in_progress": "W trakcie realizacji",
    "closed": "Zakończone",
    "rejected": "Odrzucone",
}
DESCRIPTIONS = {
    "pothole": ("Dziura w jezdni", "Głęboka wyrwa w asfalcie", "Zapadnięta studzienka"),
    "litter": ("Przepełniony kosz", "Śmieci na trawniku", "Dzikie wysypisko", "Porzucone opony"),
    "street_lighting": ("Nie świeci latarnia", "Migająca lampa", "Ciemno na przejściu"),
    "missing_bike_rack": (
        "Brak stojaka na rowery",
        "Nie ma gdzie przypiąć roweru",
        "Rowery przypięte do barierek",
    ),
    "illegal_parking": ("Auto na chodniku", "Parkowanie na trawniku", "Samochód na przejściu"),
    "greenery": ("Połamane gałęzie", "Nieskoszona trawa", "Suche drzewo do wycinki"),
    "other": ("Zniszczona ławka", "Graffiti na przystanku", "Uszkodzony znak drogowy"),
}
REPORTS_START = datetime(2026, 1, 2, tzinfo=WARSAW)
REPORTS_DAYS = 180
OBSERVED_AT = datetime(2026, 7, 1, tzinfo=WARSAW)  # the export date: later events are unknown
HOTSPOT_CATEGORY = "pothole"
HOTSPOT_REPORTS = 70
MARKET_RACK_REPORTS = 45


@dataclass(frozen=True)
class Report:
    """One citizen report as the city's CRM knows it."""

    number: str
    category: str
    status: str
    created: datetime  # UTC
    closed: datetime | None
    description: str
    address: str
    district: str
    xy: tuple[float, float]  # EPSG:2180
    reporter: str | None
    email: str | None
    phone: str | None


def make_reports(streets: Streets, places: Places, rng: np.random.Generator) -> list[Report]:  # noqa: C901 - one branch per kind of planted report
    """About 1,900 reports: a background over the city plus the planted clusters."""
    used = streets.used_nodes()
    weight = places.node_weight[used] + 5.0
    weight /= weight.sum()
    keys = list(CATEGORIES)
    share = np.array([CATEGORIES[k][1] for k in keys])

    planned: list[tuple[str, np.ndarray, datetime]] = []
    for _ in range(1800):
        node = int(rng.choice(used, p=weight))
        category = str(rng.choice(keys, p=share / share.sum()))
        planned.append((category, streets.node_xy[node] + rng.normal(0, 35, 2), _created(rng)))
    hotspot = streets.node_xy[places.pothole_node]
    for _ in range(HOTSPOT_REPORTS):  # a bad thaw on one stretch of road, in February and March
        day = timedelta(days=int(rng.integers(35, 85)), hours=float(rng.uniform(7, 20)))
        planned.append((HOTSPOT_CATEGORY, hotspot + rng.normal(0, 70, 2), REPORTS_START + day))
    market = streets.node_xy[places.market_node]
    for _ in range(MARKET_RACK_REPORTS):
        planned.append(("missing_bike_rack", market + rng.normal(0, 60, 2), _created(rng)))
    planned.sort(key=lambda p: p[2])

    points = shapely.points(np.array([p[1] for p in planned]))
    district_of = np.full(len(planned), "", dtype=object)
    for name, geom in zip(places.districts.name, places.districts.geometry, strict=True):
        district_of[shapely.contains(geom, points)] = name
    nearest = shapely.STRtree(streets.geometry).query_nearest(
        points, return_distance=False, all_matches=False
    )[1]

    reports = []
    for i, (category, xy, created) in enumerate(planned):
        status, closed = _lifecycle(rng, category, created)
        street = str(streets.name[nearest[i]])
        description = f"{rng.choice(DESCRIPTIONS[category])}, {street}"
        reporter = email = phone = None
        if rng.random() < 0.35:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            reporter = f"{first} {last}"
            if rng.random() < 0.7:
                email = f"{first}.{last}{i % 97}@poczta.example.pl".lower()
            if rng.random() < 0.5:
                phone = f"+48 {_phone_number(rng)}"
        if rng.random() < 0.04:  # residents write contact details into the text too
            description += f". Proszę o kontakt: {_phone_number(rng)}"
        if rng.random() < 0.01:
            description = "- " + description + " -- pilne!"
        reports.append(
            Report(
                number=f"2026/{i + 1:05d}",
                category=category,
                status=status,
                created=created.astimezone(UTC),
                closed=closed.astimezone(UTC) if closed else None,
                description=description,
                address=f"{street} {rng.integers(1, 120)}",
                district=str(district_of[i]),
                xy=(float(xy[0]), float(xy[1])),
                reporter=reporter,
                email=email,
                phone=phone,
            )
        )
    return reports


def _phone_number(rng: np.random.Generator) -> str:
    return f"{rng.integers(500, 800)} {rng.integers(100, 1000)} {rng.integers(100, 1000)}"


def _created(rng: np.random.Generator) -> datetime:
    day = int(rng.integers(REPORTS_DAYS))
    hour = 6.0 + 17.0 * float(rng.beta(2.2, 2.5))  # residents report from 6:00 to 23:00
    return (REPORTS_START + timedelta(days=day, hours=hour)).replace(microsecond=0)


def _lifecycle(
    rng: np.random.Generator, category: str, created: datetime
) -> tuple[str, datetime | None]:
    """Status at export time and when the report was closed, if it was."""
    median_days = CATEGORIES[category][2]
    done = created + timedelta(days=float(rng.lognormal(np.log(median_days), 0.8)))
    if done > OBSERVED_AT:
        return ("in_progress" if rng.random() < 0.5 else "open"), None
    if rng.random() < 0.08:
        return "rejected", done.replace(microsecond=0)
    return "closed", done.replace(microsecond=0)
