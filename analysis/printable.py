"""Names from files made safe to print: controls and format characters shown escaped.

Names come from files nobody here wrote: a newline, a carriage return, a terminal
escape sequence or a bidi override in one would break a message in two, repaint the
line, recolour the terminal or reverse what follows. Every face prints them through
:func:`printable` (or :func:`printable_json`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

_ESCAPED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Unicode categories shown escaped: controls, format characters (bidi overrides,
zero-width ones), lone surrogates (undecodable bytes of file names) and the line and
paragraph separators. Other spaces (a no-break space) are shown as they are."""

_NOT_PLAIN_ASCII = re.compile(r"[^\x20-\x7e]")


def printable(text: object) -> str:
    r"""``str(text)`` with controls and format characters escaped as ``repr`` does.

    A name holding a newline shows as ``bad\nname.gpx`` on one line, an escape
    sequence as ``\x1b[31m`` and U+202E as ``\u202e``. Backslashes stay single, so a
    Windows path reads as written.
    """
    return _NOT_PLAIN_ASCII.sub(_python_escape, str(text))


def printable_json(data: Any) -> str:
    r"""``data`` as indented JSON, Polish letters kept, controls and format characters escaped.

    :func:`json.dumps` escapes only C0 controls; this also escapes ``\u202e`` and the like.
    """
    return _NOT_PLAIN_ASCII.sub(_json_escape, json.dumps(data, ensure_ascii=False, indent=1))


def _python_escape(match: re.Match[str]) -> str:
    c = match.group()
    return c.encode("unicode_escape").decode("ascii") if _escaped(c) else c


def _json_escape(match: re.Match[str]) -> str:
    c = match.group()  # outside strings JSON holds only ASCII: spaces and newlines of indent
    return json.dumps(c)[1:-1] if c != "\n" and _escaped(c) else c


def _escaped(c: str) -> bool:
    return unicodedata.category(c) in _ESCAPED
