"""A workspace: one GeoPackage holding the imported layers and their catalogue.

Every write is copy-on-write. A :meth:`Workspace.transaction` copies the file to
a staging file beside it, writes there (GDAL for layers, SQLite for the
catalogue), flushes it to disk and atomically renames it over the workspace.
A process killed at any moment therefore leaves either the old file or the new
one, never a mix; stale staging files are swept by the next writer. Rasters are
GeoTIFFs in a folder beside the GeoPackage (README, "The workspace", says why), written
under fresh names before the catalogue that names them is committed.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import math
import os
import re
import secrets
import shutil
import sqlite3
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from analysis import __version__
from analysis.crs import DEFAULT_CRS, crs_label, workspace_crs
from analysis.errors import InputError, WorkspaceError
from analysis.workspace import catalogue
from analysis.workspace.catalogue import CatalogueEntry, DatasetKind, SourceFile

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

log = logging.getLogger(__name__)

FORMAT_VERSION = "1"
GPKG_VERSION = "1.2"
"""GeoPackage 1.2: what QGIS 3.22's GDAL 3.6 reads without a warning."""
LOCK_TIMEOUT_S = 30.0
_GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
_HELD: set[Path] = set()
"""Workspaces this process is writing: a second transaction on one would wait for itself."""


@dataclass(frozen=True)
class Workspace:
    """An Urbanista workspace file; open one with :meth:`open` or :meth:`create`."""

    path: Path
    crs: str
    created_at: str

    @property
    def raster_dir(self) -> Path:
        """Folder beside the GeoPackage that holds the workspace's GeoTIFFs."""
        return self.path.with_name(self.path.stem + ".rasters")

    @classmethod
    def create(cls, path: str | Path, crs: str = DEFAULT_CRS) -> Workspace:
        """Create an empty workspace at ``path`` in the metric CRS ``crs``.

        Raises
        ------
        WorkspaceError
            If ``path`` exists already.
        InputError
            If ``crs`` is not a metric projected CRS.
        """
        import numpy as np
        from pyogrio.errors import DataSourceError
        from pyogrio.raw import write

        path = Path(path)
        label = crs_label(workspace_crs(crs))
        if path.suffix.lower() != ".gpkg":
            raise InputError(f"{path}: a workspace is a GeoPackage, its name must end in .gpkg")
        if path.exists():
            raise WorkspaceError(f"{path} exists already: choose another name or delete it")
        if not path.parent.is_dir():
            raise WorkspaceError(f"cannot create {path}: folder {path.parent} does not exist")
        meta = {
            "format_version": FORMAT_VERSION,
            "crs": label,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "created_by": f"urbanista {__version__}",
            # Salt of the pseudonymous user ids of this workspace (see analysis.io.tracks).
            "pseudonym_salt": secrets.token_hex(16),
        }
        with _writer_lock(path, LOCK_TIMEOUT_S):
            _sweep_staging(path)
            staging = _staging_path(path)
            try:
                write(  # GDAL writes the GeoPackage boilerplate
                    str(staging),
                    geometry=None,
                    field_data=[np.array(list(meta), dtype=object), np.array(list(meta.values()))],
                    fields=["key", "value"],
                    layer=catalogue.META_TABLE,
                    driver="GPKG",
                    dataset_options={"VERSION": GPKG_VERSION},
                )
                with _connect(staging) as conn:
                    catalogue.create_catalogue(conn)
                _commit_file(staging, path)
            except (OSError, DataSourceError) as exc:
                raise WorkspaceError(f"cannot create {path}: {exc}") from exc
            finally:
                staging.unlink(missing_ok=True)
        return cls(path, label, meta["created_at"])

    @classmethod
    def open(cls, path: str | Path) -> Workspace:
        """Open the workspace at ``path``.

        Raises
        ------
        WorkspaceError
            If there is no file, or it is not an Urbanista workspace.
        """
        path = Path(path)
        if not path.is_file():
            raise WorkspaceError(
                f"no workspace at {path}: create one with 'urbanista workspace new {path}'"
            )
        try:
            with _connect(path, readonly=True) as conn:
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                if app_id != _GPKG_APPLICATION_ID:
                    raise WorkspaceError(f"{path} is not a GeoPackage")
                meta = catalogue.read_meta(conn)
        except sqlite3.DatabaseError as exc:
            if "no such table" in str(exc):
                raise WorkspaceError(
                    f"{path} is a GeoPackage but not an Urbanista workspace "
                    f"(no {catalogue.META_TABLE} table)"
                ) from exc
            raise WorkspaceError(f"{path} is not a GeoPackage: {exc}") from exc
        if meta.get("format_version") != FORMAT_VERSION:
            raise WorkspaceError(
                f"{path} has workspace format {meta.get('format_version')!r}; this Urbanista "
                f"reads format {FORMAT_VERSION}"
            )
        return cls(path, meta["crs"], meta["created_at"])

    def entries(self) -> list[CatalogueEntry]:
        """Return the catalogue, in import order."""
        with _connect(self.path, readonly=True) as conn:
            return catalogue.read_entries(conn)

    def entry(self, name: str) -> CatalogueEntry:
        """Return the catalogue entry called ``name``.

        Raises
        ------
        InputError
            If the workspace has no dataset of that name.
        """
        with _connect(self.path, readonly=True) as conn:
            found = catalogue.read_entry(conn, name)
        if found is not None:
            return found
        names = ", ".join(e.name for e in self.entries()) or "none"
        raise InputError(f"{self.path} has no dataset {name!r} (it has: {names})")

    def read_layer(self, name: str, **kwargs: Any) -> gpd.GeoDataFrame:
        """Read the vector layer ``name`` as a GeoDataFrame (kwargs go to pyogrio)."""
        import pyogrio

        entry = self.entry(name)
        if entry.kind is DatasetKind.RASTER:
            raise InputError(f"{name!r} in {self.path} is a raster, not a vector layer")
        return pyogrio.read_dataframe(self.path, layer=name, **kwargs)

    def meta(self, key: str) -> str | None:
        """A setting from the workspace's key/value table (``pseudonym_salt``...)."""
        with _connect(self.path, readonly=True) as conn:
            return catalogue.read_meta(conn).get(key)

    def raster_file(self, name: str) -> Path:
        """Return the GeoTIFF of the raster dataset ``name``.

        Rasters live in the workspace's own ``<name>.rasters`` folder, found by
        file name: a workspace renamed or moved together with that folder keeps
        its rasters.

        Raises
        ------
        InputError
            If ``name`` is a vector layer, or its GeoTIFF is not in the folder.
        """
        entry = self.entry(name)
        if entry.raster_path is None:
            raise InputError(f"{name!r} in {self.path} is a vector layer, not a raster")
        path = self.raster_dir / PurePosixPath(entry.raster_path).name
        if not path.is_file():
            raise InputError(
                f"the GeoTIFF of {name!r} ({path.name}) is not in {self.raster_dir}: keep the "
                f"folder {self.raster_dir.name} beside {self.path.name} when copying or "
                "renaming the workspace"
            )
        return path

    def info(self) -> dict[str, Any]:
        """Return a JSON-ready summary: settings, size and the catalogue."""
        entries = [e.to_row() for e in self.entries()]
        return {
            "path": str(self.path),
            "crs": self.crs,
            "created_at": self.created_at,
            "format_version": FORMAT_VERSION,
            "size_bytes": self.path.stat().st_size,
            "datasets": entries,
        }

    def save_as(self, path: str | Path) -> Workspace:
        """Copy the workspace, its rasters included, to ``path`` and return the copy.

        The copy is taken under the writer lock, so no write lands half in it;
        its catalogue names the rasters in the copy's own folder. ``path`` is
        replaced if it exists (it must not be this workspace).

        Raises
        ------
        WorkspaceError
            If ``path`` is this workspace, or the copy cannot be written.
        """
        target = Path(path).resolve()
        if target == self.path.resolve():
            raise WorkspaceError(f"{target} is this workspace: choose another file")
        copy = Workspace(target, self.crs, self.created_at)
        staging = _staging_path(target)
        with _writer_lock(self.path, LOCK_TIMEOUT_S):
            try:
                shutil.copyfile(self.path, staging)
                with _connect(staging) as conn:
                    for entry in catalogue.read_entries(conn):
                        if entry.raster_path is None:
                            continue
                        source = self.raster_file(entry.name)
                        copy.raster_dir.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(source, copy.raster_dir / source.name)
                        moved = f"{copy.raster_dir.name}/{source.name}"
                        table = catalogue.CATALOGUE_TABLE
                        conn.execute(f"UPDATE {table} SET raster_path = ? WHERE name = ?",
                                     (moved, entry.name))  # fmt: skip
                _commit_file(staging, target)
            except OSError as exc:
                staging.unlink(missing_ok=True)
                raise WorkspaceError(f"cannot save the workspace as {target}: {exc}") from exc
        return Workspace.open(target)

    @contextlib.contextmanager
    def transaction(
        self, lock_timeout_s: float = LOCK_TIMEOUT_S, resume: str | None = None
    ) -> Iterator[Transaction]:
        """Write atomically: all changes made in the block land together, or none.

        With ``resume`` (a hex key naming the job, e.g. a hash of the files an
        import reads), an interrupted transaction keeps its staging file; the next
        transaction with the same key continues from it as long as the workspace
        has not changed in between. The workspace itself is untouched until the
        block completes.

        Raises
        ------
        WorkspaceError
            If another program keeps writing the workspace for ``lock_timeout_s``, or
            this program is writing it already.
        """
        with _writer_lock(self.path, lock_timeout_s):
            self._sweep()
            staging = self._prepare_staging(resume)
            tx = Transaction(self, staging, resumable=resume is not None)
            try:
                yield tx
                _commit_file(staging, self.path)
                _base_marker(staging).unlink(missing_ok=True)
            except BaseException:
                for added in tx.added_rasters:
                    added.unlink(missing_ok=True)
                raise
            finally:
                tx.closed = True
                if resume is None:
                    staging.unlink(missing_ok=True)
            try:
                self._sweep()
            except OSError as exc:  # committed all the same; the next writer retries
                log.warning("could not tidy %s after writing: %s", self.path.parent, exc)

    def _prepare_staging(self, resume: str | None) -> Path:
        """A staging copy of the workspace: fresh, or the one an interrupted job left."""
        if resume is None:
            staging = _staging_path(self.path)
            shutil.copyfile(self.path, staging)
            return staging
        if not re.fullmatch(r"[0-9a-f]{8,64}", resume):
            raise ValueError(f"resume key {resume!r} must be 8-64 lower-case hex digits")
        staging = self.path.with_name(f".{self.path.name}.resume-{resume}.gpkg")
        if staging.exists() and _base_marker(staging).exists():
            log.info("resuming the interrupted job %s from %s", resume, staging)
            return staging
        partial = _staging_path(self.path)  # swept if the copy itself is interrupted
        shutil.copyfile(self.path, partial)
        os.replace(partial, staging)
        _base_marker(staging).write_text(_fingerprint(self.path), encoding="ascii")
        return staging

    def _sweep(self) -> None:
        """Delete staging files and GeoTIFFs that no committed catalogue names.

        Resumable staging files stay while the workspace is as they found it.
        Called only while holding the lock, so nothing swept is in use.
        """
        _sweep_staging(self.path)
        current = _fingerprint(self.path)
        pattern = f".{glob.escape(self.path.name)}.resume-*.gpkg"
        for staging in self.path.parent.glob(pattern):
            marker = _base_marker(staging)
            if not marker.exists() or marker.read_text(encoding="ascii") != current:
                log.info("removing %s: the workspace changed since it was staged", staging)
                for stale in (staging, marker, staging.with_name(staging.name + "-journal")):
                    stale.unlink(missing_ok=True)
        for marker in self.path.parent.glob(f".{glob.escape(self.path.name)}.resume-*.base"):
            if not marker.with_suffix(".gpkg").exists():
                marker.unlink(missing_ok=True)
        if self.raster_dir.is_dir():
            named = {PurePosixPath(e.raster_path).name for e in self.entries() if e.raster_path}
            for tif in self.raster_dir.glob("*.tif"):
                if tif.name not in named:
                    log.info("removing %s, which no dataset names", tif)
                    tif.unlink(missing_ok=True)


