"""What the import wizard shows before importing: the files' kind, a reports file's first rows.

Qt-free glue over the core's readers and detectors (:mod:`analysis.io.reports`,
:mod:`analysis.io.coords`): the wizard calls :func:`guess_kind` on the chosen
paths, :func:`read_preview` in a background job, and :func:`detect` each time
the user changes the column mapping or the CRS.
"""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import InputError

if TYPE_CHECKING:
    from analysis.io.coords import Area, AxisGuess

PREVIEW_ROWS = 20
"""Rows of a reports file the wizard shows."""
SAMPLE_ROWS = 2_000
"""Rows read to detect the CRS (as many as the importer samples)."""
MAX_LISTED = 500
"""Files of a folder or archive looked at to guess their kind."""


class ImportKind(StrEnum):
    """What a set of files holds, i.e. which importer reads them."""

    REPORTS = "reports"
    TRACKS = "tracks"
    DATASETS = "datasets"
    RASTERS = "rasters"


_BY_SUFFIX = {
    ".gpx": ImportKind.TRACKS,
    ".tcx": ImportKind.TRACKS,
    ".fit": ImportKind.TRACKS,
    ".gz": ImportKind.TRACKS,
    ".tif": ImportKind.RASTERS,
    ".tiff": ImportKind.RASTERS,
    ".gpkg": ImportKind.DATASETS,
    ".shp": ImportKind.DATASETS,
    ".kml": ImportKind.DATASETS,
    ".kmz": ImportKind.DATASETS,
    ".pbf": ImportKind.DATASETS,
}
_TABLES = (".csv", ".tsv", ".xlsx", ".json", ".geojson")


@dataclass
class ReportsPreview:
    """The first rows of one reports file, as the importer reads them."""

    label: str
    format: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[str | None]] = field(default_factory=list)
    """Up to :data:`SAMPLE_ROWS` rows; the wizard shows the first :data:`PREVIEW_ROWS`."""
    notes: dict[str, str] = field(default_factory=dict)
    declared_crs: str | None = None
    error: str | None = None
    """Why the file cannot be previewed (it will be rejected on import), if so."""


@dataclass(frozen=True)
class AxisChoice:
    """Coordinate columns the importer refuses to read unless told which holds the northing.

    Their values lie in Poland in either axis order and the workspace holds no
    data yet to tell which is right; read the wrong way, the reports land some
    250 km off.
    """

    fields: tuple[str, str]
    """The fields of the two columns (``("x", "y")``): naming the first is the choice."""
    places: dict[str, tuple[float, float]]
    """Each column, read as the northing: where the reports' median lies (latitude, longitude)."""
    km_apart: float


@dataclass(frozen=True)
class Detection:
    """The column mapping and CRS the importer will use for a previewed file."""

    mapping: dict[str, str]
    coordinates: tuple[str, str] | None = None
    """The two coordinate columns, in file order; None if the file has none."""
    guess: AxisGuess | None = None
    error: str | None = None
    """Why the mapping is invalid or no CRS fits, if so."""
    blocking: bool = False
    """The error is in the user's choices (a half coordinate pair, an unknown CRS)."""
    axis_choice: AxisChoice | None = None
    """Set when the user must say which column holds the northing."""


def guess_kind(paths: Sequence[Path]) -> ImportKind | None:
    """The kind most of ``paths`` hold (files, folders, ZIP archives), None if unknown.

    A table (CSV, XLSX, JSON) is reports when its columns name a report
    category or number and a date, else a dataset.
    """
    votes: dict[ImportKind, int] = {}
    for path in paths:
        for name, member in _names(Path(path)):
            kind = _kind_of(name, member)
            if kind is not None:
                votes[kind] = votes.get(kind, 0) + 1
    return max(votes, key=lambda k: votes[k]) if votes else None


def read_preview(paths: Sequence[Path]) -> ReportsPreview | None:
    """The first rows of the first reports file among ``paths`` (a ZIP's first member).

    None if there is no reports file among them.
    """
    from analysis.io.reports.inputs import expand, report_files
    from analysis.io.reports.readers import read_table

    try:
        files = report_files([Path(p) for p in paths])
    except InputError as exc:
        return ReportsPreview("", error=str(exc))
    if not files:
        return None
    with expand(files[:1]) as inputs:
        item = inputs[0]
        preview = ReportsPreview(item.label)
        if item.error:
            preview.error = item.error
            return preview
        try:
            table = read_table(item.path, item.label)
            rows = table.rows
            try:
                sample = list(itertools.islice(rows, SAMPLE_ROWS))
            finally:
                close = getattr(rows, "close", None)
                if close is not None:
                    close()
        except InputError as exc:
            preview.error = str(exc)
            return preview
    preview.format, preview.columns = table.format, list(table.columns)
    preview.rows = [r.values for r in sample if r.error is None]
    preview.notes, preview.declared_crs = dict(table.notes), table.crs
    return preview


