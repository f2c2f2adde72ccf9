"""Coordinate reference systems the workspace accepts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.errors import InputError

if TYPE_CHECKING:
    from pyproj import CRS

DEFAULT_CRS = "EPSG:2180"
"""PUWG 1992, the national metric CRS of Poland."""

PL_2000_ZONES = {
    f"EPSG:{code}": zone for code, zone in zip(range(2176, 2180), (5, 6, 7, 8), strict=True)
}
"""PL-2000 zones 5-8 (central meridians 15, 18, 21 and 24 degrees east)."""


def workspace_crs(text: str) -> CRS:
    """Parse ``text`` (``EPSG:2180``, ``2180``, WKT...) as a metric projected CRS.

    Raises
    ------
    InputError
        If the CRS is unknown, geographic or not in metres.
    """
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        crs = CRS.from_user_input(int(text) if text.isdigit() else text)
    except CRSError as exc:
        raise InputError(f"unknown CRS {text!r}: use an EPSG code such as {DEFAULT_CRS}") from exc
    if not crs.is_projected:
        raise InputError(
            f"CRS {text!r} is not projected; a workspace needs a metric CRS such as "
            f"{DEFAULT_CRS} (PUWG 1992) or a PL-2000 zone (EPSG:2176-2179)"
        )
    units = {axis.unit_name for axis in crs.axis_info}
    if units != {"metre"}:
        raise InputError(f"CRS {text!r} has units {sorted(units)}, a workspace needs metres")
    return crs


def crs_label(crs: CRS) -> str:
    """Return ``EPSG:NNNN`` where the CRS has an EPSG code, else its WKT."""
    code = crs.to_epsg()
    return f"EPSG:{code}" if code is not None else str(crs.to_wkt())
