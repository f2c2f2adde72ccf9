"""Report analysis: Gi* hotspots, likely duplicates, backlog, close times and trends."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from analysis.cli.main import cli
from analysis.errors import Cancelled, InputError
from analysis.planning.report_hotspots import Grid, gi_star, report_hotspots, star_weights
from analysis.planning.reports import ReportParams, analyze_reports, find_duplicates
from analysis.workspace import DatasetKind, Workspace

X0, Y0 = 560_000.0, 380_000.0
T0 = pd.Timestamp("2026-03-02 10:00", tz="UTC")


def reports(
    xy: list[tuple[float, float]] | np.ndarray,
    category: list[str | None] | str = "pothole",
    days: list[float] | np.ndarray | None = None,
    status: list[str | None] | str = "open",
    closed_days: list[float | None] | None = None,
    crs: str | None = "EPSG:2180",
) -> gpd.GeoDataFrame:
    """Reports at ``(X0 + x, Y0 + y)`` created ``days`` after T0 (closed ``closed_days`` after)."""
    xy = np.asarray(xy, dtype=float)
    n = len(xy)
    created = T0 + pd.to_timedelta(np.zeros(n) if days is None else np.asarray(days), unit="D")
    closed = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ms, UTC]")
    if closed_days is not None:
        closed = pd.Series(
            [T0 + pd.Timedelta(days=d) if d is not None else pd.NaT for d in closed_days],
            dtype="datetime64[ms, UTC]",
        )
    return gpd.GeoDataFrame(
        {
            "report_id": [f"2026/{i:05d}" for i in range(n)],
            "category": [category] * n if isinstance(category, str) else category,
            "status": [status] * n if isinstance(status, str) else status,
            "created": pd.Series(created).astype("datetime64[ms, UTC]"),
            "closed": closed,
        },
        geometry=shapely.points(xy + np.array([X0, Y0])) if n else [],
        crs=crs,
    )


def square(x: float, y: float, side: float) -> shapely.Polygon:
    return shapely.box(X0 + x, Y0 + y, X0 + x + side, Y0 + y + side)


# --- likely duplicates ---------------------------------------------------------------------


def test_duplicates_within_50_m_and_7_days_of_the_first_report_of_one_category() -> None:
    layer = reports(
        [
            (0, 0),
            (49, 0),  # 49 m, 6 days: duplicates
            (1000, 0),
            (1051, 0),  # 51 m apart: not
            (2000, 0),
            (2010, 0),  # 8 days apart: not
            (3000, 0),
            (3010, 0),  # another category: not
            (4000, 0),
            (4040, 0),
            (4080, 0),
            (4000, 30),
        ],  # 80 m from the first: no chain
        category=["pothole"] * 7 + ["litter"] + ["greenery"] * 4,
        days=[0, 6, 0, 1, 0, 8, 0, 1, 0, 3, 5, 2],
    )
    found = find_duplicates(layer, within_m=50.0, within_days=7.0)
    groups = found.groupby("group")["report_id"].apply(list).to_dict()
    assert groups == {
        1: ["2026/00000", "2026/00001"],
        2: ["2026/00008", "2026/00011", "2026/00009"],
    }
    assert found.loc[found["first"], "report_id"].tolist() == ["2026/00000", "2026/00008"]
    assert found["size"].tolist() == [2, 2, 3, 3, 3]
    assert found.crs == "EPSG:2180" and found.geometry.x.iloc[1] == X0 + 49


def test_duplicates_limits_are_parameters() -> None:
    layer = reports([(0, 0), (51, 0), (2000, 0), (2010, 0)], days=[0, 1, 0, 8])
    assert find_duplicates(layer, within_m=50.0, within_days=7.0).empty
    assert len(find_duplicates(layer, within_m=52.0, within_days=8.0)) == 4


# --- Getis-Ord Gi* -------------------------------------------------------------------------


def test_a_dense_cluster_on_a_uniform_background_is_one_significant_hotspot() -> None:
    rng = np.random.default_rng(7)
    background = rng.uniform([0, 0], [3000, 1500], size=(300, 2))
    cluster = rng.normal([2200, 400], 60, size=(60, 2))
    layer = reports(np.vstack([background, cluster]), days=rng.uniform(0, 90, 360))
    layer.loc[300:, "created"] = pd.Timestamp("2026-01-31 23:30", tz="UTC")  # 1 Feb in Warsaw
    areas, untested = report_hotspots(
        layer, cell_m=100, alpha=0.05, permutations=999, seed=1, min_reports=5, max_cells=100_000
    )
    assert untested == {}
    centre = shapely.Point(X0 + 2200, Y0 + 400)
    hit = areas[areas.contains(centre)]
    assert len(hit) == 1
    assert hit["reports"].iloc[0] >= 55 and hit["p_min"].iloc[0] == pytest.approx(0.001)
    assert hit["z_max"].iloc[0] > 8 and hit["peak_month"].iloc[0] == "2026-02"
    assert hit.geometry.iloc[0].area <= 30 * 100 * 100  # the cluster, not the city
    elsewhere = areas[~areas.index.isin(hit.index)]
    assert elsewhere["reports"].sum() < 0.1 * len(background)


def test_a_uniform_random_field_has_about_alpha_hot_cells_and_no_hotspot_of_note() -> None:
    rng = np.random.default_rng(3)
    grid = Grid(X0, Y0, 100.0, rows=40, cols=50)
    for mean, leak in ((0.1, 0.02), (2.0, 0.002)):
        stats = gi_star(rng.poisson(mean, grid.size), star_weights(grid), permutations=999, seed=2)
        hot = (stats.p < 0.05) & (stats.z > 0)
        assert 0.005 < hot.mean() <= 0.05  # one-sided level: a true null passes up to 5%...
        assert (hot & (stats.q < 0.05)).mean() < leak  # ... (almost) none past the FDR
    points = rng.uniform([0, 0], [5000, 4000], size=(200, 2))
    areas, _ = report_hotspots(
        reports(points),
        cell_m=100,
        alpha=0.05,
        permutations=999,
        seed=1,
        min_reports=5,
        max_cells=100_000,
    )
    assert areas.empty


@pytest.mark.filterwarnings("ignore:The alternative hypothesis:DeprecationWarning")
def test_a_lone_report_among_empty_cells_is_not_hot() -> None:
    """esda's folded p_sim gives such cells 0.001: no permutation is lower. Ours reads one tail."""
    import esda
    from libpysal.weights import lat2W

    grid = Grid(X0, Y0, 100.0, rows=30, cols=30)
    counts = np.zeros(grid.size, dtype=int)
    counts[[0, 95, 400, 777, 899]] = 1
    stats = gi_star(counts, star_weights(grid), permutations=999, seed=0)
    assert stats.z[95] > 0 and stats.p[95] == 1.0
    folded = esda.G_Local(
        counts.astype(float),
        lat2W(30, 30, rook=False),
        transform="B",
        star=True,
        permutations=999,
        seed=0,
        n_jobs=1,
    )
    assert folded.p_sim[95] == pytest.approx(0.001)
    # Their neighbours are "hot" (a sum of 1 is rare in so empty a field) but hold no report.
    row, col = np.divmod(np.array([0, 95, 400, 777, 899]), 30)
    lone = reports(np.column_stack([col * 100.0 + 50, row * 100.0 + 50]))
    areas, _ = report_hotspots(
        lone, cell_m=100, alpha=0.05, permutations=999, seed=0, min_reports=1, max_cells=100_000
    )
    assert areas.empty


