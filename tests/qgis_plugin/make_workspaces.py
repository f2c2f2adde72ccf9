"""Make the plugin suite's fixture workspaces with the real core.

Run by ``conftest.py`` with the core's Python (``$URBANISTA_CORE_PYTHON``), which
has geopandas and rasterio; QGIS's Python has neither. Usage::

    python make_workspaces.py OUT_DIR

Writes ``city.gpkg`` (four datasets), ``empty.gpkg`` (a workspace with none) and
``plain.gpkg`` (a GeoPackage that is not a workspace) into OUT_DIR and prints
their paths as JSON. The datasets, in catalogue order:

- ``zgloszenia``: 5 points (reports), title "Zgłoszenia mieszkańców — Łódź"
- ``upal``: a 4x3 float32 GeoTIFF with 10 m pixels, value = 10 * row + col
- ``trasy``: 3 lines (tracks), title "Ślady przejazdów rowerowych"
- ``dzielnice``: 2 polygons (dataset), no title
"""

import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import LineString, Point, box

from analysis.workspace import DatasetKind, Workspace

CRS = "EPSG:2180"
X0, Y0 = 530_000.0, 390_000.0  # Łódź in PUWG 1992


def write_tif(path: Path) -> None:
    data = np.array([[10.0 * r + c for c in range(4)] for r in range(3)], dtype="float32")
    profile = {
        "driver": "GTiff",
        "width": 4,
        "height": 3,
        "count": 1,
        "dtype": "float32",
        "crs": CRS,
        "transform": from_origin(X0, Y0 + 30.0, 10.0, 10.0),
        "nodata": -9999.0,
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data, 1)


def main(out: Path) -> None:
    points = gpd.GeoDataFrame(
        {"kategoria": ["dziura", "latarnia", "śmieci", "ławka", "znak"]},
        geometry=[Point(X0 + 10 * i, Y0 + 5 * i) for i in range(5)],
        crs=CRS,
    )
    lines = gpd.GeoDataFrame(
        {"rower": ["miejski", "własny", "cargo"]},
        geometry=[LineString([(X0, Y0 + i), (X0 + 100, Y0 + 50 + i)]) for i in range(3)],
        crs=CRS,
    )
    polygons = gpd.GeoDataFrame(
        {"nazwa": ["Bałuty", "Śródmieście"]},
        geometry=[box(X0, Y0, X0 + 500, Y0 + 500), box(X0 + 500, Y0, X0 + 1000, Y0 + 500)],
        crs=CRS,
    )
    tif = out / "upal-source.tif"
    write_tif(tif)

    city = Workspace.create(out / "city.gpkg", crs=CRS)
    with city.transaction() as tx:
        tx.write_layer(
            points, "zgloszenia", DatasetKind.REPORTS, title="Zgłoszenia mieszkańców — Łódź"
        )
        tx.add_raster(tif, "upal", title="Mapa ciepła")
    with city.transaction() as tx:  # a second import, as a user would make
        tx.write_layer(lines, "trasy", DatasetKind.TRACKS, title="Ślady przejazdów rowerowych")
        tx.write_layer(polygons, "dzielnice", DatasetKind.DATASET)
    Workspace.create(out / "empty.gpkg", crs=CRS)
    polygons.to_file(out / "plain.gpkg", layer="dzielnice", driver="GPKG")

    names = [entry.name for entry in city.entries()]
    print(
        json.dumps(
            {
                "city": str(city.path),
                "empty": str(out / "empty.gpkg"),
                "plain": str(out / "plain.gpkg"),
                "catalogue": names,
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
