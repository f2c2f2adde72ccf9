"""The catalogue: one row per dataset in a workspace, kept in the GeoPackage itself.

The table ``urbanista_catalogue`` is registered in ``gpkg_contents`` as an
attribute table, so QGIS shows it next to the layers it describes.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

CATALOGUE_TABLE = "urbanista_catalogue"
META_TABLE = "urbanista_workspace"
"""Key/value table with the workspace's format version, CRS and creation time."""


class DatasetKind(StrEnum):
    """What a dataset holds, which decides how analyses use it."""

    TRACKS = "tracks"
    REPORTS = "reports"
    DATASET = "dataset"
    RASTER = "raster"
    ANALYSIS = "analysis"
    """Results Urbanista computed from the other datasets (usage counts, proposals)."""


@dataclass(frozen=True)
class SourceFile:
    """A file a dataset was imported from, with the SHA-256 of its bytes."""

    path: str
    sha256: str

    @classmethod
    def from_path(cls, path: str | Path) -> SourceFile:
        """Hash ``path`` in 1 MiB blocks."""
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                digest.update(block)
        return cls(str(path), digest.hexdigest())


@dataclass(frozen=True)
class CatalogueEntry:
    """What the workspace knows about one dataset.

    ``name`` is the layer's table name in the GeoPackage, or for a raster the
    GeoTIFF's path relative to the workspace file (``raster_path``).
    """

    name: str
    kind: DatasetKind
    crs: str
    feature_count: int | None = None
    extent: tuple[float, float, float, float] | None = None
    sources: tuple[SourceFile, ...] = ()
    imported_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    title: str | None = None
    licence: str | None = None
    source_date: date | None = None
    quality: Mapping[str, Any] = field(default_factory=dict)
    raster_path: str | None = None
    updated_at: datetime | None = None
    """When the dataset was last written (format 2); ``imported_at`` is when it first was."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DatasetKind(self.kind))  # accept "tracks" as well

    def to_row(self) -> dict[str, Any]:
        """Return the row stored in the catalogue table (JSON for nested fields)."""
        row = asdict(self)
        row["kind"] = self.kind.value
        row["sources"] = [asdict(s) for s in self.sources]
        row["extent"] = list(self.extent) if self.extent else None
        row["imported_at"] = self.imported_at.isoformat(timespec="seconds")
        updated = self.updated_at
        row["updated_at"] = updated.isoformat(timespec="seconds") if updated else None
        row["source_date"] = self.source_date.isoformat() if self.source_date else None
        row["quality"] = dict(self.quality)
        return row

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CatalogueEntry:
        """Inverse of :meth:`to_row` (nested fields given as JSON text or decoded)."""
        import json

        def decoded(value: Any) -> Any:
            return json.loads(value) if isinstance(value, str) else value

        extent = decoded(row["extent"])
        return cls(
            name=row["name"],
            kind=DatasetKind(row["kind"]),
            crs=row["crs"],
            feature_count=row["feature_count"],
            extent=tuple(extent) if extent else None,
            sources=tuple(SourceFile(**s) for s in decoded(row["sources"]) or ()),
            imported_at=datetime.fromisoformat(row["imported_at"]),
            title=row["title"],
            licence=row["licence"],
            source_date=date.fromisoformat(row["source_date"]) if row["source_date"] else None,
            quality=decoded(row["quality"]) or {},
            raster_path=row["raster_path"],
            updated_at=datetime.fromisoformat(row["updated_at"]) if row.get("updated_at") else None,
        )


_COLUMNS = {
    "name": str,
    "kind": str,
    "crs": str,
    "feature_count": int,
    "extent": str,
    "sources": str,
    "imported_at": str,
    "title": str,
    "licence": str,
    "source_date": str,
    "quality": str,
    "raster_path": str,
    "updated_at": str,
}


def create_catalogue(conn: sqlite3.Connection) -> None:
    """Create the empty catalogue table and register it in ``gpkg_contents``."""
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    db.table(CATALOGUE_TABLE).create(_COLUMNS, pk="name", not_null={"kind", "crs", "imported_at"})
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change)"
        " VALUES (?, 'attributes', ?, 'Urbanista catalogue: one row per dataset', ?)",
        (CATALOGUE_TABLE, CATALOGUE_TABLE, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")),
    )


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    """Return the workspace's key/value settings."""
    return dict(conn.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())


def read_entries(conn: sqlite3.Connection) -> list[CatalogueEntry]:
    """Return every catalogue entry, in import order."""
    return [CatalogueEntry.from_row(r) for r in _rows(conn, "ORDER BY rowid")]


def read_entry(conn: sqlite3.Connection, name: str) -> CatalogueEntry | None:
    """Return the entry called ``name``, or None, reading that row only.

    A tracks entry lists thousands of source files: decoding them all to find
    one entry made every layer read of a workspace slow.
    """
    return next((CatalogueEntry.from_row(r) for r in _rows(conn, "WHERE name = ?", name)), None)


def _rows(conn: sqlite3.Connection, clause: str, *args: Any) -> Iterator[dict[str, Any]]:
    """Catalogue rows as dicts, read with plain sqlite3.

    Not with sqlite-utils: its import pulls in pandas, 0.4 s the desktop's
    window would wait for before showing a workspace.
    """
    cursor = conn.execute(f"SELECT * FROM {CATALOGUE_TABLE} {clause}", args)
    names = [d[0] for d in cursor.description]
    return (dict(zip(names, row, strict=True)) for row in cursor)


def upsert_entries(conn: sqlite3.Connection, entries: Iterable[CatalogueEntry]) -> None:
    """Insert entries, or update those of the same name in place (keeping the import order).

    Plain SQL, so that it joins the caller's open transaction.
    """
    columns = list(_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "name")
    sql = (
        f"INSERT INTO {CATALOGUE_TABLE} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT(name) DO UPDATE SET {updates}"
    )
    for entry in entries:
        row = entry.to_row()
        conn.execute(sql, [_sql_value(row[c]) for c in columns])


def _sql_value(value: Any) -> Any:
    """A row value as SQLite stores it: nested values as JSON (as sqlite-utils wrote them)."""
    import json

    if isinstance(value, list | dict):
        return json.dumps(value, default=repr, ensure_ascii=False)
    return value


def quality_summary(quality: Mapping[str, Any]) -> str:
    """Return a one-line summary of a catalogue entry's quality flags.

    Flags that are false, zero or empty are left out; a true flag shows its
    name, a collection its length, anything else ``name: value``.
    """
    parts = []
    for key, value in quality.items():
        if not value:
            continue
        if value is True:
            parts.append(str(key))
        elif isinstance(value, Mapping | list | tuple | set):
            parts.append(f"{key}: {len(value)}")
        else:
            parts.append(f"{key}: {value}")
    return ", ".join(parts)
