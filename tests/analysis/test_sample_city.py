"""The sample city: realistic enough to use, and its planted truths recoverable from the files."""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from analysis.errors import InputError
from analysis.samplecity import SampleCityParams, generate
from tests.analysis.city_files import TO_2180, all_tracks, rack_points, report_points, report_rows

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def streets(city: Path):
    return pyogrio.read_dataframe(city / "datasets" / "ulice.gpkg")


@pytest.fixture(scope="module")
def tracks(city: Path, truth: dict) -> list:
    return list(all_tracks(city, truth))


def test_the_city_has_the_promised_size(city: Path, truth: dict, streets) -> None:
    c = truth["counts"]
    districts = pyogrio.read_dataframe(city / "datasets" / "dzielnice.gpkg")
    assert 6 <= len(districts) <= 10
    assert districts["teryt"].str.fullmatch(r"\d{7}").all()
    assert districts["ludnosc"].sum() == c["population"]
    assert 55_000 <= c["population"] <= 65_000
    assert len(streets) == c["streets"] >= 1_500
    assert set(streets["klasa"]) == {"primary", "secondary", "residential"}
    assert streets["nazwa"].str.match(r"(ul|al)\. ").all()
    minx, miny, maxx, maxy = streets.total_bounds
    assert 7_500 <= maxx - minx <= 8_500 and 7_500 <= maxy - miny <= 8_500
    cycleways = pyogrio.read_dataframe(city / "datasets" / "drogi_rowerowe.geojson").to_crs(2180)
    assert 25 <= cycleways.length.sum() / 1000 <= 35
    assert 130 <= len(rack_points(city)) <= 170
    for name, least in (("przystanki.geojson", 100), ("parki.gpkg", 6)):
        assert len(pyogrio.read_dataframe(city / "datasets" / name)) >= least
    with open(city / "datasets" / "szkoly.csv", encoding="utf-8") as f:
        assert sum(1 for _ in f) - 1 >= 10


def test_the_street_network_is_one_connected_graph(streets) -> None:
    import networkx as nx

    graph = nx.Graph()
    for line in streets.geometry:
        a, b = line.coords[0], line.coords[-1]
        graph.add_edge((round(a[0], 3), round(a[1], 3)), (round(b[0], 3), round(b[1], 3)))
    assert nx.number_connected_components(graph) == 1


def test_activities_are_many_varied_and_long_enough(truth: dict, tracks: list) -> None:
    assert len(tracks) == truth["counts"]["activities"] >= 2_000
    assert len({r["user"] for r, _, _ in tracks}) >= 500
    assert set(Counter(r["type"] for r, _, _ in tracks)) == {
        "cycling",
        "running",
        "inline_skating",
        "nordic_walking",
    }
    starts = np.array([t[0] for _, _, t in tracks])
    assert (starts.max() - starts.min()) >= np.timedelta64(89, "D")
    for record, xy, t in tracks:
        assert len(xy) == record["points"] > 10
        steps = np.diff(t).astype(int)
        assert steps.min() >= 1 and np.median(steps) <= 8  # recorded every 1-8 s


def test_tracks_follow_the_streets_with_gps_noise(streets, tracks: list) -> None:
    tree = shapely.STRtree(streets.geometry.values)
    sample = np.concatenate([xy[5:-5:7] for _, xy, _ in tracks[::5]])  # away from the front doors
    _, dist = tree.query_nearest(shapely.points(sample), return_distance=True, all_matches=False)
    assert 2.0 < np.median(dist) < 7.0  # about 5 m of noise around the centre line
    assert np.percentile(dist, 99) < 25.0


def test_every_source_layout_is_complete(city: Path, truth: dict) -> None:
    by_source = Counter(r["source"] for r in truth["activities"])
    assert (
        len(list((city / "tracks" / "aktywne_miasta").glob("*.gpx"))) == by_source["aktywne_miasta"]
    )
    members = 0
    for zpath in (city / "tracks" / "strava").glob("export_*.zip"):
        with zipfile.ZipFile(zpath) as zf:
            names = set(zf.namelist())
            rows = zf.read("activities.csv").decode().splitlines()[1:]
            assert {"activities.csv", "profile.csv"} <= names
            assert len(rows) == len(names) - 2
            members += len(rows)
    assert members == by_source["strava"]
    assert any(
        r["member"].endswith(".gpx.gz") for r in truth["activities"] if r["source"] == "strava"
    )
    garmin = 0
    for zpath in (city / "tracks" / "garmin").glob("*.zip"):
        with zipfile.ZipFile(zpath) as zf:
            summary = [n for n in zf.namelist() if n.endswith("_summarizedActivities.json")]
            garmin += len(json.loads(zf.read(summary[0]))[0]["summarizedActivitiesExport"])
    assert garmin == by_source["garmin"]


