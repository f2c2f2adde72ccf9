"""In which CRS and axis order a layer's coordinates are, and bringing them to the workspace.

Files lie: a GeoJSON is WGS84 by definition, yet Gdańsk publishes GeoJSON with
PL-2000 zone 6 values written northing first and no CRS member; a shapefile may
come without its ``.prj``; a CSV never says. The declared CRS (if any) is tried
first and kept when it puts the data in the workspace's area; otherwise the CRS
and axis order are detected from the values (:func:`analysis.io.coords.guess_axes`).
A CRS the user gives is trusted, only its axis order is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import InputError
from analysis.io.coords import POLISH_CRS, SAMPLE, guess_axes

if TYPE_CHECKING:
    import geopandas as gpd

    from analysis.io.coords import Area


@dataclass(frozen=True)
class CrsDecision:
    """How to read a layer's coordinates.

    ``how`` is ``declared`` (the file's own CRS holds), ``given`` (by the user)
    or ``detected`` (from the values); ``swapped`` means x and y are exchanged
    (detected from the values in every case).
    """

    crs: str
    swapped: bool
    how: str
    declared: str | None = None
    ambiguous: bool = False

    def as_quality(self) -> dict[str, Any]:
        """Quality flags: what was missing, given, detected or swapped."""
        flags: dict[str, Any] = {}
        if self.how == "given":
            flags["crs_given"] = self.crs
        elif self.how == "detected":
            flags["crs_detected"] = self.crs
            if self.declared is None:
                flags["crs_missing"] = True
            else:
                flags["crs_declared_wrong"] = short_crs(self.declared)
        if self.swapped:
            flags["axes_swapped"] = True
        if self.ambiguous:
            flags["axis_order_ambiguous"] = True
        return flags


def parse_crs(text: str) -> str:
    """``text`` (``EPSG:2180``, ``2180``, WKT...) as ``EPSG:NNNN`` (or WKT), checked.

    Raises
    ------
    InputError
        If pyproj does not know it.
    """
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    from analysis.crs import crs_label

    try:
        return crs_label(CRS.from_user_input(int(text) if text.isdigit() else text))
    except CRSError as exc:
        raise InputError(f"unknown CRS {text!r}: use an EPSG code such as EPSG:2180") from exc


def short_crs(crs: str) -> str:
    """``EPSG:NNNN`` where there is a code, else the CRS's name (not a page of WKT)."""
    from pyproj import CRS

    parsed = CRS.from_user_input(crs)
    code = parsed.to_epsg()
    return f"EPSG:{code}" if code is not None else str(parsed.name)


def decide_crs(
    frame: gpd.GeoDataFrame,
    declared: str | None,
    given: str | None,
    area: Area,
    northing_first: bool = False,
) -> CrsDecision:
    """Decide the CRS and axis order of ``frame``'s coordinates.

    Parameters
    ----------
    frame
        Features with geometries; their CRS, if any, is ignored (see ``declared``).
    declared
        The CRS the file declares, or None.
    given
        A CRS the user gave for this import, or None; it wins over ``declared``.
    area
        Where the data should lie (:func:`analysis.io.coords.workspace_area`).
    northing_first
        The coordinates come from columns ``X``/``Y``: when both orders fit,
        read the first as the northing.

    Raises
    ------
    InputError
        If no CRS tried puts any feature in the area.
    """
    first, second = _sample(frame)
    if given is not None:
        try:
            guess = guess_axes(
                first, second, area, candidates=(given,), northing_first_convention=northing_first
            )
        except InputError as exc:
            raise InputError(f"read in {given} (as given), {exc}") from exc
        return CrsDecision(given, guess.swapped, "given", declared, guess.ambiguous)
    if declared is not None and not _usable(declared, area.crs):
        declared = None
    candidates = tuple(
        dict.fromkeys([*([declared] if declared else []), "EPSG:4326", *POLISH_CRS, area.crs])
    )
    try:
        guess = guess_axes(
            first, second, area, candidates=candidates, northing_first_convention=northing_first
        )
    except InputError as exc:
        if declared is None:
            raise
        raise InputError(f"{exc}; the file declares {short_crs(declared)}") from exc
    how = "declared" if guess.crs == declared else "detected"
    # Both orders fitting a declared CRS is news only where a convention decided (X/Y).
    ambiguous = guess.ambiguous and (how == "detected" or northing_first)
    return CrsDecision(guess.crs, guess.swapped, how, declared, ambiguous)


def place(frame: gpd.GeoDataFrame, decision: CrsDecision, crs: str) -> gpd.GeoDataFrame:
    """``frame`` with its coordinates read as ``decision`` says, reprojected to ``crs``."""
    import shapely

    geoms = frame.geometry.to_numpy()
    if decision.swapped:
        geoms = shapely.transform(geoms, lambda xy: xy[:, ::-1])
    frame = frame.copy()
    frame[frame.geometry.name] = geoms
    return frame.set_crs(decision.crs, allow_override=True).to_crs(crs)


def _sample(frame: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The first and second coordinates of up to :data:`SAMPLE` features, evenly spread."""
    import shapely

    geoms = frame.geometry.to_numpy()
    idx = np.unique(np.linspace(0, len(geoms) - 1, min(len(geoms), SAMPLE)).astype(int))
    xy = shapely.get_coordinates(geoms[idx])
    return xy[:, 0], xy[:, 1]


def _usable(crs: str, target: str) -> bool:
    """Whether pyproj can transform from ``crs`` to ``target`` (a local CRS cannot)."""
    from pyproj import Transformer
    from pyproj.exceptions import ProjError

    try:
        Transformer.from_crs(crs, target, always_xy=True)
    except ProjError:
        return False
    return True
