"""A workspace: one GeoPackage holding the imported layers and their catalogue.

Writes are atomic and cost what they change. A :meth:`Workspace.transaction`
has GDAL write its layers into a small scratch GeoPackage beside the
workspace; its commit moves them in, with their catalogue rows, in one SQLite
transaction (:mod:`analysis.workspace.merge`). A process killed at any moment
leaves the old workspace or the complete new one; the journal a killed commit
leaves is rolled back by the next opener, and scratch files by the next
writer. Rasters are GeoTIFFs in a folder beside the GeoPackage (README, "The
workspace", says why), written under fresh names before the catalogue that
names them is committed. DESIGN.md says what is promised and how.
"""

from __future__ import annotations

import contextlib
import errno
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
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from analysis import __version__, killpoints
from analysis.crs import DEFAULT_CRS, crs_label, workspace_crs
from analysis.errors import InputError, WorkspaceError
from analysis.workspace import catalogue, storage
from analysis.workspace.catalogue import CatalogueEntry, DatasetKind, SourceFile
from analysis.workspace.formats import FORMAT_VERSION, OutdatedWorkspaceError
from analysis.workspace.merge import SCRATCH, Mode, merge_table
from analysis.workspace.storage import LOCK_TIMEOUT_S

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

log = logging.getLogger(__name__)

__all__ = ["FORMAT_VERSION", "LOCK_TIMEOUT_S", "NameTakenError", "Transaction", "Workspace"]

GPKG_VERSION = "1.2"
"""GeoPackage 1.2: what QGIS 3.22's GDAL 3.6 reads without a warning."""
_GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
_KIND_WORDS = {
    DatasetKind.TRACKS: "the activity tracks",
    DatasetKind.REPORTS: "the citizen reports",
    DatasetKind.DATASET: "a dataset",
    DatasetKind.RASTER: "a raster",
    DatasetKind.ANALYSIS: "an analysis result",
}


class NameTakenError(InputError):
    """A write would replace a dataset of another kind under the same name."""


