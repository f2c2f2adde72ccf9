"""Where activity files come from: files, folders (recursively), gzip, and ZIP bulk exports.

Every file is read into memory capped (:mod:`analysis.io.safety`), one at a
time; archives are read only through :func:`~analysis.io.safety.iter_zip`.
A ZIP is read twice: first its index files, then its activities.

- Strava bulk export: ``activities/*.gpx|.gpx.gz|.fit.gz...``; ``activities.csv``
  gives each file's "Activity Type"; the athlete is ``profile.csv``'s
  "Athlete ID" (only that column is read: the rest is personal data), or the
  id Strava puts in the archive's name (``export_<id>.zip``).
- Garmin Connect export: ``DI_CONNECT/DI-Connect-Fitness/*summarizedActivities*.json``
  gives each activity's ``activityType`` and ``userProfileId``; the files are in
  ``DI_CONNECT/DI-Connect-Uploaded-Files/``, loose or in ZIPs inside the ZIP,
  named with the activity id.

ZIPs inside ZIPs are read down to ``MAX_ZIP_DEPTH`` archives deep, all of them
within the outermost one's caps; one deeper is named and not opened.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from analysis.errors import InputError
from analysis.io.safety import DEFAULT_LIMITS, Limits, Spent, gunzip, iter_zip, read_capped

FORMATS = {".gpx": "gpx", ".tcx": "tcx", ".fit": "fit"}
ACTIVITY_SUFFIXES = (*FORMATS, *(f"{s}.gz" for s in FORMATS))
ARCHIVE_SUFFIX = ".zip"
INDEX_SUFFIXES = (".csv", ".json")
MAX_ZIP_DEPTH = 3
"""Archives read one inside another: an export, a ZIP in it, and one in that."""
_STRAVA_EXPORT = re.compile(r"export_(\d+)\.zip", re.IGNORECASE)


def is_clutter(name: str) -> bool:
    """Whether ``name`` is one of the AppleDouble twins macOS adds (``._x.gpx``, ``__MACOSX/``)."""
    return posixpath.basename(name).startswith("._") or "__MACOSX" in name.split("/")


@dataclass(frozen=True)
class Found:
    """A file to import: its path, and its name relative to the argument that named it."""

    path: Path
    label: str


@dataclass(frozen=True)
class Unit:
    """The bytes of one activity file, with what its export's index says about it.

    ``member`` is the path inside the archive ("" for a loose file); ``name``
    names the file in error messages; ``source`` is what the workspace keeps;
    ``done`` is the share of the top-level file read once this unit is.
    """

    member: str
    name: str
    source: str
    fmt: str
    data: bytes
    sport: str | None = None
    athlete: tuple[str, str] | None = None
    done: float = 1.0


@dataclass(frozen=True)
class Refusal:
    """A file or member that could not be read, and why (``member`` "" for the whole file)."""

    member: str
    reason: str
    done: float = 1.0


@dataclass
class ExportIndex:
    """What an export's index files say: types and athletes by file or activity id."""

    sports: dict[str, str] = field(default_factory=dict)
    athletes: dict[str, tuple[str, str]] = field(default_factory=dict)
    athlete: tuple[str, str] | None = None
    members: int = 0
    """Activity files (and archives) in the export, for progress."""

    def lookup(self, member: str) -> tuple[str | None, tuple[str, str] | None]:
        """Type and athlete of ``member``: by its path, then by the ids in its name."""
        keys = [member, *re.findall(r"\d+", posixpath.basename(member))]
        sport = next((self.sports[k] for k in keys if k in self.sports), None)
        athlete = next((self.athletes[k] for k in keys if k in self.athletes), self.athlete)
        return sport, athlete


def track_format(name: str) -> str | None:
    """``"gpx"``, ``"tcx"`` or ``"fit"`` from a file name (also ``.gz``), else None."""
    lower = name.lower().removesuffix(".gz")
    return next((fmt for suffix, fmt in FORMATS.items() if lower.endswith(suffix)), None)


