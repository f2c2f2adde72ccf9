"""Import activity tracks into a workspace: streaming, bounded in memory, resumable.

Files are read one at a time (archives member by member), parsed into arrays
(in worker processes for large imports, each file under a time budget), and
written in batches of points; a copy of a ride already imported (its GPX and
its FIT) is counted once (:mod:`analysis.io.tracks.duplicates`). The whole
import is one resumable transaction keyed by the input files: the workspace is
untouched until it commits, and an interrupted import (killed, cancelled)
continues where it stopped when run again on the same files.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.io.summary import FileOutcome, ImportSummary
from analysis.io.tracks.activity import UNIDENTIFIED, Activity, Context, activity_id
from analysis.io.tracks.archives import Found, Refusal, Unit, discover, units
from analysis.io.tracks.duplicates import Rides
from analysis.io.tracks.reader import read_activity
from analysis.io.tracks.source_names import redact_name
from analysis.io.tracks.store import (
    ACTIVITIES,
    COPIES,
    POINTS,
    BatchWriter,
    Copy,
    read_copies,
)
from analysis.params import check, param
from analysis.progress import NullProgress, Progress, check_cancelled
from analysis.workspace import DatasetKind, SourceFile

if TYPE_CHECKING:
    from analysis.workspace import Transaction, Workspace

PARALLEL_FROM_BYTES = 32 << 20
"""Inputs smaller than this are parsed in this process: starting workers costs more."""
CHUNK_BYTES = 4 << 20
"""Input handed to a worker at a time (about 40,000 points of GPX)."""
HOLD_ACTIVITIES = 512
"""Activities parsed before they are checked for copies together (and then written)."""
_Job = tuple[FileOutcome, Unit, str]


@dataclass(frozen=True)
class TrackImportParams:
    """How to import activity tracks."""

    privacy_trim_m: float = param(
        200.0, unit="m", at_least=0, at_most=10_000, flag="--privacy-trim-m"
    )
    """Metres cut from the start and the end of every track, along it and around its
    ends (no point kept within that distance of either); 0 keeps everything."""
    batch_points: int = param(200_000, at_least=1, at_most=100_000_000)
    """Points written per append: bounds the memory an import needs."""
    workers: int | None = param(None, at_least=0, at_most=256)
    """Processes parsing files while this one writes; None: one per core (at most 4)
    for inputs over 32 MiB on a machine with several, 0: parse here. Scripts that
    start workers need the ``if __name__ == "__main__":`` guard of ``multiprocessing``."""
    file_timeout_s: float = param(120.0, unit="s", above=0, at_most=86_400, flag="--file-timeout")
    """Time to read one file: one still being read then is abandoned (rejected) and the
    others go on; in a worker, the worker is killed and replaced."""

    def __post_init__(self) -> None:
        check(self)


@dataclass
class TrackImportSummary(ImportSummary):
    """An import's summary, with the activities recognised as copies of a ride already there."""

    duplicates: list[tuple[str, str]] = field(default_factory=list)
    """``(source, source of the ride it repeats)``, both as the workspace names them; each
    counts as skipped."""

    def to_json(self) -> dict[str, Any]:
        """:meth:`ImportSummary.to_json`, with the duplicates."""
        return {
            **super().to_json(),
            "duplicates": [{"source": a, "same_ride_as": b} for a, b in self.duplicates],
        }

    def describe(self, max_reasons: int = 10) -> str:
        """:meth:`ImportSummary.describe`, with the duplicates after the totals."""
        from analysis.printable import printable

        head, *rest = super().describe(max_reasons).split("\n")
        lines = [head]
        if self.duplicates:
            lines.append(
                f"  {len(self.duplicates):,} of the skipped are the same ride as another "
                "file (a GPX, TCX or FIT copy), counted once:"
            )
            lines += [printable(f"    {a} = {b}") for a, b in self.duplicates[:max_reasons]]
            if len(self.duplicates) > max_reasons:
                lines.append(
                    f"    ... and {len(self.duplicates) - max_reasons:,} more (see --json)"
                )
        return "\n".join([*lines, *rest])