@dataclass(frozen=True)
class Workspace:
    """An Urbanista workspace file; open one with :meth:`open` or :meth:`create`.

    ``path`` is the real file: a workspace opened through a symlink is the file
    the link points to, so it is locked, written and joined by its rasters there.
    """

    path: Path
    crs: str
    created_at: str

    @property
    def raster_dir(self) -> Path:
        """Folder beside the GeoPackage that holds the workspace's GeoTIFFs."""
        return self.path.with_name(self.path.stem + ".rasters")

    @property
    def read_only(self) -> bool:
        """Whether the workspace can be viewed but not written (write-protected)."""
        return storage.is_read_only(self.path)

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
        if path.exists() or path.is_symlink():
            raise WorkspaceError(f"{path} exists already: choose another name or delete it")
        if not path.parent.is_dir():
            raise WorkspaceError(f"cannot create {path}: folder {path.parent} does not exist")
        path = path.parent.resolve() / path.name
        meta = {
            "format_version": FORMAT_VERSION,
            "crs": label,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "created_by": f"urbanista {__version__}",
            # Salt of the pseudonymous user ids of this workspace (see analysis.io.tracks).
            "pseudonym_salt": secrets.token_hex(16),
        }
        with storage.writer_lock(path, LOCK_TIMEOUT_S):
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
                with storage.connect(staging) as conn:
                    catalogue.create_catalogue(conn)
                storage.fsync(staging)
                killpoints.reach("workspace.create")
                if path.exists():  # created by another program while we wrote
                    raise WorkspaceError(f"{path} exists already: choose another name")
                os.replace(staging, path)
                storage.fsync(path.parent)
            except (OSError, DataSourceError, sqlite3.Error) as exc:
                if isinstance(exc, WorkspaceError):
                    raise
                raise WorkspaceError(f"cannot create {path}: {exc}") from exc
            finally:
                staging.unlink(missing_ok=True)
        return cls(path, label, meta["created_at"])

    @classmethod
    def open(cls, path: str | Path) -> Workspace:
        """Open the workspace at ``path``, rolling back a write a killed program left.

        Raises
        ------
        WorkspaceError
            If there is no file, or it is not an Urbanista workspace.
        OutdatedWorkspaceError
            If it has an older format: ``urbanista workspace upgrade`` converts it.
        """
        given = Path(path)
        if not given.is_file():
            raise WorkspaceError(
                f"no workspace at {given}: create one with 'urbanista workspace new {given}'"
            )
        path = storage.real_path(given)
        try:
            storage.roll_back_hot_journal(path)
            with storage.connect(path, readonly=True) as conn:
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
            if "readonly" in str(exc):
                raise WorkspaceError(
                    f"{path} was being written when its program stopped, and it is read-only, "
                    "so that write cannot be undone here: open it once where it can be written"
                ) from exc
            if "malformed" in str(exc):
                raise WorkspaceError(
                    f"{path} is damaged ({exc}): see what is wrong with 'urbanista workspace "
                    f"check {path}', rebuild it with 'urbanista workspace repair {path} -o "
                    "NEW.gpkg'"
                ) from exc
            raise WorkspaceError(f"{path} is not a GeoPackage: {exc}") from exc
        version = meta.get("format_version")
        if version is not None and version.isdigit() and int(version) < int(FORMAT_VERSION):
            raise OutdatedWorkspaceError(path, version)
        if version != FORMAT_VERSION:
            raise WorkspaceError(
                f"{path} has workspace format {version!r}; this Urbanista reads format "
                f"{FORMAT_VERSION}"
            )
        return cls(path, meta.get("crs", DEFAULT_CRS), meta.get("created_at", ""))

    def entries(self) -> list[CatalogueEntry]:
        """Return the catalogue, in import order."""
        with self._reading_catalogue() as conn:
            return catalogue.read_entries(conn)

    def entry(self, name: str) -> CatalogueEntry:
        """Return the catalogue entry called ``name``.

        Raises
        ------
        InputError
            If the workspace has no dataset of that name.
        """
        with self._reading_catalogue() as conn:
            found = catalogue.read_entry(conn, name)
        if found is not None:
            return found
        names = ", ".join(e.name for e in self.entries()) or "none"
        raise InputError(f"{self.path} has no dataset {name!r} (it has: {names})")

    @contextlib.contextmanager
    def _reading_catalogue(self) -> Iterator[sqlite3.Connection]:
        """A read connection whose catalogue errors name the workspace and the way out."""
        try:
            with storage.connect(self.path, readonly=True) as conn:
                yield conn
        except (sqlite3.DatabaseError, KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, InputError):
                raise
            raise WorkspaceError(
                f"the catalogue of {self.path} is damaged ({exc}): see what is wrong with "
                f"'urbanista workspace check {self.path}', rebuild it with "
                f"'urbanista workspace repair {self.path} -o NEW.gpkg'"
            ) from exc

    def read_layer(self, name: str, **kwargs: Any) -> gpd.GeoDataFrame:
        """Read the vector layer ``name`` as a GeoDataFrame (kwargs go to pyogrio)."""
        import pyogrio

        entry = self.entry(name)
        if entry.kind is DatasetKind.RASTER:
            raise InputError(f"{name!r} in {self.path} is a raster, not a vector layer")
        storage.roll_back_hot_journal(self.path)
        return pyogrio.read_dataframe(self.path, layer=name, **kwargs)

    def meta(self, key: str) -> str | None:
        """A setting from the workspace's key/value table (``pseudonym_salt``...)."""
        with storage.connect(self.path, readonly=True) as conn:
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
            "read_only": self.read_only,
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
        target = storage.real_path(path)
        if target == self.path:
            raise WorkspaceError(f"{target} is this workspace: choose another file")
        copy = Workspace(target, self.crs, self.created_at)
        staging = _staging_path(target)
        with storage.copy_lock(self.path):
            try:
                storage.roll_back_hot_journal(self.path)
                shutil.copyfile(self.path, staging)
                entries = self.entries()
                with storage.connect(staging) as conn:
                    for entry in entries:
                        if entry.raster_path is None:
                            continue
                        source = self.raster_file(entry.name)
                        copy.raster_dir.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(source, copy.raster_dir / source.name)
                        moved = f"{copy.raster_dir.name}/{source.name}"
                        table = catalogue.CATALOGUE_TABLE
                        conn.execute(f"UPDATE {table} SET raster_path = ? WHERE name = ?",
                                     (moved, entry.name))  # fmt: skip
                storage.fsync(staging)
                os.replace(staging, target)
                storage.fsync(target.parent)
            except (OSError, sqlite3.Error) as exc:
                staging.unlink(missing_ok=True)
                raise storage.disk_error(target, exc) from exc
        return Workspace.open(target)

    def check_writable(self) -> None:
        """Refuse, in one line, to write a read-only workspace; commands call it before work.

        Raises
        ------
        WorkspaceError
            If the file, its folder or its disk is write-protected.
        """
        storage.check_writable(self.path)

    def has_table(self, name: str) -> bool:
        """Whether the GeoPackage has a table ``name`` (catalogued or not)."""
        with storage.connect(self.path, readonly=True) as conn:
            row = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND lower(name) = lower(?)",
                (name,),
            ).fetchone()
        return row is not None

    def check_claim(
        self, name: str, kind: DatasetKind, replace: bool = False, rename_with: str | None = None
    ) -> None:
        """Refuse now a ``name`` that a later write of a ``kind`` would be refused.

        For commands that compute before they write (``heatmap --save``).

        Raises
        ------
        NameTakenError
            As :meth:`Transaction.claim` would.
        """
        _check_name(name)
        self.check_writable()
        _claim(self, name, kind, replace, None, rename_with)

    @contextlib.contextmanager
    def transaction(
        self,
        lock_timeout_s: float = LOCK_TIMEOUT_S,
        resume: str | None = None,
        replace: bool = False,
        rename_with: str | None = "--layer NEW",
    ) -> Iterator[Transaction]:
        """Write atomically: all changes made in the block land together, or none.

        With ``resume`` (a hex key naming the job, e.g. a hash of the files an
        import reads), an interrupted transaction keeps its scratch file; the next
        transaction with the same key continues from it as long as the workspace
        has not changed in between. With ``replace``, a write may replace a
        dataset of another kind under the same name (otherwise refused, naming
        ``rename_with``, the caller's option for another name, and ``--replace``).

        Raises
        ------
        WorkspaceError
            If the workspace is read-only, its disk is full, another program keeps
            writing it for ``lock_timeout_s``, or this program is writing it already.
        NameTakenError
            If a write would replace a dataset of another kind and ``replace`` is not set.
        """
        self.check_writable()
        with storage.writer_lock(self.path, lock_timeout_s):
            self._sweep()
            scratch = self._scratch(resume)
            tx = Transaction(self, scratch, resumable=resume is not None, replace=replace)
            tx.rename_with = rename_with
            try:
                yield tx
                tx.closed = True
                tx.commit()
                _base_marker(scratch).unlink(missing_ok=True)
            except BaseException as exc:
                for added in tx.added_rasters:
                    added.unlink(missing_ok=True)
                if _disk_full(exc):
                    raise storage.disk_error(self.path, exc) from exc  # type: ignore[arg-type]
                raise
            finally:
                tx.closed = True
                if resume is None:
                    _remove_scratch(scratch)
            try:
                self._sweep()
            except OSError as exc:  # committed all the same; the next writer retries
                log.warning("could not tidy %s after writing: %s", self.path.parent, exc)

    def _scratch(self, resume: str | None) -> Path:
        """Where a transaction stages its layers: a fresh name, or what an interrupted job left."""
        if resume is None:
            return _staging_path(self.path)
        if not re.fullmatch(r"[0-9a-f]{8,64}", resume):
            raise ValueError(f"resume key {resume!r} must be 8-64 lower-case hex digits")
        scratch = self.path.with_name(f".{self.path.name}.resume-{resume}.gpkg")
        marker = _base_marker(scratch)
        if scratch.exists() and marker.exists():
            log.info("resuming the interrupted job %s from %s", resume, scratch)
            return scratch
        _remove_scratch(scratch)
        marker.write_text(_fingerprint(self.path), encoding="ascii")
        return scratch

    def _sweep(self) -> None:
        """Delete scratch files and GeoTIFFs that no committed catalogue names.

        Resumable scratch files stay while the workspace is as they found it.
        Called only while holding the lock, so nothing swept is in use.
        """
        _sweep_staging(self.path)
        current = _fingerprint(self.path)
        pattern = f".{glob.escape(self.path.name)}.resume-*.gpkg"
        for scratch in self.path.parent.glob(pattern):
            marker = _base_marker(scratch)
            if not marker.exists() or marker.read_text(encoding="ascii") != current:
                log.info("removing %s: the workspace changed since it was staged", scratch)
                _remove_scratch(scratch)
        for marker in self.path.parent.glob(f".{glob.escape(self.path.name)}.resume-*.base"):
            if marker.read_text(encoding="ascii") != current:
                marker.unlink(missing_ok=True)
        if self.raster_dir.is_dir():
            named = {PurePosixPath(e.raster_path).name for e in self.entries() if e.raster_path}
            for tif in self.raster_dir.glob("*.tif"):
                if tif.name not in named:
                    log.info("removing %s, which no dataset names", tif)
                    tif.unlink(missing_ok=True)


