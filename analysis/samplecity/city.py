"""Generate the sample city "Przykładowo" with its planted ground truth."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import InputError
from analysis.progress import NullProgress, Progress, Steps, check_cancelled
from analysis.samplecity import places as layout
from analysis.samplecity.streets import CRS

if TYPE_CHECKING:
    from analysis.samplecity.places import Places
    from analysis.samplecity.reports import Report
    from analysis.samplecity.streets import Frame, Streets

CITY_NAME = "Przykładowo"
FOLDERS = ("tracks", "reports", "datasets")


@dataclass(frozen=True)
class SampleCityParams:
    """Parameters of the sample city; the defaults make the documented city."""

    seed: int = 2026
    x0_m: float = 560_000.0
    """Easting of the south-west corner in EPSG:2180 (central Poland)."""
    y0_m: float = 380_000.0
    """Northing of the south-west corner in EPSG:2180."""
    size_m: float = 8_000.0


@dataclass(frozen=True)
class SampleCity:
    """Where the city was written and what was planted in it."""

    folder: Path
    truth: dict[str, Any]

    @property
    def truth_file(self) -> Path:
        """``truth.json`` in the city's folder."""
        return self.folder / "truth.json"


def generate(
    out: str | Path, params: SampleCityParams | None = None, progress: Progress | None = None
) -> SampleCity:
    """Write the sample city into ``out`` (tracks/, reports/, datasets/, truth.json).

    Raises
    ------
    InputError
        If ``out`` exists and holds anything but an earlier sample city.
    """
    import pyogrio
    from pyproj import Transformer

    from analysis.samplecity.activities import make_users, plan_trips, route_trips, simulate
    from analysis.samplecity.dataset_files import write_datasets
    from analysis.samplecity.places import build_places
    from analysis.samplecity.report_files import write_reports
    from analysis.samplecity.reports import make_reports
    from analysis.samplecity.streets import Frame, build_streets
    from analysis.samplecity.track_files import write_tracks

    params = params or SampleCityParams()
    progress = progress or NullProgress()
    folder = Path(out)
    _prepare(folder)
    steps = Steps(progress, [1, 12, 2, 2])
    rng = np.random.default_rng(params.seed)
    to_wgs84 = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)

    steps.step(0).report(0.0, "streets and places")
    frame = Frame(params.x0_m, params.y0_m, params.size_m)
    streets, places = build_places(frame, build_streets(frame, rng), rng)
    users = make_users(streets, places, rng)
    trips = plan_trips(users, streets, places, rng)
    routes = route_trips(trips, streets, places)

    track_progress = steps.step(1)

    def reporting(activities: Any) -> Any:
        for i, act in enumerate(activities):
            if i % 50 == 0:
                check_cancelled(progress)
                track_progress.report(i / len(trips), "activities")
            yield act

    records = write_tracks(
        folder, users, reporting(simulate(trips, routes, users, streets, rng)), to_wgs84
    )

    steps.step(2).report(0.0, "citizen reports")
    check_cancelled(progress)
    reports = make_reports(streets, places, rng)
    report_counts = write_reports(folder, reports, to_wgs84)

    steps.step(3).report(0.0, "open datasets")
    # Fixed timestamps inside the GeoPackages: the same seed gives the same bytes.
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2026-06-30T00:00:00.000Z"})
    try:
        metadata = write_datasets(folder, streets, places, to_wgs84)
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})

    truth = _truth(params, frame, streets, places, records, reports, report_counts, metadata)
    city = SampleCity(folder, truth)
    city.truth_file.write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    progress.report(1.0, "done")
    return city


