"""One writer for every file Urbanista produces: reports, maps, GeoTIFFs, CSVs, ZIPs.

:func:`output_file` hands the caller a temporary path beside the target; when
the caller is done it flushes the file to disk, gives it the mode of the file
it replaces, renames it over the target and flushes the folder. A failure or a
kill at any moment leaves the previous file as it was, or the complete new one.

:func:`check_output` refuses, before any work, a target that would destroy a
planner's data: a workspace (or any SQLite database), a file inside a
workspace's rasters folder, a workspace's lock or journal, a folder, or a
read-only file. Symlinks are followed first, so a link to a workspace is
refused too, and a link to an earlier output gets its target replaced.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from analysis import killpoints
from analysis.errors import OutputError, UrbanistaError

SQLITE_HEADER = b"SQLite format 3\x00"
WORKSPACE_SIDE_FILES = (".lock", "-journal", "-wal", "-shm")
"""Suffixes of the files SQLite and the writer lock keep beside a workspace."""
PARTIAL_SUFFIX = ".partial"
_HINTS = {
    errno.ENOSPC: "free some space or write it to another disk",
    errno.EDQUOT: "free some space or write it to another disk",
    errno.EFBIG: "this disk cannot hold a file so big (FAT32 stops at 4 GB): write it to "
    "an NTFS or ext4 disk",
    errno.EROFS: "write it to another disk",
    errno.EACCES: "write it elsewhere or ask for write access to the folder",
    errno.EPERM: "write it elsewhere or ask for write access to the folder",
}
"""What to do after each error the system reports while writing an output."""


@contextlib.contextmanager
def output_file(
    target: str | Path, *, estimate_bytes: int | None = None, mode: int | None = None
) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success put it in place of ``target``.

    The caller writes the whole file to the yielded path (creating or
    truncating it): ``.NAME.PID-RANDOM.partial.SUFFIX``, hidden, in the same
    folder, with the target's suffix for writers that choose a format by it.
    Then the file is fsynced, given ``mode`` or the mode of the file it replaces
    (a new file gets ``0o666`` less the umask), renamed over ``target`` and its
    folder fsynced. On any exception, a KeyboardInterrupt included, the
    temporary file is deleted and ``target`` left untouched. Each step calls
    :func:`analysis.killpoints.reach` (``output.write``, ``output.fsync``,
    ``output.rename``, ``output.dirsync``) for the crash tests.

    Parameters
    ----------
    target
        The file to write. A symlink is followed: the file it points at is replaced.
    estimate_bytes
        The size the file will have, roughly, if the caller can tell: a target
        whose disk has less free space is refused before anything is written.
    mode
        The permission bits to give the file instead (``0o600`` for a secret).

    Raises
    ------
    OutputError
        If :func:`check_output` refuses ``target``, the disk lacks
        ``estimate_bytes``, or the system refuses a write (a full disk, a
        read-only disk, no permission): one line naming ``target``.
    """
    real = check_output(target)
    if estimate_bytes is not None:
        check_free_space(target, real.parent, estimate_bytes)
    _sweep_partials(real)
    partial = _create_partial(target, real)
    try:
        yield partial
        killpoints.reach("output.write")
        _put_in_place(partial, real, _mode_for(real) if mode is None else mode)
    except BaseException as exc:
        error = None
        if isinstance(exc, OSError) and not isinstance(exc, UrbanistaError):
            error = _output_error(target, exc)
        partial.unlink(missing_ok=True)
        if error is not None:
            raise error from exc
        raise


def write_output(target: str | Path, data: bytes, *, mode: int | None = None) -> Path:
    """Write ``data`` to ``target`` through :func:`output_file`, its size checked first.

    Writers whose libraries cannot report a failed write cleanly (GDAL,
    matplotlib's PDF, openpyxl's ZIP) render into memory and hand the bytes
    here, so that a full disk is one plain error on one plain write.

    Raises
    ------
    OutputError
        As :func:`output_file`.
    """
    with output_file(target, estimate_bytes=len(data), mode=mode) as partial:
        partial.write_bytes(data)
    return Path(target)


def _create_partial(target: str | Path, real: Path) -> Path:
    """An empty temporary file beside ``real``, named after it and this process."""
    prefix, suffix = f".{real.stem}.{os.getpid()}-", PARTIAL_SUFFIX + real.suffix
    try:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=real.parent)
    except OSError as exc:
        raise _output_error(target, exc) from exc
    os.close(fd)
    return Path(name)


