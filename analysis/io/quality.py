"""Quality checks shared by the importers; their findings become catalogue quality flags."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from analysis.io.coords import Area

STALE_AFTER = timedelta(days=730)
"""A source older than two years is flagged as stale."""


def repair_geometries(gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int, np.ndarray]:
    """Repair invalid geometries with ``make_valid``; drop missing or empty ones.

    Returns the kept rows, the number repaired, and the (original) positions dropped.
    """
    import shapely

    geoms = gdf.geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    invalid = ~missing & ~shapely.is_valid(geoms)
    if invalid.any():
        gdf = gdf.copy()
        gdf.loc[invalid, gdf.geometry.name] = shapely.make_valid(geoms[invalid])
    return gdf[~missing], int(invalid.sum()), np.flatnonzero(missing)


def duplicate_rows(frame: pd.DataFrame) -> np.ndarray:
    """Mask of rows that repeat an earlier row exactly (geometry included)."""
    import pandas as pd
    import shapely

    keyed = pd.DataFrame(frame).copy()  # a plain frame: the geometry may become text
    if "geometry" in keyed:
        keyed["geometry"] = shapely.to_wkb(keyed["geometry"].to_numpy(), hex=True)
    return np.asarray(keyed.astype(str).duplicated().to_numpy())


def empty_columns(frame: pd.DataFrame) -> list[str]:
    """Columns with no value in any row."""
    return [str(c) for c in frame.columns if c != "geometry" and frame[c].isna().all()]


def is_stale(source_date: date | None, today: date | None = None) -> bool:
    """Whether ``source_date`` is older than :data:`STALE_AFTER`."""
    return source_date is not None and (today or date.today()) - source_date > STALE_AFTER


def outside_area(gdf: gpd.GeoDataFrame, area: Area) -> np.ndarray:
    """Mask of features (in the workspace CRS) whose centre lies outside ``area``."""
    centres = gdf.geometry.representative_point()
    return ~area.contains(centres.x.to_numpy(), centres.y.to_numpy())