def test_grid_cells_are_row_major_from_the_lower_left() -> None:
    x, y = np.array([X0 + 5.0, X0 + 250.0, X0 + 250.0]), np.array([Y0 + 5.0, Y0 + 5.0, Y0 + 120.0])
    grid = Grid.over(x, y, 100.0)
    assert (grid.rows, grid.cols, grid.x0, grid.y0) == (2, 3, X0, Y0)
    assert grid.cell_of(x, y).tolist() == [0, 2, 5]
    assert grid.boxes(np.array([5]))[0].bounds == (X0 + 200, Y0 + 100, X0 + 300, Y0 + 200)


# --- backlog, close times, months, trends --------------------------------------------------


@pytest.fixture
def backlog_case() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """West district: 3 closed potholes (2, 4, 34 days), 1 open; east: 2 litter, one rejected."""
    layer = reports(
        [(10, 10), (20, 10), (30, 10), (40, 10), (600, 10), (610, 10)],
        category=["pothole"] * 4 + ["litter"] * 2,
        days=[0, 1, 31, 40, 35, 62],
        status=["closed", "closed", "closed", "in_progress", "rejected", "open"],
        closed_days=[2, 5, 65, None, 36, None],
    )
    districts = gpd.GeoDataFrame(
        {"nazwa": ["Zachód", "Wschód"]},
        geometry=[square(0, 0, 500), square(500, 0, 500)],
        crs="EPSG:2180",
    )
    return layer, districts


