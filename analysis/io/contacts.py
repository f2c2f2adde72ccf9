"""Find contacts in text: e-mails, phone numbers, PESEL and IP addresses, also when disguised.

E-mails are found written plainly, spaced (``jan @ poczta . pl``), with the ``@``
or the dots in words and brackets (``jan(at)poczta.pl``, ``jan [at] poczta [dot] pl``,
``jan(małpa)poczta.pl``) or in bare words (``jan kropka kowalski małpa poczta kropka
pl``: then only with a common top-level domain). Phone numbers are Polish numbers of
nine digits in the usual groupings (``600 100 200``, ``600.100.200``,
``22 123 45 67``, ``(0-22) 123 45 67``), with or without ``+48``, and North
American ones (``(212) 555-1234``). Dates, times, postcodes, house numbers,
report numbers (``ZGL/2026/00123``), amounts with a unit (``1 200 000 000 zł``)
and decimals (``50.8703123``) are left alone.

Device identifiers (UUIDs, hexadecimal ids, MAC addresses, long tokens) are not
contacts in text, where a UUID may name a report; a column made of them is.

Numbers stored as numbers are judged by :func:`contact_numbers`: phones (nine
digits, or eleven with 48 in front) and PESEL numbers (eleven digits, leading
zeros lost, with a valid checksum and birth date). Nine-digit numbers that pass
the REGON checksum (firms' statistical numbers), look like a year or a date
(``19``, ``20``, ``21`` in front) or end in ``000`` (an amount) are not phones.
"""

from __future__ import annotations

import re

import numpy as np


def _bracketed(words: str) -> str:
    """``words`` in brackets of any kind, spaces allowed: ``(at)``, ``[ dot ]``, ``<małpa>``."""
    return rf"[ \u00a0]*[(\[{{<][ \u00a0]*(?:{words})[ \u00a0]*[)\]}}>][ \u00a0]*"


_SEP = r"(?:[ \u00a0]{0,2}[-.\u2010-\u2015/][ \u00a0]{0,2}|[ \u00a0]{1,2})"
"""Between groups of digits: a dash, dot or slash with up to two spaces, or one or two spaces."""
_SPACED = r"(?:[ \u00a0]{0,2}[-\u2010-\u2015/][ \u00a0]{0,2}|[ \u00a0]{1,2})"
"""As :data:`_SEP` without the dot, where a dot would make a decimal (``22.1234567``)."""
_PHONE = re.compile(
    rf"""
    (?=[\d(+])(?:(?<![^\W_])|(?<=tel)|(?<=nr)|(?<=gsm)|(?<=kom))(?<!\d[.,/\-])  # word start
    (?:(?:(?:\+|00)[ \u00a0]?48|\([ \u00a0]?(?:\+|00)?48[ \u00a0]?\)|48){_SEP}?)?  # +48
    (?:
        \d{{9}}                                                    # 600100200
      | \d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}                           # 600 100 200
      | \d{{3}}{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}              # 600 10 02 00
      | (?:0[- \u00a0]?)?\d{{2}}                                    # 22, 022, 0-22
        (?:{_SEP}\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{2}} | {_SEP}\d{{3}}{_SEP}\d{{4}}
          | {_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{3}} | {_SPACED}\d{{7}})
      | \([ \u00a0]?(?:0[- \u00a0]?)?\d{{2}}[ \u00a0]?\)[ \u00a0]{{0,2}}      # (0-22)
        (?:\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{2}} | \d{{3}}{_SEP}\d{{4}}
          | \d{{2}}{_SEP}\d{{2}}{_SEP}\d{{3}} | \d{{7}})
      | (?:\+?1{_SEP})?(?:\(\d{{3}}\)[ \u00a0]?|\d{{3}}{_SEP})\d{{3}}[ .\-]\d{{4}}  # (212) 555-1234
    )
    (?![^\W_])(?![.,]\d)                                           # not 213th, not 1.5
    (?![ \u00a0]?(?:zł|zl\b|pln|eur|usd|gr\b|%|m2|m²|km|mln|tys|szt))
    """,
    re.VERBOSE | re.IGNORECASE,
)
_AT_WORDS = r"at|ma[łl]pk?a"
_DOT_WORDS = r"dot|kropka"
_DOT_IN_BRACKETS = _bracketed(_DOT_WORDS + r"|\.")
_DOT = rf"(?:\.|．|[ \u00a0]+\.[ \u00a0]+|{_DOT_IN_BRACKETS}|\s+(?:{_DOT_WORDS})\s+)"
_AT_IN_BRACKETS = _bracketed(_AT_WORDS)
_WORD = r"[\w+\-]++"
_LOCAL = rf"{_WORD}(?:{_DOT}{_WORD})*"
_DOMAIN = rf"[\w\-]++(?:{_DOT}[\w\-]++)*{_DOT}"
_TLDS = "pl|com|eu|net|org|info|edu|gov|io|me|biz|de|uk|co|us|cz|sk|ua|fr|it|es|nl|online|app|dev"
_EMAIL = re.compile(
    rf"""
    (?=[\w+\-])(?<![\w+\-]){_LOCAL}
    (?:
        (?:[ \u00a0]*[@＠﹫][ \u00a0]*|&\#64;|&commat;|{_AT_IN_BRACKETS})
        {_DOMAIN}[a-z]{{2,24}}
      | \s+(?:{_AT_WORDS})\s+{_DOMAIN}(?:{_TLDS})
    )
    (?![\w\-])
    """,
    re.VERBOSE | re.IGNORECASE,
)
_PESEL = re.compile(r"(?=\d)(?<![^\W_])\d{11}(?![^\W_])")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IP = re.compile(
    rf"(?=\d)(?<![\d.]){_OCTET}(?:\.{_OCTET}){{3}}(?!\d|\.\d)"
    r"|(?=[0-9a-f]{1,4}:)(?<![\w:])(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?![\w:])"
    r"|(?=[0-9a-f]{1,4}:)(?<![\w:])(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?"
    r"(?![\w:])",
    re.IGNORECASE,
)
_DIGIT_BY_DIGIT = re.compile(r"(?<!\d)(?<!\d[ \u00a0])\d(?:[ \u00a0]\d){8}(?![ \u00a0]?\d)")
"""A phone spelled digit by digit (``6 0 0 1 0 0 2 0 5``)."""
CONTACT = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (_EMAIL, _IP, _PHONE, _DIGIT_BY_DIGIT, _PESEL)),
    re.VERBOSE | re.IGNORECASE,
)
"""E-mails, IP addresses, phone numbers and PESEL numbers."""
DEVICE_ID = re.compile(
    r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}"  # UUID
    r"|[0-9a-f]{16}"  # Android id
    r"|[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}"  # MAC address
    r"|(?=[\w\-]*\d)(?=[\w\-]*[a-z])[\w\-]{24,}",  # push or session token
    re.IGNORECASE,
)
"""A value that is a device or account identifier, as a whole."""
_NAME_WORDS = 3
"""Words a value may hold besides its contacts and still be a contact: a name, ``tel.``."""
_LABELS = frozenset(
    {
        "tel",
        "telefon",
        "kom",
        "gsm",
        "nr",
        "phone",
        "mobile",
        "fax",
        "mail",
        "email",
        "e",
        "kontakt",
        "contact",
        "ip",
        "adres",
        "address",
    }
)
"""Words that label a contact."""


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
"""Characters that show nothing: put inside a contact, they would hide it from the patterns."""