class Transaction:
    """The changes of one :meth:`Workspace.transaction`.

    Layers are written to ``staging``, a scratch GeoPackage that holds only what
    this transaction adds; catalogue entries wait in memory. :meth:`commit` moves
    both into the workspace in one SQLite transaction.
    """

    def __init__(
        self, workspace: Workspace, staging: Path, resumable: bool = False, replace: bool = False
    ) -> None:
        self.workspace = workspace
        self.staging = staging
        self.resumable = resumable
        self.replace = replace
        self.rename_with: str | None = "--layer NEW"
        """The option that names a write otherwise, said when a name is refused."""
        self.added_rasters: list[Path] = []
        self.closed = False
        self._modes: dict[str, Mode] = {}
        self._entries: dict[str, CatalogueEntry] = {}

    def _check_open(self, name: str) -> None:
        if self.closed:
            raise WorkspaceError(f"cannot write {name!r}: its transaction has ended")
        _check_name(name)

    def claim(self, name: str, kind: DatasetKind) -> datetime | None:
        """Check that ``name`` may hold a ``kind``; return when it was first imported, if it was.

        A name held by another kind (the reports, the tracks, an analysis result,
        a raster...) is refused unless the transaction may ``replace``. Writes
        claim their name themselves; an import that appends in batches claims it
        before it starts.

        Raises
        ------
        NameTakenError
            If ``name`` is held by another kind, or by a table outside the catalogue.
        """
        return _claim(self.workspace, name, kind, self.replace, self._entries.get(name),
                      self.rename_with)  # fmt: skip

    def _in_workspace(self, name: str) -> bool:
        return self.workspace.has_table(name)

    def _stage_entry(self, entry: CatalogueEntry, first: datetime | None) -> CatalogueEntry:
        now = datetime.now(UTC).replace(microsecond=0)
        entry = replace(entry, imported_at=first or now, updated_at=now)
        self._entries[entry.name] = entry
        return entry

    def _write(self, frame: Any, name: str, append: bool) -> None:
        """Write ``frame`` to the scratch GeoPackage (created on first use)."""
        import pyogrio

        options: dict[str, Any] = {}
        if not self.staging.exists():
            options["dataset_options"] = {"VERSION": GPKG_VERSION}
        if append:
            options["append"] = True
        else:
            options["layer_options"] = {"OVERWRITE": "YES"}
        pyogrio.write_dataframe(frame, self.staging, layer=name, driver="GPKG", **options)
        killpoints.reach("workspace.stage")

    def _in_workspace_crs(self, gdf: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
        if gdf.crs is None:
            raise InputError(f"layer {name!r} has no CRS: set one before writing it")
        return gdf if crs_label(gdf.crs) == self.workspace.crs else gdf.to_crs(self.workspace.crs)

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
        self._check_open(name)
        first = self.claim(name, kind)
        gdf = self._in_workspace_crs(gdf, name)
        self._write(gdf, name, append=False)
        self._modes[name] = Mode.REPLACE
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
        return self._stage_entry(entry, first)

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
        self._check_open(name)
        first = self.claim(name, kind)
        self._write(table, name, append=False)
        self._modes[name] = Mode.REPLACE
        entry = CatalogueEntry(
            name=name, kind=kind, crs=self.workspace.crs, feature_count=len(table),
            title=title, quality=quality or {},
        )  # fmt: skip
        return self._stage_entry(entry, first)

    def append_layer(self, gdf: gpd.GeoDataFrame, name: str, restart: bool = False) -> None:
        """Append ``gdf``'s features to layer ``name``, creating it if needed.

        For imports that write in batches; call :meth:`catalogue_layer` when done.
        With ``restart``, what this transaction staged for ``name`` before is
        dropped first (the workspace's committed rows stay).
        """
        self._check_open(name)
        gdf = self._in_workspace_crs(gdf, name)
        self._write(gdf, name, append=self._staged(name) and not restart)

    def _staged(self, name: str) -> bool:
        """Whether the scratch GeoPackage has a layer ``name``."""
        if not self.staging.exists():
            return False
        with storage.connect(self.staging, readonly=True) as conn:
            row = conn.execute(
                "SELECT 1 FROM gpkg_contents WHERE lower(table_name) = lower(?)", (name,)
            ).fetchone()
        return row is not None

    def _keeps_committed(self, name: str) -> bool:
        """Whether the committed rows of ``name`` stay after the commit (appended to)."""
        return self._modes.get(name, Mode.APPEND) is Mode.APPEND and self._in_workspace(name)

    def _parts(self, name: str) -> list[Path]:
        """The files whose rows of ``name`` make the layer once this transaction commits."""
        parts = [self.workspace.path] if self._keeps_committed(name) else []
        return [*parts, self.staging] if self._staged(name) else parts

    def has_layer(self, name: str) -> bool:
        """Whether layer ``name`` exists once this transaction commits."""
        return bool(self._parts(name))

    def column_values(self, name: str, column: str) -> set[Any]:
        """Distinct values of ``column`` in layer ``name`` (empty if there is no such layer)."""
        values: set[Any] = set()
        for path in self._parts(name):
            with storage.connect(path, readonly=True) as conn:
                rows = conn.execute(f'SELECT DISTINCT "{column}" FROM "{name}"').fetchall()
            values |= {r[0] for r in rows}
        return values

    def read_layer(self, name: str, **kwargs: Any) -> gpd.GeoDataFrame:
        """Layer ``name`` as it will be once this transaction commits (kwargs go to pyogrio)."""
        import pandas as pd
        import pyogrio

        parts = [pyogrio.read_dataframe(path, layer=name, **kwargs) for path in self._parts(name)]
        if not parts:
            raise InputError(f"{self.workspace.path} has no layer {name!r}")
        return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)

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
        """Catalogue layer ``name`` as it will stand after the commit (count and extent)."""
        import pyogrio

        self._check_open(name)
        first = self.claim(name, kind)
        count, bounds = 0, []
        for path in self._parts(name):
            info = pyogrio.read_info(path, layer=name, force_feature_count=True,
                                     force_total_bounds=True)  # fmt: skip
            count += int(info["features"])
            if _extent(info["total_bounds"]) is not None:
                bounds.append(info["total_bounds"])
        extent = None
        if bounds:
            minx, miny, maxx, maxy = zip(*bounds, strict=True)
            extent = _extent((min(minx), min(miny), max(maxx), max(maxy)))
        entry = CatalogueEntry(
            name=name,
            kind=kind,
            crs=self.workspace.crs,
            feature_count=count,
            extent=extent,
            sources=sources,
            title=title,
            licence=licence,
            source_date=source_date,
            quality=quality or {},
        )
        return self._stage_entry(entry, first)

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
        first = self.claim(name, DatasetKind.RASTER)
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
        storage.fsync(target)
        killpoints.reach("workspace.raster")
        if self._in_workspace(name) or self._staged(name):
            self._modes[name] = Mode.DROP  # a table of that name goes
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
        return self._stage_entry(entry, first)

    def commit(self) -> None:
        """Move the staged layers and catalogue entries into the workspace, atomically."""
        if not self._entries and not self._modes and not self.staging.exists():
            return
        path = self.workspace.path
        conn = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, isolation_level=None,
                               timeout=LOCK_TIMEOUT_S)  # fmt: skip
        try:
            staged = self._staged_tables()
            if self.staging.exists():
                scratch = f"{self.staging.as_uri()}?mode=ro"
                conn.execute(f"ATTACH DATABASE ? AS {SCRATCH}", (scratch,))
            conn.execute("BEGIN IMMEDIATE")
            for name in sorted(set(staged) | set(self._modes)):
                merge_table(conn, name, self._modes.get(name, Mode.APPEND))
            catalogue.upsert_entries(conn, self._entries.values())
            killpoints.reach("workspace.commit")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()
        killpoints.reach("workspace.committed")

    def _staged_tables(self) -> list[str]:
        if not self.staging.exists():
            return []
        with storage.connect(self.staging, readonly=True) as conn:
            return [r[0] for r in conn.execute("SELECT table_name FROM gpkg_contents")]