def test_reports_overlap_between_exports_and_carry_personal_data(city: Path, truth: dict) -> None:
    rows, feed = report_rows(city)
    csv_ids, feed_ids = {r["Numer"] for r in rows}, {r["service_request_id"] for r in feed}
    assert len(csv_ids) == len(rows) and len(feed_ids) == len(feed)
    assert len(csv_ids & feed_ids) == truth["counts"]["reports_in_both"] > 0
    assert csv_ids | feed_ids == set(truth["report_numbers"])
    assert len(csv_ids | feed_ids) >= 1_500
    assert (city / "reports" / "zgloszenia.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert {r["Kategoria"] for r in rows} == {
        "Dziura w jezdni",
        "Śmieci",
        "Oświetlenie uliczne",
        "Brak stojaka rowerowego",
        "Nielegalne parkowanie",
        "Zieleń",
        "Inne",
    }
    assert {r["Status"] for r in rows} == {
        "Nowe",
        "W trakcie realizacji",
        "Zakończone",
        "Odrzucone",
    }
    assert all(r["Data zamknięcia"] for r in rows if r["Status"] in ("Zakończone", "Odrzucone"))
    assert all("," in r["Szerokość"] for r in rows)  # decimal comma
    assert sum(1 for r in rows if r["E-mail"]) > 100
    assert sum(1 for r in rows if r["Telefon"]) > 50


def test_planted_corridor_carries_the_most_cyclists_without_a_cycleway(
    city: Path, truth: dict, streets, tracks: list
) -> None:
    """Count distinct cycling activities per street segment from the GPX files alone."""
    tree = shapely.STRtree(streets.geometry.values)
    users_on = np.zeros(len(streets), dtype=int)
    for record, xy, _ in tracks:
        if record["type"] == "cycling":
            near = tree.query_nearest(shapely.points(xy), max_distance=12.0, all_matches=False)[1]
            users_on[np.unique(near)] += 1
    cycleways = pyogrio.read_dataframe(city / "datasets" / "drogi_rowerowe.geojson").to_crs(2180)
    middle = shapely.line_interpolate_point(streets.geometry.values, 0.5, normalized=True)
    no_cycleway = ~shapely.dwithin(middle, shapely.union_all(cycleways.geometry.values), 15.0)
    corridor = streets["id"].isin(truth["corridor"]["street_ids"]).to_numpy()
    assert no_cycleway[corridor].all()
    assert set(streets.loc[corridor, "nazwa"]) == {truth["corridor"]["street"]}

    ranked = np.argsort(-np.where(no_cycleway, users_on, -1))
    top = ranked[: corridor.sum()]
    assert corridor[top].all(), "the corridor's segments are the busiest without a cycleway"
    assert users_on[corridor].min() > 1.5 * users_on[no_cycleway & ~corridor].max()


def test_planted_rack_demand_has_no_rack_within_300_m(
    city: Path, truth: dict, tracks: list
) -> None:
    spot = np.array([truth["rack_demand"]["x"], truth["rack_demand"]["y"]])
    racks = rack_points(city)
    assert np.hypot(*(racks - spot).T).min() > 300.0
    # Trip ends and "missing bike rack" reports cluster there more than anywhere.
    ends = np.array([xy[-1] for r, xy, _ in tracks if r["type"] == "cycling"])
    uncovered = ends[np.array([np.hypot(*(racks - e).T).min() > 300 for e in ends])]
    near = np.hypot(*(uncovered - spot).T) < 300
    assert near.sum() >= 100
    cell = np.floor(uncovered / 600).astype(int)
    _, counts = np.unique(cell, axis=0, return_counts=True)
    assert (
        np.floor(spot / 600).astype(int).tolist()
        in np.unique(cell, axis=0)[counts >= counts.max() * 0.5].tolist()
    )
    asks = report_points(city, "Brak stojaka rowerowego")
    within = np.hypot(*(asks - spot).T) < 300
    assert within.sum() >= 35
    assert within.mean() > 0.3  # a third of all such reports city-wide come from this spot