def check_output(target: str | Path) -> Path:
    """The real path ``output_file`` would write for ``target``, or why it must not.

    Call it before long work, so that a wrong ``-o`` fails in a second rather
    than after the work.

    Raises
    ------
    OutputError
        If ``target`` (its symlinks followed) is a folder, lies in a folder that
        does not exist, is a device or a pipe, is a workspace or another SQLite
        database, lies inside a workspace's rasters folder, is a workspace's
        lock or journal, or is a read-only file.
    """
    real = Path(os.path.realpath(target))
    link = real != Path(os.path.abspath(target))
    shown = f"{target} (a link to {real})" if link else f"{target}"
    if real.is_dir():
        raise OutputError(f"{shown} is a folder: give the name of a file to write")
    if not real.parent.is_dir():
        raise OutputError(f"cannot write {shown}: folder {real.parent} does not exist")
    if real.exists() and not real.is_file():
        raise OutputError(f"{shown} is a device or a pipe, not a file: give a file to write")
    if is_sqlite(real):
        kind = "an Urbanista workspace" if is_workspace(real) else "a SQLite database"
        raise OutputError(
            f"{shown} is {kind}: writing there would destroy it; choose another output file"
        )
    owner = _workspace_of(real)
    if owner is not None:
        raise OutputError(
            f"{shown} belongs to the workspace {owner}: Urbanista keeps its own files "
            "there; write the output beside the workspace instead"
        )
    if real.is_file() and write_protected(real):
        raise OutputError(
            f"{shown} is read-only: make it writable (chmod u+w) or write another file"
        )
    return real


def check_free_space(target: str | Path, folder: Path, need_bytes: int) -> None:
    """Refuse ``target`` if the disk of ``folder`` has less than ``need_bytes`` free."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:  # cannot tell: the write itself will say
        return
    if need_bytes > free:
        raise OutputError(
            f"cannot write {target}: it needs about {_size(need_bytes)}, but only "
            f"{_size(free)} are free on its disk; free some space or write it elsewhere"
        )


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:.1f} MB" if n_bytes >= 100_000 else f"{n_bytes / 1e3:.1f} kB"


def is_sqlite(path: Path) -> bool:
    """Whether ``path`` is a file starting with SQLite's header (a GeoPackage, a workspace)."""
    if not path.is_file():  # a pipe would block the read
        return False
    try:
        with path.open("rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def is_workspace(path: Path) -> bool:
    """Whether the SQLite file ``path`` holds a workspace's table, read without writing."""
    import sqlite3

    from analysis.workspace.catalogue import META_TABLE

    try:
        con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
            return con.execute(sql, (META_TABLE,)).fetchone() is not None
        finally:
            con.close()
    except sqlite3.Error:
        return False


def _workspace_of(real: Path) -> Path | None:
    """The workspace whose rasters folder holds ``real``, or whose lock or journal it is."""
    for suffix in WORKSPACE_SIDE_FILES:
        if real.name.endswith(suffix):
            base = real.with_name(real.name.removesuffix(suffix))
            if is_sqlite(base):
                return base
    for folder in real.parents:
        if folder.suffix == ".rasters":
            for sibling in folder.parent.glob(f"{glob.escape(folder.stem)}*"):
                if sibling != folder and sibling.stem == folder.stem and is_sqlite(sibling):
                    return sibling
    return None


def write_protected(path: Path) -> bool:
    """Whether ``path`` may not be written: by access, or by mode bits (which root ignores).

    A file whose mode has no write bit is taken as its owner's wish to keep it,
    for root too.
    """
    return not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222


def _put_in_place(partial: Path, real: Path, mode: int) -> None:
    """Fsync ``partial``, give it ``mode``, rename it to ``real``, fsync the folder."""
    with partial.open("rb+") as f:
        f.flush()
        os.fsync(f.fileno())
    killpoints.reach("output.fsync")
    os.chmod(partial, mode)
    os.replace(partial, real)
    killpoints.reach("output.rename")
    fsync(real.parent)
    killpoints.reach("output.dirsync")


def _mode_for(real: Path) -> int:
    """The permission bits of the file ``real`` replaces, or the umask's for a new file."""
    try:
        return real.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask (set and restored: the only portable way to read it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fsync(path: Path) -> None:
    """Flush the file ``path``, or a folder's renames (POSIX; Windows has no folder fsync)."""
    if path.is_dir() and os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sweep_partials(real: Path) -> None:
    """Delete temporary files of ``real`` left by killed Urbanista processes (POSIX)."""
    if os.name != "posix":
        return  # os.kill(pid, 0) would terminate the process on Windows
    pattern = f".{glob.escape(real.stem)}.*-*{PARTIAL_SUFFIX}{glob.escape(real.suffix)}"
    for stale in real.parent.glob(pattern):
        pid = stale.name[len(real.stem) + 2 :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except OSError as exc:
        return exc.errno != errno.ESRCH  # EPERM: it exists, another user's
    return True


def _output_error(target: str | Path, exc: OSError) -> OutputError:
    """One line naming ``target``, what the system said and what to do."""
    hint = _HINTS.get(exc.errno or 0)
    said = exc.strerror or str(exc)
    return OutputError(f"cannot write {target}: {said}" + (f"; {hint}" if hint else ""))
