"""Reading archives and XML that strangers made, without being hurt by them.

- ZIP: members with absolute paths or ``..`` are refused (path traversal); the
  bytes actually inflated are counted, not the sizes the archive claims, and
  reading stops past a total or per-member cap or a suspicious ratio (ZIP bombs);
  archives inside an archive count against the same total (:class:`Spent`).
  Nothing is extracted to disk. Member names written without the UTF-8 flag
  are decoded as UTF-8, or else as the Central European code page that gives
  Polish letters (:func:`member_name`).
- gzip: the same caps on what one member inflates to.
- XML: parsed with lxml with entities unresolved, no DTD loading and no network;
  a document that declares a DOCTYPE at all (GPX, TCX and KML never need one)
  is refused before parsing, which stops external entities and entity bombs.
"""

from __future__ import annotations

import gzip
import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from analysis.errors import InputError
from analysis.io.encodings import POLISH, code_page

CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Caps on what an archive may inflate to."""

    member_bytes: int = 1 << 30
    """At most 1 GiB from one member."""
    total_bytes: int = 4 << 30
    """At most 4 GiB from one archive."""
    ratio: float = 200.0
    """Inflating more than 200 times the stored size (past 10 MiB) is a bomb."""
    members: int = 200_000


DEFAULT_LIMITS = Limits()
UTF8_FLAG = 0x800
"""General purpose flag bit 11: the member's name is UTF-8."""
LEGACY_CODE_PAGES = ("cp852", "cp1250")
"""Names without the UTF-8 flag: Windows' own zipper writes the OEM code page (cp852
in Poland), other Windows programs the ANSI one (cp1250)."""


_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError)
"""What :mod:`zipfile` raises for a bad CRC or cut deflate data while a member is read."""


@dataclass
class Spent:
    """Bytes inflated so far from an archive and the archives read inside it."""

    bytes: int = 0


class _CappedReader(io.RawIOBase):
    """A stream over ``raw`` that raises once more than ``cap`` bytes come out."""

    def __init__(
        self, raw: IO[bytes], cap: int, stored: int, ratio: float, name: str, kind: str = "ZIP"
    ) -> None:
        self.raw, self.cap, self.stored, self.ratio, self.name = raw, cap, stored, ratio, name
        self.kind = kind
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self.raw.read(len(buffer))
        except _DAMAGED as exc:
            raise InputError(f"{self.name}: damaged {self.kind} data ({exc})") from exc
        self.count += len(data)
        if self.count > self.cap:
            raise InputError(f"{self.name}: inflates to more than {self.cap >> 20} MiB; refused")
        if self.count > 10 << 20 and self.count > self.ratio * max(self.stored, 1):
            raise InputError(
                f"{self.name}: inflates more than {self.ratio:.0f} times its stored size "
                "(a ZIP bomb?); refused"
            )
        buffer[: len(data)] = data
        return len(data)


def member_name(info: zipfile.ZipInfo) -> str:
    """The name of a member as its maker wrote it.

    Without the UTF-8 flag, :mod:`zipfile` reads names as cp437: their bytes
    are taken back and read as UTF-8 (many zippers write it without saying),
    else as the code page of :data:`LEGACY_CODE_PAGES` that reads them as the
    most Polish text (:func:`~analysis.io.encodings.code_page`), if it gives
    Polish letters at all.
    """
    name = info.filename
    if info.flag_bits & UTF8_FLAG or name.isascii():
        return name
    raw = name.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = raw.decode(code_page(raw, LEGACY_CODE_PAGES), "replace")
    return best if POLISH.intersection(best) else name


def safe_member_name(name: str, archive: Path) -> str:
    """``name`` normalised, or InputError if it would leave the archive's folder."""
    clean = posixpath.normpath(name.replace("\\", "/"))
    if clean.startswith(("/", "../")) or clean == ".." or ":" in clean.split("/")[0]:
        raise InputError(f"{archive}: member {name!r} points outside the archive; refused")
    return clean


def archive_name(path: Path, name: str) -> str:
    """The name stored in the archive ``path`` for the member :func:`iter_zip` calls ``name``.

    They differ where the name was decoded (:func:`member_name`) or normalised;
    :mod:`zipfile` and GDAL's ``/vsizip/`` open members by the stored one.

    Raises
    ------
    InputError
        If no member has that name.
    """
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if safe_member_name(member_name(info), path) == name:
                return info.filename
    raise InputError(f"{path}: no member {name!r}")


def iter_zip(
    path: Path,
    suffixes: tuple[str, ...],
    limits: Limits = DEFAULT_LIMITS,
    spent: Spent | None = None,
) -> Iterator[tuple[str, IO[bytes]]]:
    """Yield ``(member name, stream)`` for members ending in one of ``suffixes``.

    Streams are capped: reading past the limits raises :class:`InputError`.
    A refused member name (path traversal) raises before anything is read.
    ``spent`` counts what the archive inflates; pass the outer archive's for
    one inside another, so that together they stay within ``limits.total_bytes``.
    Names are decoded by :func:`member_name`.
    """
    spent = spent if spent is not None else Spent()
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path}: not a readable ZIP archive ({exc})") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.members:
            raise InputError(f"{path}: {len(infos):,} members is more than {limits.members:,}")
        for info in infos:
            name = safe_member_name(member_name(info), path)
            if info.is_dir() or not name.lower().endswith(suffixes):
                continue
            cap = min(limits.member_bytes, limits.total_bytes - spent.bytes)
            try:
                raw = zf.open(info)
            except (*_DAMAGED, OSError, NotImplementedError, RuntimeError) as exc:
                # a damaged header or offset, an unknown compression method, a password
                raise InputError(f"{path}:{name}: cannot be read from the ZIP ({exc})") from exc
            with raw:
                reader = _CappedReader(raw, cap, info.compress_size, limits.ratio, f"{path}:{name}")
                yield name, io.BufferedReader(reader, CHUNK)
                spent.bytes += reader.count


def read_capped(stream: IO[bytes], name: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """All of ``stream``, or InputError past ``limits.member_bytes``."""
    data = stream.read(limits.member_bytes + 1)
    if len(data) > limits.member_bytes:
        raise InputError(f"{name}: larger than {limits.member_bytes >> 20} MiB; refused")
    return data


def gunzip(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Inflate a gzip member with the same caps as a ZIP member."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            reader = _CappedReader(gz, limits.member_bytes, len(data), limits.ratio, name, "gzip")  # type: ignore[arg-type]
            return io.BufferedReader(reader, CHUNK).read()
    except (OSError, EOFError) as exc:
        raise InputError(f"{name}: damaged gzip data ({exc})") from exc


def check_xml_prolog(data: bytes, name: str) -> None:
    """Refuse XML that declares a DOCTYPE: the door to XXE and entity-expansion bombs.

    UTF-16 documents (with their byte-order mark) are looked at decoded.
    """
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    head = head.lstrip(b"\xef\xbb\xbf")
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise InputError(
            f"{name}: declares a DTD or entities, which GPX/TCX/KML never need; refused"
        )


def xml_parser_options() -> dict[str, bool]:
    """Keyword arguments for ``lxml.etree.iterparse``/``XMLParser`` that never fetch or expand."""
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
