"""One layer of an open dataset, from what a file holds to what the workspace stores.

:func:`prepare_layer` drops features without geometry, decides the CRS and axis
order (:mod:`analysis.io.dataset_crs`), reprojects to the workspace CRS, repairs
invalid geometries, tidies attributes, keeps personal data out and gathers the
quality flags of the catalogue entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import InputError
from analysis.io.dataset_attributes import clean_attributes
from analysis.io.dataset_crs import decide_crs, place
from analysis.io.personal import strip_personal
from analysis.io.quality import (
    duplicate_rows,
    empty_columns,
    is_stale,
    outside_area,
    repair_geometries,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from analysis.io.coords import Area

MAX_EMPTY_FIELDS_LISTED = 10


@dataclass
class RawLayer:
    """A layer as read from its file.

    ``declared_crs`` is what the file says (None: it says nothing); ``row`` and
    ``first_row`` name rows in messages (``feature 1``, ``line 2``).
    """

    frame: gpd.GeoDataFrame
    declared_crs: str | None
    northing_first: bool = False
    """The coordinates come from columns ``X``/``Y`` (Polish convention: northing first)."""
    plain_numbers: bool = False
    """Every value is text (CSV): numbers are to be recognised."""
    row: str = "feature"
    first_row: int = 1
    skip_if_empty: bool = False
    """An empty layer is nothing to import rather than an error (an OSM extract)."""
    notes: dict[str, Any] = field(default_factory=dict)
    invalid: dict[int, str] = field(default_factory=dict)
    """Why the geometry of a feature (by position) is missing though the file holds one."""
    remarks: tuple[str, ...] = ()
    """What a person should know of how the layer was read (the import summary's notes)."""


@dataclass(frozen=True)
class LayerParams:
    """How to prepare layers for one workspace."""

    area: Area
    workspace_crs: str
    given_crs: str | None = None
    keep_personal: bool = False
    source_date: date | None = None


@dataclass
class PreparedLayer:
    """A layer ready to write, its quality flags and the features left out, with reasons."""

    frame: gpd.GeoDataFrame
    quality: dict[str, Any]
    rejected: list[tuple[str, str]]


def prepare_layer(raw: RawLayer, params: LayerParams) -> PreparedLayer:
    """Bring ``raw`` into the workspace CRS, repaired, tidied, with its quality flags.

    Raises
    ------
    InputError
        If no feature has a geometry or the coordinates fit no CRS in the area.
    """
    import pandas as pd
    import shapely

    frame = raw.frame.reset_index(drop=True)
    quality: dict[str, Any] = dict(raw.notes)
    rejected: list[tuple[str, str]] = []

    ids = _feature_ids(frame) if raw.row == "feature" else []  # a line number says it all

    def leave_out(mask: np.ndarray, reason: str) -> None:
        for i in frame.index[mask]:
            own = f" (id {ids[i]!r})" if ids and not pd.isna(ids[i]) else ""
            name = f"{raw.row} {raw.first_row + i}{own}"
            rejected.append((name, raw.invalid.get(i, reason)))

    geoms = frame.geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    leave_out(missing, "no geometry")
    frame = frame[~missing]
    if frame.empty:
        raise InputError("no feature has a geometry")
    crs = decide_crs(frame, raw.declared_crs, params.given_crs, params.area, raw.northing_first)
    quality |= crs.as_quality()
    frame = place(frame, crs, params.workspace_crs)
    finite = np.isfinite(shapely.bounds(frame.geometry.to_numpy())).all(axis=1)
    leave_out(~finite, f"coordinates beyond what {crs.crs} can express")
    frame, repaired, _ = repair_geometries(frame[finite])
    if missing.any() or not finite.all():
        quality["features_left_out"] = int(missing.sum() + (~finite).sum())
    if repaired:
        quality["geometries_repaired"] = repaired
        frame = _keep_dimension(frame)

    if not params.keep_personal:  # before text becomes numbers: 600100200 is a phone
        frame, report = strip_personal(frame)
        quality |= report.as_quality()
    frame, flags = clean_attributes(frame, plain_numbers=raw.plain_numbers)
    quality |= flags
    quality |= _findings(frame, params)
    return PreparedLayer(frame, quality, rejected)


def _feature_ids(frame: gpd.GeoDataFrame) -> list[Any]:
    """The features' own ids (a column ``id``, as GeoJSON's ``"id": "f2"`` reads), if any."""
    column = next((c for c in frame.columns if str(c).lower() == "id"), None)
    return [] if column is None else frame[column].tolist()


def _findings(frame: gpd.GeoDataFrame, params: LayerParams) -> dict[str, Any]:
    """Quality flags about the data as it will be stored."""
    flags: dict[str, Any] = {}
    if duplicates := int(duplicate_rows(frame).sum()):
        flags["duplicates"] = duplicates
    if empty := empty_columns(frame):
        flags["empty_fields"] = empty[:MAX_EMPTY_FIELDS_LISTED]
    if outside := int(outside_area(frame, params.area).sum()):
        flags["outside_area"] = outside
    if is_stale(params.source_date):
        flags["stale_source"] = True
    return flags


def _keep_dimension(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Reduce collections that ``make_valid`` made to their highest-dimension parts.

    A bow-tie polygon comes back as a GeometryCollection of polygons and a
    line; a layer of polygons should stay polygons.
    """
    import shapely

    geoms = frame.geometry.to_numpy().copy()
    collections = np.flatnonzero(shapely.get_type_id(geoms) == 7)
    if len(collections) == 0:
        return frame
    for i in collections:
        parts = shapely.get_parts(geoms[i])
        dims = shapely.get_dimensions(parts)
        geoms[i] = shapely.union_all(parts[dims == dims.max()])
    frame = frame.copy()
    frame[frame.geometry.name] = geoms
    return frame
