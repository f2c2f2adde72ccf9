"""Read the sample city's files independently of Urbanista's importers (test helpers)."""

from __future__ import annotations

import csv
import gzip
import json
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from pyproj import Transformer

GPX = "{http://www.topografix.com/GPX/1/1}"
TO_2180 = Transformer.from_crs("EPSG:4326", "EPSG:2180", always_xy=True)


def track_bytes(city: Path, record: dict) -> bytes:
    """The GPX bytes of one activity of truth.json, from its file or ZIP member."""
    path = city / record["file"]
    if record["member"] is None:
        return path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        data = zf.read(record["member"])
    return gzip.decompress(data) if record["member"].endswith(".gz") else data


def gpx_track(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Points (EPSG:2180) and their times (datetime64[s]) of a GPX file."""
    root = ET.fromstring(data)
    lat, lon, times = [], [], []
    for pt in root.iter(f"{GPX}trkpt"):
        lat.append(float(pt.get("lat")))
        lon.append(float(pt.get("lon")))
        times.append(pt.findtext(f"{GPX}time").rstrip("Z"))
    x, y = TO_2180.transform(lon, lat)
    return np.column_stack([x, y]), np.array(times, dtype="datetime64[s]")


def all_tracks(city: Path, truth: dict) -> Iterator[tuple[dict, np.ndarray, np.ndarray]]:
    """Every activity of truth.json with its points and times."""
    for record in truth["activities"]:
        xy, t = gpx_track(track_bytes(city, record))
        yield record, xy, t


def report_rows(city: Path) -> tuple[list[dict], list[dict]]:
    """Rows of the CRM CSV export and of the Open311 feed."""
    with open(city / "reports" / "zgloszenia.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    feed = json.loads((city / "reports" / "open311.json").read_text(encoding="utf-8"))
    return rows, feed


def report_points(city: Path, category_pl: str) -> np.ndarray:
    """EPSG:2180 positions of every report of one category (CSV and feed, once each)."""
    rows, feed = report_rows(city)
    where = {}
    for r in rows:
        if r["Kategoria"] == category_pl:
            where[r["Numer"]] = (
                float(r["Długość"].replace(",", ".")),
                float(r["Szerokość"].replace(",", ".")),
            )
    for r in feed:
        if r["service_name"] == category_pl:
            where[r["service_request_id"]] = (r["long"], r["lat"])
    lon, lat = np.array(list(where.values())).T
    return np.column_stack(TO_2180.transform(lon, lat))


def rack_points(city: Path) -> np.ndarray:
    """Racks from the city's CSV: geodetic X is the northing, decimal comma."""
    with open(city / "datasets" / "stojaki_rowerowe.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    return np.array(
        [(float(r["Y"].replace(",", ".")), float(r["X"].replace(",", "."))) for r in rows]
    )