def test_planted_pothole_hotspot_is_the_densest(city: Path, truth: dict) -> None:
    spot = np.array([truth["report_hotspot"]["x"], truth["report_hotspot"]["y"]])
    potholes = report_points(city, "Dziura w jezdni")
    radius = truth["report_hotspot"]["radius_m"]
    around = np.array([(np.hypot(*(potholes - p).T) < radius).sum() for p in potholes])
    at_spot = (np.hypot(*(potholes - spot).T) < radius).sum()
    assert at_spot >= 0.8 * truth["report_hotspot"]["reports"]
    assert at_spot >= around.max() * 0.9
    assert at_spot > 8 * np.median(around)
    others = report_points(city, "Śmieci")
    assert (np.hypot(*(others - spot).T) < radius).sum() < at_spot / 4  # it is about potholes


def test_same_seed_same_bytes_other_seed_other_city(city: Path, tmp_path: Path) -> None:
    def digest(folder: Path) -> str:
        h = hashlib.sha256()
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                h.update(p.relative_to(folder).as_posix().encode() + p.read_bytes())
        return h.hexdigest()

    again = generate(tmp_path / "again").folder
    assert digest(again) == digest(city)
    other = generate(tmp_path / "other", SampleCityParams(seed=7))
    assert other.truth["counts"]["activities"] >= 2_000
    assert digest(other.folder) != digest(city)


def test_refuses_to_clear_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "wazne.docx").write_text("nie kasować")
    with pytest.raises(InputError, match="not empty"):
        generate(tmp_path)
    assert (tmp_path / "wazne.docx").exists()


def test_corridor_runs_from_the_estate_to_the_campus(city: Path, truth: dict, streets) -> None:
    corridor = streets[streets["id"].isin(truth["corridor"]["street_ids"])]
    line = shapely.line_merge(shapely.union_all(corridor.geometry.values))
    assert line.geom_type == "LineString"  # one unbroken street
    assert line.length == pytest.approx(truth["corridor"]["length_m"], abs=1.0)
    assert 1_500 <= line.length <= 2_500
    south, north = sorted(line.boundary.geoms, key=lambda p: p.y)
    districts = pyogrio.read_dataframe(city / "datasets" / "dzielnice.gpkg")
    home = districts[districts.covers(south)]["nazwa"].tolist()
    assert home == [truth["corridor"]["from_district"]] == ["Osiedle Słoneczne"]
    with open(city / "datasets" / "szkoly.csv", encoding="utf-8") as f:
        campus = next(r for r in csv.DictReader(f) if r["nazwa"] == truth["corridor"]["to"])
    x, y = TO_2180.transform(float(campus["dlugosc"]), float(campus["szerokosc"]))
    assert north.distance(shapely.Point(x, y)) < 150


def test_planted_cycleway_defects(city: Path, truth: dict) -> None:
    ways = pyogrio.read_dataframe(city / "datasets" / "drogi_rowerowe.geojson").to_crs(2180)
    ends = {row.id: shapely.get_coordinates(row.geometry)[[0, -1]] for row in ways.itertuples()}

    def gap_to_next(i: int) -> float:  # from the end of piece i to the start of piece i+1
        return float(np.hypot(*(ends[i][1] - ends[i + 1][0])))

    short = truth["cycleway_defects"]["stops_short_of_junction"]
    assert gap_to_next(short["id"]) == pytest.approx(short["gap_m"], abs=1.0)
    over = truth["cycleway_defects"]["overshoots_junction"]
    assert gap_to_next(over["id"]) == pytest.approx(over["overshoot_m"], abs=1.0)
    piece = ways.set_index("id").geometry
    assert piece[over["id"]].crosses(piece[over["id"] + 1].buffer(0.5).boundary)
    # Elsewhere consecutive pieces of a run meet end to start (within the offset's rounding).
    joined = [gap_to_next(i) for i in range(1, 12) if i not in (short["id"], over["id"])]
    assert sum(g < 3.0 for g in joined) >= 7
