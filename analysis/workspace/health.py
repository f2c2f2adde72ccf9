"""What is wrong with a workspace file, named one problem per line, never as a traceback.

:func:`check_workspace` reads a workspace the way a doctor reads an X-ray: it
opens the file read-only, looks at every part Urbanista relies on (the SQLite
file, the GeoPackage marks, the settings, the catalogue, the layers and the
GeoTIFFs beside it) and returns what it finds wrong. It never changes the file;
a hot journal a killed writer left is rolled back in a private copy, so the
check sees what the next writer will see. :mod:`analysis.workspace.repair`
rebuilds a workspace from what this module can still read.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any

from analysis.io.output_file import SQLITE_HEADER
from analysis.workspace.catalogue import CATALOGUE_TABLE, META_TABLE, DatasetKind

JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
"""The first bytes of a rollback journal that still holds pages to restore."""
GPKG_APPLICATION_ID = 0x47504B47
CATALOGUE_COLUMNS = (
    "name",
    "kind",
    "crs",
    "feature_count",
    "extent",
    "sources",
    "imported_at",
    "title",
    "licence",
    "source_date",
    "quality",
    "raster_path",
)
"""The catalogue columns every format has; later formats add more."""
JSON_COLUMNS = ("extent", "sources", "quality")
INTERNAL_PREFIXES = ("gpkg_", "rtree_", "urbanista_", "sqlite_")
"""Tables that are the GeoPackage's or Urbanista's own, not datasets."""


class Severity(StrEnum):
    """How bad a problem is: an error loses data or stops the workspace from opening."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a workspace: how bad, what it concerns, and a one-line message."""

    severity: Severity
    subject: str
    """The object concerned: ``file``, ``catalogue``, ``layer 'streets'``, ``raster 'heat'``..."""
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.subject}: {self.message}"

    def to_json(self) -> dict[str, str]:
        """The problem as a JSON-ready dict."""
        return {"severity": str(self.severity), "subject": self.subject, "message": self.message}


def _error(subject: str, message: str) -> Problem:
    return Problem(Severity.ERROR, subject, message)


def _warning(subject: str, message: str) -> Problem:
    return Problem(Severity.WARNING, subject, message)


def raster_folder(path: Path) -> Path:
    """The folder of GeoTIFFs beside the workspace ``path`` (as ``Workspace.raster_dir``)."""
    return path.with_name(path.stem + ".rasters")


def hot_journal(path: Path) -> Path | None:
    """The rollback journal a killed writer left beside ``path``, or None."""
    journal = path.with_name(path.name + "-journal")
    try:
        with open(journal, "rb") as f:
            return journal if f.read(len(JOURNAL_MAGIC)) == JOURNAL_MAGIC else None
    except OSError:
        return None


@contextlib.contextmanager
def rolled_back_copy(path: Path, folder: Path | None = None) -> Iterator[Path]:
    """A private copy of ``path`` with its hot journal (if any) rolled back.

    The copy lives in a temporary folder inside ``folder`` (the system's
    temporary folder by default) and is deleted on exit; ``path`` is only read.
    """
    with tempfile.TemporaryDirectory(prefix="urbanista-", dir=folder) as tmp:
        copy = Path(tmp) / path.name
        try:  # a consistent snapshot, even while another program commits
            with (
                closing(
                    sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
                ) as source,
                closing(sqlite3.connect(copy)) as target,
            ):
                source.backup(target)
        except sqlite3.DatabaseError:  # damaged, or a hot journal only a writer rolls back
            copy.unlink(missing_ok=True)
            shutil.copyfile(path, copy)
            if (journal := hot_journal(path)) is not None:
                shutil.copyfile(journal, copy.with_name(copy.name + "-journal"))
                with closing(sqlite3.connect(copy)) as conn:  # may write: rolls it back
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        yield copy


