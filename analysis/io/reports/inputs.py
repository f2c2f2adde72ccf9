"""Which files a reports import reads: files, folders (searched recursively) and ZIP archives.

Members of a ZIP archive are inflated, under the caps of
:mod:`analysis.io.safety`, into a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from analysis.errors import InputError
from analysis.io.reports.readers import TABLE_SUFFIXES
from analysis.io.safety import Limits, iter_zip

ARCHIVE_LIMITS = Limits(member_bytes=512 << 20, total_bytes=1 << 30)


@dataclass(frozen=True)
class Input:
    """One file to read.

    ``path`` is the file on disk (a temporary copy for a member of an archive),
    ``label`` how messages name it (``archive.zip:member.csv``), ``source`` the
    file the user gave, whose SHA-256 the catalogue records. ``error`` says why
    the file cannot be read at all, if so.
    """

    path: Path
    label: str
    source: Path
    error: str | None = None


def report_files(paths: Sequence[Path]) -> list[Path]:
    """The files among ``paths``, folders replaced by the reports files in them.

    Raises
    ------
    InputError
        If a path does not exist.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in (*TABLE_SUFFIXES, ".zip")
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return found


@contextlib.contextmanager
def expand(paths: Sequence[Path]) -> Iterator[list[Input]]:
    """The inputs of ``paths``: files as they are, ZIP archives by member."""
    with tempfile.TemporaryDirectory(prefix="urbanista-reports-") as tmp:
        inputs: list[Input] = []
        for path in report_files(paths):
            if path.suffix.lower() == ".zip":
                inputs.extend(_members(path, Path(tmp) / str(len(inputs))))
            else:
                inputs.append(Input(path, str(path), path))
        yield inputs


def _members(archive: Path, folder: Path) -> list[Input]:
    folder.mkdir()
    members: list[Input] = []
    try:
        for i, (name, stream) in enumerate(iter_zip(archive, TABLE_SUFFIXES, ARCHIVE_LIMITS)):
            target = folder / f"{i}{PurePosixPath(name).suffix.lower()}"
            with open(target, "wb") as out:
                shutil.copyfileobj(stream, out)
            members.append(Input(target, f"{archive}:{name}", archive))
    except InputError as exc:
        return [Input(archive, str(archive), archive, error=str(exc))]
    if not members:
        return [Input(archive, str(archive), archive, error=f"{archive}: holds no reports file")]
    return members
