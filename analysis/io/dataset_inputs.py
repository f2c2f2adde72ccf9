"""Which files an import reads: files, folders and ZIP archives, with their names and metadata.

A folder is searched recursively (hidden entries skipped); a ZIP archive is checked
member by member with :mod:`analysis.io.safety` (no path traversal, inflated size
capped, XML without DTDs) before GDAL reads its members through ``/vsizip/``.
A file's folder may hold ``metadane.json`` (or ``metadata.json``) with its title,
licence, source date and CRS.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from analysis.errors import InputError
from analysis.io.safety import CHUNK, archive_name, check_xml_prolog, iter_zip
from analysis.io.summary import ImportSummary

SIDECAR_NAMES = ("metadane.json", "metadata.json")
"""Per-folder metadata files.

``{file: {tytul|title, licencja|licence, data_aktualnosci|source_date, uklad|crs}}``.
"""
ARCHIVE_SUFFIXES = (".zip", ".kmz")
NAME_LENGTH = 63


@dataclass(frozen=True)
class InputFile:
    """One file to import: on disk, or a member of a ZIP archive on disk.

    ``dataset`` is the name its dataset gets (with a suffix per layer when it
    holds several).
    """

    path: Path
    dataset: str
    member: str | None = None

    @property
    def label(self) -> str:
        """How messages name the file: ``path`` or ``archive.zip:member``."""
        return f"{self.path}:{self.member}" if self.member else str(self.path)

    @property
    def name(self) -> str:
        """The file's (or member's) own name, for progress messages."""
        return PurePosixPath(self.member or self.path.name).name

    @property
    def gdal_path(self) -> str:
        """The path GDAL opens (``/vsizip/...`` for a member of an archive).

        Raises
        ------
        InputError
            If pyogrio would read a file's name as a URI and open another file.
        """
        if self.member is None:
            return gdal_name(self.path)
        return f"/vsizip/{self.path.resolve().as_posix()}/{self.archive_member}"

    @property
    def archive_member(self) -> str:
        """The member's name as the archive stores it (``member`` may be decoded from cp852)."""
        if self.member is None:
            raise ValueError(f"{self.path} is not a member of an archive")
        return archive_name(self.path, self.member)

    @property
    def suffix(self) -> str:
        """The lower-case suffix of the file (or member)."""
        return PurePosixPath(self.name).suffix.lower()


URI_MARKS = frozenset("\n\r\t;!")
"""What pyogrio's URI parsing (urllib's) cuts from a local path or splits it at."""


def gdal_name(path: Path) -> str:
    """``path`` as pyogrio opens it, or InputError if pyogrio would open another file."""
    if URI_MARKS.intersection(str(path)):
        raise InputError(
            f"{path}: a name holding a line break, a tab, ';' or '!' cannot be opened by "
            "GDAL (it reads it as an address); rename the file"
        )
    return str(path)


@dataclass(frozen=True)
class Sidecar:
    """What a folder's metadata file says about one file."""

    title: str | None = None
    licence: str | None = None
    source_date: date | None = None
    crs: str | None = None


def layer_name(name: Path | str) -> str:
    """A workspace name from a file or layer name: ASCII, lower case, ``_`` for the rest."""
    stem = Path(name).stem
    stem = stem[:-4] if stem.lower().endswith(".osm") else stem  # city.osm.pbf
    plain = unicodedata.normalize("NFKD", stem.replace("ł", "l").replace("Ł", "L"))
    slug = re.sub(r"[^a-z0-9]+", "_", plain.encode("ascii", "ignore").decode().lower()).strip("_")
    return slug if slug[:1].isalpha() else f"d_{slug}"


def dataset_name(*parts: str) -> str:
    """Join name parts with ``_``, cut to the longest name a workspace accepts."""
    return "_".join(p for p in parts if p)[:NAME_LENGTH].rstrip("_")


