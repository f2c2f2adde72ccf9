"""Keep personal data (RODO/GDPR) out of the workspace: names, e-mails, phones, PESEL.

Columns are dropped when their name says they hold personal data (``Zgłaszający``,
``E-mail``, ``Telefon``, ``OSOBA_MOD``, ``User``...) or when most of their values
are e-mail addresses or phone numbers. In the text that stays (descriptions),
e-mail addresses, phone numbers and PESEL numbers are replaced by a marker.
Names inside free text cannot be found reliably and are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

REDACTED = "[usunięto]"
_PERSONAL_PREFIXES = (
    "imie", "imion", "nazwisk", "zglaszaj", "osob", "telefon", "phone", "mobile", "komork",
    "pesel", "reporter", "submitter", "uzytkownik", "person", "contact", "kontakt", "author",
    "autor", "mail", "email",
)  # fmt: skip
_PERSONAL_TOKENS = frozenset({"tel", "user", "firstname", "lastname", "fullname"})
EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(
    r"(?<![\w.,/])(?:"
    r"(?:\+?48[ -]?)?(?:\d{3}[ -]?\d{3}[ -]?\d{3}|\d{2}[ -]\d{3}[ -]\d{2}[ -]\d{2})"  # Polish
    r"|(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}"  # North American
    r")(?![\w.,/])"
)
PESEL = re.compile(r"(?<!\d)\d{11}(?!\d)")
_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in (EMAIL, PHONE, PESEL)))


@dataclass
class PersonalDataReport:
    """What was removed, for the catalogue's quality flags."""

    dropped_columns: list[str] = field(default_factory=list)
    redacted_values: int = 0

    def as_quality(self) -> dict[str, object]:
        """Quality flags: the dropped columns and the count of redacted values."""
        flags: dict[str, object] = {}
        if self.dropped_columns:
            flags["personal_columns_removed"] = self.dropped_columns
        if self.redacted_values:
            flags["personal_data_redacted_in_text"] = self.redacted_values
        return flags


def _tokens(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    return re.split(r"[^a-z0-9]+", plain.encode("ascii", "ignore").decode().lower())


def is_personal_column(name: str) -> bool:
    """True if a column called ``name`` holds personal data by its name."""
    return any(t in _PERSONAL_TOKENS or t.startswith(_PERSONAL_PREFIXES) for t in _tokens(name))


def redact(text: str) -> tuple[str, int]:
    """Replace e-mails, phone numbers and PESEL numbers in ``text``; return it and the count."""
    return _ANY.subn(REDACTED, text)


def strip_personal(
    frame: pd.DataFrame, keep: frozenset[str] = frozenset()
) -> tuple[pd.DataFrame, PersonalDataReport]:
    """Drop personal columns and redact personal data in the remaining text.

    ``keep`` names columns to leave untouched (the report's own fields such as
    its number or category, which may match a pattern by accident).
    """
    import pandas as pd

    report = PersonalDataReport()
    out = frame.copy()
    for column in list(out.columns):
        if column in keep or column == "geometry":
            continue
        values = out[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            if is_personal_column(str(column)):
                report.dropped_columns.append(str(column))
                out = out.drop(columns=column)
            continue
        text = values.dropna().astype(str)
        mostly_contacts = (
            len(text) > 0
            and (text.str.fullmatch(EMAIL.pattern) | text.str.fullmatch(PHONE.pattern)).mean() > 0.5
        )
        if is_personal_column(str(column)) or mostly_contacts:
            report.dropped_columns.append(str(column))
            out = out.drop(columns=column)
            continue
        changed = text.str.contains(_ANY)
        if changed.any():
            out.loc[changed[changed].index, column] = text[changed].str.replace(
                _ANY, REDACTED, regex=True
            )
            report.redacted_values += int(changed.sum())
    return out, report
