"""Reading an analysis' layers: the ones named, else the roles' guesses, optional ones left out."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from analysis import registry
from analysis.errors import InputError
from analysis.heatmap.usage import CYCLING_SEGMENTS
from analysis.planning import gaps
from analysis.planning.inputs import LEFT_OUT, Inputs, Layers
from analysis.planning.racks import RackInputs, rack_inputs_of
from analysis.workspace import DatasetKind, Workspace
from analysis.workspace import roles as r

X0, Y0 = 560_000.0, 380_000.0


def _frame(geometries: list[shapely.Geometry], **columns: list[object]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns, geometry=geometries, crs="EPSG:2180")


def _points(n: int, dx: float = 0.0) -> gpd.GeoDataFrame:
    return _frame([shapely.Point(X0 + dx + 10 * i, Y0) for i in range(n)])


def _lines(n: int) -> gpd.GeoDataFrame:
    return _frame(
        [shapely.LineString([(X0, Y0 + 10 * i), (X0 + 100, Y0 + 10 * i)]) for i in range(n)]
    )


def _read(ws: Workspace, key: str, layers: Layers | None = None) -> Inputs:
    """What the analysis ``key`` reads, as run_on_workspace reads it."""
    return registry.get(key).read_inputs(ws, layers)


def _racks(ws: Workspace, layers: Layers | None = None) -> RackInputs:
    return rack_inputs_of(_read(ws, "racks", layers))


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """Streets, a cycleway, racks and more points that are no racks, districts and reports."""
    square = shapely.box(X0 - 50, Y0 - 50, X0 + 50, Y0 + 50)
    layers = {
        "drogi_rowerowe": (_lines(6), DatasetKind.DATASET),
        "ulice": (_lines(4), DatasetKind.DATASET),
        "latarnie": (_points(1, dx=7), DatasetKind.DATASET),
        "punkty_nowe": (_points(5, dx=3), DatasetKind.DATASET),
        "stojaki": (_points(2), DatasetKind.DATASET),
        "dzielnice": (
            _frame([square, square.buffer(-10)], ludnosc=[1000, 500]),
            DatasetKind.DATASET,
        ),
        "zgloszenia": (_points(3).assign(category="missing_bike_rack"), DatasetKind.REPORTS),
    }
    ws = Workspace.create(tmp_path / "miasto.gpkg", crs="EPSG:2180")
    with ws.transaction() as tx:
        for name, (gdf, kind) in layers.items():
            tx.write_layer(gdf, name, kind)
    return ws


def test_candidates_put_the_lookalikes_first_then_the_largest(ws: Workspace) -> None:
    # stojaki looks like racks; the other point datasets follow, largest first.
    assert [e.name for e in r.candidate_layers(ws, r.RACKS)] == [
        "stojaki",
        "punkty_nowe",
        "latarnie",
    ]
    assert r.find_layer(ws, r.RACKS) == "stojaki"
    # The cycleways come after the streets, though larger; reports only of their kind.
    assert [e.name for e in r.candidate_layers(ws, r.STREETS)] == ["ulice", "drogi_rowerowe"]
    assert [e.name for e in r.candidate_layers(ws, r.REPORTS)] == ["zgloszenia"]
    assert r.candidate_layers(ws, r.USAGE) == []


def test_a_named_layer_is_read_instead_of_the_guess(ws: Workspace) -> None:
    guessed = _racks(ws)
    assert len(guessed.racks) == 2 and len(guessed.streets) == 4
    assert set(guessed.pois) == set() and len(guessed.reports) == 3
    named = _racks(ws, {"racks": "punkty_nowe", "schools": "latarnie"})
    assert len(named.racks) == 5 and named.racks.geometry.x.min() == X0 + 3
    assert set(named.pois) == {"school"} and len(named.pois["school"]) == 1


def test_none_is_the_guess_and_left_out_is_no_layer(ws: Workspace) -> None:
    assert len(_racks(ws, {"racks": None}).racks) == 2
    left_out = _racks(ws, {"racks": LEFT_OUT, "reports": LEFT_OUT})
    assert left_out.racks is None and left_out.reports is None
    assert _racks(ws).activities is None  # no tracks: nothing to guess
    with pytest.raises(InputError, match="no street network layer chosen, but the analysis"):
        _racks(ws, {"streets": LEFT_OUT})


def test_a_name_with_the_wrong_geometry_or_none_such_is_refused(ws: Workspace) -> None:
    with pytest.raises(InputError, match=r"'ulice' in .* holds LINESTRING, but the bike racks"):
        _racks(ws, {"racks": "ulice"})
    with pytest.raises(InputError, match=r"'stojaki' .* the districts layer must hold polygon"):
        _read(ws, "districts", {"districts": "stojaki"})
    with pytest.raises(InputError, match="has no dataset 'brak'"):
        _read(ws, "reports", {"districts": "brak"})


def test_districts_and_reports_name_the_layers_they_read(ws: Workspace) -> None:
    read = _read(ws, "districts")
    assert read.names == {
        "districts": "dzielnice",
        "cycleways": "drogi_rowerowe",
        "racks": "stojaki",
        "reports": "zgloszenia",
        "activities": "",
    }
    assert len(read.layers["districts"]) == 2 and read.layers["activities"] is None
    assert len(read.layers["racks"]) == 2
    other = _read(ws, "districts", {"racks": "punkty_nowe", "cycleways": LEFT_OUT})
    assert len(other.layers["racks"]) == 5 and other.layers["cycleways"] is None
    assert other.names == {
        "districts": "dzielnice",
        "cycleways": "",
        "racks": "punkty_nowe",
        "reports": "zgloszenia",
        "activities": "",
    }
    reports = _read(ws, "reports", {"districts": LEFT_OUT})
    assert reports.names == {"reports": "zgloszenia", "districts": ""}
    assert reports.layers["districts"] is None
    assert len(_read(ws, "reports").layers["districts"]) == 2


def test_gaps_and_racks_name_every_slot_left_out_too(ws: Workspace) -> None:
    racks = _racks(ws, {"racks": LEFT_OUT, "schools": "latarnie"})
    assert racks.names == {
        "streets": "ulice",
        "racks": "",
        "activities": "",
        "reports": "zgloszenia",
        "schools": "latarnie",
        "bus_stops": "",
        "shops": "",
        "parks": "",
    }
    usage = _lines(4).assign(users=[0, 3, 5, 9], users_per_day=[0.0, 0.1, 0.2, 0.3])
    with ws.transaction() as tx:
        tx.write_layer(usage, CYCLING_SEGMENTS, DatasetKind.ANALYSIS)
    read = _read(ws, "gaps", {"reports": LEFT_OUT})
    assert read.names == {
        "usage": CYCLING_SEGMENTS,
        "streets": "",
        "cycleways": "drogi_rowerowe",
        "reports": "",
    }


def test_usage_is_a_layer_with_the_counts_and_no_result_of_the_gaps(ws: Workspace) -> None:
    counts = {"users": [0, 3, 5, 9], "users_per_day": [0.0, 0.1, 0.2, 0.3]}
    with ws.transaction() as tx:
        tx.write_layer(_lines(4).assign(**counts), CYCLING_SEGMENTS, DatasetKind.ANALYSIS)
        tx.write_layer(
            _lines(3).assign(users=[1, 2, 3]), "usage_cycling_periods", DatasetKind.ANALYSIS
        )
        for name in ("gaps_corridors", "gaps_segments"):  # they hold the counts too
            tx.write_layer(
                _lines(2).assign(users=[3, 5], users_per_day=[0.1, 0.2]),
                name,
                DatasetKind.ANALYSIS,
                quality={"analysis": "gaps"},
            )
    assert [e.name for e in r.candidate_layers(ws, r.USAGE)] == [CYCLING_SEGMENTS]
    with pytest.raises(
        InputError,
        match=r"^'gaps_corridors' is a result of the gaps analysis, "
        r"not the cycling usage per street segment layer$",
    ):
        _read(ws, "gaps", {"usage": "gaps_corridors"})
    with pytest.raises(
        InputError,
        match=r"^'usage_cycling_periods' in .* has no column "
        r"users_per_day, which the cycling usage per street "
        r"segment layer must hold$",
    ):
        _read(ws, "gaps", {"usage": "usage_cycling_periods"})


def test_gaps_read_the_stored_usage_unless_streets_are_named(ws: Workspace) -> None:
    usage = _lines(4).assign(users=[0, 3, 5, 9], users_per_day=[0.0, 0.1, 0.2, 0.3])
    other = usage.iloc[:2]
    with ws.transaction() as tx:
        tx.write_layer(usage, CYCLING_SEGMENTS, DatasetKind.ANALYSIS)
        tx.write_layer(other, "usage_cycling_segments_2023", DatasetKind.ANALYSIS)
    assert [e.name for e in r.candidate_layers(ws, r.USAGE)] == [
        CYCLING_SEGMENTS,
        "usage_cycling_segments_2023",
    ]
    assert gaps.usage_layer(ws) == CYCLING_SEGMENTS
    read = _read(ws, "gaps")
    assert read.layers["usage"]["users"].tolist() == [0, 3, 5, 9]
    assert len(read.layers["cycleways"]) == 6 and len(read.layers["reports"]) == 3
    named = _read(ws, "gaps", {"usage": "usage_cycling_segments_2023", "reports": LEFT_OUT})
    assert named.layers["usage"]["users"].tolist() == [0, 3] and named.layers["reports"] is None
    # Naming the streets alone counts usage now on them; leaving usage out does too.
    assert gaps.usage_layer(ws, {"streets": "ulice"}) is None
    assert gaps.usage_layer(ws, {"usage": LEFT_OUT, "streets": "ulice"}) is None
    assert gaps.usage_layer(ws, {"usage": CYCLING_SEGMENTS, "streets": "ulice"}) == (
        CYCLING_SEGMENTS
    )
    with pytest.raises(InputError, match=r"'stojaki' .* cycling usage per street segment"):
        _read(ws, "gaps", {"usage": "stojaki"})


def test_gaps_without_usage_need_tracks_and_streets(ws: Workspace) -> None:
    assert gaps.usage_layer(ws) is None
    with pytest.raises(InputError, match="no street network layer chosen"):
        _read(ws, "gaps", {"usage": LEFT_OUT, "streets": LEFT_OUT})
    with pytest.raises(InputError, match=r"'dzielnice' .* the cycleways layer must hold line"):
        _read(ws, "gaps", {"cycleways": "dzielnice"})  # checked before counting