def find_inputs(  # noqa: C901 - one branch per kind of path (folder, ZIP, file, named file)
    paths: Sequence[Path],
    suffixes: tuple[str, ...],
    summary: ImportSummary,
    *,
    explicit_suffixes: tuple[str, ...] = (),
    exclude: Iterable[Path] = (),
) -> list[InputFile]:
    """The files to import from ``paths``, in order.

    Folders are searched recursively for ``suffixes``; a file named directly may
    also end in one of ``explicit_suffixes``. ZIP archives are opened and checked
    here. Files in or under ``exclude`` (the workspace's own) are left out. A path
    that cannot be used is recorded as rejected in ``summary``.
    """
    skip = {p.resolve() for p in exclude}
    found: list[InputFile] = []
    for path in paths:
        if path.is_dir():
            files = [f for f in _walk(path) if f.suffix.lower() in suffixes]
        elif not path.exists():
            summary.add(str(path)).reject("no such file or folder")
            continue
        elif path.suffix.lower() in suffixes + explicit_suffixes:
            files = [path]
        else:
            summary.add(str(path)).reject(
                f"not a supported file (expected {', '.join(suffixes + explicit_suffixes)})"
            )
            continue
        for file in files:
            resolved = file.resolve()
            if resolved in skip or not skip.isdisjoint(resolved.parents):
                if file == path:  # named on its own: say why nothing comes of it
                    summary.add(str(path)).reject(
                        "is the workspace itself or one of its files: not imported into itself"
                    )
                continue
            if file.suffix.lower() not in ARCHIVE_SUFFIXES:
                found.append(InputFile(file, layer_name(file.name)))
                continue
            try:  # archives in archives are not opened: they would escape the checks
                members = zip_members(file, tuple(s for s in suffixes if s not in ARCHIVE_SUFFIXES))
            except InputError as exc:
                summary.add(str(file)).reject(str(exc))
                continue
            if not members:
                summary.add(str(file)).reject("holds no file to import")
            base = layer_name(file.name)
            for member in members:
                own = layer_name(PurePosixPath(member).name)
                name = base if len(members) == 1 else dataset_name(base, own)
                found.append(InputFile(file, name, member))
    return found


def _walk(folder: Path) -> list[Path]:
    """Files under ``folder``, sorted, without hidden files or folders."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def zip_members(path: Path, suffixes: tuple[str, ...]) -> list[str]:
    """Members of the archive ``path`` ending in ``suffixes``, after checking all of it.

    Every member is inflated once through the capped reader (bombs stop there),
    every name is checked (traversal) and XML members must not declare a DTD
    (:func:`check_xml`).

    Raises
    ------
    InputError
        Naming the archive and the member that is refused or damaged.
    """
    wanted = []
    for name, stream in iter_zip(path, ("",)):
        check_xml(stream.read(CHUNK), f"{path}:{name}")
        while stream.read(CHUNK):
            pass
        parts = PurePosixPath(name).parts
        hidden = any(p.startswith(".") or p == "__MACOSX" for p in parts)
        if name.lower().endswith(suffixes) and not hidden:
            wanted.append(name)
    return wanted


def check_xml(head: bytes, name: str) -> None:
    """Refuse XML with a DTD, whatever the file is called.

    GDAL picks its driver from the content, so a ``.geojson`` or ``.pbf`` holding
    KML or OSM XML would reach an XML parser: every file that starts like XML
    (also in UTF-16) is checked as such.

    Raises
    ------
    InputError
        If ``head`` (the file's first bytes) is XML that declares a DTD or entities.
    """
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    text = head.decode("utf-16", errors="ignore").encode("utf-8") if utf16 else head
    if text.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        check_xml_prolog(head, name)


def sidecar_metadata(path: Path) -> Sidecar:
    """Title, licence, source date and CRS of ``path`` from its folder's metadata file.

    Raises
    ------
    InputError
        If the metadata file cannot be read or its entry for ``path`` is malformed.
    """
    for name in SIDECAR_NAMES:
        sidecar = path.parent / name
        if not sidecar.is_file():
            continue
        try:
            entry = json.loads(sidecar.read_text(encoding="utf-8")).get(path.name, {})
            when = entry.get("data_aktualnosci") or entry.get("source_date")
            return Sidecar(
                title=entry.get("tytul") or entry.get("title"),
                licence=entry.get("licencja") or entry.get("licence"),
                source_date=date.fromisoformat(when) if when else None,
                crs=entry.get("uklad") or entry.get("crs"),
            )
        except (
            json.JSONDecodeError,
            UnicodeDecodeError,
            AttributeError,
            TypeError,
            ValueError,
        ) as exc:
            raise InputError(
                f"{sidecar}: metadata of {path.name} unreadable ({exc}); expected "
                '{"file": {"tytul": ..., "licencja": ..., "data_aktualnosci": "RRRR-MM-DD"}}'
            ) from exc
    return Sidecar()