def check_workspace(path: str | Path) -> list[Problem]:
    """List what is wrong with the workspace at ``path``; an empty list means healthy.

    Never raises on a damaged file, and never writes to it.
    """
    path = Path(path)
    if not path.exists():
        return [_error("file", f"{path} does not exist")]
    if not path.is_file():
        return [_error("file", f"{path} is a folder, not a workspace file")]
    try:
        with open(path, "rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        return [_error("file", f"cannot read {path}: {exc.strerror or exc}")]
    if header != SQLITE_HEADER:
        what = "is empty" if not header else "is not an SQLite database, so not a GeoPackage"
        return [_error("file", f"{path} {what}")]
    problems: list[Problem] = []
    if (journal := hot_journal(path)) is not None:
        problems.append(
            _warning(
                "journal",
                f"{journal.name} holds a write that was interrupted: it will be rolled "
                "back when the workspace is next opened for writing",
            )
        )
        try:
            with rolled_back_copy(path) as copy:
                return problems + _check_database(copy, path)
        except (OSError, sqlite3.Error) as exc:
            return [*problems, _error("journal", f"cannot roll it back in a copy: {exc}")]
    return problems + _check_database(path, path)


def _check_database(db: Path, path: Path) -> list[Problem]:
    """Check the SQLite file ``db`` (``path`` itself or its rolled-back copy)."""
    problems = []
    if (expected := _announced_size(db)) and (size := db.stat().st_size) < expected:
        problems.append(
            _error(
                "file",
                f"truncated: {size:,} bytes of the {expected:,} its header announces",
            )
        )
    uri = f"{db.resolve().as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            problems += _check_file(conn)
            return problems + _check_contents(conn, path)
    except sqlite3.Error as exc:  # a damaged file: what cannot be read is one more error
        return [*problems, _error("file", f"cannot read it as SQLite: {exc}")]


def _check_file(conn: sqlite3.Connection) -> list[Problem]:
    """The SQLite file itself: consistent, marked as a GeoPackage."""
    problems = []
    try:
        found = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        found = [str(exc)]
    if found != ["ok"]:
        problems.append(_error("file", f"damaged: {'; '.join(found)}"))
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id != GPKG_APPLICATION_ID:
        problems.append(_error("file", f"not a GeoPackage (application_id {app_id:#x})"))
    return problems


def _announced_size(db: Path) -> int | None:
    """The size in bytes the SQLite header of ``db`` announces, if it is valid."""
    with open(db, "rb") as f:
        header = f.read(100)
    if len(header) < 100:
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages, valid_for = (
        int.from_bytes(header[i : i + 4], "big") for i in (24, 28, 92)
    )
    return page_size * pages if pages and change_counter == valid_for else None


def _check_contents(conn: sqlite3.Connection, path: Path) -> list[Problem]:
    """Settings, catalogue, layers and rasters."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    problems = _check_meta(conn, tables)
    rows, catalogue_problems = _catalogue_rows(conn, tables)
    problems += catalogue_problems
    problems += _check_layers(conn, tables, rows)
    problems += _check_rasters(path, rows)
    return problems


def _check_meta(conn: sqlite3.Connection, tables: set[str]) -> list[Problem]:
    from analysis.workspace.workspace import FORMAT_VERSION

    if META_TABLE not in tables:
        return [
            _error(
                "settings",
                f"no {META_TABLE} table: not an Urbanista workspace, or its "
                "settings (CRS, format) were lost",
            )
        ]
    try:
        meta = dict(conn.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    except sqlite3.Error as exc:
        return [_error("settings", f"cannot read the {META_TABLE} table: {exc}")]
    problems = [
        _error("settings", f"no {key} in the {META_TABLE} table")
        for key in ("format_version", "crs")
        if not meta.get(key)
    ]
    version = meta.get("format_version")
    if version and version != FORMAT_VERSION:
        if str(version).isdigit() and int(version) < int(FORMAT_VERSION):
            problems.append(
                _warning(
                    "settings",
                    f"workspace format {version} is older than format "
                    f"{FORMAT_VERSION}, which this Urbanista reads: 'urbanista workspace upgrade' "
                    "converts it",
                )
            )
        else:
            problems.append(
                _error(
                    "settings",
                    f"unknown workspace format {version!r}: this Urbanista reads "
                    f"format {FORMAT_VERSION}",
                )
            )
    elif version:
        problems += _check_key(meta.get("pseudonym_key_id", ""))
    return problems


def _check_key(ident: str) -> list[Problem]:
    """Whether this computer has the workspace's pseudonym key (imports need it)."""
    from analysis.errors import InputError
    from analysis.privacy import keys

    try:
        if keys.has_key(ident):
            return []
    except InputError:
        return [
            _error(
                "settings",
                "no pseudonym key id: tracks cannot be imported; "
                "'urbanista workspace repair' gives it a new key",
            )
        ]
    return [
        _warning(
            "settings",
            f"the pseudonym key {ident} is not on this computer (not in "
            f"{keys.key_dir()}): track imports are refused until it is brought ('urbanista key "
            "import FILE'); analyses need no key",
        )
    ]


def _catalogue_rows(
    conn: sqlite3.Connection, tables: set[str]
) -> tuple[list[dict[str, Any]] | None, list[Problem]]:
    """The catalogue's rows (None if unreadable) and what is wrong with them."""
    if CATALOGUE_TABLE not in tables:
        return None, [
            _error(
                "catalogue",
                f"the {CATALOGUE_TABLE} table is missing: no layer has a kind, title or licence",
            )
        ]
    columns = {
        r[0] for r in conn.execute("SELECT name FROM pragma_table_info(?)", (CATALOGUE_TABLE,))
    }
    if missing := [c for c in CATALOGUE_COLUMNS if c not in columns]:
        return None, [
            _error("catalogue", f"the {CATALOGUE_TABLE} table has no column {', '.join(missing)}")
        ]
    try:
        cursor = conn.execute(f"SELECT * FROM {CATALOGUE_TABLE} ORDER BY rowid")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor]
    except sqlite3.Error as exc:
        return None, [_error("catalogue", f"cannot read the {CATALOGUE_TABLE} table: {exc}")]
    problems = [p for row in rows for p in row_problems(row)]
    return rows, problems


