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
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from analysis import __version__, killpoints
from analysis.crs import DEFAULT_CRS, crs_label, workspace_crs
from analysis.errors import InputError, WorkspaceError
from analysis.io.output_file import check_output, fsync, is_workspace
from analysis.workspace import catalogue, storage
from analysis.workspace.catalogue import CatalogueEntry, DatasetKind
from analysis.workspace.formats import FORMAT_VERSION, OutdatedWorkspaceError
from analysis.workspace.storage import GPKG_VERSION, LOCK_TIMEOUT_S
from analysis.workspace.transaction import NameTakenError, Transaction, check_name, claim_name

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger(__name__)

__all__ = ["FORMAT_VERSION", "LOCK_TIMEOUT_S", "NameTakenError", "Transaction", "Workspace"]

_GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
_RASTER_FILE = re.compile(r"[a-z][a-z0-9_]{0,62}-[0-9a-f]{8}\.tif")
"""How :meth:`Transaction.add_raster` names a GeoTIFF: only such files are ever swept."""


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
    def create(
        cls,
        path: str | Path,
        crs: str = DEFAULT_CRS,
        key_id: str | None = None,
        key_salt: str | None = None,
    ) -> Workspace:
        """Create an empty workspace at ``path`` in the metric CRS ``crs``.

        Its athletes' pseudonyms are keyed by the key ``key_id`` (one in the key
        store, :mod:`analysis.privacy.keys`, or one to be brought there), else
        by a new key; the workspace holds only the key's id, and ``key_salt``,
        the salt a passphrase key was derived with.

        Raises
        ------
        WorkspaceError
            If ``path`` exists already, or a new key cannot be stored.
        InputError
            If ``crs`` is not a metric projected CRS, or ``key_id`` no key id.
        """
        import numpy as np
        from pyogrio.errors import DataLayerError, DataSourceError, FeatureError
        from pyogrio.raw import write

        from analysis.privacy import keys

        path = Path(path)
        label = crs_label(workspace_crs(crs))
        if path.suffix.lower() != ".gpkg":
            raise InputError(f"{path}: a workspace is a GeoPackage, its name must end in .gpkg")
        if path.exists() or path.is_symlink():
            raise WorkspaceError(f"{path} exists already: choose another name or delete it")
        if not path.parent.is_dir():
            raise WorkspaceError(f"cannot create {path}: folder {path.parent} does not exist")
        path = path.parent.resolve() / path.name
        check_output(path)  # not inside another workspace's folders
        if twin := _twin(path):
            raise WorkspaceError(
                f"cannot create {path}: {twin.name} beside it would share its rasters folder "
                f"{path.stem}.rasters; choose another name"
            )
        if key_id is not None:
            keys.key_path(key_id)  # checks that it is a key id
        meta = {
            "format_version": FORMAT_VERSION,
            "crs": label,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "created_by": f"urbanista {__version__}",
            "pseudonym_key_id": key_id or keys.new_key(),
            **({keys.SALT_META: key_salt} if key_salt else {}),
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
                fsync(staging)
                killpoints.reach("workspace.create")
                if path.exists():  # created by another program while we wrote
                    raise WorkspaceError(f"{path} exists already: choose another name")
                os.replace(staging, path)
                fsync(path.parent)
            except (OSError, DataSourceError, DataLayerError, FeatureError, sqlite3.Error) as exc:
                if isinstance(exc, WorkspaceError):
                    raise
                if _disk_full(exc) or shutil.disk_usage(path.parent).free < 1 << 20:
                    raise storage.disk_error(path, OSError(errno.ENOSPC, "")) from exc
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
        _sweep_if_idle(path)
        try:
            storage.roll_back_hot_journal(path)
            with storage.connect(path, readonly=True) as conn:
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                if app_id != _GPKG_APPLICATION_ID:
                    raise WorkspaceError(f"{path} is not a GeoPackage")
                meta = catalogue.read_meta(conn)
        except sqlite3.DatabaseError as exc:
            if "locked" in str(exc):
                raise storage.busy_error(path) from exc
            if "no such table" in str(exc):
                raise WorkspaceError(
                    f"{path} is a GeoPackage but not an Urbanista workspace "
                    f"(no {catalogue.META_TABLE} table)"
                ) from exc
            if "readonly" in str(exc):
                raise storage.stuck_journal_error(path) from exc
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
            if "locked" in str(exc):
                raise storage.busy_error(self.path) from exc
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

    def geometry_types(self) -> dict[str, str | None]:
        """Each layer's geometry type as GDAL names it (``"Point"``...; None for a table)."""
        import pyogrio

        storage.roll_back_hot_journal(self.path)
        return {str(name): kind for name, kind in pyogrio.list_layers(self.path)}

    def read_sql(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """A read-only SQLite connection on the workspace, for the core's own queries."""
        return storage.connect(self.path, readonly=True)

    def meta(self, key: str) -> str | None:
        """A setting from the workspace's key/value table (``pseudonym_key_id``...)."""
        with storage.connect(self.path, readonly=True) as conn:
            return catalogue.read_meta(conn).get(key)

    def pseudonym_key(self) -> bytes:
        """The key of the athletes' pseudonyms, from this computer's key store.

        Raises
        ------
        MissingKeyError
            If the key is not on this computer (says how to bring it, or start a new one).
        WorkspaceError
            If the workspace names no key.
        """
        from analysis.privacy import keys

        ident = self.meta("pseudonym_key_id")
        if not ident:
            raise WorkspaceError(
                f"{self.path} names no pseudonym key: repair it into a new "
                f"workspace with 'urbanista workspace repair {self.path} -o "
                "NEW.gpkg'"
            )
        return keys.load(ident, self.path)

    def new_pseudonym_key(self) -> str:
        """Key this workspace's later imports with a new key; return its id.

        Athletes imported before get new pseudonyms in later imports: the same
        people are counted twice. For a key that is lost, or known to others.

        Raises
        ------
        WorkspaceError
            If the workspace is read-only, or the key cannot be stored.
        """
        from analysis.privacy import keys

        self.check_writable()
        ident = keys.new_key()
        with storage.writer_lock(self.path), storage.connect(self.path) as conn:
            conn.execute(f"DELETE FROM {catalogue.META_TABLE} WHERE key = 'pseudonym_key_id'")
            conn.execute(
                f"INSERT INTO {catalogue.META_TABLE} (key, value) VALUES ('pseudonym_key_id', ?)",
                (ident,),
            )
        return ident

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
        from analysis.privacy import keys

        entries = [e.to_row() for e in self.entries()]
        key = self.meta("pseudonym_key_id")
        return {
            "path": str(self.path),
            "crs": self.crs,
            "created_at": self.created_at,
            "format_version": FORMAT_VERSION,
            "pseudonym_key_id": key,
            "pseudonym_key_here": key is not None and keys.has_key(key),
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
                        fsync(copy.raster_dir / source.name)
                        moved = f"{copy.raster_dir.name}/{source.name}"
                        table = catalogue.CATALOGUE_TABLE
                        conn.execute(
                            f"UPDATE {table} SET raster_path = ? WHERE name = ?",
                            (moved, entry.name),
                        )
                if copy.raster_dir.is_dir():
                    fsync(copy.raster_dir)
                fsync(staging)
                os.replace(staging, target)
                fsync(target.parent)
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
        check_name(name)
        self.check_writable()
        claim_name(self, name, kind, replace, None, rename_with)

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
            tx = Transaction(
                self,
                scratch,
                resumable=resume is not None,
                replace=replace,
                rename_with=rename_with,
            )
            try:
                yield tx
                tx.closed = True
                tx.commit()
                _base_marker(scratch).unlink(missing_ok=True)
            except BaseException as exc:
                if not tx.committed:  # else the committed catalogue names them
                    for added in tx.added_rasters:
                        added.unlink(missing_ok=True)
                    if tx.added_rasters:
                        with contextlib.suppress(OSError):  # only if empty: made for nothing
                            self.raster_dir.rmdir()
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
            if twin := _twin(self.path):
                log.warning("not tidying %s: %s shares it", self.raster_dir, twin)
                return
            named = {PurePosixPath(e.raster_path).name for e in self.entries() if e.raster_path}
            for tif in self.raster_dir.glob("*.tif"):
                if tif.name not in named and _RASTER_FILE.fullmatch(tif.name):
                    log.info("removing %s, which no dataset names", tif)
                    tif.unlink(missing_ok=True)


def _disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk is full, whoever raised it (OS, SQLite, GDAL)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return not isinstance(exc, WorkspaceError)
    text = str(exc).lower()
    return any(s in text for s in ("no space left", "database or disk is full", "disk full"))


def _twin(path: Path) -> Path | None:
    """Another workspace beside ``path`` whose name differs only after the stem.

    ``city.gpkg`` and ``city.GPKG`` (or a copy ``city.bak``) would share the
    rasters folder ``city.rasters``, and each would take the other's GeoTIFFs
    for leftovers.
    """
    for other in path.parent.glob(f"{glob.escape(path.stem)}.*"):
        if other.name != path.name and other.is_file() and is_workspace(other):
            return other
    return None


def _sweep_if_idle(path: Path) -> None:
    """Delete scratch files a killed writer left, if nobody writes the workspace now.

    The next writer would; this also spares them to the reader of a workspace
    nobody writes again (an import that finds everything imported writes nothing).
    """
    if not any(path.parent.glob(f".{glob.escape(path.name)}.*.staging.gpkg")):
        return
    if storage.is_read_only(path):
        return
    with contextlib.suppress(WorkspaceError), storage.writer_lock(path, timeout_s=0):
        _sweep_staging(path)


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
    """Size, time and SQLite's change counter: any commit changes it, on any file system."""
    stat = path.stat()
    with open(path, "rb") as f:
        counter = f.read(28)[24:].hex()
    return f"{stat.st_size} {stat.st_mtime_ns} {counter}"


def _staging_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.staging.gpkg")