class Transaction:
    """The changes of one :meth:`Workspace.transaction`, written to its staging file."""

    def __init__(self, workspace: Workspace, staging: Path, resumable: bool = False) -> None:
        self.workspace = workspace
        self.staging = staging
        self.resumable = resumable
        self.added_rasters: list[Path] = []
        self.closed = False

    def _check_open(self, name: str) -> None:
        if self.closed:
            raise WorkspaceError(f"cannot write {name!r}: its transaction has ended")
        _check_name(name)

    def write_layer(
        self,
        gdf: gpd.GeoDataFrame,
        name: str,
        kind: DatasetKind,
        *,
        sources: tuple[SourceFile, ...] = (),
        title: str | None = None,
        licence: str | None = None,
        source_date: date | None = None,
        quality: Mapping[str, Any] | None = None,
    ) -> CatalogueEntry:
        """Write ``gdf`` as layer ``name`` (replacing one of that name) and catalogue it.

        The frame is reprojected to the workspace CRS when it has another one.
        """
        import pyogrio

        self._check_open(name)
        if gdf.crs is None:
            raise InputError(f"layer {name!r} has no CRS: set one before writing it")
        if crs_label(gdf.crs) != self.workspace.crs:
            gdf = gdf.to_crs(self.workspace.crs)
        pyogrio.write_dataframe(
            gdf, self.staging, layer=name, driver="GPKG", layer_options={"OVERWRITE": "YES"}
        )
        entry = CatalogueEntry(
            name=name,
            kind=kind,
            crs=self.workspace.crs,
            feature_count=len(gdf),
            extent=_extent(gdf.total_bounds),
            sources=sources,
            title=title,
            licence=licence,
            source_date=source_date,
            quality=quality or {},
        )
        with _connect(self.staging) as conn:
            catalogue.upsert_entries(conn, [entry])
        return entry

    def write_table(
        self,
        table: pd.DataFrame,
        name: str,
        kind: DatasetKind,
        *,
        title: str | None = None,
        quality: Mapping[str, Any] | None = None,
    ) -> CatalogueEntry:
        """Write ``table`` as the attribute table ``name`` (no geometry) and catalogue it."""
        import pyogrio

        self._check_open(name)
        pyogrio.write_dataframe(
            table, self.staging, layer=name, driver="GPKG", layer_options={"OVERWRITE": "YES"}
        )
        entry = CatalogueEntry(
            name=name, kind=kind, crs=self.workspace.crs, feature_count=len(table),
            title=title, quality=quality or {},
        )  # fmt: skip
        with _connect(self.staging) as conn:
            catalogue.upsert_entries(conn, [entry])
        return entry

    def append_layer(self, gdf: gpd.GeoDataFrame, name: str) -> None:
        """Append ``gdf``'s features to layer ``name``, creating it if needed.

        For imports that write in batches; call :meth:`catalogue_layer` when done.
        """
        import pyogrio

        self._check_open(name)
        if gdf.crs is None:
            raise InputError(f"layer {name!r} has no CRS: set one before writing it")
        if crs_label(gdf.crs) != self.workspace.crs:
            gdf = gdf.to_crs(self.workspace.crs)
        exists = self.has_layer(name)
        pyogrio.write_dataframe(
            gdf, self.staging, layer=name, driver="GPKG", append=exists,
            **({} if exists else {"layer_options": {"OVERWRITE": "YES"}}),
        )  # fmt: skip

    def has_layer(self, name: str) -> bool:
        """Whether the staged workspace has a layer ``name``."""
        with _connect(self.staging, readonly=True) as conn:
            row = conn.execute(
                "SELECT 1 FROM gpkg_contents WHERE lower(table_name) = lower(?)", (name,)
            ).fetchone()
        return row is not None

    def column_values(self, name: str, column: str) -> set[Any]:
        """Distinct values of ``column`` in layer ``name`` (empty if there is no such layer)."""
        if not self.has_layer(name):
            return set()
        with _connect(self.staging, readonly=True) as conn:
            rows = conn.execute(f'SELECT DISTINCT "{column}" FROM "{name}"').fetchall()
        return {r[0] for r in rows}

    def catalogue_layer(
        self,
        name: str,
        kind: DatasetKind,
        *,
        sources: tuple[SourceFile, ...] = (),
        title: str | None = None,
        licence: str | None = None,
        source_date: date | None = None,
        quality: Mapping[str, Any] | None = None,
    ) -> CatalogueEntry:
        """Catalogue layer ``name`` as it stands in the staged workspace (count and extent)."""
        import pyogrio

        info = pyogrio.read_info(self.staging, layer=name, force_feature_count=True,
                                 force_total_bounds=True)  # fmt: skip
        entry = CatalogueEntry(
            name=name,
            kind=kind,
            crs=self.workspace.crs,
            feature_count=int(info["features"]),
            extent=_extent(info["total_bounds"]),
            sources=sources,
            title=title,
            licence=licence,
            source_date=source_date,
            quality=quality or {},
        )
        with _connect(self.staging) as conn:
            catalogue.upsert_entries(conn, [entry])
        return entry

    def add_raster(
        self,
        tif: Path,
        name: str,
        *,
        sources: tuple[SourceFile, ...] = (),
        title: str | None = None,
        licence: str | None = None,
        source_date: date | None = None,
        quality: Mapping[str, Any] | None = None,
    ) -> CatalogueEntry:
        """Copy the GeoTIFF ``tif`` into the workspace as raster dataset ``name``."""
        import rasterio
        from pyproj import CRS

        self._check_open(name)
        if self.resumable:
            raise ValueError("rasters cannot be added in a resumable transaction")
        with rasterio.open(tif) as src:
            if src.crs is None:
                raise InputError(f"{tif} has no CRS: assign one before adding it")
            crs = crs_label(CRS.from_user_input(src.crs.to_wkt()))
            extent = (src.bounds.left, src.bounds.bottom, src.bounds.right, src.bounds.top)
        raster_dir = self.workspace.raster_dir
        raster_dir.mkdir(exist_ok=True)
        target = raster_dir / f"{name}-{uuid.uuid4().hex[:8]}.tif"
        self.added_rasters.append(target)
        shutil.copyfile(tif, target)
        _fsync(target)
        entry = CatalogueEntry(
            name=name,
            kind=DatasetKind.RASTER,
            crs=crs,
            extent=extent,
            sources=sources,
            title=title,
            licence=licence,
            source_date=source_date,
            quality=quality or {},
            raster_path=target.relative_to(self.workspace.path.parent).as_posix(),
        )
        with _connect(self.staging) as conn:
            catalogue.upsert_entries(conn, [entry])
        return entry


