"""Workspace formats: what each one adds, and the upgrade from one to the next.

- **1**: written copy-on-write (every write copied the whole GeoPackage and
  renamed the copy over it), locked by the path as given.
- **2**: written in place through SQLite's own atomic commit
  (:mod:`analysis.workspace.merge`), locked by the real path; the catalogue
  records when each dataset was last written (``updated_at``). A format-1
  Urbanista writing the same file would replace it under a format-2 writer, so
  it must not open it: hence a new format.
- **3**: the pseudonym key is no longer in the workspace. Format 2 kept the
  salt of its athletes' pseudonyms in its settings (``pseudonym_salt``): with a
  copied file, anyone could hash guessed names and find their activities. The
  upgrade moves the salt into this computer's key store
  (:mod:`analysis.privacy.keys`), where it is the key, so tracks imported later
  keep their pseudonyms; the workspace keeps only ``pseudonym_key_id``. A
  format-2 Urbanista would find no salt, hence a new format. The same step
  takes people's names out of the track file names the workspace kept (the
  activities' ``source``, the catalogue's track ``sources``), as format 3's
  imports keep them (:func:`analysis.io.tracks.source_names.redact_name`).

Adding a field later costs one function: append a step to :data:`UPGRADES`
that changes a workspace of the previous format in place, through the SQLite
connection it is given. Steps run inside one SQLite transaction, so an upgrade
killed at any moment leaves the workspace as it was.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis import __version__, killpoints
from analysis.errors import WorkspaceError
from analysis.io.output_file import check_output, fsync
from analysis.workspace import storage
from analysis.workspace.catalogue import CATALOGUE_TABLE, META_TABLE


def _add_updated_at(conn: sqlite3.Connection) -> None:
    conn.execute(f"ALTER TABLE {CATALOGUE_TABLE} ADD COLUMN updated_at TEXT")
    conn.execute(f"UPDATE {CATALOGUE_TABLE} SET updated_at = imported_at")


def _move_salt_to_key_store(conn: sqlite3.Connection) -> None:
    """Store the salt as this computer's key (before the row goes); keep only its id."""
    from analysis.privacy import keys

    meta = dict(conn.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    salt = meta.get("pseudonym_salt")
    if salt:
        ident = keys.store(salt.encode())  # the key the salt was: pseudonyms go on
    elif meta.get("pseudonym_key_id"):
        return
    else:  # no salt to keep (a repaired workspace): tracks start with a new key
        ident = keys.new_key()
    conn.execute(f"DELETE FROM {META_TABLE} WHERE key IN ('pseudonym_salt', 'pseudonym_key_id')")
    conn.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES ('pseudonym_key_id', ?)", (ident,))


_RTREE_FUNCTIONS = ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")
"""Functions of GDAL's spatial index triggers: an UPDATE of a layer must know them, though
they run only when a feature's id or geometry changes, which no upgrade step does."""


def _unused(_: object) -> None:
    raise AssertionError("an upgrade step changed a feature's geometry or id")


def _redact_source_names(conn: sqlite3.Connection) -> None:  # noqa: C901 - one step per table that keeps source names
    """Take names out of the track file names kept: the activities' and the catalogue's."""
    from analysis.io.tracks.source_names import redact_name
    from analysis.io.tracks.store import ACTIVITIES

    for function in _RTREE_FUNCTIONS:  # GeoPackage's triggers name them; none runs here
        conn.create_function(function, 1, _unused, deterministic=True)
    columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{ACTIVITIES}")')}
    if "source" in columns:
        names = [
            row[0]
            for row in conn.execute(
                f'SELECT DISTINCT source FROM "{ACTIVITIES}" WHERE source IS NOT NULL'
            )
        ]
        for name in names:
            if isinstance(name, str) and (kept := redact_name(name)) != name:
                conn.execute(f'UPDATE "{ACTIVITIES}" SET source = ? WHERE source = ?', (kept, name))
    rows = conn.execute(
        f"SELECT name, sources FROM {CATALOGUE_TABLE} WHERE kind = 'tracks'"
    ).fetchall()
    for name, sources in rows:
        try:
            files = json.loads(sources) if sources else []
        except ValueError:
            continue  # 'urbanista workspace check' names it
        if not isinstance(files, list):
            continue
        kept_files: list[Any] = []
        for file in files:
            if isinstance(file, dict) and isinstance(file.get("path"), str):
                file = {**file, "path": redact_name(file["path"])}
            if file not in kept_files:
                kept_files.append(file)
        if kept_files != files:
            conn.execute(
                f"UPDATE {CATALOGUE_TABLE} SET sources = ? WHERE name = ?",
                (json.dumps(kept_files), name),
            )


def _to_format_3(conn: sqlite3.Connection) -> None:
    """Format 3: the key out of the workspace, and no names in the file names it keeps.

    With ``secure_delete`` on, the salt's and the old names' bytes are zeroed, not only
    unlinked.
    """
    conn.execute("PRAGMA secure_delete = ON")
    _move_salt_to_key_store(conn)
    _redact_source_names(conn)


UPGRADES: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _add_updated_at,
    _to_format_3,
)
"""``UPGRADES[i]`` turns format ``i + 1`` into format ``i + 2``."""

FORMAT_VERSION = str(len(UPGRADES) + 1)
"""The format this Urbanista writes."""


