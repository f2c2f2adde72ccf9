"""Which CRS and axis order do a file's coordinates use? Decided from the values.

Polish data comes in WGS84 (latitude first or longitude first), in PUWG 1992
(EPSG:2180) and in the PL-2000 zones (EPSG:2176-2179), with geodetic ``X`` =
northing often written first. For each candidate CRS and each axis order we
transform a sample of points to WGS84 and count how many fall in the area the
workspace covers; the interpretation that places the most points there wins.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analysis.errors import InputError

if TYPE_CHECKING:
    from pyproj import Transformer

    from analysis.workspace import Workspace

POLAND_LONLAT = (14.0, 48.9, 24.2, 55.0)
"""Poland's bounding box in degrees (west, south, east, north)."""
POLISH_CRS = ("EPSG:2180", "EPSG:2176", "EPSG:2177", "EPSG:2178", "EPSG:2179")
SAMPLE = 2_000


@dataclass(frozen=True)
class Area:
    """Where the data should lie: a box in degrees and, when known, one in the workspace CRS.

    ``box`` is the workspace's data extent grown by a margin, or None for a
    workspace with no data yet (then only the degrees box counts).
    """

    lonlat: tuple[float, float, float, float]
    crs: str
    box: tuple[float, float, float, float] | None = None

    def contains(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Mask of the points (in the workspace CRS) inside the area."""
        inside = np.isfinite(x) & np.isfinite(y)
        if self.box is not None:
            minx, miny, maxx, maxy = self.box
            inside &= (x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy)
        lon, lat = _transformer(self.crs, "EPSG:4326").transform(x, y)
        west, south, east, north = self.lonlat
        lon, lat = np.asarray(lon), np.asarray(lat)
        return np.asarray(inside & (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north))


@dataclass(frozen=True)
class AxisGuess:
    """How to read a pair of coordinate columns.

    ``swapped`` means the first column holds the northing (or latitude).
    """

    crs: str
    swapped: bool
    share_inside: float
    ambiguous: bool

    def describe(self) -> str:
        """A short note for the catalogue's quality flags."""
        order = "northing/latitude first" if self.swapped else "easting/longitude first"
        note = f"{self.crs}, {order}, detected from the values"
        return note + (
            " (ambiguous: both orders fit; convention applied)" if self.ambiguous else ""
        )


def workspace_area(workspace: Workspace, margin_m: float = 5_000.0) -> Area:
    """The area a workspace covers: its data extent plus ``margin_m``, within its CRS's area of use.

    A workspace in a Polish CRS is further limited to Poland.
    """
    from pyproj import CRS

    crs = CRS.from_user_input(workspace.crs)
    lonlat = crs.area_of_use.bounds if crs.area_of_use else (-180.0, -90.0, 180.0, 90.0)
    if workspace.crs in POLISH_CRS:
        lonlat = POLAND_LONLAT
    extents = [e.extent for e in workspace.entries() if e.extent and e.crs == workspace.crs]
    box = None
    if extents:
        ext = np.array(extents)
        box = (
            float(ext[:, 0].min() - margin_m),
            float(ext[:, 1].min() - margin_m),
            float(ext[:, 2].max() + margin_m),
            float(ext[:, 3].max() + margin_m),
        )
    return Area(lonlat=lonlat, crs=workspace.crs, box=box)


def guess_axes(
    first: np.ndarray,
    second: np.ndarray,
    area: Area,
    *,
    candidates: tuple[str, ...] | None = None,
    northing_first_convention: bool = False,
) -> AxisGuess:
    """Guess the CRS and axis order of coordinate columns ``first`` and ``second``.

    Parameters
    ----------
    first, second
        The two coordinate columns in the order the file gives them.
    area
        Where the points should be (see :func:`workspace_area`).
    candidates
        CRSs to try; default WGS84, the Polish CRSs and the workspace's own.
    northing_first_convention
        Break a tie (both orders fit, as EPSG:2180 values in central Poland can)
        in favour of the first column being the northing: the Polish geodetic
        convention for columns named ``X`` and ``Y``.

    Raises
    ------
    InputError
        If no interpretation puts any point in the area.
    """
    first = np.asarray(first, dtype=float)
    second = np.asarray(second, dtype=float)
    ok = np.isfinite(first) & np.isfinite(second)
    if not ok.any():
        raise InputError("no coordinates to read: every value is empty or not a number")
    idx = np.flatnonzero(ok)
    if len(idx) > SAMPLE:
        idx = idx[np.linspace(0, len(idx) - 1, SAMPLE).astype(int)]
    a, b = first[idx], second[idx]
    candidates = candidates or tuple(dict.fromkeys(("EPSG:4326", *POLISH_CRS, area.crs)))

    scores: list[tuple[float, str, bool]] = []
    for crs in candidates:
        for swapped in (False, True):
            east, north = (b, a) if swapped else (a, b)
            if crs == "EPSG:4326" and (np.abs(north) > 90).any():
                continue
            x, y = _transformer(crs, area.crs).transform(east, north)
            scores.append((float(area.contains(np.asarray(x), np.asarray(y)).mean()), crs, swapped))
    best = max(s[0] for s in scores)
    if best == 0.0:
        raise InputError(
            "the coordinates fit no known CRS in this workspace's area "
            f"(first values: {a[:2].tolist()}, {b[:2].tolist()})"
        )
    winners = [s for s in scores if s[0] >= best - 1e-9]
    crs = winners[0][1]
    orders = {swapped for share, c, swapped in winners if c == crs}
    ambiguous = len(orders) == 2
    swapped = northing_first_convention if ambiguous else orders.pop()
    return AxisGuess(crs=crs, swapped=swapped, share_inside=best, ambiguous=ambiguous)


def to_workspace(
    first: np.ndarray, second: np.ndarray, guess: AxisGuess, crs: str
) -> tuple[np.ndarray, np.ndarray]:
    """Transform the columns, read as ``guess`` says, to the workspace CRS ``crs``."""
    east, north = (second, first) if guess.swapped else (first, second)
    x, y = _transformer(guess.crs, crs).transform(
        np.asarray(east, dtype=float), np.asarray(north, dtype=float)
    )
    return np.asarray(x), np.asarray(y)


def both_orders(
    first: np.ndarray, second: np.ndarray, guess: AxisGuess
) -> tuple[tuple[float, float], tuple[float, float], float]:
    """Where the columns' median point lies read as ``guess`` says and in the other order.

    Returns both places as (longitude, latitude) and the distance between them in km.
    """
    from pyproj import Geod

    places = []
    for swapped in (guess.swapped, not guess.swapped):
        east, north = (second, first) if swapped else (first, second)
        lon, lat = _transformer(guess.crs, "EPSG:4326").transform(
            float(np.median(east)), float(np.median(north))
        )
        places.append((float(lon), float(lat)))
    _, _, metres = Geod(ellps="WGS84").inv(*places[0], *places[1])
    return places[0], places[1], float(metres) / 1000.0


def parse_number(values: np.ndarray) -> np.ndarray:
    """Numbers from text that may use a decimal comma (``"51,27"``); NaN where not a number."""
    import pandas as pd

    text = pd.Series(values, dtype="string").str.strip().str.replace(",", ".", regex=False)
    return np.asarray(pd.to_numeric(text, errors="coerce"), dtype=float)


@functools.cache
def _transformer(source: str, target: str) -> Transformer:
    from pyproj import Transformer

    return Transformer.from_crs(source, target, always_xy=True)
