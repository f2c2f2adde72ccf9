"""Sorting text the Polish way without relying on the system's locale.

Qt's locale-aware comparison follows the C library's locale, which on an
office PC or a test machine may be "C": then "Zgłoszenia" sorts before
"rides". A key that folds case and puts each Polish letter right after its
base letter (a < ą < b ... l < ł < m ... z < ź < ż) sorts the same everywhere.
"""

from __future__ import annotations

POLISH_ORDER = str.maketrans(
    {c: c.translate(str.maketrans("ąćęłńóśźż", "acelnoszz")) + "\x7f" for c in "ąćęłńóśźż"}
)
"""Maps each Polish letter to its base letter followed by a character above every letter."""


def polish_key(text: str) -> str:
    """A key that sorts ``text`` case-insensitively, in Polish alphabetical order."""
    return text.casefold().translate(POLISH_ORDER)
