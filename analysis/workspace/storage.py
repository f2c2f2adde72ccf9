"""The file under a workspace: its real path, its lock, its SQLite connections, its disk.

Everything here deals with the GeoPackage as a file on a real disk: a workspace
reached through a symlink is the file the link points to, locked by that path;
a read-only one (a write-protected USB stick) opens for reading and refuses
writes with one line; a hot journal left by a killed writer is rolled back by
the next connection that may write, before a read-only one trips on it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from analysis.errors import WorkspaceError
from analysis.io.output_file import write_protected

GPKG_VERSION = "1.2"
"""GeoPackage 1.2: what QGIS 3.22's GDAL 3.6 reads without a warning."""
LOCK_TIMEOUT_S = 30.0
_HELD: set[Path] = set()
"""Workspaces this process is writing: a second transaction on one would wait for itself."""

DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS)


def real_path(path: str | Path) -> Path:
    """``path`` with symlinks followed: the file a workspace really is."""
    return Path(path).resolve()


def journal(path: Path) -> Path:
    """SQLite's rollback journal of ``path``: present while a write is under way or was killed."""
    return path.with_name(path.name + "-journal")


def lock_file(path: Path) -> Path:
    """The file whose lock the writers of workspace ``path`` take."""
    return path.with_name(path.name + ".lock")


def is_read_only(path: Path) -> bool:
    """Whether ``path``, or its folder where SQLite puts its journal, cannot be written."""
    return write_protected(path) or not os.access(path.parent, os.W_OK)


def check_writable(path: Path) -> None:
    """Refuse, in one line, to write a workspace that is read-only."""
    if is_read_only(path):
        raise WorkspaceError(
            f"{path} is read-only (write-protected file, folder or disk): it opens for viewing "
            "only; to change it, copy it with its .rasters folder to a writable folder"
        )


@contextlib.contextmanager
def writer_lock(path: Path, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the lock of the workspace ``path`` (a real path); the OS frees it if we die."""
    from filelock import FileLock, Timeout

    if path in _HELD:
        raise WorkspaceError(f"{path} is already being written by this program")
    lock = FileLock(str(lock_file(path)))
    try:
        lock.acquire(timeout=timeout_s)
    except Timeout as exc:
        raise busy_error(path) from exc
    except OSError as exc:
        raise WorkspaceError(f"cannot lock {path} for writing: {exc.strerror or exc}") from exc
    _HELD.add(path)
    try:
        yield
    finally:
        _HELD.discard(path)
        lock.release()


def copy_lock(path: Path) -> contextlib.AbstractContextManager[None]:
    """The lock to hold while copying workspace ``path``: none if nobody can write it.

    A read-only workspace (a write-protected stick) has no writer to wait for,
    and no room for a lock file beside it.
    """
    return contextlib.nullcontext() if is_read_only(path) else writer_lock(path)


@contextlib.contextmanager
def connect(path: Path, readonly: bool = False) -> Iterator[sqlite3.Connection]:
    """Open ``path`` with SQLite; commit on success, always close.

    A read opens the file read-only, unless a journal lies beside it: then it
    opens it for writing (queries only) when it may, so that SQLite rolls back
    what a killed writer left, which a read-only connection cannot do.
    """
    writable_read = readonly and journal(path).exists() and not is_read_only(path)
    mode = "ro" if readonly and not writable_read else "rw"
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=LOCK_TIMEOUT_S
    )
    try:
        if writable_read:
            conn.execute("PRAGMA query_only = ON")
        with conn:
            yield conn
    finally:
        conn.close()


def roll_back_hot_journal(path: Path) -> None:
    """Let SQLite roll back a write that a killed process left in ``path``'s journal.

    Raises
    ------
    WorkspaceError
        If ``path`` is read-only, so that nobody can roll its journal back.
    """
    left = journal(path)
    if not left.exists():
        return
    if not is_read_only(path):
        with connect(path, readonly=True) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    elif left.stat().st_size > 0:  # nobody writes a read-only file: the journal is hot
        raise stuck_journal_error(path)


def stuck_journal_error(path: Path) -> WorkspaceError:
    """One line for a read-only workspace whose last write a killed program left half done."""
    return WorkspaceError(
        f"{path} was being written when its program stopped, and it is read-only, so that "
        "write cannot be undone here: open it once where it can be written"
    )


def busy_error(path: Path) -> WorkspaceError:
    """One line for a workspace another program kept locked for :data:`LOCK_TIMEOUT_S`."""
    return WorkspaceError(f"{path} is being written by another program; try again when it finishes")


def disk_error(path: Path, exc: OSError | sqlite3.Error) -> WorkspaceError:
    """One line for a write that the disk refused (full, read-only, over quota)."""
    full = isinstance(exc, sqlite3.Error) and "full" in str(exc)
    if full or (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)):
        return WorkspaceError(
            f"the disk of {path} is full: nothing was written; free some space and try again"
        )
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return WorkspaceError(f"cannot write {path}: {reason}; nothing was written")