def import_tracks(  # noqa: C901 - the import's steps in order, each with its early exit
    workspace: Workspace,
    paths: Sequence[Path],
    params: TrackImportParams = TrackImportParams(),
    progress: Progress | None = None,
) -> ImportSummary:
    """Import GPX, TCX and FIT files, gzipped or not, folders and export ZIPs.

    Activities already in the workspace (same file content) are skipped; files
    that cannot be imported are rejected with the reason, and the rest goes on.
    The summary and the progress messages name files as the workspace keeps
    them (:func:`~analysis.io.tracks.source_names.redact_name`: no person's
    name or account in them), except a rejected file, named by its path.

    Raises
    ------
    MissingKeyError
        If the workspace's pseudonym key is not on this computer: importing with
        another would give its athletes new pseudonyms.
    WorkspaceError
        If the workspace cannot be written.
    Cancelled
        If ``progress`` asks to stop; run the same import again to continue.
    """
    from analysis.io.coords import workspace_area

    progress = progress or NullProgress()
    summary = TrackImportSummary("tracks", str(workspace.path))
    found, refused = discover([Path(p) for p in paths])
    for path, reason in refused:
        summary.add(str(path)).reject(reason)
    if not found:
        return summary
    key = workspace.pseudonym_key()
    context = Context(workspace.crs, workspace_area(workspace), key, params.privacy_trim_m)
    committed = _stored_ids(workspace)
    sizes = [f.path.stat().st_size for f in found]
    workers = params.workers
    if workers is None:
        cores = os.cpu_count() or 1
        workers = min(cores, 4) if cores > 1 and sum(sizes) >= PARALLEL_FROM_BYTES else 0

    with workspace.transaction(resume=resume_key(found, params, key)) as tx:
        for name in (ACTIVITIES, POINTS):
            tx.claim(name, DatasetKind.TRACKS)
        writer = BatchWriter(tx, params.batch_points, committed)
        rides = Rides.of(tx, ACTIVITIES, POINTS)
        contributed: dict[str, str] = {}  # file path -> one of its activities stored
        jobs = _jobs(found, sizes, summary, writer, committed, contributed, progress)
        held: list[tuple[FileOutcome, Activity]] = []
        copies: list[Copy] = []
        for (outcome, unit, _), result in _results(jobs, context, workers, params.file_timeout_s):
            if isinstance(result, str):
                _reject(outcome, result, unit.member)
                continue
            outcome.notes += tuple(
                f"{unit.member}: {n}" if unit.member else n for n in result.notes
            )
            held.append((outcome, result))
            if len(held) >= HOLD_ACTIVITIES:
                _settle(held, rides, writer, summary, contributed, copies)
                held = []
        _settle(held, rides, writer, summary, contributed, copies)
        writer.flush()
        if summary.imported:  # else the workspace stays as it was, catalogue included
            _catalogue(tx, workspace, contributed, params, summary)
            summary.datasets.extend([ACTIVITIES, POINTS] if tx.has_layer(POINTS) else [ACTIVITIES])
        if copies:
            _store_copies(tx, workspace, copies)
    for outcome, file in zip(summary.files[len(refused) :], found, strict=True):
        if not outcome.rejected:  # to be found and fixed, a rejected file keeps its path
            outcome.path = redact_name(file.label)
    progress.report(1.0, "done")
    return summary


