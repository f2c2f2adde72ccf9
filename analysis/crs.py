"""Coordinate reference systems the workspace accepts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.errors import InputError

if TYPE_CHECKING:
    from pyproj import CRS

DEFAULT_CRS = "EPSG:2180"
"""PUWG 1992, the national metric CRS of Poland."""


def workspace_crs(text: str) -> CRS:
    """Parse ``text`` (``EPSG:2180``, ``2180``, WKT...) as a metric projected CRS.

    Raises
    ------
    InputError
        If the CRS is unknown, geographic, not in metres, or a Mercator projection,
        whose metres are not metres on the ground (1.6 of them per metre in Poland).
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
    method = crs.coordinate_operation.method_name if crs.coordinate_operation else ""
    if "Mercator" in method and "Transverse" not in method:
        raise InputError(
            f"CRS {text!r} is a Mercator projection whose distances and areas are far off "
            f"in Poland; use {DEFAULT_CRS} or a PL-2000 zone (EPSG:2176-2179)"
        )
    return crs


def crs_label(crs: CRS) -> str:
    """Return ``EPSG:NNNN`` where the CRS has an EPSG code, else its WKT."""
    code = crs.to_epsg()
    return f"EPSG:{code}" if code is not None else str(crs.to_wkt())