def _prepare(folder: Path) -> None:
    """Make ``folder`` empty, refusing to clear anything but an earlier sample city."""
    if folder.exists():
        stray = [p.name for p in folder.iterdir() if p.name not in (*FOLDERS, "truth.json")]
        if stray:
            raise InputError(
                f"{folder} is not empty ({', '.join(sorted(stray)[:3])}...): "
                "give a new folder or an earlier sample city's folder"
            )
        for sub in FOLDERS:
            shutil.rmtree(folder / sub, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def _truth(
    params: SampleCityParams,
    frame: Frame,
    streets: Streets,
    places: Places,
    records: list[dict[str, Any]],
    reports: list[Report],
    report_counts: dict[str, Any],
    metadata: dict[str, Any],
) -> dict[str, Any]:
    """What the city holds and where the planted answers are."""
    import shapely

    from analysis.samplecity.reports import HOTSPOT_CATEGORY, HOTSPOT_REPORTS, MARKET_RACK_REPORTS

    corridor = places.corridor_segments
    market = streets.node_xy[places.market_node]
    rack_xy = np.array([(p.x, p.y) for p, _ in places.racks])
    hotspot = streets.node_xy[places.pothole_node]
    south_end = shapely.Point(streets.node_xy[places.corridor_nodes[0]])
    district = places.districts.name[
        int(np.flatnonzero(shapely.covers(places.districts.geometry, south_end))[0])
    ]
    return {
        "city": CITY_NAME,
        "seed": params.seed,
        "crs": CRS,
        "extent": [frame.x0, frame.y0, frame.x0 + frame.size, frame.y0 + frame.size],
        "counts": {
            "streets": len(streets.u),
            "streets_km": round(float(streets.length.sum()) / 1000, 1),
            "cycleways": len(places.cycleways),
            "cycleways_km": round(sum(g.length for g, _ in places.cycleways) / 1000, 1),
            "racks": len(places.racks),
            "districts": len(places.districts.name),
            "population": int(places.districts.population.sum()),
            "bus_stops": len(places.bus_stops),
            "schools": len(places.schools),
            "parks": len(places.parks),
            "activities": len(records),
            "users": len({r["user"] for r in records}),
            "track_points": sum(r["points"] for r in records),
            "reports": len(reports),
            "report_csv_rows": report_counts["csv_rows"],
            "report_open311_rows": report_counts["open311_rows"],
            "reports_in_both": report_counts["in_both"],
            "reports_with_personal_data": sum(
                1 for r in reports if r.reporter or r.email or r.phone
            ),
        },
        "corridor": {
            "street": str(streets.name[corridor[0]]),
            "street_ids": [int(s) + 1 for s in corridor],  # ``id`` in datasets/ulice.gpkg
            "length_m": round(float(streets.length[corridor].sum()), 1),
            "from_district": district,
            "to": layout.CAMPUS_NAME,
            "wkt": shapely.line_merge(shapely.union_all(streets.geometry[corridor])).wkt,
        },
        "rack_demand": {
            "x": round(float(market[0]), 1),
            "y": round(float(market[1]), 1),
            "place": layout.MARKET_NAME,
            "no_rack_within_m": layout.RACK_FREE_CLAIM_M,
            "nearest_rack_m": round(float(np.hypot(*(rack_xy - market).T).min()), 1),
            "trips_ending": sum(1 for r in records if r["purpose"] == "market"),
            "missing_rack_reports": MARKET_RACK_REPORTS,
        },
        "report_hotspot": {
            "category": HOTSPOT_CATEGORY,
            "x": round(float(hotspot[0]), 1),
            "y": round(float(hotspot[1]), 1),
            "radius_m": 200,
            "reports": HOTSPOT_REPORTS,
        },
        "cycleway_defects": {  # ``id`` in datasets/drogi_rowerowe.geojson
            "stops_short_of_junction": {"id": layout.SHORT_PIECE + 1, "gap_m": layout.SHORT_BY_M},
            "overshoots_junction": {
                "id": layout.OVERSHOOT_PIECE + 1,
                "overshoot_m": layout.OVERSHOOT_BY_M,
            },
        },
        "datasets": metadata,
        "activities": records,
        "report_numbers": [r.number for r in reports],
    }