def discover(paths: Sequence[Path]) -> tuple[list[Found], list[tuple[Path, str]]]:
    """The activity files and archives named by ``paths`` (folders searched recursively).

    Returns the files found, and ``(path, reason)`` for arguments that are
    missing or not activity files.
    """
    found: list[Found] = []
    refused: list[tuple[Path, str]] = []
    for path in paths:
        base = path.parent
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                wanted = (*ACTIVITY_SUFFIXES, ARCHIVE_SUFFIX)
                for name in sorted(files):
                    if name.lower().endswith(wanted) and not is_clutter(name):
                        file = Path(folder) / name
                        found.append(Found(file, file.relative_to(base).as_posix()))
        elif not path.exists():
            refused.append((path, "no such file or folder"))
        elif path.name.lower().endswith((*ACTIVITY_SUFFIXES, ARCHIVE_SUFFIX)):
            found.append(Found(path, path.name))
        else:
            refused.append((path, "not an activity file (GPX, TCX, FIT, also .gz, or a ZIP)"))
    return found, refused


def units(found: Found, limits: Limits = DEFAULT_LIMITS) -> Iterator[Unit | Refusal]:
    """The activity files in ``found``: itself, or the members of an archive."""
    name = str(found.path)
    if not name.lower().endswith(ARCHIVE_SUFFIX):
        try:
            with open(found.path, "rb") as f:
                fmt, data = _decoded(found.path.name, read_capped(f, name, limits), name, limits)
        except OSError as exc:
            yield Refusal("", f"cannot read it ({exc.strerror or exc})")
            return
        except InputError as exc:
            yield Refusal("", _reason(exc, name))
            return
        yield Unit("", name, found.label, fmt, data)
        return
    yield from _archive_units(found.path, name, found.label, limits, None, Spent())


def _reason(exc: Exception, name: str) -> str:
    """The message of ``exc`` without the ``name: `` it starts with."""
    return str(exc).removeprefix(f"{name}: ")


def _decoded(file_name: str, data: bytes, name: str, limits: Limits) -> tuple[str, bytes]:
    fmt = track_format(file_name)
    if fmt is None:
        raise InputError(f"{name}: not an activity file")
    if file_name.lower().endswith(".gz"):
        data = gunzip(data, name, limits)
    return fmt, data


def _archive_units(
    path: Path,
    name: str,
    label: str,
    limits: Limits,
    outer: ExportIndex | None,
    spent: Spent,
    prefix: str = "",
    depth: int = 1,
) -> Iterator[Unit | Refusal]:
    """The activities of the archive ``path``; ``prefix`` names an archive inside one.

    ``depth`` counts the archives ``path`` is in, itself included; ``spent`` what
    the outermost one and those read inside it inflated.
    """
    suffixes = (*ACTIVITY_SUFFIXES, ARCHIVE_SUFFIX)
    try:
        index, problems = _read_index(path, name, suffixes, limits)
    except InputError as exc:
        yield Refusal(prefix.removesuffix(":"), _reason(exc, name))
        return
    yield from (Refusal(prefix + p.member, p.reason) for p in problems)
    if outer is not None:
        index.sports = {**outer.sports, **index.sports}
        index.athletes = {**outer.athletes, **index.athletes}
        index.athlete = index.athlete or outer.athlete
    count = 0
    try:
        for member, stream in iter_zip(path, suffixes, limits, spent):
            if is_clutter(member):
                continue
            count += 1
            done = count / max(index.members, 1)
            where = f"{name}:{member}"
            if member.lower().endswith(ARCHIVE_SUFFIX) and depth == MAX_ZIP_DEPTH:
                yield Refusal(
                    prefix + member,
                    f"a ZIP inside {depth} ZIPs, deeper than the {MAX_ZIP_DEPTH} read; not "
                    "opened: unpack it and import what is inside",
                    done,
                )
                continue
            if member.lower().endswith(ARCHIVE_SUFFIX):
                inner = _inner_archive(
                    stream, where, f"{label}:{member}", limits, index, spent, prefix + member, depth
                )
                yield from (dataclasses.replace(item, done=done) for item in inner)
                continue
            try:
                fmt, data = _decoded(member, read_capped(stream, where, limits), where, limits)
            except InputError as exc:
                yield Refusal(prefix + member, _reason(exc, where), done)
                continue
            sport, athlete = index.lookup(member)
            yield Unit(prefix + member, where, f"{label}:{member}", fmt, data, sport, athlete, done)
    except InputError as exc:  # the archive itself: unreadable, too many members
        yield Refusal(prefix.removesuffix(":"), _reason(exc, name))