class OutdatedWorkspaceError(WorkspaceError):
    """The workspace has an older format: upgrade it before use."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        self.version = version
        super().__init__(
            f"{path} has workspace format {version}; this Urbanista reads format "
            f"{FORMAT_VERSION}: upgrade a copy with 'urbanista workspace upgrade {path}' "
            "(or add --in-place)"
        )


def default_copy(path: Path) -> Path:
    """Where an upgrade into a copy goes by default: ``city-format2.gpkg`` beside ``city.gpkg``."""
    return path.with_name(f"{path.stem}-format{FORMAT_VERSION}{path.suffix}")


def read_version(path: Path) -> str:
    """The format version of the workspace at ``path``."""
    try:
        with storage.connect(path, readonly=True) as conn:
            row = conn.execute(
                f"SELECT value FROM {META_TABLE} WHERE key = 'format_version'"
            ).fetchone()
    except sqlite3.DatabaseError as exc:
        if "readonly" in str(exc):
            raise storage.stuck_journal_error(path) from exc
        raise WorkspaceError(f"{path} is not an Urbanista workspace: {exc}") from exc
    if row is None:
        raise WorkspaceError(f"{path} has no format version: is it an Urbanista workspace?")
    return str(row[0])


def upgrade(path: str | Path, out: str | Path | None = None, in_place: bool = False) -> Path:
    """Upgrade the workspace at ``path`` to :data:`FORMAT_VERSION`; return the upgraded file.

    Into the copy ``out`` (default :func:`default_copy`), rasters included,
    unless ``in_place``. A workspace already at this format is left alone.

    Raises
    ------
    WorkspaceError
        If ``path`` is no workspace, has a newer format, is read-only (in place),
        or ``out`` exists.
    """
    path = storage.real_path(path)
    version = read_version(path)
    if not version.isdigit() or int(version) > int(FORMAT_VERSION):
        raise WorkspaceError(
            f"{path} has workspace format {version}, newer than this Urbanista's "
            f"{FORMAT_VERSION}: install a newer Urbanista"
        )
    if in_place:
        storage.check_writable(path)
        with storage.writer_lock(path):
            _upgrade_file(path, int(version))
        return path
    target = Path(out) if out is not None else default_copy(path)
    target = target.parent.resolve() / target.name
    if target == path:
        raise WorkspaceError(f"{path} is the workspace to upgrade: add --in-place, or name a copy")
    if target.exists():
        raise WorkspaceError(f"{target} exists already: choose another name or delete it")
    check_output(target)  # not inside another workspace's folders
    staging = target.with_name(f".{target.name}.upgrade.staging.gpkg")
    rasters = target.with_name(target.stem + ".rasters")
    made_rasters = not rasters.exists()
    with storage.copy_lock(path):
        try:
            shutil.copyfile(path, staging)
            _copy_rasters(path, staging, target)
            _upgrade_file(staging, int(version))
            fsync(staging)
            killpoints.reach("upgrade.rename")
            staging.replace(target)
            fsync(target.parent)
        except BaseException as exc:
            if made_rasters:
                shutil.rmtree(rasters, ignore_errors=True)
            if isinstance(exc, OSError | sqlite3.Error) and not isinstance(exc, WorkspaceError):
                raise storage.disk_error(target, exc) from exc
            raise
        finally:
            staging.unlink(missing_ok=True)
    return target


def _upgrade_file(path: Path, version: int) -> None:
    """Run the upgrade steps from ``version`` on, in one SQLite transaction."""
    if version >= int(FORMAT_VERSION):
        return
    conn = sqlite3.connect(path, isolation_level=None, timeout=storage.LOCK_TIMEOUT_S)
    try:
        conn.execute("BEGIN IMMEDIATE")
        for step in UPGRADES[version - 1 :]:
            step(conn)
        history = conn.execute(
            f"SELECT value FROM {META_TABLE} WHERE key = 'format_history'"
        ).fetchone()
        events = json.loads(history[0]) if history else []
        events.append(
            {
                "from": str(version),
                "to": FORMAT_VERSION,
                "by": f"urbanista {__version__}",
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        )
        for key, value in (
            ("format_version", FORMAT_VERSION),
            ("format_history", json.dumps(events)),
        ):
            conn.execute(f"DELETE FROM {META_TABLE} WHERE key = ?", (key,))
            conn.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES (?, ?)", (key, value))
        killpoints.reach("upgrade.commit")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()


def _copy_rasters(path: Path, staging: Path, target: Path) -> None:
    """Copy the rasters of ``path`` beside ``target`` and name them in ``staging``'s catalogue."""
    source_dir = path.with_name(path.stem + ".rasters")
    target_dir = target.with_name(target.stem + ".rasters")
    with sqlite3.connect(staging) as conn:
        rows = conn.execute(
            f"SELECT name, raster_path FROM {CATALOGUE_TABLE} WHERE raster_path IS NOT NULL"
        ).fetchall()
        for name, raster_path in rows:
            tif = source_dir / Path(raster_path).name
            if not tif.is_file():
                continue  # 'urbanista workspace check' names it; the copy keeps the entry
            target_dir.mkdir(exist_ok=True)
            shutil.copyfile(tif, target_dir / tif.name)
            fsync(target_dir / tif.name)
            conn.execute(
                f"UPDATE {CATALOGUE_TABLE} SET raster_path = ? WHERE name = ?",
                (f"{target_dir.name}/{tif.name}", name),
            )
    conn.close()
    if target_dir.is_dir():
        fsync(target_dir)
