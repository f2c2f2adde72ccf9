"""The city's open datasets, in the formats its departments publish them.

GeoPackage in EPSG:2180 (streets, districts, parks), GeoJSON in WGS84 as
RFC 7946 wants (cycleways, bus stops, water), and CSV: bike racks with
geodetic ``X`` (northing) and ``Y`` (easting) in EPSG:2180 with a decimal
comma, schools with WGS84 latitude and longitude. ``metadane.json`` gives each
file's title, licence and date.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from analysis.samplecity.places import Places
from analysis.samplecity.streets import CRS, SPEED_LIMIT, Streets

SOURCE_DATE = "2026-06-30"


def _write(gdf: Any, path: Path, **options: Any) -> None:
    import pyogrio

    from analysis.workspace.storage import GPKG_VERSION

    if path.suffix == ".gpkg":
        options["dataset_options"] = {"VERSION": GPKG_VERSION}
    pyogrio.write_dataframe(gdf, path, **options)


def write_datasets(out: Path, streets: Streets, places: Places, to_wgs84: Any) -> dict[str, Any]:
    """Write the datasets under ``out/datasets``; return their metadata."""
    import geopandas as gpd

    folder = out / "datasets"
    folder.mkdir(parents=True, exist_ok=True)
    nearest_street = shapely.STRtree(streets.geometry)

    gdf = gpd.GeoDataFrame(
        {
            "id": np.arange(1, len(streets.u) + 1),
            "nazwa": streets.name,
            "klasa": streets.klass,
            "predkosc_max": [SPEED_LIMIT[k] for k in streets.klass],
            "dlugosc_m": np.round(streets.length, 1),
        },
        geometry=streets.geometry,
        crs=CRS,
    )
    _write(gdf, folder / "ulice.gpkg", layer="ulice")

    lines = [g for g, _ in places.cycleways]
    tags = [t for _, t in places.cycleways]
    gdf = gpd.GeoDataFrame(tags, geometry=lines, crs=CRS)
    gdf.insert(0, "id", np.arange(1, len(gdf) + 1))
    _write(gdf.to_crs(4326), folder / "drogi_rowerowe.geojson", layer_options={"RFC7946": "YES"})

    d = places.districts
    gdf = gpd.GeoDataFrame(
        {
            "nazwa": d.name,
            "teryt": d.teryt,
            "ludnosc": d.population,
            "powierzchnia_km2": np.round(shapely.area(d.geometry) / 1e6, 2),
        },
        geometry=d.geometry,
        crs=CRS,
    )
    _write(gdf, folder / "dzielnice.gpkg", layer="dzielnice")

    gdf = gpd.GeoDataFrame(
        {
            "nazwa": [n for n, _ in places.parks],
            "powierzchnia_ha": [round(p.area / 1e4, 2) for _, p in places.parks],
        },
        geometry=[p for _, p in places.parks],
        crs=CRS,
    )
    _write(gdf, folder / "parki.gpkg", layer="parki")

    gdf = gpd.GeoDataFrame(
        {
            "id": [f"P{i + 1:03d}" for i in range(len(places.bus_stops))],
            "nazwa": [s[0] for s in places.bus_stops],
            "linie": [s[1] for s in places.bus_stops],
        },
        geometry=[s[2] for s in places.bus_stops],
        crs=CRS,
    )
    _write(gdf.to_crs(4326), folder / "przystanki.geojson", layer_options={"RFC7946": "YES"})

    gdf = gpd.GeoDataFrame({"nazwa": ["Przykładówka"]}, geometry=[places.water], crs=CRS)
    _write(gdf.to_crs(4326), folder / "wody.geojson", layer_options={"RFC7946": "YES"})

    rack_points = shapely.points([(p.x, p.y) for p, _ in places.racks])
    street_idx = nearest_street.query_nearest(rack_points, all_matches=False)[1]
    with open(folder / "stojaki_rowerowe.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["id", "lokalizacja", "liczba_miejsc", "X", "Y"])
        for i, ((p, capacity), s) in enumerate(zip(places.racks, street_idx, strict=True)):
            # Polish geodetic convention: X is the northing, Y the easting.
            northing, easting = (f"{v:.2f}".replace(".", ",") for v in (p.y, p.x))
            writer.writerow([i + 1, streets.name[s], capacity, northing, easting])

    lon, lat = to_wgs84.transform(
        [s[2].x for s in places.schools], [s[2].y for s in places.schools]
    )
    school_idx = nearest_street.query_nearest(
        shapely.points([(s[2].x, s[2].y) for s in places.schools]), all_matches=False
    )[1]
    with open(folder / "szkoly.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["nazwa", "typ", "adres", "szerokosc", "dlugosc"])
        for (name, kind, _), s, la, lo in zip(places.schools, school_idx, lat, lon, strict=True):
            writer.writerow(
                [name, kind, f"{streets.name[s]} {3 + len(name) % 40}", f"{la:.6f}", f"{lo:.6f}"]
            )

    licence = "CC BY 4.0 (Urząd Miasta Przykładowo)"
    metadata = {
        "ulice.gpkg": ("Ulice", "ODbL 1.0 (OpenStreetMap contributors)", CRS),
        "drogi_rowerowe.geojson": ("Drogi rowerowe", licence, "EPSG:4326"),
        "dzielnice.gpkg": ("Dzielnice", licence, CRS),
        "parki.gpkg": ("Parki i skwery", licence, CRS),
        "przystanki.geojson": ("Przystanki autobusowe", licence, "EPSG:4326"),
        "wody.geojson": ("Wody powierzchniowe", licence, "EPSG:4326"),
        "stojaki_rowerowe.csv": ("Stojaki rowerowe", licence, CRS),
        "szkoly.csv": ("Szkoły i uczelnie", licence, "EPSG:4326"),
    }
    doc = {
        file: {"tytul": title, "licencja": lic, "data_aktualnosci": SOURCE_DATE, "uklad": crs}
        for file, (title, lic, crs) in metadata.items()
    }
    (folder / "metadane.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return doc
