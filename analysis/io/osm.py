"""What planners need from an OpenStreetMap extract (``.osm.pbf``), read with GDAL's OSM driver.

GDAL's driver (through pyogrio) gives the layers ``points``, ``lines`` and
``multipolygons``, with the common keys as columns and every other tag in
``other_tags`` (``"key"=>"value",...``). Three datasets come out:

- ``cycleways``: bike infrastructure on ways: ``highway=cycleway``, a lane or
  track (``cycleway``, ``cycleway:both|left|right`` = ``lane``/``track``, also
  ``opposite_*``), or a path with ``bicycle=designated``; ``infra`` says which
  (``cycleway``, ``track``, ``lane``, ``designated``).
- ``bicycle_parking``: ``amenity=bicycle_parking`` nodes and areas (as points),
  with ``capacity`` as a number.
- ``streets``: roads with their ``highway`` class, and ``cycle_infra`` when the
  street carries a lane or track.

``osm_id`` is text with the element type first: ``n123`` (node), ``w123`` (way),
``r123`` (relation).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from analysis.errors import InputError

if TYPE_CHECKING:
    import geopandas as gpd

STREET_CLASSES = frozenset(
    {
        "motorway",
        "trunk",
        "primary",
        "secondary",
        "tertiary",
        "motorway_link",
        "trunk_link",
        "primary_link",
        "secondary_link",
        "tertiary_link",
        "unclassified",
        "residential",
        "living_street",
        "service",
        "pedestrian",
        "track",
        "road",
        "busway",
    }
)
LANE_VALUES = {"lane": "lane", "opposite_lane": "lane", "track": "track", "opposite_track": "track"}
CYCLEWAY_KEYS = ("cycleway", "cycleway:both", "cycleway:left", "cycleway:right")
_RANK = {"cycleway": 4, "track": 3, "lane": 2, "designated": 1}
_TAG = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r"\\(.)")


def parse_other_tags(text: str | None) -> dict[str, str]:
    """The tags in GDAL's ``other_tags`` text (``"k"=>"v","k2"=>"v2"``)."""
    if not isinstance(text, str):
        return {}
    return {_ESCAPE.sub(r"\1", k): _ESCAPE.sub(r"\1", v) for k, v in _TAG.findall(text)}


def cycle_infra(highway: str | None, tags: dict[str, str]) -> str | None:
    """``cycleway``, ``track``, ``lane``, ``designated`` or None for a way with these tags."""
    if highway == "cycleway":
        return "cycleway"
    kinds = {LANE_VALUES.get(tags.get(key, "")) for key in CYCLEWAY_KEYS} - {None}
    if kinds:
        return "track" if "track" in kinds else "lane"
    return "designated" if tags.get("bicycle") == "designated" else None


def read_osm(path: str) -> dict[str, gpd.GeoDataFrame]:
    """The ``cycleways``, ``bicycle_parking`` and ``streets`` of the extract ``path`` (WGS84).

    Raises
    ------
    InputError
        If GDAL cannot read the file as OSM data.
    """
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    def read(layer: str, columns: list[str], where: str) -> gpd.GeoDataFrame:
        try:
            return pyogrio.read_dataframe(path, layer=layer, columns=columns, where=where)
        except (DataSourceError, DataLayerError) as exc:
            raise InputError(f"cannot read it as an OSM extract ({exc})") from exc

    ways = read("lines", ["osm_id", "name", "highway", "other_tags"], "highway IS NOT NULL")
    nodes = read("points", ["osm_id", "name", "other_tags"], "other_tags LIKE '%bicycle_parking%'")
    areas = read(
        "multipolygons",
        ["osm_id", "osm_way_id", "name", "amenity", "other_tags"],
        "amenity = 'bicycle_parking'",
    )
    return {
        "cycleways": _cycleways(ways),
        "bicycle_parking": _bicycle_parking(nodes, areas),
        "streets": _streets(ways),
    }


def _frame(rows: list[dict[str, Any]], geometry: list[Any], columns: list[str]) -> Any:
    import geopandas as gpd

    frame = gpd.GeoDataFrame(rows, columns=columns, geometry=geometry, crs="EPSG:4326")
    return frame.astype({c: "string" for c in columns if c != "capacity"})


def _cycleways(ways: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    keys = [
        "cycleway",
        "cycleway:left",
        "cycleway:right",
        "cycleway:both",
        "bicycle",
        "segregated",
        "surface",
        "oneway",
    ]
    rows, geometry = [], []
    candidates = (ways["highway"] == "cycleway") | ways["other_tags"].str.contains(
        '"cycleway|"bicycle"=>"designated"', regex=True, na=False
    )
    for way in ways[candidates].itertuples():
        tags = parse_other_tags(way.other_tags)
        infra = cycle_infra(way.highway, tags)
        if infra is None:
            continue
        rows.append(
            {"osm_id": f"w{way.osm_id}", "name": way.name, "highway": way.highway, "infra": infra}
            | {key.replace(":", "_"): tags.get(key) for key in keys}
        )
        geometry.append(way.geometry)
    columns = ["osm_id", "name", "highway", "infra", *(k.replace(":", "_") for k in keys)]
    return _frame(rows, geometry, columns)


def _streets(ways: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    keys = ["ref", "maxspeed", "lanes", "oneway", "surface"]
    rows, geometry = [], []
    for way in ways[ways["highway"].isin(STREET_CLASSES)].itertuples():
        tags = parse_other_tags(way.other_tags)
        infra = cycle_infra(None, tags)
        rows.append(
            {"osm_id": f"w{way.osm_id}", "name": way.name, "highway": way.highway}
            | _pick(tags, keys)
            | {"cycle_infra": infra if infra != "designated" else None}
        )
        geometry.append(way.geometry)
    return _frame(rows, geometry, ["osm_id", "name", "highway", *keys, "cycle_infra"])


def _bicycle_parking(nodes: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    import pandas as pd

    keys = ["capacity", "bicycle_parking", "covered", "access"]
    rows, geometry = [], []
    for node in nodes.itertuples():
        tags = parse_other_tags(node.other_tags)
        if tags.get("amenity") == "bicycle_parking":
            rows.append({"osm_id": f"n{node.osm_id}", "name": node.name} | _pick(tags, keys))
            geometry.append(node.geometry)
    for area in areas.itertuples():
        osm_id = f"r{area.osm_id}" if isinstance(area.osm_id, str) else f"w{area.osm_way_id}"
        rows.append(
            {"osm_id": osm_id, "name": area.name} | _pick(parse_other_tags(area.other_tags), keys)
        )
        geometry.append(area.geometry.representative_point())
    frame = _frame(rows, geometry, ["osm_id", "name", *keys])
    capacity = frame["capacity"].astype("string").str.strip()
    frame["capacity"] = pd.to_numeric(
        capacity.where(capacity.str.fullmatch(r"\d{1,6}", na=False)), errors="coerce"
    ).astype("Int64")
    return frame


def _pick(tags: dict[str, str], keys: list[str]) -> dict[str, str | None]:
    return {key: tags.get(key) for key in keys}