def replace(text: str, marker: str) -> tuple[str, int]:
    """``text`` with each contact replaced by ``marker``, and how many there were."""
    return CONTACT.subn(marker, text.translate(_INVISIBLE))


def is_contact(text: str) -> bool:
    """Whether ``text`` is a contact or an identifier as a whole (a name beside it allowed).

    ``jan@poczta.pl``, ``Jan Kowalski, tel. 600 100 200``, a UUID or an IP
    address are; ``dzwonić 600 100 200`` and other text that mentions a contact are not.
    """
    value = text.strip()
    if DEVICE_ID.fullmatch(value):
        return True
    rest, n = replace(value, " ")
    words = re.findall(r"[^\W\d_]+", rest)
    named = all(w[0].isupper() or w.lower() in _LABELS for w in words)
    return n > 0 and named and len(words) <= _NAME_WORDS


_PESEL_WEIGHTS = np.array([1, 3, 7, 9, 1, 3, 7, 9, 1, 3], dtype=np.int64)
_REGON_WEIGHTS = np.array([8, 9, 2, 3, 4, 5, 6, 7], dtype=np.int64)
_NOT_PHONE_PREFIXES = np.array([10, 11, 19, 20, 21], dtype=np.int64)
"""Two leading digits of nine that no Polish number has but years and dates do."""


def _digits(numbers: np.ndarray, width: int) -> np.ndarray:
    """(n, width) decimal digits of each number, zero-padded on the left."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return np.asarray((numbers[:, None] // powers) % 10)


def _regon(numbers: np.ndarray) -> np.ndarray:
    """Whether each nine-digit number passes the REGON checksum."""
    digits = _digits(numbers, 9)
    check = (digits[:, :8] @ _REGON_WEIGHTS) % 11 % 10
    return np.asarray(check == digits[:, 8])


def _pesel(numbers: np.ndarray) -> np.ndarray:
    """Whether each number, zero-padded to eleven digits, is a PESEL: checksum and birth date."""
    digits = _digits(numbers, 11)
    check = (10 - (digits[:, :10] @ _PESEL_WEIGHTS) % 10) % 10
    month = (digits[:, 2] * 10 + digits[:, 3]) % 20  # +20 per century: 1-12 in every one
    day = digits[:, 4] * 10 + digits[:, 5]
    return np.asarray(
        (check == digits[:, 10]) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
    )


def _national_phone(numbers: np.ndarray) -> np.ndarray:
    """Whether each number is a nine-digit Polish phone number (not a REGON, year or amount)."""
    nine = (numbers >= 100_000_000) & (numbers < 1_000_000_000)
    safe = np.where(nine, numbers, 100_000_000)
    return np.asarray(
        nine
        & ~np.isin(safe // 10_000_000, _NOT_PHONE_PREFIXES)
        & (safe % 1000 != 0)
        & ~_regon(safe)
    )


def contact_numbers(values: np.ndarray) -> np.ndarray:
    """Whether each integer is a phone number or a PESEL (see the module's notes).

    Parameters
    ----------
    values
        Integers (int64, or floats with integral values).

    Returns
    -------
    numpy.ndarray
        bool per value.
    """
    numbers = np.asarray(values, dtype=np.float64)
    fine = np.isfinite(numbers) & (numbers > 0) & (numbers < 1e11) & (numbers == np.round(numbers))
    n = np.where(fine, numbers, 0).astype(np.int64)
    international = (n >= 48_000_000_000) & (n < 49_000_000_000)
    return np.asarray(
        fine
        & (_national_phone(n) | (international & _national_phone(n - 48_000_000_000)) | _pesel(n))
    )