def test_backlog_and_time_to_close_by_district_and_category(backlog_case: tuple) -> None:
    layer, districts = backlog_case
    result = analyze_reports(layer, districts, ReportParams(as_of=T0 + pd.Timedelta(days=70)))
    backlog = result.tables["backlog"].set_index(["district", "category"])
    west = backlog.loc[("Zachód", "pothole")]
    assert (west["reports"], west["open"], west["closed"]) == (4, 1, 3)
    assert west["median_close_days"] == 4.0
    assert west["p90_close_days"] == pytest.approx(28.0)  # 4 + 0.8 * (34 - 4)
    assert west["median_open_days"] == 30.0
    east = backlog.loc[("Wschód", "litter")]
    assert (east["open"], east["closed"], east["rejected"]) == (1, 0, 1)
    assert east["close_time_reports"] == 1 and east["median_close_days"] == 1.0  # the rejection
    times = result.tables["close_times"].set_index(["by", "group"])
    assert times.loc[("all", "all"), ["closed", "close_time_reports"]].tolist() == [3, 4]
    assert times.loc[("all", "all"), "median_close_days"] == 3.0
    assert times.loc[("month", "2026-04"), "median_close_days"] == 17.5  # 34 and 1 day
    assert result.summary["open"] == 2 and result.summary["districts_from"].startswith("districts")


@pytest.mark.parametrize(
    ("days", "reports", "open_", "closed", "median"),
    [(3.5, 2, 1, 1, 2.0), (30.0, 2, 0, 2, 3.0), (38.0, 4, 1, 2, 2.0)],
)
def test_the_backlog_as_it_stood_on_a_date(
    backlog_case: tuple, days: float, reports: int, open_: int, closed: int, median: float
) -> None:
    layer, districts = backlog_case
    result = analyze_reports(layer, districts, ReportParams(as_of=T0 + pd.Timedelta(days=days)))
    whole = result.tables["close_times"].iloc[0]
    assert (whole["reports"], whole["open"], whole["closed"]) == (reports, open_, closed)
    assert whole["median_close_days"] == median
    assert any(f"{6 - reports} reports created after" in line for line in result.lines)


def test_months_and_trend(backlog_case: tuple) -> None:
    layer, districts = backlog_case
    result = analyze_reports(layer, districts, ReportParams(as_of=T0 + pd.Timedelta(days=70)))
    months = result.tables["months"]
    pothole = months[months["category"] == "pothole"].set_index("month")
    assert pothole["reports"].to_dict() == {"2026-03": 2, "2026-04": 2, "2026-05": 0}
    assert pothole["open_at_month_end"].to_dict() == {"2026-03": 0, "2026-04": 2, "2026-05": 1}
    assert pothole["change"].tolist()[1:] == [0.0, -2.0]
    trends = result.tables["trends"].set_index("category")
    assert trends.loc["pothole", "slope_per_month"] == -1.0
    assert trends.loc["litter", "slope_per_month"] == 0.5  # 0, 1, 1
    assert result.summary["trend_per_month"] == {"litter": 0.5, "pothole": -1.0}
    later = analyze_reports(layer, districts, ReportParams(as_of=T0 + pd.Timedelta(days=120)))
    assert later.tables["months"]["month"].unique().tolist() == ["2026-03", "2026-04", "2026-05"]


