"""OpenStreetMap extracts (.osm.pbf, written here with osmium): what planners get out of them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from analysis.io.datasets import import_datasets
from analysis.io.osm import parse_other_tags
from analysis.workspace import Workspace
from tests.analysis.test_import_datasets import rejections

osmium = pytest.importorskip("osmium", reason="osmium writes the PBF fixtures (test extra)")

RNG = np.random.default_rng(7)
NODES = {i: (19.86 + RNG.uniform(0, 0.02), 51.28 + RNG.uniform(0, 0.02)) for i in range(1, 41)}
WAYS = [
    # (way id, node ids, tags)
    (1, [1, 2, 3], {"highway": "cycleway", "name": "Droga rowerowa Żwirki"}),
    (2, [3, 4], {"highway": "cycleway", "surface": "asphalt"}),
    (3, [4, 5], {"highway": "residential", "cycleway:right": "lane", "name": "ul. Łąkowa"}),
    (4, [5, 6], {"highway": "secondary", "cycleway:both": "track", "maxspeed": "50"}),
    (5, [6, 7], {"highway": "tertiary", "cycleway": "opposite_lane", "oneway": "yes"}),
    (6, [7, 8], {"highway": "footway", "bicycle": "designated", "segregated": "yes"}),
    (7, [8, 9], {"highway": "path", "bicycle": "designated"}),
    (8, [9, 10], {"highway": "primary", "cycleway": "no", "ref": "DK91"}),
    (9, [10, 11], {"highway": "residential", "cycleway:left": "separate"}),
    (10, [11, 12], {"highway": "footway"}),
    (11, [12, 13], {"highway": "service", "name": 'Dojazd "pod Lipami"'}),
    (12, [13, 14], {"highway": "living_street", "bicycle": "yes"}),
    (13, [14, 15], {"highway": "steps"}),
    (14, [20, 21, 22, 23, 20], {"amenity": "bicycle_parking", "capacity": "20"}),
    (15, [24, 25, 26, 24], {"building": "yes"}),
    (16, [27, 28], {"waterway": "river", "name": "Przykładówka"}),
]
PARKING_NODES = {
    100: {"amenity": "bicycle_parking", "capacity": "10", "bicycle_parking": "stands"},
    101: {"amenity": "bicycle_parking", "capacity": "6", "name": "Stojak przy Hali Targowej"},
    102: {"amenity": "bicycle_parking"},
    103: {"amenity": "bicycle_parking", "capacity": "ok. 5", "covered": "yes"},
    104: {"amenity": "bench"},
    105: {"amenity": "parking", "note": "bicycle_parking obok"},
}


def write_pbf(path: Path, ways: list = WAYS, tagged: dict = PARKING_NODES) -> Path:
    writer = osmium.SimpleWriter(str(path))
    for i, location in NODES.items():
        writer.add_node(osmium.osm.mutable.Node(id=i, location=location, tags={}))
    for i, tags in tagged.items():
        location = (19.87 + i / 10_000, 51.29 - i / 20_000)
        writer.add_node(osmium.osm.mutable.Node(id=i, location=location, tags=tags))
    for i, nodes, tags in ways:
        writer.add_way(osmium.osm.mutable.Way(id=i, nodes=nodes, tags=tags))
    writer.close()
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, object]:
    folder = tmp_path_factory.mktemp("osm")
    ws = Workspace.create(folder / "miasto.gpkg")
    summary = import_datasets(ws, [write_pbf(folder / "przykladowo-latest.osm.pbf")])
    return ws, summary


def test_an_extract_gives_three_datasets_with_osm_licence(imported) -> None:
    ws, summary = imported
    assert summary.datasets == [
        "przykladowo_latest_cycleways",
        "przykladowo_latest_bicycle_parking",
        "przykladowo_latest_streets",
    ]
    assert summary.rejected == 0 and summary.imported == 7 + 5 + 7
    entry = ws.entry("przykladowo_latest_cycleways")
    assert entry.licence == "ODbL 1.0 (OpenStreetMap contributors)"
    assert entry.title == "OpenStreetMap: cycleways (przykladowo-latest.osm.pbf)"


def test_cycleways_and_other_bike_infrastructure(imported) -> None:
    ws, _ = imported
    layer = ws.read_layer("przykladowo_latest_cycleways").set_index("osm_id")
    assert layer["infra"].to_dict() == {
        "w1": "cycleway",
        "w2": "cycleway",
        "w3": "lane",
        "w4": "track",
        "w5": "lane",
        "w6": "designated",
        "w7": "designated",
    }
    assert layer.loc["w1", "name"] == "Droga rowerowa Żwirki"
    assert layer.loc["w3", "cycleway_right"] == "lane"
    assert layer.loc["w6", "segregated"] == "yes"
    to_2180 = Transformer.from_crs("EPSG:4326", "EPSG:2180", always_xy=True)
    expected = np.column_stack(to_2180.transform(*np.array([NODES[i] for i in (1, 2, 3)]).T))
    np.testing.assert_allclose(
        shapely.get_coordinates(layer.loc["w1", "geometry"]), expected, atol=1e-3
    )


def test_bicycle_parking_with_capacity(imported) -> None:
    ws, _ = imported
    layer = ws.read_layer("przykladowo_latest_bicycle_parking").set_index("osm_id")
    assert sorted(layer.index) == ["n100", "n101", "n102", "n103", "w14"]
    assert layer["capacity"].sum() == 36
    assert layer["capacity"].isna().sum() == 2  # none given, and "ok. 5"
    assert layer.loc["n101", "name"] == "Stojak przy Hali Targowej"
    assert layer.loc["n100", "bicycle_parking"] == "stands"
    assert set(layer.geom_type) == {"Point"}
    area = shapely.Polygon([NODES[i] for i in (20, 21, 22, 23)])
    to_2180 = Transformer.from_crs("EPSG:4326", "EPSG:2180", always_xy=True)
    inside = shapely.Polygon(np.column_stack(to_2180.transform(*np.array(area.exterior.xy))))
    assert inside.contains(layer.loc["w14", "geometry"])


def test_streets_with_their_highway_class(imported) -> None:
    ws, _ = imported
    layer = ws.read_layer("przykladowo_latest_streets").set_index("osm_id")
    assert layer["highway"].to_dict() == {
        "w3": "residential",
        "w4": "secondary",
        "w5": "tertiary",
        "w8": "primary",
        "w9": "residential",
        "w11": "service",
        "w12": "living_street",
    }
    assert layer["cycle_infra"].fillna("").to_dict() == {
        "w3": "lane",
        "w4": "track",
        "w5": "lane",
        "w8": "",
        "w9": "",
        "w11": "",
        "w12": "",
    }
    assert layer.loc["w8", "ref"] == "DK91" and layer.loc["w4", "maxspeed"] == "50"
    assert layer.loc["w11", "name"] == 'Dojazd "pod Lipami"'


def test_other_tags_are_parsed_with_escapes() -> None:
    text = r'"name"=>"Ul. \"Nowa\"","note"=>"a=>b, c","path"=>"C:\\dane"'
    assert parse_other_tags(text) == {"name": 'Ul. "Nowa"', "note": "a=>b, c", "path": "C:\\dane"}
    assert parse_other_tags(None) == {}


def test_an_extract_without_parking_gives_no_parking_dataset(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    summary = import_datasets(ws, [write_pbf(tmp_path / "male.osm.pbf", WAYS[:3], {})])
    assert summary.datasets == ["male_cycleways", "male_streets"]
    assert summary.rejected == 0


def test_damaged_extracts_are_rejected_once(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    whole = write_pbf(tmp_path / "caly.osm.pbf").read_bytes()
    (tmp_path / "uszkodzony.osm.pbf").write_bytes(whole[:40] + b"\xff" * 200 + whole[240:])
    (tmp_path / "uciety.osm.pbf").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "smieci.osm.pbf").write_bytes(b"\x00\x01garbage" * 100)
    summary = import_datasets(ws, [tmp_path])
    assert summary.datasets == ["caly_cycleways", "caly_bicycle_parking", "caly_streets"]
    found = rejections(summary)
    assert set(found) == {"uszkodzony.osm.pbf", "uciety.osm.pbf", "smieci.osm.pbf"}
    for [(where, reason)] in found.values():
        assert where == "" and reason.startswith("cannot read it as an OSM extract")
