"""Privacy of the bike-stand siting, attacked through the command line on the sample city.

The attack: one resident rides 80 commutes between a home and a workplace where
nobody else's trips start or end. Counted by trips (before issue 13), their 80
arrivals at home outweighed whole neighbourhoods: a proposed stand appeared
257 m from their door (covering demand 80, the stored lines begin 200 m from it)
while the uncovered-demand table withheld the same demand. Now trip starts and
ends count only where 5 or more people have some in the cell, once per person:
the commuter changes no site and no figure of any table.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner
from geopandas.testing import assert_geodataframe_equal

from analysis.cli.main import cli
from analysis.samplecity import gpx
from analysis.workspace import Workspace

HOME = np.array([560_124.0, 387_103.0])
"""A street corner in the sample city's quiet north-west: no trip ends within 600 m."""
WORK = np.array([560_414.0, 380_202.0])
"""A street corner in its quiet south-west, 6.9 km away: no trip ends within 600 m either."""
COMMUTES = 80
PEOPLE_FIGURES = (
    "probable_people",
    "activities_without_identity",
    "trip_ends_recorded",
    "trip_ends_withheld",
)
"""Summary counts over the whole city that the commuter's activities do change."""


def write_commutes(folder: Path, author: str | None) -> None:
    """``COMMUTES`` GPX rides between HOME and WORK on 40 days, there in the morning and back."""
    from pyproj import Transformer

    folder.mkdir()
    to_wgs84 = Transformer.from_crs("EPSG:2180", "EPSG:4326", always_xy=True)
    rng = np.random.default_rng(13)
    length = float(np.hypot(*(WORK - HOME)))
    along = np.r_[np.arange(0.0, length, 10.0), length] / length
    for i in range(COMMUTES):
        a, b = (HOME, WORK) if i % 2 == 0 else (WORK, HOME)
        xy = a + np.outer(along, b - a) + rng.normal(0.0, 3.0, (len(along), 2))
        lon, lat = to_wgs84.transform(xy[:, 0], xy[:, 1])
        start = datetime(2026, 4, 6, 5, 30, tzinfo=UTC) + timedelta(days=i // 2, hours=10 * (i % 2))
        points = gpx.track_points(
            lat, lon, np.full(len(along), 110.0), start, np.arange(len(along)) * 2.0
        )
        text = gpx.document("Dojazdy 1.0", start, f"Dojazd {i}", "cycling", points, author=author)
        (folder / f"dojazd_{i:03d}.gpx").write_text(text, encoding="utf-8")


def run_racks(path: Path, *args: str) -> tuple[dict[str, Any], gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """``urbanista analyze racks --json`` on ``path``: its JSON, sites and uncovered cells."""
    run = CliRunner().invoke(
        cli, ["analyze", "racks", "-w", str(path), "--json", "--replace", *args]
    )
    assert run.exit_code == 0, run.output
    ws = Workspace.open(path)
    out = json.loads(run.stdout[run.stdout.index("{") :])
    return out, ws.read_layer("racks_sites"), ws.read_layer("racks_uncovered")


@pytest.fixture(scope="module")
def before(
    city_with_reports: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, Any], gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The siting without the commuter."""
    path = tmp_path_factory.mktemp("racks_before") / "przykladowo.gpkg"
    shutil.copy(city_with_reports, path)
    return run_racks(path)


def add_commuter(source: Path, folder: Path, author: str | None) -> Path:
    """A copy of ``source`` in ``folder`` with the commuter's rides imported."""
    path = folder / "przykladowo.gpkg"
    shutil.copy(source, path)
    write_commutes(folder / "dojazdy", author)
    imported = CliRunner().invoke(
        cli, ["import", "tracks", str(folder / "dojazdy"), "-w", str(path), "--json"]
    )
    assert imported.exit_code == 0, imported.output
    return path


@pytest.mark.slow
@pytest.mark.parametrize("author", ["Jan Dojazdowy", None])
def test_a_commuter_alone_at_home_and_work_changes_no_site_and_no_figure(
    city_with_reports: Path,
    before: tuple[dict[str, Any], gpd.GeoDataFrame, gpd.GeoDataFrame],
    tmp_path: Path,
    truth: dict,
    author: str | None,
) -> None:
    path = tmp_path / "przykladowo.gpkg"
    shutil.copy(city_with_reports, path)
    activities = Workspace.open(path).read_layer("activities")
    ends = shapely.get_coordinates(shapely.boundary(activities.geometry.to_numpy()))
    for place in (HOME, WORK):  # nobody else's trip starts or ends near either
        assert np.hypot(*(ends - place).T).min() > 600.0
    write_commutes(tmp_path / "dojazdy", author)
    imported = CliRunner().invoke(
        cli, ["import", "tracks", str(tmp_path / "dojazdy"), "-w", str(path), "--json"]
    )
    assert imported.exit_code == 0, imported.output
    assert len(Workspace.open(path).read_layer("activities")) == len(activities) + COMMUTES

    out, sites, uncovered = run_racks(path)
    out0, sites0, uncovered0 = before
    home, work = shapely.Point(HOME), shapely.Point(WORK)
    assert sites.distance(home).min() > 2_000.0 and sites.distance(work).min() > 2_000.0
    # Every site and every figure of both tables is as without the commuter.
    assert_geodataframe_equal(sites, sites0)
    assert_geodataframe_equal(uncovered, uncovered0)
    s, s0 = out["summary"], out0["summary"]
    assert {k: v for k, v in s.items() if k not in PEOPLE_FIGURES} == {
        k: v for k, v in s0.items() if k not in PEOPLE_FIGURES
    }
    # Their 160 trip starts and ends were recorded, and all withheld: one more person.
    assert s["trip_ends_recorded"] == s0["trip_ends_recorded"] + 2 * COMMUTES
    assert s["trip_ends_withheld"] == s0["trip_ends_withheld"] + 2 * COMMUTES
    assert s["probable_people"] == s0["probable_people"] + 1
    # The planted demand at the market is still found.
    market = shapely.Point(truth["rack_demand"]["x"], truth["rack_demand"]["y"])
    assert sites.distance(market).min() <= 150.0


@pytest.mark.slow
def test_a_city_wide_display_cell_lets_no_one_person_place_a_stand_or_show(
    city_with_reports: Path, tmp_path: Path, truth: dict
) -> None:
    # With one 10 km display cell the whole city was one cell: the commuter's trip ends
    # were demand, and set covering of all demand put stands at their door. The privacy
    # cell is fixed (100 m): their trip ends are no demand whatever --cell says.
    path = add_commuter(city_with_reports, tmp_path, "Jan Dojazdowy")
    out, sites, _ = run_racks(path, "--cell", "10000", "--target-pct", "100")
    assert out["summary"]["model"] == "LSCP" and len(sites) > 0
    assert sites.distance(shapely.Point(HOME)).min() > 250.0
    assert sites.distance(shapely.Point(WORK)).min() > 250.0
    # Count, from the activities, the people whose cycling trips start or end within a
    # walk and a snap of each site (straight line: at least everyone a figure can count).
    rides = Workspace.open(path).read_layer("activities")
    rides = rides[rides["type"] == "cycling"].reset_index(drop=True)
    xy, line = shapely.get_coordinates(rides.geometry.to_numpy(), return_index=True)
    ends = np.r_[True, line[1:] != line[:-1]] | np.r_[line[1:] != line[:-1], True]
    who = rides["user_id"].astype(object).to_numpy()[line[ends]]
    who = np.where(pd.isna(who), [f"activity {i}" for i in line[ends]], who)
    reach = out["parameters"]["walk_m"] + out["parameters"]["snap_m"]
    for site in sites.itertuples():
        near = np.hypot(*(xy[ends] - [site.geometry.x, site.geometry.y]).T) <= reach
        people = len(set(who[near]))
        if people < 5:
            assert site.trip_ends == site.trip_users == 0, (site, people)
        assert site.trip_users == 0 or 5 <= site.trip_users <= people, (site, people)
        assert site.trip_ends == 0 or site.trip_users >= 5
    # The planted demand at the market is still found.
    market = shapely.Point(truth["rack_demand"]["x"], truth["rack_demand"]["y"])
    assert sites.distance(market).min() <= 150.0