def test_months_are_local() -> None:
    layer = reports([(0, 0), (500, 500)], days=[0, 0])
    layer["created"] = pd.to_datetime(["2026-03-01 12:00", "2026-03-31 22:30"], utc=True)
    months = analyze_reports(layer).tables["months"]
    assert months.set_index("month")["reports"].to_dict() == {"2026-03": 1, "2026-04": 1}


def test_without_districts_the_reports_column_or_the_whole_city(backlog_case: tuple) -> None:
    layer, _ = backlog_case
    whole = analyze_reports(layer)
    assert set(whole.tables["backlog"]["district"]) == {"(whole city)"}
    assert any("whole city only" in line for line in whole.lines)
    named = analyze_reports(layer.assign(Dzielnica=["A", "A", "B", "B", "B", None]))
    assert named.tables["backlog"].groupby("district")["reports"].sum().to_dict() == {
        "(whole city)": 1,
        "A": 2,
        "B": 3,
    }
    assert named.summary["districts_from"] == "column 'Dzielnica' of 'reports'"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda g: g.iloc[:0], "'reports' is empty"),
        (lambda g: g.assign(created=pd.NaT), "no creation dates"),
        (lambda g: g.drop(columns="created"), "no creation dates"),
        (lambda g: g.assign(category=None), "no categories"),
        (lambda g: g.set_crs(None, allow_override=True), "no CRS"),
        (lambda g: g.to_crs("EPSG:4326"), "not projected"),
        (lambda g: g.set_geometry(g.buffer(5)), "must hold points"),
    ],
)
def test_bad_reports_layers_are_refused(backlog_case: tuple, change: object, message: str) -> None:
    layer, _ = backlog_case
    with pytest.raises(InputError, match=message):
        analyze_reports(change(layer))  # type: ignore[operator]


def test_bad_districts_are_refused(backlog_case: tuple) -> None:
    layer, districts = backlog_case
    overlapping = districts.set_geometry([square(0, 0, 700), square(500, 0, 500)])
    with pytest.raises(InputError, match="overlap: report 2026/00004"):
        analyze_reports(layer, overlapping, districts_layer="dzielnice")
    bowtie = shapely.Polygon([(X0, Y0), (X0 + 900, Y0 + 900), (X0 + 900, Y0), (X0, Y0 + 900)])
    with pytest.raises(InputError, match="invalid polygons"):
        analyze_reports(layer, districts.set_geometry([bowtie, square(500, 0, 500)]))
    with pytest.raises(InputError, match="no column 'name'"):
        analyze_reports(layer, districts, ReportParams(district_field="name"))


def test_a_category_too_small_to_test_is_said_so(backlog_case: tuple) -> None:
    layer, _ = backlog_case
    result = analyze_reports(layer)
    assert set(result.summary["untested_categories"]) == {"litter", "pothole"}
    assert result.tables["hotspots"].empty


def test_nothing_closed_yet_is_said_so(backlog_case: tuple) -> None:
    layer = backlog_case[0].assign(status="open", closed=pd.NaT)
    result = analyze_reports(layer)
    assert "6 open; time to close: no closed report with dates" in result.lines
    assert result.summary["median_close_days"] is None


def test_cancelling_stops_the_analysis(backlog_case: tuple) -> None:
    class Stop:
        def report(self, fraction: float, message: str = "") -> None:
            pass

        def is_cancelled(self) -> bool:
            return True

    with pytest.raises(Cancelled):
        analyze_reports(backlog_case[0], progress=Stop())


# --- the command ---------------------------------------------------------------------------


def test_cli_stores_every_table(tmp_path: Path, backlog_case: tuple) -> None:
    layer, districts = backlog_case
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    with ws.transaction() as tx:
        tx.write_layer(layer, "zgloszenia", DatasetKind.REPORTS, title="Zgłoszenia")
        tx.write_layer(districts, "dzielnice", DatasetKind.DATASET, title="Dzielnice")
    out = CliRunner().invoke(
        cli, ["analyze", "reports", "-w", str(ws.path), "--json", "--as-of", "2026-05-11 11:00:00"]
    )
    assert out.exit_code == 0, out.output
    answer = json.loads(out.output[out.output.index("{") :])
    assert answer["layers"] == [
        f"reports_{t}"
        for t in ("hotspots", "duplicates", "backlog", "close_times", "months", "trends")
    ]
    assert answer["summary"]["open"] == 2
    assert answer["parameters"]["as_of"] == "2026-05-11T09:00:00+00:00"
    assert answer["parameters"]["layer.reports"] == "zgloszenia"
    assert answer["parameters"]["layer.districts"] == "dzielnice"
    backlog = ws.read_layer("reports_backlog")
    assert backlog.set_index(["district", "category"]).loc[("Zachód", "pothole"), "open"] == 1