def _extent(bounds: Any) -> tuple[float, float, float, float] | None:
    """``(minx, miny, maxx, maxy)`` as floats, or None when not finite (empty geometries)."""
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    finite = all(math.isfinite(v) for v in (minx, miny, maxx, maxy))
    return (minx, miny, maxx, maxy) if finite else None


def _check_name(name: str) -> None:
    # GeoPackage table names ignore case: "Ulice" and "ulice" would be one table.
    if not _NAME.fullmatch(name):
        raise InputError(
            f"dataset name {name!r} must start with a letter and hold only lower-case ASCII "
            "letters, digits and _ (at most 63)"
        )
    if name.startswith("urbanista_") or name.startswith("gpkg_") or name.startswith("rtree_"):
        raise InputError(f"dataset name {name!r} is reserved")


@contextlib.contextmanager
def _writer_lock(path: Path, timeout_s: float) -> Iterator[None]:
    """Hold the workspace's lock file; the OS releases it if the process dies."""
    from filelock import FileLock, Timeout

    key = path.resolve()
    if key in _HELD:
        raise WorkspaceError(f"{path} is already being written by this program")
    lock = FileLock(str(path) + ".lock")
    try:
        lock.acquire(timeout=timeout_s)
    except Timeout as exc:
        raise WorkspaceError(
            f"{path} is being written by another program; try again when it finishes"
        ) from exc
    _HELD.add(key)
    try:
        yield
    finally:
        _HELD.discard(key)
        lock.release()


def _sweep_staging(path: Path) -> None:
    """Delete staging files (and their SQLite journals) that killed writers left."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.staging.gpkg*"):
        log.info("removing %s left by an interrupted write", stale)
        stale.unlink(missing_ok=True)


def _base_marker(staging: Path) -> Path:
    """The file that records which workspace state a resumable staging file copies."""
    return staging.with_suffix(".base")


def _fingerprint(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size} {stat.st_mtime_ns}"


def _staging_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.staging.gpkg")


@contextlib.contextmanager
def _connect(path: Path, readonly: bool = False) -> Iterator[sqlite3.Connection]:
    """Open ``path`` with SQLite; commit on success, always close."""
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
    conn = sqlite3.connect(uri, uri=True)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _commit_file(staging: Path, target: Path) -> None:
    """Flush ``staging`` to disk and atomically put it in place of ``target``."""
    _fsync(staging)
    try:
        os.replace(staging, target)
    except PermissionError as exc:  # Windows: another program holds the file open
        raise WorkspaceError(
            f"cannot replace {target}: another program (QGIS?) has it open; close it and retry"
        ) from exc
    if os.name == "posix":
        _fsync(target.parent)
