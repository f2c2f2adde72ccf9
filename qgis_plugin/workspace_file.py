"""Read an Urbanista workspace's catalogue with the standard library's ``sqlite3``.

QGIS's Python has no geopandas, so the plugin cannot use the core's
``analysis.workspace``; it reads the two tables it needs itself. A workspace is
a GeoPackage with a key/value table ``urbanista_workspace`` and a catalogue
``urbanista_catalogue`` (one row per dataset, in import order = rowid order).
Vector datasets are layers of the GeoPackage named like their catalogue row;
rasters are GeoTIFFs in the ``<name>.rasters`` folder beside it, named by ``raster_path``.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .i18n import tr

CATALOGUE_TABLE = "urbanista_catalogue"
META_TABLE = "urbanista_workspace"
FORMAT_VERSION = "1"
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


def read_catalogue(path: Path) -> list[Dataset]:
    """Return the datasets of the workspace at ``path``, in catalogue order.

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
        raise WorkspaceFileError(
            tr("{path} is not an Urbanista workspace: it is not a GeoPackage ({error})").format(
                path=path, error=exc
            )
        ) from exc


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _read(conn: sqlite3.Connection, path: Path) -> list[Dataset]:
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
    if version != FORMAT_VERSION:
        raise WorkspaceFileError(
            tr(
                "{path} has workspace format {version}; this plugin reads format {expected}: "
                "update the Urbanista plugin"
            ).format(path=path, version=version, expected=FORMAT_VERSION)
        )
    rows = conn.execute(
        f"SELECT name, kind, title, raster_path FROM {CATALOGUE_TABLE} ORDER BY rowid"
    ).fetchall()
    return [Dataset(*row) for row in rows]
