"""A workspace transaction: layers staged in a scratch GeoPackage, then merged in one commit.

:class:`Transaction` is what :meth:`Workspace.transaction
<analysis.workspace.Workspace.transaction>` yields. Its writes go to a scratch
GeoPackage beside the workspace; its catalogue entries wait in memory; its
:meth:`~Transaction.commit` moves both in through one SQLite transaction
(:mod:`analysis.workspace.merge`). Every name it writes is claimed first: a
name held by another kind of data is refused (:class:`NameTakenError`).
"""

from __future__ import annotations

import errno
import math
import re
import shutil
import sqlite3
import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import killpoints
from analysis.crs import crs_label
from analysis.errors import InputError, WorkspaceError
from analysis.io.output_file import fsync
from analysis.workspace import catalogue, storage
from analysis.workspace.catalogue import CatalogueEntry, DatasetKind, SourceFile
from analysis.workspace.merge import SCRATCH, Mode, merge_table
from analysis.workspace.storage import GPKG_VERSION, LOCK_TIMEOUT_S

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from analysis.workspace.workspace import Workspace


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


RESERVED = {
    "activities": DatasetKind.TRACKS,
    "activity_points": DatasetKind.TRACKS,
    "reports": DatasetKind.REPORTS,
}
"""Names the core reads its data by: no other kind may take them, even while free."""


class Transaction:
    """The changes of one :meth:`Workspace.transaction`.

    Layers are written to ``staging``, a scratch GeoPackage that holds only what
    this transaction adds; catalogue entries wait in memory. :meth:`commit` moves
    both into the workspace in one SQLite transaction.
    """

    def __init__(
        self,
        workspace: Workspace,
        staging: Path,
        resumable: bool = False,
        replace: bool = False,
        rename_with: str | None = "--layer NEW",
    ) -> None:
        self.workspace = workspace
        self.staging = staging
        self.resumable = resumable
        self.replace = replace
        self.rename_with = rename_with
        """The caller's option that names a write otherwise, said when a name is refused."""
        self.added_rasters: list[Path] = []
        self.closed = False
        self.committed = False
        self._modes: dict[str, Mode] = {}
        self._entries: dict[str, CatalogueEntry] = {}

    def _check_open(self, name: str) -> None:
        if self.closed:
            raise WorkspaceError(f"cannot write {name!r}: its transaction has ended")
        check_name(name)

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
        return claim_name(
            self.workspace, name, kind, self.replace, self._entries.get(name), self.rename_with
        )

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
        try:
            pyogrio.write_dataframe(frame, self.staging, layer=name, driver="GPKG", **options)
        except Exception as exc:
            if _short_of_space(self.staging.parent, frame):
                raise storage.disk_error(self.workspace.path, OSError(errno.ENOSPC, "")) from exc
            raise
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
            name=name,
            kind=kind,
            crs=self.workspace.crs,
            feature_count=len(table),
            title=title,
            quality=quality or {},
        )
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
            info = pyogrio.read_info(
                path, layer=name, force_feature_count=True, force_total_bounds=True
            )
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
        if not raster_dir.is_dir():
            raster_dir.mkdir()
            fsync(raster_dir.parent)
        target = raster_dir / f"{name}-{uuid.uuid4().hex[:8]}.tif"
        self.added_rasters.append(target)
        shutil.copyfile(tif, target)
        fsync(target)
        fsync(raster_dir)  # its name, before a catalogue names it
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
        uncatalogued = sorted(set(self._staged_tables()) - set(self._entries) - set(self._modes))
        if uncatalogued:
            raise ValueError(
                f"staged layers {', '.join(uncatalogued)} were never catalogued: call "
                "catalogue_layer (which claims the name) before the transaction ends"
            )
        conn = sqlite3.connect(
            f"{path.as_uri()}?mode=rw", uri=True, isolation_level=None, timeout=LOCK_TIMEOUT_S
        )
        try:
            # Pages stay in memory until COMMIT, so readers are locked out only while
            # the commit writes them, not while the rows are copied (up to 1 GiB).
            conn.execute("PRAGMA cache_size = -1048576")
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
            self.committed = True
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


def claim_name(
    workspace: Workspace,
    name: str,
    kind: DatasetKind,
    replace: bool,
    staged: CatalogueEntry | None,
    rename_with: str | None,
) -> datetime | None:
    """See :meth:`Transaction.claim`; ``staged`` is the entry a transaction wrote already.

    ``rename_with`` is the caller's option that names the write otherwise, said
    in the refusal beside ``--replace``.
    """
    with workspace._reading_catalogue() as conn:
        held = staged or catalogue.read_entry(conn, name)
    way_out = (
        f"choose another name ({rename_with}) or replace it (--replace)"
        if rename_with
        else "replace it (--replace) or rename that dataset"
    )
    if held is None and RESERVED.get(name, kind) is not kind and not replace:
        raise NameTakenError(
            f"{name!r} is where Urbanista keeps {_KIND_WORDS[RESERVED[name]]}, which "
            f"{_KIND_WORDS[kind]} must not take: {way_out}"
        )
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


def _short_of_space(folder: Path, frame: Any) -> bool:
    """Whether ``folder``'s disk has too little room left for ``frame``.

    GDAL does not say that a disk is full: a write that fails for want of space
    surfaces as some SQLite error ("no such table", "failed to commit"). This
    tells such a failure from others by the room the rows need.
    """
    need = int(frame.memory_usage(deep=True).sum()) + (1 << 20)
    return shutil.disk_usage(folder).free < need


def _extent(bounds: Any) -> tuple[float, float, float, float] | None:
    """``(minx, miny, maxx, maxy)`` as floats, or None when unknown or not finite (empty)."""
    if bounds is None:
        return None
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    finite = all(math.isfinite(v) for v in (minx, miny, maxx, maxy))
    return (minx, miny, maxx, maxy) if finite else None


def check_name(name: str) -> None:
    """Refuse a dataset name GeoPackage or Urbanista cannot hold."""
    # GeoPackage table names ignore case: "Ulice" and "ulice" would be one table.
    if not _NAME.fullmatch(name):
        raise InputError(
            f"dataset name {name!r} must start with a letter and hold only lower-case ASCII "
            "letters, digits and _ (at most 63)"
        )
    if name.startswith(("urbanista_", "gpkg_", "rtree_", "sqlite_")):
        raise InputError(
            f"dataset name {name!r} is reserved for the GeoPackage's own tables: choose "
            "another name (--layer NEW)"
        )
