"""Readers of the vector formats open datasets come in: GDAL's, CSV and OSM PBF.

Each reader lists the layers a file holds and reads one at a time as a
:class:`~analysis.io.dataset_layers.RawLayer`, with the CRS the file declares.
A GeoPackage's catalogue is read with SQLite first
(:mod:`analysis.io.gpkg_catalogue`): GDAL opens its tables only, never its views.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from analysis.errors import InputError
from analysis.io.csv_points import read_csv_points
from analysis.io.dataset_inputs import check_xml
from analysis.io.dataset_layers import RawLayer
from analysis.io.gpkg_catalogue import BUDGET_S, SQLITE_HEADER, Catalogue, read_catalogue
from analysis.io.safety import CHUNK

if TYPE_CHECKING:
    import geopandas as gpd

    from analysis.io.dataset_inputs import InputFile

OSM_EXTRACTS = ("cycleways", "bicycle_parking", "streets")
FALLBACK_ENCODING = "cp1250"
"""Text that is not UTF-8 (as GeoJSON promises, or as a shapefile without ``.cpg`` may be)
is read as Windows Central European: what Polish offices' Windows programs write."""
KML_HOUSEKEEPING = (
    "timestamp",
    "begin",
    "end",
    "altitudeMode",
    "tessellate",
    "extrude",
    "visibility",
    "drawOrder",
    "icon",
    "snippet",
)
"""Columns GDAL's KML drivers add to every layer; dropped when they say nothing."""


class FileUnreadable(InputError):
    """The whole file cannot be read: its other layers need not be tried."""


class Reader(Protocol):
    """Lists the layers of one file and reads them."""

    layers: list[str]
    refused: dict[str, str]
    """Layers the file lists that are not read, with the reason (a GeoPackage's views)."""

    def read(self, layer: str) -> RawLayer:
        """Read ``layer`` (one of :attr:`layers`)."""


def open_reader(source: InputFile, gpkg_budget_s: float = BUDGET_S) -> Reader:
    """The reader for ``source``, chosen by its suffix.

    A GeoPackage's catalogue must be read within ``gpkg_budget_s`` seconds.

    Raises
    ------
    InputError
        If the file is empty, refused (a KML with a DTD) or not readable at all.
    """
    if source.member is None:
        if source.path.stat().st_size == 0:
            raise InputError("the file is empty")
        with open(source.path, "rb") as f:
            check_xml(f.read(CHUNK), source.path.name)  # members: checked in their archive
    if source.suffix == ".csv":
        return CsvReader(source)
    if source.suffix == ".pbf":
        return OsmReader(source)
    return GdalReader.open(source, gpkg_budget_s)