def resume_key(found: Sequence[Found], params: TrackImportParams, key: bytes) -> str:
    """A key naming this import: the files (path, size, time), the privacy trim, the pseudonym key.

    The pseudonym key's id is in it: work staged under another key is not resumed.
    """
    from analysis.privacy.keys import key_id

    files = []
    for f in found:
        stat = f.path.stat()
        files.append((str(f.path.resolve()), stat.st_size, stat.st_mtime_ns))
    text = json.dumps([files, params.privacy_trim_m, key_id(key)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _stored_ids(workspace: Workspace) -> set[str]:
    """Activity ids in the committed workspace, the copies not stored included."""
    if not any(e.name == ACTIVITIES for e in workspace.entries()):
        return set()
    frame = workspace.read_layer(ACTIVITIES, columns=["activity_id"], read_geometry=False)
    return set(frame["activity_id"]) | set(read_copies(workspace.path)["copy_id"])


def _reject(outcome: FileOutcome, reason: str, member: str) -> None:
    """Reject a file or a member of an archive, naming the member without people's names.

    Export archives name their files with athletes' ids and e-mails
    (:func:`~analysis.io.tracks.source_names.redact_name`).
    """
    shown = redact_name(member)
    outcome.reject(reason.replace(member, shown) if member else reason, shown)


def _jobs(
    found: list[Found],
    sizes: list[int],
    summary: ImportSummary,
    writer: BatchWriter,
    committed: set[str],
    contributed: dict[str, str],
    progress: Progress,
) -> Iterator[_Job]:
    """Each new activity file, with its outcome record and id; the rest is settled here."""
    total = max(sum(sizes), 1)
    before = 0
    seen: set[str] = set()
    for file, size in zip(found, sizes, strict=True):
        outcome = summary.add(str(file.path))
        for item in units(file):
            check_cancelled(progress)
            progress.report((before + size * item.done) / total, redact_name(file.label))
            if isinstance(item, Refusal):
                _reject(outcome, item.reason, item.member)
                continue
            ident = activity_id(item.data)
            if ident in committed or ident in seen:
                outcome.skipped += 1  # the same file, imported before or earlier in this run
            elif writer.stored(ident):
                outcome.imported += 1  # staged by an interrupted run of this import
                contributed.setdefault(outcome.path, ident)
            else:
                yield outcome, item, ident
            seen.add(ident)
        before += size


def _settle(
    held: list[tuple[FileOutcome, Activity]],
    rides: Rides,
    writer: BatchWriter,
    summary: TrackImportSummary,
    contributed: dict[str, str],
    copies: list[Copy],
) -> None:
    """Write the activities ``held`` that are not copies of a ride already there; skip the rest.

    Each copy skipped is added to ``copies``.
    """
    repeats = rides.settle([activity for _, activity in held])
    for (outcome, activity), first in zip(held, repeats, strict=True):
        if first is not None:
            outcome.skipped += 1
            summary.duplicates.append((activity.source, first[1]))
            copies.append(
                Copy(activity.activity_id, first[0], activity.user_id, activity.user_basis)
            )
            continue
        writer.add(activity)
        outcome.imported += 1
        contributed.setdefault(outcome.path, activity.activity_id)
    rides.keep_marks({a.activity_id for a in writer.batch})


def _store_copies(tx: Transaction, workspace: Workspace, copies: list[Copy]) -> None:
    """Add ``copies`` to the workspace's table of copies not stored, with those stored before."""
    import pandas as pd

    table = pd.concat([read_copies(workspace.path), pd.DataFrame(copies)], ignore_index=True)
    tx.write_table(
        table,
        COPIES,
        DatasetKind.TRACKS,
        title="Copies of activities not stored (they tie their athletes' pseudonyms)",
    )


def _results(
    jobs: Iterator[_Job], context: Context, workers: int, budget_s: float
) -> Iterator[tuple[_Job, Activity | str]]:
    """Each job with its activity (or rejection), in job order; parsed by ``workers`` processes.

    Each file gets ``budget_s`` seconds (:mod:`analysis.io.tracks.workers`).
    Workers get chunks of about :data:`CHUNK_BYTES` of files: writing a batch holds
    the interpreter lock for seconds, and only work already handed out goes on meanwhile.
    """
    if workers <= 0:
        for job in jobs:
            yield job, read_activity(job[1], job[2], context, budget_s)
        return
    from analysis.io.tracks.workers import parse_in_workers

    yield from parse_in_workers(_chunks(jobs), context, workers, budget_s)


def _chunks(jobs: Iterator[_Job]) -> Iterator[list[_Job]]:
    chunk: list[_Job] = []
    size = 0
    for job in jobs:
        chunk.append(job)
        size += len(job[1].data)
        if size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _catalogue(
    tx: Transaction,
    workspace: Workspace,
    contributed: dict[str, str],
    params: TrackImportParams,
    summary: ImportSummary,
) -> None:
    """Catalogue both layers: sources so far, weakest privacy trim, athletes not identified.

    A source is named as its activities' ``source`` says (without the athlete's identity).
    """
    old: dict[str, Any] = {}
    old_sources: tuple[SourceFile, ...] = ()
    for entry in workspace.entries():
        if entry.name == ACTIVITIES:
            old, old_sources = dict(entry.quality), entry.sources
    stored = tx.read_layer(
        ACTIVITIES, columns=["activity_id", "source", "user_basis", "type"], read_geometry=False
    )
    source_of = dict(zip(stored["activity_id"], stored["source"], strict=True))
    new_sources = []
    for path, ident in sorted(contributed.items()):
        label = (
            source_of[ident].split(":", 1)[0] if path.lower().endswith(".zip") else source_of[ident]
        )
        new_sources.append(SourceFile(label, SourceFile.from_path(path).sha256))
    all_sources = tuple(dict.fromkeys((*old_sources, *new_sources)))
    trim = min(params.privacy_trim_m, old.get("privacy_trim_m", params.privacy_trim_m))
    quality = {
        "privacy_trim_m": trim,
        "activities_by_type": {str(k): int(v) for k, v in stored["type"].value_counts().items()},
        "athlete_unidentified": int((stored["user_basis"] == UNIDENTIFIED).sum()),
        "last_import": {
            "imported": summary.imported,
            "skipped": summary.skipped,
            "rejected": summary.rejected,
        },
    }
    tx.catalogue_layer(
        ACTIVITIES,
        DatasetKind.TRACKS,
        sources=all_sources,
        quality=quality,
        title="Activities (privacy-trimmed tracks)",
    )
    if tx.has_layer(POINTS):
        tx.catalogue_layer(
            POINTS,
            DatasetKind.TRACKS,
            sources=all_sources,
            quality={"privacy_trim_m": trim},
            title="Activity points (timestamped, for heatmaps)",
        )