def test_cli_names_a_missing_layer(tmp_path: Path, backlog_case: tuple) -> None:
    layer, _ = backlog_case
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    with ws.transaction() as tx:
        tx.write_layer(layer, "zgloszenia", DatasetKind.REPORTS, title="Zgłoszenia")
    out = CliRunner().invoke(cli, ["analyze", "reports", "-w", str(ws.path)])
    assert out.exit_code == 0, out.output
    assert "backlog for the whole city only" in out.output
    assert ws.entry("reports_backlog").quality["layer.districts"] == ""
    out = CliRunner().invoke(cli, ["analyze", "reports", "-w", str(ws.path), "--districts", "x"])
    assert out.exit_code != 0 and "'x'" in out.output


# --- the sample city -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def city_reports(
    city: Path, city_workspace: Workspace, truth: dict, tmp_path_factory: pytest.TempPathFactory
) -> Workspace:
    from analysis.io.reports import import_reports

    path = tmp_path_factory.mktemp("reports_ws") / "przykladowo.gpkg"
    shutil.copy(city_workspace.path, path)
    ws = Workspace.open(path)
    import_reports(ws, [city / "reports"])
    out = CliRunner().invoke(cli, ["analyze", "reports", "-w", str(path), "--json"])
    assert out.exit_code == 0, out.output
    answer = json.loads(out.output[out.output.index("{") :])
    assert answer["summary"]["hotspots_by_category"]["pothole"] >= 1
    assert answer["summary"]["reports"] == truth["counts"]["reports"]
    assert answer["tables"]["backlog"] > 8
    return ws


@pytest.mark.slow
def test_sample_city_planted_pothole_hotspot_is_found(city_reports: Workspace, truth: dict) -> None:
    planted = truth["report_hotspot"]
    hotspots = city_reports.read_layer("reports_hotspots")
    potholes = hotspots[hotspots["category"] == planted["category"]]
    near = potholes[potholes.distance(shapely.Point(planted["x"], planted["y"])) <= 200]
    assert len(near) == 1
    area = near.iloc[0]
    assert area["p_min"] < 0.05 and area["z_max"] > 10
    assert planted["reports"] <= area["reports"] <= planted["reports"] * 1.3
    assert area["peak_month"] in ("2026-02", "2026-03")
    assert area.geometry.area < 40 * 100 * 100


@pytest.mark.slow
def test_sample_city_tables(city_reports: Workspace, truth: dict) -> None:
    backlog = city_reports.read_layer("reports_backlog")
    assert backlog["reports"].sum() == truth["counts"]["reports"]
    assert set(backlog["district"]) - {"(outside the districts)"} <= {
        n for n in city_reports.read_layer("dzielnice")["nazwa"]
    }
    months = city_reports.read_layer("reports_months")
    assert months["reports"].sum() == truth["counts"]["reports"]
    feb_mar = months[months["month"].isin(["2026-02", "2026-03"])]
    rest = months[~months["month"].isin(["2026-02", "2026-03"])]
    pothole_feb_mar = feb_mar.loc[feb_mar["category"] == "pothole", "reports"].mean()
    pothole_rest = rest.loc[rest["category"] == "pothole", "reports"].mean()
    assert pothole_feb_mar - pothole_rest > 0.8 * planted_per_month(truth)
    duplicates = city_reports.read_layer("reports_duplicates")
    assert duplicates.groupby("group")["category"].nunique().max() == 1
    assert (duplicates.groupby("group")["first"].sum() == 1).all()


def planted_per_month(truth: dict) -> float:
    """The planted hotspot's reports per month (it runs over February and March)."""
    return float(truth["report_hotspot"]["reports"]) / 2