@dataclass
class GdalReader:
    """GeoPackage, GeoJSON, Shapefile, KML: every layer with geometries, through pyogrio."""

    source: InputFile
    layers: list[str]
    refused: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, source: InputFile, gpkg_budget_s: float = BUDGET_S) -> GdalReader:
        """List the spatial layers of ``source`` (attribute-only tables are not datasets).

        A GeoPackage (by its name or its first bytes) is checked first: GDAL
        never opens one whose catalogue is hostile, nor any of its views.
        """
        import pyogrio
        from pyogrio.errors import DataLayerError, DataSourceError

        refused = {}
        if source.suffix == ".gpkg" or _head(source).startswith(SQLITE_HEADER):
            refused = _geopackage(source, gpkg_budget_s).refused
        try:
            listed = pyogrio.list_layers(source.gdal_path)
        except (DataSourceError, DataLayerError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read it as a vector dataset ({exc})") from exc
        layers = [str(name) for name, geometry in listed if geometry and name not in refused]
        if not layers:
            why = "".join(f"; layer {name}: {reason}" for name, reason in refused.items())
            raise InputError(f"holds no layer with geometries{why}")
        return cls(source, layers, refused)

    def read(self, layer: str) -> RawLayer:
        """Read ``layer``; its CRS is the declared one (None if the file gives none)."""
        from analysis.crs import crs_label

        notes: dict[str, Any] = {}
        with warnings.catch_warnings():  # each such feature is rejected, with this reason
            warnings.filterwarnings("ignore", "Non closed ring detected", RuntimeWarning)
            frame, invalid = self._read(self.source.gdal_path, layer, notes)
        if self.source.suffix == ".kml":
            frame = _drop_housekeeping(frame)
        declared = crs_label(frame.crs) if frame.crs is not None else None
        return RawLayer(frame, declared, notes=notes, invalid=invalid)

    def _read(
        self, path: str, layer: str, notes: dict[str, Any]
    ) -> tuple[gpd.GeoDataFrame, dict[int, str]]:
        """``layer`` and why features have no geometry though the file holds one."""
        import pyogrio
        from pyogrio.errors import DataLayerError, DataSourceError

        try:
            try:
                frame = pyogrio.read_dataframe(
                    path, layer=layer, encoding=self._encoding(layer), on_invalid="ignore"
                )
            except UnicodeDecodeError:  # not the UTF-8 it should be: from Windows in Poland
                frame = pyogrio.read_dataframe(
                    path, layer=layer, encoding=FALLBACK_ENCODING, on_invalid="ignore"
                )
                notes["text_encoding"] = FALLBACK_ENCODING
            return frame, self._invalid(layer, frame)
        except (DataSourceError, DataLayerError) as exc:
            raise InputError(f"cannot read layer {layer!r} ({exc})") from exc

    def _invalid(self, layer: str, frame: gpd.GeoDataFrame) -> dict[int, str]:
        """Why each feature whose geometry the file holds but cannot be built was left empty.

        An unclosed ring or a line of one point reads as no geometry; the
        geometries are read again, as bytes, only when some are missing.
        """
        import pyogrio.raw
        import shapely

        missing = np.flatnonzero(frame.geometry.isna().to_numpy())
        if not len(missing):
            return {}
        wkb = pyogrio.raw.read(self.source.gdal_path, layer=layer, columns=[])[2]
        reasons = {}
        for i in missing:
            if wkb[i] is None:
                continue
            try:
                shapely.from_wkb(wkb[i])
            except shapely.errors.GEOSException as exc:
                reasons[int(i)] = f"invalid geometry ({str(exc).split(': ', 1)[-1].strip()})"
        return reasons

    def _encoding(self, layer: str) -> str | None:
        """UTF-8 for a shapefile whose ``.dbf`` does not say (no ``.cpg``), else GDAL's choice.

        GDAL would guess Latin-1 there, which turns Polish letters into others
        without an error; asking for UTF-8 fails loudly instead, and cp1250 follows.
        """
        import pyogrio

        if self.source.suffix != ".shp":
            return None
        guessed = pyogrio.read_info(self.source.gdal_path, layer=layer)["encoding"] == "ISO-8859-1"
        return "UTF-8" if guessed else None


@dataclass
class CsvReader:
    """A CSV file with a pair of coordinate columns: one layer."""

    source: InputFile
    layers: list[str] = field(default_factory=lambda: [""])
    refused: dict[str, str] = field(default_factory=dict)

    def read(self, layer: str) -> RawLayer:
        """Read the file's rows as points; attributes stay text until tidied."""
        data: Path | bytes = self.source.path
        if self.source.member is not None:
            with zipfile.ZipFile(self.source.path) as zf:  # checked by dataset_inputs.zip_members
                data = zf.read(self.source.archive_member)
        points = read_csv_points(data)
        notes = {"coordinates_from": ", ".join(points.columns)}
        note = points.decoding.note()
        if note:
            notes["text_encoding"] = points.decoding.describe()
        return RawLayer(
            points.frame,
            points.crs,
            northing_first=points.northing_first,
            plain_numbers=True,
            row="line",
            first_row=points.first_line,
            notes=notes,
            invalid=dict(points.invalid),
            remarks=(note,) if note else (),
        )


@dataclass
class OsmReader:
    """An OSM extract: three datasets planners need (:mod:`analysis.io.osm`), read once."""

    source: InputFile
    layers: list[str] = field(default_factory=lambda: list(OSM_EXTRACTS))
    refused: dict[str, str] = field(default_factory=dict)
    _extracts: dict[str, gpd.GeoDataFrame] | None = None

    def read(self, layer: str) -> RawLayer:
        """Read extract ``layer``; an empty one is to be skipped, not rejected.

        Raises
        ------
        FileUnreadable
            If GDAL cannot read the extract.
        """
        from analysis.io.osm import read_osm

        if self._extracts is None:
            try:
                self._extracts = read_osm(self.source.gdal_path)
            except InputError as exc:
                raise FileUnreadable(str(exc)) from exc
        return RawLayer(self._extracts.pop(layer), "EPSG:4326", skip_if_empty=True)


def _head(source: InputFile) -> bytes:
    """The first bytes of ``source`` (of its member, for one in an archive)."""
    if source.member is None:
        with open(source.path, "rb") as f:
            return f.read(len(SQLITE_HEADER))
    with zipfile.ZipFile(source.path) as zf, zf.open(source.archive_member) as member:
        return member.read(len(SQLITE_HEADER))


def _geopackage(source: InputFile, budget_s: float) -> Catalogue:
    """The catalogue of the GeoPackage ``source``; a member of an archive is read from a copy.

    Messages do not name the file: the import's summary does.

    Raises
    ------
    InputError
        If it is not a GeoPackage, is damaged or hostile (:func:`read_catalogue`).
    """
    if source.member is None:
        return read_catalogue(source.path, budget_s=budget_s)
    with tempfile.TemporaryDirectory(prefix="urbanista-") as tmp:
        copy = Path(tmp) / "member.gpkg"
        # the member was checked (capped) by dataset_inputs.zip_members
        with (
            zipfile.ZipFile(source.path) as zf,
            zf.open(source.archive_member) as member,
            open(copy, "wb") as out,
        ):
            shutil.copyfileobj(member, out, CHUNK)
        return read_catalogue(copy, budget_s=budget_s)


def _drop_housekeeping(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    noise = [c for c in KML_HOUSEKEEPING if c in frame and frame[c].nunique(dropna=True) <= 1]
    return frame.drop(columns=noise)