def _inner_archive(
    stream: IO[bytes],
    name: str,
    label: str,
    limits: Limits,
    outer: ExportIndex,
    spent: Spent,
    member: str,
    depth: int,
) -> Iterator[Unit | Refusal]:
    """The activities of a ZIP inside a ZIP at ``depth``, spooled (capped) to a temporary file."""
    with tempfile.TemporaryDirectory(prefix="urbanista-") as tmp:
        inner = Path(tmp) / "inner.zip"
        try:
            with open(inner, "wb") as f:
                shutil.copyfileobj(stream, f)
        except InputError as exc:
            yield Refusal(member, _reason(exc, name))
            return
        yield from _archive_units(inner, name, label, limits, outer, spent, f"{member}:", depth + 1)


def _read_index(
    path: Path, name: str, suffixes: tuple[str, ...], limits: Limits
) -> tuple[ExportIndex, list[Refusal]]:
    """First pass over an archive: read its index files, count its activity files.

    Raises InputError (from :func:`iter_zip`) if the archive is unreadable or
    names a member outside itself: then none of it is imported.
    """
    index = ExportIndex()
    problems: list[Refusal] = []
    is_strava = False
    for member, stream in iter_zip(path, (*suffixes, *INDEX_SUFFIXES), limits):
        base = posixpath.basename(member)
        if is_clutter(member):
            continue
        if member.lower().endswith(suffixes):
            index.members += 1
            continue
        try:
            if base == "activities.csv":
                is_strava = True
                where = f"{name}:{member}"
                _strava_activities(stream, posixpath.dirname(member), index, where, limits)
            elif base == "profile.csv":
                athlete_id = _strava_athlete(stream, f"{name}:{member}", limits)
                index.athlete = ("strava_athlete", athlete_id) if athlete_id else index.athlete
            elif "summarizedActivities" in base and base.endswith(".json"):
                _garmin_summaries(stream, index, f"{name}:{member}", limits)
        except (InputError, ValueError, KeyError, TypeError, csv.Error) as exc:
            problems.append(
                Refusal(
                    member,
                    f"index file unreadable ({_reason(exc, f'{name}:{member}')}); "
                    "types and athletes are taken from the activity files",
                )
            )
    if is_strava and index.athlete is None and (match := _STRAVA_EXPORT.fullmatch(path.name)):
        index.athlete = ("strava_athlete", match.group(1))
    return index, problems


def _csv_rows(stream: IO[bytes], name: str, limits: Limits) -> Iterator[dict[str, str]]:
    text = read_capped(stream, name, limits).decode("utf-8-sig")
    yield from csv.DictReader(io.StringIO(text))


def _strava_activities(
    stream: IO[bytes], folder: str, index: ExportIndex, name: str, limits: Limits
) -> None:
    """Types from a Strava ``activities.csv``, by file name and by activity id."""
    for row in _csv_rows(stream, name, limits):
        sport = (row.get("Activity Type") or "").strip()
        if not sport:
            continue
        if row.get("Filename"):
            index.sports[posixpath.normpath(posixpath.join(folder, row["Filename"]))] = sport
        if (row.get("Activity ID") or "").strip().isdigit():
            index.sports[row["Activity ID"].strip()] = sport


def _strava_athlete(stream: IO[bytes], name: str, limits: Limits) -> str | None:
    """The athlete id of a Strava ``profile.csv``; nothing else of it is read on."""
    for row in _csv_rows(stream, name, limits):
        value = (row.get("Athlete ID") or "").strip()
        return value or None
    return None


def _garmin_summaries(stream: IO[bytes], index: ExportIndex, name: str, limits: Limits) -> None:
    """Types and athletes from Garmin's summarised activities, by activity id."""
    doc = json.loads(read_capped(stream, name, limits))
    blocks = doc if isinstance(doc, list) else [doc]
    profiles = set()
    for block in blocks:
        for act in block.get("summarizedActivitiesExport", []) if isinstance(block, dict) else []:
            key = str(act.get("activityId", ""))
            sport: Any = act.get("activityType")
            if isinstance(sport, dict):  # some exports nest it: {"typeKey": "road_biking"}
                sport = sport.get("typeKey")
            if key and sport:
                index.sports[key] = str(sport)
            if key and act.get("userProfileId") is not None:
                profile = str(act["userProfileId"])
                index.athletes[key] = ("garmin_profile", profile)
                profiles.add(profile)
    if len(profiles) == 1:
        index.athlete = ("garmin_profile", profiles.pop())