def _claim(
    workspace: Workspace,
    name: str,
    kind: DatasetKind,
    replace: bool,
    staged: CatalogueEntry | None,
    rename_with: str | None,
) -> datetime | None:
    """See :meth:`Transaction.claim`; ``staged`` is the entry a transaction wrote already."""
    with workspace._reading_catalogue() as conn:
        held = staged or catalogue.read_entry(conn, name)
    way_out = (f"choose another name ({rename_with}) or replace it (--replace)" if rename_with
               else "replace it (--replace) or rename that dataset")  # fmt: skip
    if held is None:
        if workspace.has_table(name) and not replace:
            raise NameTakenError(
                f"{workspace.path} has a table {name!r} that is not in its catalogue: {way_out}"
            )
        return None
    if held.kind is not kind and not replace:
        raise NameTakenError(
            f"{name!r} in {workspace.path} is {_KIND_WORDS[held.kind]}, which "
            f"{_KIND_WORDS[kind]} must not replace: {way_out}"
        )
    return held.imported_at if held.kind is kind else None


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


def _disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk is full, whoever raised it (OS, SQLite, GDAL)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return not isinstance(exc, WorkspaceError)
    text = str(exc).lower()
    return any(s in text for s in ("no space left", "database or disk is full", "disk full"))


def _sweep_staging(path: Path) -> None:
    """Delete scratch files (and their SQLite journals) that killed writers left."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.staging.gpkg*"):
        log.info("removing %s left by an interrupted write", stale)
        stale.unlink(missing_ok=True)


def _remove_scratch(scratch: Path) -> None:
    for stale in (scratch, storage.journal(scratch), _base_marker(scratch)):
        stale.unlink(missing_ok=True)


def _base_marker(staging: Path) -> Path:
    """The file that records which workspace state a resumable scratch file builds on."""
    return staging.with_suffix(".base")


def _fingerprint(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size} {stat.st_mtime_ns}"


def _staging_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.staging.gpkg")