def detect(
    preview: ReportsPreview, column_map: Mapping[str, str], crs: str | None, area: Area
) -> Detection:
    """The mapping with ``column_map`` applied, and the CRS read from the sample's coordinates.

    ``crs`` (the user's choice) applies to X/Y columns and GeoJSON points, as
    in the importer; latitude/longitude are always detected. Columns whose axis
    order the importer would refuse to guess get an :class:`AxisChoice`.
    """
    import numpy as np

    from analysis.io.coords import POLISH_CRS, both_orders, guess_axes, parse_number
    from analysis.io.reports.columns import PAIRS, map_columns
    from analysis.io.reports.readers import GEOMETRY_COLUMNS

    try:
        mapping = map_columns(preview.columns, column_map, preview.label)
        crs = _checked_crs(crs)
    except InputError as exc:
        return Detection({}, error=str(exc), blocking=True)
    pairs = [(a, b) for a, b in PAIRS if a in mapping and b in mapping]
    chosen = [(a, b) for a, b in pairs if a in column_map] or pairs
    if preview.format == "GeoJSON" and not any(a in column_map for a, _ in pairs):
        columns, kind = GEOMETRY_COLUMNS, "geometry"
    elif chosen:
        columns, kind = (mapping[chosen[0][0]], mapping[chosen[0][1]]), "/".join(chosen[0])
    else:
        return Detection(mapping)  # no coordinate columns
    index = [preview.columns.index(c) for c in columns]
    values = np.array([[r[i] for i in index] for r in preview.rows], dtype=object).reshape(-1, 2)
    candidates: tuple[str, ...] | None = None
    if kind != "lat/lon" and crs:
        candidates = (crs,)
    elif preview.declared_crs:
        candidates = tuple(
            dict.fromkeys((preview.declared_crs, "EPSG:4326", *POLISH_CRS, area.crs))
        )
    first, second = parse_number(values[:, 0]), parse_number(values[:, 1])
    try:
        guess = guess_axes(
            first,
            second,
            area,
            candidates=candidates,
            northing_first_convention=kind != "geometry",
        )
    except InputError as exc:
        return Detection(mapping, (columns[0], columns[1]), error=str(exc))
    choice = None
    if guess.ambiguous and area.box is None and kind != "geometry":  # as the importer refuses
        usable = np.isfinite(first) & np.isfinite(second)
        (lon, lat), (other_lon, other_lat), km = both_orders(first[usable], second[usable], guess)
        northing, other = columns if guess.swapped else columns[::-1]
        places = {northing: (lat, lon), other: (other_lat, other_lon)}
        places = {c: places[c] for c in sorted(places, key=preview.columns.index)}  # file order
        choice = AxisChoice((kind.split("/")[0], kind.split("/")[1]), places, km)
    return Detection(mapping, (columns[0], columns[1]), guess, axis_choice=choice)


def _checked_crs(crs: str | None) -> str | None:
    """``crs`` as the importer names it (``EPSG:2180``); InputError if unknown."""
    if not crs:
        return None
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    from analysis.crs import crs_label

    try:
        return str(crs_label(CRS.from_user_input(crs)))
    except CRSError as exc:
        raise InputError(f"unknown CRS {crs!r}: use e.g. EPSG:2180") from exc


def _names(path: Path) -> list[tuple[str, Path | None]]:
    """File names under ``path`` with the file itself (None for a member of an archive)."""
    if path.is_dir():
        files = itertools.islice((p for p in sorted(path.rglob("*")) if p.is_file()), MAX_LISTED)
        return [entry for p in files for entry in _names(p)]
    if path.suffix.lower() != ".zip":
        return [(path.name, path)]
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()[:MAX_LISTED]
    except (OSError, zipfile.BadZipFile):
        return []
    if any(n.lower().endswith(".shp") for n in names):
        return [(path.name + ".shp", None)]  # a zipped Shapefile is one dataset
    tracks = [n for n in names if _BY_SUFFIX.get(Path(n.lower()).suffix) is ImportKind.TRACKS]
    return [(n, None) for n in tracks or names]  # an export's activities.csv lists its tracks


def _kind_of(name: str, path: Path | None) -> ImportKind | None:
    suffix = Path(name.lower()).suffix
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    if suffix not in _TABLES:
        return None
    if path is None:  # a table inside an archive: reports are what cities send zipped
        return ImportKind.REPORTS
    from analysis.io.reports.columns import map_columns
    from analysis.io.reports.readers import read_table

    try:
        columns = read_table(path, str(path)).columns
        found = map_columns(columns, None, str(path))
    except InputError:
        return ImportKind.DATASETS if suffix == ".geojson" else ImportKind.REPORTS
    is_report = ("category" in found or "report_id" in found) and "created" in found
    return ImportKind.REPORTS if is_report else ImportKind.DATASETS
