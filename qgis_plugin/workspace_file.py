"""Read an Urbanista workspace's catalogue with the standard library's ``sqlite3``.

QGIS's Python has no geopandas, so the plugin cannot use the core's
``analysis.workspace``; it reads the two tables it needs itself. A workspace is
a GeoPackage with a key/value table ``urbanista_workspace`` and a catalogue
``urbanista_catalogue`` (one row per dataset, in import order = rowid order).
Vector datasets are layers of the GeoPackage named like their catalogue row;
rasters are GeoTIFFs in the ``<name>.rasters`` folder beside it, named by ``raster_path``.

Formats (the core's ``analysis.workspace.formats`` says what each adds): the
plugin reads :data:`FORMAT_VERSION` and every older one whose catalogue it reads
the same way (:data:`READABLE_FORMATS`); a workspace of an older format is read
but :attr:`WorkspaceContents.outdated`, so the caller can offer the upgrade. Format 2
is written in place through SQLite's rollback journal: a writer killed mid-write
leaves a hot journal beside the file, which only a writable connection can roll
back, so the plugin reads through one (queries only) when a journal is there.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .i18n import tr

CATALOGUE_TABLE = "urbanista_catalogue"
META_TABLE = "urbanista_workspace"
FORMAT_VERSION = "3"
"""The format the Urbanista core of this plugin's release writes."""
READABLE_FORMATS = ("1", "2", FORMAT_VERSION)
"""Formats whose catalogue reads the same: format 2 only added ``updated_at``, format 3
only moved the pseudonym salt out of the settings."""
_GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"


class WorkspaceFileError(ValueError):
    """The file is not an Urbanista workspace this plugin can read."""


@dataclass(frozen=True)
class Dataset:
    """One catalogue row: what the plugin needs to load the dataset."""

    name: str
    kind: str
    title: str | None
    raster_path: str | None

    @property
    def display_name(self) -> str:
        """The name users see: the catalogue's title, else the dataset's name."""
        return self.title or self.name

    @property
    def is_raster(self) -> bool:
        """Whether the dataset is a GeoTIFF beside the GeoPackage."""
        return self.kind == "raster"

    def raster_file(self, workspace: Path) -> Path | None:
        """Return the GeoTIFF of a raster dataset of ``workspace``, None if it names none.

        It is in the workspace's own ``<name>.rasters`` folder, found by file
        name, so a workspace renamed together with that folder keeps its rasters.
        """
        if not self.raster_path:
            return None
        folder = workspace.with_name(workspace.stem + ".rasters")
        return folder / PurePosixPath(self.raster_path).name


@dataclass(frozen=True)
class WorkspaceContents:
    """What the plugin reads of a workspace: its format and its datasets."""

    path: Path
    format_version: str
    datasets: list[Dataset]

    @property
    def outdated(self) -> bool:
        """Whether the workspace has an older format than the core writes (it still reads)."""
        return self.format_version != FORMAT_VERSION

    def outdated_message(self) -> str:
        """Say that the workspace has an old format and how to upgrade it."""
        return tr(
            "{path} has the old workspace format {version}. It loads here, but Urbanista "
            "opens only format {current} workspaces: upgrade a copy with the "
            '"Upgrade Urbanista workspace" algorithm (Processing Toolbox > Urbanista > '
            "Workspace) or with the command 'urbanista workspace upgrade {path}'."
        ).format(path=self.path, version=self.format_version, current=FORMAT_VERSION)


def read_catalogue(path: Path) -> list[Dataset]:
    """Return the datasets of the workspace at ``path``, in catalogue order.

    Raises
    ------
    WorkspaceFileError
        If ``path`` is missing, not a GeoPackage, not an Urbanista workspace, or
        of a workspace format this plugin does not read.
    """
    return read_workspace(path).datasets


def read_workspace(path: Path) -> WorkspaceContents:
    """Return the format and the datasets of the workspace at ``path``.

    Raises
    ------
    WorkspaceFileError
        If ``path`` is missing, not a GeoPackage, not an Urbanista workspace, or
        of a workspace format this plugin does not read.
    """
    if not path.is_file():
        raise WorkspaceFileError(tr("{path}: there is no such file").format(path=path))
    try:
        with contextlib.closing(_connect(path)) as conn:
            return _read(conn, path)
    except sqlite3.DatabaseError as exc:
        if "readonly" in str(exc):  # a hot journal that a read-only file cannot roll back
            raise WorkspaceFileError(
                tr(
                    "{path} was being written when its program stopped, and it is read-only, "
                    "so that write cannot be undone here: open it once where it can be written"
                ).format(path=path)
            ) from exc
        raise WorkspaceFileError(
            tr("{path} is not an Urbanista workspace: it is not a GeoPackage ({error})").format(
                path=path, error=exc
            )
        ) from exc


def _connect(path: Path) -> sqlite3.Connection:
    """Open ``path`` read-only, or for queries only if a killed writer left a journal.

    A read-only connection cannot roll back a hot journal (SQLite refuses to read
    the file then), so where the file and its folder may be written the plugin
    opens it writable, lets SQLite roll back, and forbids its own writes.
    """
    real = path.resolve()
    recover = real.with_name(real.name + "-journal").exists() and _writable(real)
    conn = sqlite3.connect(f"{real.as_uri()}?mode={'rw' if recover else 'ro'}", uri=True)
    if recover:
        conn.execute("PRAGMA query_only = ON")
    return conn


def _writable(path: Path) -> bool:
    """Whether ``path`` and its folder may be written, judging by the mode bits as root too.

    As the core does: a file without any write bit is the owner's wish to keep it.
    """
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return False
    return bool(path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _read(conn: sqlite3.Connection, path: Path) -> WorkspaceContents:
    if conn.execute("PRAGMA application_id").fetchone()[0] != _GPKG_APPLICATION_ID:
        raise WorkspaceFileError(
            tr("{path} is not an Urbanista workspace: it is not a GeoPackage").format(path=path)
        )
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in (META_TABLE, CATALOGUE_TABLE):
        if table not in tables:
            raise WorkspaceFileError(
                tr(
                    "{path} is a GeoPackage but not an Urbanista workspace (it has no {table} "
                    "table); open it with Layer > Add Layer instead"
                ).format(path=path, table=table)
            )
    meta = dict(conn.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    version = meta.get("format_version")
    if version not in READABLE_FORMATS:
        raise WorkspaceFileError(
            tr(
                "{path} has workspace format {version}; this plugin reads formats up to "
                "{expected}: update the Urbanista plugin"
            ).format(
                path=path,
                version=tr("(none)") if version is None else version,
                expected=FORMAT_VERSION,
            )
        )
    rows = conn.execute(
        f"SELECT name, kind, title, raster_path FROM {CATALOGUE_TABLE} ORDER BY rowid"
    ).fetchall()
    return WorkspaceContents(path, str(version), [Dataset(*row) for row in rows])
