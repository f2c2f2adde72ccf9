"""Names of track files as the workspace keeps them: no person's name, account or phone in them.

People name their recordings after themselves ("Jan Kowalski - poranna jazda.gpx"),
exports carry account ids (``export_20000000.zip``), e-mails (Garmin's
``jan@poczta.pl_502.fit``) and activity ids, which Strava's site links to the
athlete. :func:`redact_name` keeps what says what a file is (its extension,
dates and times, words of a small vocabulary of activities, times of day and
export folders, in Polish and English) and puts ``…`` for everything else. The
file stays told apart by its content hash (the catalogue's ``sha256``, the
activity's ``activity_id``).
"""

from __future__ import annotations

import re

REDACTED = "…"
_VOCABULARY = """
    gpx tcx fit gz zip csv json
    activity activities export exports track tracks route routes ride rides riding run runs
    running walk walks walking hike hiking cycling bike biking ebike commute workout trip
    morning afternoon evening night lunch day daily weekend monday tuesday wednesday thursday
    friday saturday sunday nordic inline skate skating swim road gravel mtb virtual indoor
    strava garmin connect di uploaded files file uploadedfiles part fitness summarized
    summarizedactivities wahoo polar suunto komoot
    jazda jazdy bieg biegi bieganie rower rowerem rowerowa rowerowy spacer marsz trening
    trasa trasy przejazd przejazdy dojazd powrót powrot praca pracy do z na w ze i
    poranna poranny rano popołudniowa popołudniowy popoludniowa popoludniowy wieczorna
    wieczorny wieczorem nocna nocny dzienna dzienny południe poludnie aktywność aktywnosc
    aktywności aktywnosci eksport ślad slad ślady slady rolki hulajnoga pieszo piesza
    wycieczka weekendowa miejska
"""
KEPT_WORDS = frozenset(_VOCABULARY.split())
"""Words kept in file names (compared in lower case): none is a first name or a surname.
Months and Polish weekdays are left out: Maja, June, Sobota and Kwiecień are people too."""
_EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
"""An e-mail address inside a file name: host names hold no ``_``, so it stops before
the activity id in ``jan@poczta.pl_502.fit``."""
_PART = re.compile(
    r"""(?P<kept>(?:
        (?:19|20)\d\d(?P<a>[-_.]?)(?:0[1-9]|1[0-2])(?P=a)(?:0[1-9]|[12]\d|3[01])   # 2024-05-17
            (?:[ T_-]?(?:[01]\d|2[0-3])(?P<b>[-_.:h]?)[0-5]\d(?:(?P=b)[0-5]\d)?)?  # T073000
        | (?:0?[1-9]|[12]\d|3[01])(?P<c>[-.])(?:0?[1-9]|1[0-2])(?P=c)(?:19|20)\d\d  # 17.05.2024
        | (?:[01]?\d|2[0-3])[:.h-][0-5]\d(?:[:.-][0-5]\d)?                          # 07:30
        | (?:19|20)\d\d                                                              # 2024
        | \d{1,2}                                                                    # 5, 17
    )(?!\d))
    | (?P<digits>\d+) | (?P<word>[^\W\d_]+)""",
    re.VERBOSE,
)
"""Parts of a name: digits kept (a date, a time, a year, a number of one or two digits),
other digits (an athlete or activity id, a phone number), and words."""
_RUNS = re.compile(rf"{REDACTED}(?:[\s_.,+-]*{REDACTED})+")


def redact_name(name: str, identity: str = "") -> str:
    """``name`` with every word and number that may name a person replaced by ``…``.

    ``identity`` (the athlete's name or account id, when known) goes first,
    whatever it looks like. Runs of replaced parts become one ``…``::

        >>> redact_name("Jan Kowalski - poranna jazda 2024-05-17.gpx")
        '… - poranna jazda 2024-05-17.gpx'
    """
    text = _EMAIL.sub(REDACTED, name)
    if len(identity) >= 3:
        pattern = rf"(?<![0-9A-Za-z]){re.escape(identity)}(?![0-9A-Za-z])"
        text = re.sub(pattern, REDACTED, text, flags=re.IGNORECASE)
    return _RUNS.sub(REDACTED, _PART.sub(_redacted_part, text))


def _redacted_part(part: re.Match[str]) -> str:
    word = part["word"]
    if part["kept"] or (word and word.lower() in KEPT_WORDS):
        return part.group()
    return REDACTED