def row_problems(row: dict[str, Any]) -> list[Problem]:
    """What is wrong with one catalogue row: bad JSON, an unknown kind, a bad date..."""
    from analysis.workspace.catalogue import CatalogueEntry

    subject = f"catalogue entry {row.get('name')!r}"
    problems = []
    for column in JSON_COLUMNS:
        if isinstance(value := row.get(column), str):
            try:
                json.loads(value)
            except ValueError:
                problems.append(_error(subject, f"{column} holds invalid JSON: {value[:40]!r}"))
    if row.get("kind") not in {k.value for k in DatasetKind}:
        problems.append(_error(subject, f"unknown kind {row.get('kind')!r}"))
    if not problems:
        try:
            CatalogueEntry.from_row(row)
        except (KeyError, ValueError, TypeError) as exc:
            problems.append(_error(subject, f"cannot be read: {type(exc).__name__}: {exc}"))
    return problems


def dataset_tables(conn: sqlite3.Connection) -> dict[str, str]:
    """Layers registered in ``gpkg_contents`` (name: ``features`` or ``attributes``).

    Leaves out the GeoPackage's, the R-trees' and Urbanista's own tables.
    """
    rows = conn.execute("SELECT table_name, data_type FROM gpkg_contents")
    return {
        name: kind
        for name, kind in rows
        if kind in ("features", "attributes") and not name.lower().startswith(INTERNAL_PREFIXES)
    }


def _check_layers(
    conn: sqlite3.Connection, tables: set[str], rows: list[dict[str, Any]] | None
) -> list[Problem]:
    """Catalogue entries against the layer tables, and the other way round."""
    if "gpkg_contents" not in tables:
        return [_error("file", "no gpkg_contents table: not a GeoPackage")]
    problems = []
    registered = dataset_tables(conn)
    catalogued = {r["name"] for r in rows or ()}
    lowered = {t.lower() for t in tables}
    for row in rows or ():
        name = row["name"]
        if row.get("kind") == DatasetKind.RASTER or row.get("raster_path"):
            continue
        if str(name).lower() not in lowered:
            problems.append(
                _error(
                    f"layer {name!r}",
                    "the catalogue lists it but its table is missing: its data is lost",
                )
            )
            continue
        (count,) = conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        if row.get("feature_count") is not None and row["feature_count"] != count:
            problems.append(
                _warning(
                    f"layer {name!r}",
                    f"the catalogue says {row['feature_count']} features, the table holds {count}",
                )
            )
    if rows is not None:
        for name in registered:
            if name not in catalogued:
                problems.append(
                    _warning(f"layer {name!r}", "no catalogue entry: Urbanista does not show it")
                )
    return problems


def _check_rasters(path: Path, rows: list[dict[str, Any]] | None) -> list[Problem]:
    """Catalogued rasters against the GeoTIFFs in the folder beside the workspace."""
    folder = raster_folder(path)
    problems = []
    named = set()
    for row in rows or ():
        if not row.get("raster_path"):
            if row.get("kind") == DatasetKind.RASTER:
                problems.append(
                    _error(f"raster {row['name']!r}", "the catalogue names no GeoTIFF for it")
                )
            continue
        tif = folder / PurePosixPath(row["raster_path"]).name
        named.add(tif.name)
        if not tif.is_file():
            problems.append(
                _error(f"raster {row['name']!r}", f"its GeoTIFF {tif.name} is not in {folder.name}")
            )
        elif reason := unreadable_geotiff(tif):
            problems.append(
                _error(
                    f"raster {row['name']!r}", f"its GeoTIFF {tif.name} cannot be read: {reason}"
                )
            )
    if folder.is_dir():
        for tif in sorted(folder.glob("*.tif")):
            if tif.name not in named:
                problems.append(
                    _warning(
                        f"GeoTIFF {tif.name}",
                        "no catalogue entry names it: "
                        "the next write to the workspace deletes it, a repair "
                        "keeps it",
                    )
                )
    return problems


def unreadable_geotiff(tif: Path) -> str | None:
    """Why ``tif`` cannot be read (its header, CRS or last block), or None if it can."""
    import rasterio
    from rasterio.errors import RasterioError
    from rasterio.windows import Window

    try:
        with rasterio.open(tif) as src:
            if src.crs is None:
                return "it has no CRS"
            src.read(1, window=Window(src.width - 1, src.height - 1, 1, 1))
    except (RasterioError, OSError) as exc:
        return str(exc)
    return None
