"""Keep personal data (RODO/GDPR) out of the workspace: names, contacts, accounts, devices.

Columns are dropped when their name says they hold personal data, in Polish or
English (``Zgłaszający``, ``Wnioskodawca``, ``Kto zgłosił``, ``E-mail``,
``Nr telefonu``, ``requested_by``, ``first_name``, ``device_id``, ``IP``...: see
:func:`is_personal_column`), when their name itself holds a contact (a file
without a header line), or when most of their values are contacts or device
identifiers (:func:`analysis.io.contacts.is_contact`), also when stored as numbers
(phones and PESEL numbers: :func:`analysis.io.contacts.contact_numbers`). In the text that stays,
every e-mail address, phone number, PESEL number and IP address, also disguised
(:mod:`analysis.io.contacts`), is replaced by :data:`REDACTED`. Names inside
free text cannot be found reliably and are left alone.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from analysis.io import contacts

if TYPE_CHECKING:
    import pandas as pd

REDACTED = "[usunięto]"
_PERSONAL_PREFIXES = (
    "imie",
    "imion",
    "nazwisk",
    "surname",
    "zglaszaj",
    "osob",
    "telefon",
    "phone",
    "mobile",
    "komork",
    "pesel",
    "reporter",
    "submitter",
    "uzytkownik",
    "person",
    "contact",
    "kontakt",
    "author",
    "autor",
    "mail",
    "email",
    "wnioskodaw",
    "petent",
    "skladaj",
    "obywatel",
    "requester",
    "requestor",
    "applicant",
    "complainant",
    "caller",
    "sender",
    "login",
    "account",
    "device",
    "korespond",
    "zamieszk",
    "signature",
)
"""Word beginnings of personal columns' names, in plain form (``zglaszajacy``)."""
_PERSONAL_TOKENS = frozenset(
    {
        "tel",
        "gsm",
        "fax",
        "faks",
        "sms",
        "user",
        "username",
        "userid",
        "nick",
        "firstname",
        "lastname",
        "fullname",
        "nadawca",
        "nadawcy",
        "mieszkaniec",
        "mieszkanca",
        "konto",
        "konta",
        "kto",
        "who",
        "przez",
        "ip",
        "ipv4",
        "ipv6",
        "ipaddress",
        "mac",
        "imei",
        "udid",
        "idfa",
        "token",
    }
)
"""Whole words of personal columns' names: ``kto`` (who), ``przez`` (by)."""
_PERSONAL_PHRASES = re.compile(
    r"\b(?:first|last|full|given|family|middle|display|user|sur|resident|citizen) name\b"
    r"|\bby$|\bod kogo\b|\b(?:identyfikator|id|nr|numer) urzadzen|\burzadzen\w* (?:id|nr)\b"
    r"|\bremote addr|\bhome address"
)
"""Phrases of personal columns' names: ``created by``, ``od kogo``, ``id urządzenia``."""
_MOSTLY = 0.5
"""A column whose values are contacts in more than this share of its rows is dropped."""


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


def _plain_words(name: str) -> str:
    """``name`` in lower-case ASCII words: ``requestedBy`` -> ``requested by``."""
    name = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    ascii_ = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    words = re.split(r"[^a-z0-9]+", ascii_.encode("ascii", "ignore").decode().lower())
    return " ".join(w for w in words if w)


def is_personal_column(name: str, reports: bool = False) -> bool:
    """True if a column called ``name`` holds personal data by its name.

    With ``reports`` (citizen reports, whose rows come from people) a bare
    ``name`` is the reporter's; in other datasets it names the feature.
    """
    words = _plain_words(name)
    tokens = words.split()
    return (
        any(t in _PERSONAL_TOKENS or t.startswith(_PERSONAL_PREFIXES) for t in tokens)
        or _PERSONAL_PHRASES.search(words) is not None
        or (reports and words == "name")
    )


def redact(text: str) -> tuple[str, int]:
    """Replace e-mails, phone numbers, PESEL numbers and IP addresses in ``text``.

    Returns the text and the count of what was replaced.
    """
    return contacts.replace(text, REDACTED)


def strip_personal(
    frame: pd.DataFrame,
    own: frozenset[str] = frozenset(),
    reports: bool = False,
) -> tuple[pd.DataFrame, PersonalDataReport]:
    """Drop personal columns and redact contacts in the remaining text.

    ``own`` names the importer's own columns (a report's description, status,
    address): they are never dropped, only redacted. ``reports``: see
    :func:`is_personal_column`. Columns of numbers are dropped by name, or when
    most of their values are phone or PESEL numbers.
    """
    report = PersonalDataReport()
    out = frame.copy()
    for column in [c for c in out.columns if c != "geometry"]:
        name = str(column)
        text = _text(out[column])
        personal = column not in own and (
            is_personal_column(name, reports)
            or contacts.CONTACT.search(name) is not None  # a file without a header line
            or _mostly_contacts(text)
            or _mostly_contact_numbers(out[column])
        )
        if personal:
            report.dropped_columns.append(redact(name)[0])
            out = out.drop(columns=column)
            continue
        redacted, count = _redact_values(text)
        if count:
            out.loc[redacted.index, column] = redacted
            report.redacted_values += count
    return out, report


def redact_text(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with contacts redacted in the text of every column, dropping none."""
    out = frame.copy()
    for column in out.columns:
        redacted, count = _redact_values(_text(out[column]))
        if count:
            out.loc[redacted.index, column] = redacted
    return out


def _redact_values(text: pd.Series) -> tuple[pd.Series, int]:
    """The values of ``text`` that held contacts, redacted; and how many values those are."""
    unique = {v: redact(v)[0] for v in text.unique()}
    changed = {v: r for v, r in unique.items() if r != v}
    hit = text.isin(list(changed))
    return text[hit].map(changed), int(hit.sum())


def _text(values: pd.Series) -> pd.Series:
    """The text values of a column (lists and objects as JSON), without empty ones."""
    import pandas as pd

    if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
        return pd.Series([], dtype=object)

    def as_text(value: Any) -> str | None:
        if isinstance(value, str):
            return value
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False, default=str)
        return None

    text = values.dropna().map(as_text)
    return text[text.notna()].astype(object)


def _mostly_contacts(text: pd.Series) -> bool:
    """Whether most of the text values (distinct values weighted by their rows) are contacts."""
    if text.empty:
        return False
    counts = text.value_counts()
    contact = [contacts.is_contact(str(v)) for v in counts.index]
    return bool(counts[contact].sum() > _MOSTLY * counts.sum())


def _mostly_contact_numbers(values: pd.Series) -> bool:
    """Whether a column of integers (or of integral floats) holds mostly phones or PESELs."""
    import numpy as np
    import pandas as pd

    if not (pd.api.types.is_integer_dtype(values) or pd.api.types.is_float_dtype(values)):
        return False
    numbers = values.dropna().to_numpy(dtype=np.float64, na_value=np.nan)
    if not len(numbers) or not np.array_equal(numbers, np.round(numbers)):
        return False  # no values, or fractions: measurements, not identifiers
    return bool(contacts.contact_numbers(numbers).sum() > _MOSTLY * len(numbers))
