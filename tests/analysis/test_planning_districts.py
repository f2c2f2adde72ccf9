"""Figures per district: a hand-made pair of squares with known answers, and the sample city."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from analysis.cli.main import cli
from analysis.errors import InputError
from analysis.planning.districts import DistrictParams, district_stats
from analysis.workspace import Workspace

X0, Y0 = 560_000.0, 380_000.0
CRS = "EPSG:2180"


def at(x: float, y: float) -> tuple[float, float]:
    return (X0 + x, Y0 + y)


def square(x: float, size: float = 1000.0) -> shapely.Polygon:
    return shapely.box(*at(x, 0), *at(x + size, size))


@pytest.fixture
def districts() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"nazwa": ["Zachód", "Wschód"], "Ludnosc": [2000, 500]},
        geometry=[square(0), square(1000)],
        crs=CRS,
    )


@pytest.fixture
def layers() -> dict[str, gpd.GeoDataFrame]:
    """Cycleways, racks, reports and tracks whose share in each square is known."""
    line = shapely.LineString
    cycleways = gpd.GeoDataFrame(
        geometry=[
            line([at(200, 500), at(1700, 500)]),  # 800 m west, 700 m east
            line([at(1500, 100), at(1500, 400)]),  # 300 m east
            line([at(2500, 100), at(2900, 100)]),  # outside
        ],
        crs=CRS,
    )
    racks = gpd.GeoDataFrame(
        geometry=shapely.points(
            [
                at(100, 100),
                at(200, 200),
                at(300, 300),
                at(1000, 600),  # on the shared border: counted once, for the first district
                at(1500, 900),
                at(3000, 3000),
            ]
        ),
        crs=CRS,
    )
    reports = gpd.GeoDataFrame(
        {
            "category": ["pothole", "pothole", "missing_bike_rack", "litter", "pothole"],
            "status": ["closed", "open", "in_progress", "rejected", "open"],
        },
        geometry=shapely.points(
            [at(100, 900), at(150, 900), at(1100, 900), at(1200, 900), at(5000, 0)]
        ),
        crs=CRS,
    )
    activities = gpd.GeoDataFrame(
        {
            "user_id": ["u1", "u2", "u1", "u3"],
            "type": ["cycling", "running", "cycling", "cycling"],
            "start": pd.to_datetime(
                ["2026-04-01 00:00", "2026-04-10 08:00", "2026-04-30 23:00", "2026-04-15 12:00"],
                utc=True,
            ),
            "duration_s": [600.0, 1200.0, 3600.0, 300.0],
        },
        geometry=[
            line([at(100, 100), at(1900, 100)]),  # 900 m in each
            line([at(300, 700), at(700, 700)]),  # 400 m in the west
            line([at(1200, 800), at(1700, 800)]),  # 500 m in the east
            line([at(2100, 800), at(2600, 800)]),  # outside
        ],
        crs=CRS,
    )
    return {"cycleways": cycleways, "racks": racks, "reports": reports, "activities": activities}


def test_two_squares_get_their_known_figures(
    districts: gpd.GeoDataFrame, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    result = district_stats(districts, **layers, params=DistrictParams(min_users=1))
    stats = result.tables["stats"]
    assert stats["population"].tolist() == [2000, 500]
    assert "Ludnosc" not in stats and stats["nazwa"].tolist() == ["Zachód", "Wschód"]
    assert stats["cycleway_km"].tolist() == pytest.approx([0.8, 1.0])
    assert stats["cycleway_km_per_1000"].tolist() == pytest.approx([0.4, 2.0])
    assert stats["racks"].tolist() == [4, 1]
    assert stats["racks_per_1000"].tolist() == pytest.approx([2.0, 2.0])
    assert stats["reports"].tolist() == [2, 2]
    assert stats["reports_pothole"].tolist() == [2, 0]
    assert stats["reports_missing_bike_rack"].tolist() == [0, 1]
    assert stats["reports_litter"].tolist() == [0, 1]
    assert stats["reports_per_1000"].tolist() == pytest.approx([1.0, 4.0])
    assert stats["open_backlog"].tolist() == [1, 1]  # open and in progress; not rejected
    assert stats["activity_users"].tolist() == [2, 1]
    assert stats["activity_km"].tolist() == pytest.approx([1.3, 1.4])
    assert stats["cycling_km"].tolist() == pytest.approx([0.9, 1.4])
    assert stats["co2_avoided_kg"].tolist() == pytest.approx([0.9 * 0.3 * 0.12, 1.4 * 0.3 * 0.12])
    # observed from 1 April 00:00 to 1 April 00:00 + 30 days (the last ride ends then)
    assert result.summary["observed_days"] == 30.0
    assert stats["co2_avoided_kg_per_year"].tolist() == pytest.approx(
        [0.9 * 0.036 * 365.25 / 30, 1.4 * 0.036 * 365.25 / 30]
    )
    assert result.summary["activity_users"] == 2  # u1 and u2; u3 rode outside
    assert result.summary["racks"] == 5 and result.summary["reports"] == 4
    assert "30% of cycled km replace a car trip at 120 g CO2/km" in result.describe()
    assert result.parameters["population_field"] == "Ludnosc"


def test_assumptions_are_parameters(
    districts: gpd.GeoDataFrame, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    params = DistrictParams(
        car_share=0.5, car_co2_g_per_km=200.0, observed_days=365.25, min_users=1
    )
    result = district_stats(districts, activities=layers["activities"], params=params)
    stats = result.tables["stats"]
    assert stats["co2_avoided_kg"].tolist() == pytest.approx([0.9 * 0.1, 1.4 * 0.1])
    assert stats["co2_avoided_kg_per_year"].tolist() == pytest.approx([0.09, 0.14])
    assert result.parameters["car_share"] == 0.5
    assert "cycleway_km" not in stats and result.summary["missing_layers"] == [
        "cycleways",
        "racks",
        "reports",
    ]
    assert "left out (no layer): cycleways, racks, reports" in result.describe()


def _riders(rides: dict[str, tuple[str, shapely.LineString]]) -> gpd.GeoDataFrame:
    """One activity per user: ``{user: (type, line)}``."""
    return gpd.GeoDataFrame(
        {
            "user_id": list(rides),
            "type": [t for t, _ in rides.values()],
            "start": pd.Timestamp("2026-05-04 07:00", tz="UTC"),
            "duration_s": 600.0,
        },
        geometry=[line for _, line in rides.values()],
        crs=CRS,
    )


@pytest.mark.parametrize("few", [1, 2, 3, 4, 5])
def test_a_district_of_fewer_than_k_people_shows_no_activity(few: int) -> None:
    # Six people ride across the big square; ``few`` others ride through a 50 m square
    # beside it and nowhere else; one person runs in the big square.
    areas = gpd.GeoDataFrame(
        {"nazwa": ["Duża", "Mała"], "ludnosc": [5000, 10]},
        geometry=[square(0), shapely.box(*at(1000, 0), *at(1050, 50))],
        crs=CRS,
    )
    rides = {
        f"d{i}": ("cycling", shapely.LineString([at(0, 100 + i), at(1000, 100 + i)]))
        for i in range(6)
    }
    rides |= {
        f"m{i}": ("cycling", shapely.LineString([at(1010 + i, -10), at(1010 + i, 60)]))
        for i in range(few)
    }
    rides["runner"] = ("running", shapely.LineString([at(100, 500), at(400, 500)]))
    result = district_stats(areas, activities=_riders(rides))
    big, tiny = result.tables["stats"].to_dict("records")
    # The runner is alone with the type: their 0.3 km count nowhere.
    assert big["activity_users"] == 6 and big["activity_km"] == pytest.approx(6.0)
    assert big["cycling_km"] == pytest.approx(6.0)
    figures = (
        "activity_users",
        "activity_km",
        "cycling_km",
        "co2_avoided_kg",
        "co2_avoided_kg_per_year",
    )
    s = result.summary
    if few < 5:
        assert all(pd.isna(tiny[f]) for f in figures)
        assert s["activity_districts_withheld"] == 1 and s["activity_users"] == 6
        assert "1 of 2 districts show no activity figures (fewer than 5 people)" in result.lines
    else:
        assert tiny["activity_users"] == 5 and tiny["activity_km"] == pytest.approx(0.25)
        assert s["activity_districts_withheld"] == 0 and s["activity_users"] == 11
    assert s["activity_km"] == pytest.approx(6.0 + 0.05 * few * (few >= 5), abs=0.05)
    assert s["min_users"] == 5 and s["probable_people"] == 6 + few + 1
    everyone = district_stats(areas, activities=_riders(rides), params=DistrictParams(min_users=1))
    assert everyone.tables["stats"]["activity_users"].tolist() == [7, few]


def test_the_same_ride_imported_twice_counts_once(
    districts: gpd.GeoDataFrame, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    tracks = layers["activities"].assign(user_basis="gpx_author")
    copy = tracks.iloc[[0]].assign(user_id="f9", user_basis="file")  # the same file, unnamed
    twice = pd.concat([tracks, copy], ignore_index=True)
    params = DistrictParams(min_users=1)
    once = district_stats(districts, activities=tracks, params=params).tables["stats"]
    again = district_stats(districts, activities=twice, params=params)
    assert again.summary["duplicate_activities"] == 1
    assert again.tables["stats"]["activity_km"].tolist() == pytest.approx(
        once["activity_km"].tolist()
    )
    with pytest.raises(InputError, match="--min-users: must be at least 0, got -1"):
        DistrictParams(min_users=-1)


def test_cycling_types_nobody_recorded_are_said(
    districts: gpd.GeoDataFrame, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    params = DistrictParams(cycling_types=("cycling", "rower"))
    result = district_stats(districts, activities=layers["activities"], params=params)
    assert result.summary["unrecorded_activity_types"] == ["rower"]
    assert result.summary["recorded_activity_types"] == ["cycling", "running"]
    assert (
        "No activity has the type rower: none of its km count as cycling (types recorded: "
        "cycling, running)."
    ) in result.lines
    every = district_stats(districts, activities=layers["activities"])
    assert "unrecorded_activity_types" not in every.summary


def test_a_population_field_can_be_named(districts: gpd.GeoDataFrame) -> None:
    frame = districts.rename(columns={"Ludnosc": "mieszkancy"})
    with pytest.raises(InputError, match=r"no population field.*numeric fields: mieszkancy"):
        district_stats(frame)
    stats = district_stats(frame, params=DistrictParams(population_field="MIESZKANCY"))
    assert stats.tables["stats"]["population"].tolist() == [2000, 500]
    with pytest.raises(InputError, match="no field 'brak'"):
        district_stats(frame, params=DistrictParams(population_field="brak"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.iloc[:0], "'dzielnice' is empty"),
        (lambda d: d.set_crs(None, allow_override=True), "'dzielnice' has no CRS"),
        (lambda d: d.to_crs("EPSG:4326"), "in degrees: reproject it"),
        (
            lambda d: d.set_geometry(
                [
                    square(0),
                    shapely.Polygon([at(1000, 0), at(2000, 1000), at(2000, 0), at(1000, 1000)]),
                ]
            ),
            r"invalid polygons \('Wschód' \(index 1\): Self-intersection.*Fix geometries",
        ),
        (
            lambda d: d.set_geometry([square(0), square(900)]),
            r"overlap \('Zachód' \(index 0\) and 'Wschód' \(index 1\) share 100,000 m²\)",
        ),
        (
            lambda d: d.set_geometry([square(0), shapely.Point(at(0, 0))]),
            r"not polygons \(or empty\): 'Wschód' \(index 1\)",
        ),
    ],
)
def test_bad_districts_are_named_with_what_to_do(
    districts: gpd.GeoDataFrame, change: object, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        district_stats(change(districts), layer_names={"districts": "dzielnice"})  # type: ignore[operator]


def test_a_sliver_below_the_tolerance_is_no_overlap(districts: gpd.GeoDataFrame) -> None:
    sliver = districts.set_geometry([square(0), shapely.box(*at(999.9995, 0), *at(2000, 1000))])
    assert district_stats(sliver).tables["stats"]["area_km2"].tolist() == pytest.approx([1, 1])
    with pytest.raises(InputError, match="share 0 m²"):
        district_stats(sliver, params=DistrictParams(overlap_tolerance_m2=0.1))


def test_a_layer_without_crs_is_an_error(
    districts: gpd.GeoDataFrame, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    racks = layers["racks"].set_crs(None, allow_override=True)
    with pytest.raises(InputError, match="'stojaki' has no CRS"):
        district_stats(districts, racks=racks, layer_names={"racks": "stojaki"})


@pytest.fixture(scope="module")
def city_copy(
    city_workspace: Workspace, city: Path, tmp_path_factory: pytest.TempPathFactory
) -> Workspace:
    """The sample city workspace with its reports, copied (the session's one stays as it is)."""
    from analysis.io.reports import import_reports

    path = tmp_path_factory.mktemp("districts") / "przykladowo.gpkg"
    shutil.copy(city_workspace.path, path)
    ws = Workspace.open(path)
    import_reports(ws, [city / "reports"])
    return ws


@pytest.mark.slow
def test_the_sample_city_through_the_command_line(city_copy: Workspace, truth: dict) -> None:
    run = CliRunner().invoke(cli, ["analyze", "districts", "-w", str(city_copy.path), "--json"])
    assert run.exit_code == 0, run.output
    stats = city_copy.read_layer("districts_stats")
    assert len(stats) == truth["counts"]["districts"] == 8
    assert stats["population"].sum() == truth["counts"]["population"] == 60_000
    assert stats["cycleway_km"].sum() == pytest.approx(truth["counts"]["cycleways_km"], abs=0.05)
    assert stats["racks"].sum() == truth["counts"]["racks"] == 150
    reports = city_copy.read_layer("reports")
    inside = reports.sjoin(stats[["geometry"]], predicate="intersects")
    inside = inside[~inside.index.duplicated()]
    assert stats["reports"].sum() == len(inside) > 0.99 * truth["counts"]["reports"]
    backlog = ~inside["status"].isin(["closed", "rejected"])
    assert stats["open_backlog"].sum() == backlog.sum() > 0
    category_columns = [c for c in stats if c.startswith("reports_") and c != "reports_per_1000"]
    assert (stats[category_columns].sum(axis=1) == stats["reports"]).all()
    assert (
        stats["reports_missing_bike_rack"].sum() == inside["category"].eq("missing_bike_rack").sum()
    )
    assert 0 < stats["activity_users"].max() <= truth["counts"]["users"]
    # Activity figures of fewer than 5 people are withheld, but most districts have more.
    shown = stats["activity_users"].notna()
    assert shown.sum() >= 6 and (stats["activity_users"][shown] >= 5).all()
    assert stats.loc[~shown, ["activity_km", "cycling_km", "co2_avoided_kg"]].isna().all(axis=None)
    assert (stats["cycling_km"][shown] <= stats["activity_km"][shown]).all()
    assert stats["co2_avoided_kg"].sum() == pytest.approx(stats["cycling_km"].sum() * 0.036)
    summary = json.loads(run.output[run.output.index("{") :])["summary"]
    assert summary["population"] == 60_000 and summary["racks"] == 150
    assert summary["activity_districts_withheld"] == (~shown).sum()
    assert summary["probable_people"] <= truth["counts"]["users"]
    assert 85 < summary["observed_days"] < 92  # April to June
    assert summary["co2_avoided_kg_per_year"] == pytest.approx(
        summary["co2_avoided_kg"] * 365.25 / summary["observed_days"], rel=1e-2
    )
    # --min-users above the city's people withholds every district's activity figures.
    args = ["analyze", "districts", "-w", str(city_copy.path), "--min-users", "700", "--replace"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    strict = city_copy.read_layer("districts_stats")
    assert strict["activity_users"].isna().all() and strict["activity_km"].isna().all()
    assert (strict["population"] == stats["population"]).all()  # the rest is unchanged


def test_the_command_line_leaves_out_missing_layers_and_names_overlaps(
    tmp_path: Path, districts: gpd.GeoDataFrame, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    from analysis.workspace import DatasetKind

    ws = Workspace.create(tmp_path / "miasto.gpkg")
    overlapping = districts.set_geometry([square(0), square(900)])
    with ws.transaction() as tx:
        tx.write_layer(districts, "dzielnice", DatasetKind.DATASET)
        tx.write_layer(overlapping, "osiedla", DatasetKind.DATASET)
        tx.write_layer(layers["racks"], "stojaki", DatasetKind.DATASET)
    args = ["analyze", "districts", "-w", str(ws.path), "--districts", "dzielnice"]
    run = CliRunner().invoke(cli, args)
    assert run.exit_code == 0, run.output
    assert "left out (no layer): activities, cycleways, reports" in run.output
    assert ws.read_layer("districts_stats")["racks"].tolist() == [4, 1]
    quality = ws.entry("districts_stats").quality  # the layers read, "" for those left out
    assert {k: v for k, v in quality.items() if k.startswith("layer.")} == {
        "layer.districts": "dzielnice",
        "layer.cycleways": "",
        "layer.racks": "stojaki",
        "layer.reports": "",
        "layer.activities": "",
    }
    left_out = CliRunner().invoke(cli, [*args, "--racks", ""])
    assert left_out.exit_code == 0, left_out.output
    assert ws.entry("districts_stats").quality["layer.racks"] == ""
    run = CliRunner().invoke(cli, [*args[:-1], "osiedla"])
    assert run.exit_code == 1
    assert "districts in 'osiedla' overlap ('Zachód' (index 0) and 'Wschód'" in run.output
    run = CliRunner().invoke(cli, [*args, "--reports", "stojaki"])
    assert run.exit_code == 1 and "has no column 'category'" in run.output
