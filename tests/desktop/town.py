"""A small town's workspace for the desktop tests: a street grid, racks, reports and rides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis.workspace import DatasetKind, Workspace

X0, Y0 = 530_000.0, 390_000.0
BLOCK_M, BLOCKS = 100.0, 30
"""A 3 km x 3 km grid of streets, one segment per 100 m block."""


def build_town(path: Path) -> Path:
    """Streets, a cycleway, racks, a school, missing-rack reports and 60 rides of 10 residents."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import LineString, Point

    def xy(i: float, j: float) -> tuple[float, float]:
        return X0 + i * BLOCK_M, Y0 + j * BLOCK_M

    ticks, blocks = range(BLOCKS + 1), range(BLOCKS)
    streets = [LineString([xy(i, j), xy(i, j + 1)]) for i in ticks for j in blocks]
    streets += [LineString([xy(i, j), xy(i + 1, j)]) for j in ticks for i in blocks]
    # Rides along row 5 from column 2 to 12, and up column 12 to row 15: ten users, six rides each.
    rides = [
        LineString([xy(2, 5 + k / 100), xy(12, 5 + k / 100), xy(12 + k / 100, 15)])
        for k in range(60)
    ]
    start = pd.Timestamp("2024-05-06 07:30", tz="UTC")
    crs = "EPSG:2180"
    layers = {
        "ulice": (
            gpd.GeoDataFrame(
                {"nazwa": [f"ulica {i}" for i in range(len(streets))]}, geometry=streets, crs=crs
            ),
            DatasetKind.DATASET,
        ),
        "stojaki_rowerowe": (
            gpd.GeoDataFrame({"miejsca": [10]}, geometry=[Point(xy(2, 5))], crs=crs),
            DatasetKind.DATASET,
        ),
        "drogi_rowerowe": (
            gpd.GeoDataFrame(
                {"nazwa": ["DDR Szkolna"]}, geometry=[LineString([xy(2, 5), xy(6, 5)])], crs=crs
            ),
            DatasetKind.DATASET,
        ),
        "szkoly": (
            gpd.GeoDataFrame({"nazwa": ["SP 1"]}, geometry=[Point(xy(20, 20))], crs=crs),
            DatasetKind.DATASET,
        ),
        "zgloszenia": (
            gpd.GeoDataFrame(
                {"category": ["missing_bike_rack"] * 3, "text": ["brak stojaka"] * 3},
                geometry=[Point(xy(12, 15)), Point(xy(12.1, 15)), Point(xy(25, 3))],
                crs=crs,
            ),
            DatasetKind.REPORTS,
        ),
        "activities": (
            gpd.GeoDataFrame(
                {
                    "user_id": [f"u{k % 10}" for k in range(60)],
                    "type": ["cycling"] * 60,
                    "start": [start + pd.Timedelta(days=k) for k in range(60)],
                },
                geometry=rides,
                crs=crs,
            ),
            DatasetKind.TRACKS,
        ),
    }
    ws = Workspace.create(path, crs=crs)
    with ws.transaction() as tx:
        for name, (gdf, kind) in layers.items():
            tx.write_layer(gdf, name, kind)
    return path


def town_point(i: float, j: float) -> Any:
    """The junction of column ``i`` and row ``j`` (fractions in between)."""
    from shapely.geometry import Point

    return Point(X0 + i * BLOCK_M, Y0 + j * BLOCK_M)
