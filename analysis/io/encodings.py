"""Text of unknown encoding as Polish offices write it: UTF-8, a code page, or both mixed.

A file is decoded line by line (reports' CSV files by :func:`decoded_lines`,
datasets' through :class:`DecodedText`): each line as UTF-8 when it is valid
UTF-8, else in the single-byte code page that the file's other non-UTF-8 lines
fit best, Windows-1250 (cp1250), ISO 8859-2 or DOS Latin 2 (cp852). Lines are
judged one by one because files stitched together from two exports mix UTF-8
lines with cp1250 ones. A byte-order mark decides for UTF-16.

The code page is the one whose reading of those lines gives the most Polish
letters and the fewest other non-ASCII characters. charset-normalizer (a
library dependency, not ours) misreads the short Polish samples such files
hold: two cp1250 lines come out as cp852.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

REPLACEMENT = "\ufffd"
"""What the bytes of a line that cannot be decoded become."""

CODE_PAGES = ("cp1250", "iso8859_2", "cp852")
"""Single-byte code pages of Polish text, preferred in this order when they read alike."""
POLISH = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
SAMPLE_BYTES = 1 << 20
"""Bytes of non-UTF-8 lines the code page is chosen by."""
PART_BYTES = 1 << 16


@dataclass(frozen=True)
class Decoding:
    """How a file's lines are decoded.

    ``encoding`` decodes every line; with a ``fallback`` (a code page) it is
    UTF-8 and the ``fallback_lines`` that are not UTF-8 are read in the code page.
    """

    encoding: str
    fallback: str | None = None
    fallback_lines: int = 0

    def describe(self) -> str:
        """``utf-8``, ``cp1250`` or ``utf-8, 3 line(s) in cp1250``."""
        if self.fallback is None:
            return self.encoding
        return f"{self.encoding}, {self.fallback_lines:,} line(s) in {self.fallback}"

    def decode(self, line: bytes) -> tuple[str, str | None]:
        """The text of ``line`` and, if some bytes could not be read, why (they become U+FFFD)."""
        for encoding in (self.encoding, self.fallback):
            if encoding is not None:
                try:
                    return line.decode(encoding), None
                except UnicodeDecodeError:
                    continue
        if self.fallback is None:
            why = f"the line is not {self.encoding} text"
        else:
            why = f"the line is neither {self.encoding} nor {self.fallback} text"
        return line.decode(self.encoding, errors="replace"), why

    def note(self) -> str | None:
        """For people, when the file is not all UTF-8: ``3 line(s) not UTF-8, read as cp1250``."""
        if self.fallback is not None:
            return f"{self.fallback_lines:,} line(s) not UTF-8, read as {self.fallback}"
        if self.encoding in CODE_PAGES:
            return f"not UTF-8, read as {self.encoding}"
        return None


def detect(stream: IO[bytes]) -> Decoding:
    """How to decode the binary ``stream`` (read to its end, then rewound).

    UTF-16 by its byte-order mark; UTF-8 (``utf-8-sig`` after a byte-order
    mark) if every line is; a code page if no line with non-ASCII bytes is
    UTF-8; else UTF-8 with a code page for the rest.
    """
    head = stream.read(3)
    stream.seek(0)
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return Decoding("utf-16")
    utf8_name = "utf-8-sig" if head == codecs.BOM_UTF8 else "utf-8"
    utf8, other, sample = 0, 0, bytearray()
    decoder = codecs.getincrementaldecoder("utf-8")()
    ascii_, bad = True, False
    for part in byte_lines(stream, PART_BYTES):  # a long line in parts, memory bounded
        end = part.endswith((b"\n", b"\r"))
        ascii_ &= part.isascii()
        if not bad:
            try:
                decoder.decode(part, final=end)
            except UnicodeDecodeError:
                bad = True
        if bad and len(sample) < SAMPLE_BYTES:
            sample += part
        if end:
            utf8, other = utf8 + (not ascii_ and not bad), other + bad
            decoder.reset()
            ascii_, bad = True, False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        bad = True
    utf8, other = utf8 + (not ascii_ and not bad), other + bad
    stream.seek(0)
    if not other:
        return Decoding(utf8_name)
    page = code_page(bytes(sample))
    return Decoding(page) if not utf8 else Decoding(utf8_name, page, other)


def code_page(sample: bytes, pages: tuple[str, ...] = CODE_PAGES) -> str:
    """The code page of ``pages`` that reads ``sample`` as the most Polish text."""

    def score(page: str) -> int:
        text = sample.decode(page, errors="replace")
        polish = sum(c in POLISH for c in text)
        return polish - (sum(not c.isascii() for c in text) - polish)

    return max(pages, key=score)  # max keeps the first of equals


def byte_lines(stream: IO[bytes], limit: int = -1) -> Iterator[bytes]:
    r"""The lines of ``stream`` with their ends (``\n``, ``\r\n`` or ``\r``), as bytes.

    A line longer than ``limit`` bytes comes in parts of ``limit`` bytes.
    """
    # Latin-1 maps each byte to one character and back: universal newlines on bytes.
    text = io.TextIOWrapper(stream, encoding="latin-1", newline="")
    try:
        while line := text.readline(limit):
            yield line.encode("latin-1")
    finally:
        if not text.closed:  # else the caller closed the file before dropping the lines
            text.detach()


def decoded_lines(
    stream: IO[bytes], decoding: Decoding, limit: int = -1
) -> Iterator[tuple[str, str | None]]:
    """The lines of ``stream`` as text, each with why it could not be read (or None).

    A line longer than ``limit`` characters comes cut after some more than
    ``limit`` characters (and no more than four times as many bytes), so the
    caller can refuse it without holding it whole.
    """
    if decoding.encoding == "utf-16":
        text = io.TextIOWrapper(stream, encoding="utf-16", errors="replace", newline="")
        try:
            while line := text.readline(limit):
                yield line, ("the line is not UTF-16 text" if REPLACEMENT in line else None)
        finally:
            if not text.closed:
                text.detach()
        return
    lines = byte_lines(stream, 4 * limit + 4 if limit >= 0 else -1)
    for raw in lines:
        yield decoding.decode(raw)


class DecodedText(io.TextIOBase):
    """A binary stream as a text stream (for ``pandas.read_csv``), decoded line by line.

    :attr:`why` says why the first line that could not be decoded could not
    (None while all could); unreadable bytes read as :data:`REPLACEMENT`.
    """

    def __init__(self, stream: IO[bytes], decoding: Decoding) -> None:
        super().__init__()
        self._lines = decoded_lines(stream, decoding)
        self._buffer = ""
        self.why: str | None = None

    def readable(self) -> bool:
        """It is."""
        return True

    def read(self, size: int | None = -1) -> str:
        """Up to ``size`` characters (all that are left if ``size`` is negative or None)."""
        parts = [self._buffer]
        length = len(self._buffer)
        while size is None or size < 0 or length < size:
            line, error = next(self._lines, ("", None))
            if not line:
                break
            self.why = self.why or error
            parts.append(line)
            length += len(line)
        text = "".join(parts)
        cut = len(text) if size is None or size < 0 else size
        self._buffer = text[cut:]
        return text[:cut]


def undecodable_header(number: int, why: str) -> str:
    """Why a table whose header (line ``number``) cannot be decoded is refused, and what to do."""
    return f"line {number} (the header): {why}; save the file as 'CSV UTF-8' and import it again"
