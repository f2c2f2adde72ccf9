"""Activities and distinct users per H3 hexagon, on Strava Metro's grid.

Tracks are rasterised exactly onto a fine grid (``analysis.kernels.lines``),
and each fine cell the tracks touch is assigned to the H3 hexagon holding its
centre: one H3 lookup per occupied cell, not per GPS point. A track counts once
per hexagon it passes through, however often it returns. The fine cell
(``pixel_m``, 10 m by default) is the only approximation: a track running
within half a cell of a hexagon's edge may be counted in its neighbour.

Privacy: a hexagon counts only the activities of release groups that at least
``min_users`` people share in it (:mod:`analysis.privacy.release`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import InputError
from analysis.heatmap.limits import check_crossings
from analysis.kernels.grid import Grid
from analysis.kernels.lines import cells_crossed, unique_sorted
from analysis.params import check, param
from analysis.privacy.release import PERSON, ensure_release_groups, k_safe

if TYPE_CHECKING:
    import geopandas as gpd

UNIT = "activities and distinct users per H3 hexagon"


@dataclass(frozen=True)
class HexUsageParams:
    """Which H3 grid, and how privately counts are shown."""

    resolution: int = param(8, at_least=0, at_most=15, flag="--h3")
    """H3 resolution: 8 (about 0.74 km2 per hexagon) is Strava Metro's."""
    pixel_m: float = param(10.0, unit="m", at_least=1, at_most=100)
    """Fine grid the tracks are rasterised on before hexagons are looked up."""
    min_users: int = param(5, at_least=0, at_most=1_000_000, flag="--min-users")
    """k-anonymity: hexagons reflecting fewer distinct users are left out (0 keeps all)."""

    def __post_init__(self) -> None:
        check(self)


@dataclass(frozen=True)
class HexUsage:
    """Hexagon polygons with ``h3``, ``activities``, ``users`` and ``area_km2``."""

    hexagons: gpd.GeoDataFrame
    summary: dict[str, Any] = field(default_factory=dict)


def hex_usage(tracks: gpd.GeoDataFrame, params: HexUsageParams) -> HexUsage:
    """Distinct activities and users of ``tracks`` (lines with ``user_id``) per H3 hexagon.

    Raises
    ------
    InputError
        If the layer is empty, has no CRS or is not in a metric CRS.
    ParameterError
        If the tracks would cross more cells than :data:`~analysis.heatmap.limits.MAX_CROSSINGS`.
    """
    import geopandas as gpd
    import h3
    import shapely
    from pyproj import Transformer

    if tracks.empty or tracks.crs is None or not tracks.crs.is_projected:
        raise InputError("hexagon counts need a non-empty track layer in a metric CRS")
    tracks, people = ensure_release_groups(tracks)
    xy, index = shapely.get_coordinates(tracks.geometry.to_numpy(), return_index=True)
    check_crossings(xy, index, params.pixel_m, ("pixel_m", None))
    offsets = np.concatenate([[0], np.cumsum(np.bincount(index, minlength=len(tracks)))])
    minx, miny, maxx, maxy = tracks.total_bounds
    grid = Grid.covering(minx, miny, maxx, maxy, params.pixel_m, margin=params.pixel_m)
    line, cell = cells_crossed(xy[:, 0], xy[:, 1], offsets, grid)

    occupied, cell_code = np.unique(cell, return_inverse=True)
    cx, cy = grid.centres()
    to_wgs84 = Transformer.from_crs(tracks.crs, "EPSG:4326", always_xy=True)
    lon, lat = to_wgs84.transform(cx[occupied % grid.cols], cy[occupied // grid.cols])
    res = params.resolution
    names = np.array([h3.latlng_to_cell(a, b, res) for a, b in zip(lat, lon, strict=True)])
    hexes, hex_of_cell = np.unique(names, return_inverse=True)
    hex_code = hex_of_cell[cell_code]

    n = len(hexes)
    pairs = unique_sorted(line * n + hex_code)  # each activity once per hexagon
    line, hex_code = pairs // n, pairs % n
    counted = k_safe(hex_code, line, tracks, params.min_users)
    user = tracks[PERSON].to_numpy(dtype=np.int64)
    activities = np.bincount(hex_code[counted], minlength=n)
    users = np.bincount(unique_sorted(user[line[counted]] * n + hex_code[counted]) % n, minlength=n)
    shown = users > 0
    hexes, activities, users = hexes[shown], activities[shown], users[shown]

    rings = [[(b, a) for a, b in h3.cell_to_boundary(h)] for h in hexes]
    table = gpd.GeoDataFrame(
        {
            "h3": hexes.astype(str),
            "activities": activities.astype(np.int64),
            "users": users.astype(np.int64),
            "area_km2": [h3.cell_area(h, "km^2") for h in hexes],
        },
        geometry=shapely.polygons(rings) if rings else shapely.points(np.empty((0, 2))),
        crs="EPSG:4326",
    ).to_crs(tracks.crs)
    summary = {
        "resolution": params.resolution,
        "hexagons": len(table),
        "hexagons_withheld": int((~shown).sum()),
        "min_users": params.min_users,
        **people,
    }
    return HexUsage(table, summary)
