"""Import citizen reports into a workspace: every file of one call in one transaction.

Files are read one by one (a bad file is rejected and the others go on); then,
inside the workspace's transaction, the records are merged with the layer's
(:mod:`analysis.io.reports.merge`) and the layer is written again with its
catalogue entry: kind ``reports``, every source file with its SHA-256, and
quality flags per file (format, encoding, CRS and axis order, rejected records
by reason, duplicates, personal data removed) plus totals and empty fields.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.errors import InputError
from analysis.io.budget import FILE_TIMEOUT_S, Deadline
from analysis.io.coords import workspace_area
from analysis.io.personal import redact
from analysis.io.reports.columns import check_column_map
from analysis.io.reports.inputs import Input, expand
from analysis.io.reports.merge import Merged, merge
from analysis.io.reports.normalize import CategoryMapping
from analysis.io.reports.records import FIELDS, Context, FileRecords, read_records
from analysis.io.summary import FileOutcome, ImportSummary
from analysis.params import check, param
from analysis.progress import NullProgress, Progress, Steps, check_cancelled
from analysis.workspace import CatalogueEntry, DatasetKind, SourceFile, Workspace

if TYPE_CHECKING:
    import geopandas as gpd

TITLE = "Citizen reports"
WRITING_SHARE = 0.1
"""The share of the progress bar for writing, against reading the files (by their size)."""


@dataclass(frozen=True)
class ReportImportParams:
    """How to import reports.

    Attributes
    ----------
    layer
        The workspace layer that holds the reports.
    keep_personal
        Keep names, e-mails and phone numbers (only with a legal basis).
    column_map
        Our field -> the file's column name, overriding detection. Fields:
        ``report_id``, ``category``, ``category_code``, ``status``,
        ``status_notes``, ``created``, ``closed``, ``updated``, ``description``,
        ``address``, ``lat``, ``lon``, ``x``, ``y``.
    category_map
        The file's category label -> one of ``pothole``, ``litter``,
        ``street_lighting``, ``missing_bike_rack``, ``illegal_parking``,
        ``greenery``, ``other``; extends (and overrides) the default mapping.
    crs
        CRS of X/Y columns and GeoJSON points when the values cannot tell it.
    timezone
        Time zone of dates written without an offset.
    replace
        Replace a dataset of another kind that holds the name ``layer``.
    file_timeout_s
        Time to read one file: one still being read then is rejected as too slow
        and the others go on.
    """

    layer: str = "reports"
    keep_personal: bool = False
    column_map: Mapping[str, str] | None = None
    category_map: Mapping[str, str] | None = None
    crs: str | None = None
    timezone: str = "Europe/Warsaw"
    replace: bool = False
    file_timeout_s: float = param(
        FILE_TIMEOUT_S, unit="s", above=0, at_most=86_400, flag="--file-timeout"
    )

    def __post_init__(self) -> None:
        check(self)


@dataclass
class _Read:
    """A file that was read: where it came from, its outcome and its records."""

    input: Input
    outcome: FileOutcome
    records: FileRecords


def import_reports(
    workspace: Workspace,
    paths: Sequence[Path],
    params: ReportImportParams = ReportImportParams(),
    progress: Progress | None = None,
) -> ImportSummary:
    """Import the reports of ``paths`` (files, folders, ZIP archives) into ``workspace``.

    Raises
    ------
    InputError
        If a parameter is wrong, a path does not exist, or the layer exists and
        does not hold reports; bad files are rejected in the summary instead.
    Cancelled
        If ``progress`` asks to stop; the workspace is left as it was.
    """
    progress = progress or NullProgress()
    context = _context(workspace, params)
    summary = ImportSummary(DatasetKind.REPORTS.value, str(workspace.path))
    done: list[_Read] = []
    with expand(paths) as inputs:
        sizes = [float(max(item.path.stat().st_size, 1)) for item in inputs]
        steps = Steps(progress, [*sizes, WRITING_SHARE * sum(sizes) or 1.0])
        for i, item in enumerate(inputs):
            check_cancelled(progress)
            step = steps.step(i)
            step.report(0.0, f"reading {item.label}")
            outcome = summary.add(item.label)
            if item.error:
                outcome.reject(_unlabelled(item.error, item.label))
                continue
            try:
                deadline = Deadline.start(params.file_timeout_s)
                records = read_records(item.path, item.label, context, step, deadline)
            except InputError as exc:
                outcome.reject(_unlabelled(str(exc), item.label))
                continue
            outcome.path, outcome.notes = records.label, records.remarks
            for r in records.rejected:
                outcome.reject(redact(r.reason)[0], where=r.where)
            done.append(_Read(item, outcome, records))
    check_cancelled(progress)
    steps.step(len(inputs)).report(0.0, f"writing {params.layer}")
    if done:
        _write(workspace, params, done, summary)
    progress.report(1.0, "done")
    return summary


def _context(workspace: Workspace, params: ReportImportParams) -> Context:
    """Check the parameters and the layer before reading anything."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from pyproj import CRS
    from pyproj.exceptions import CRSError

    from analysis.crs import crs_label

    if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", params.layer):
        raise InputError(
            f"layer name {params.layer!r}: use lower-case letters, digits and '_', "
            "starting with a letter"
        )
    check_column_map(params.column_map)
    try:
        ZoneInfo(params.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(f"unknown time zone {params.timezone!r}: use e.g. Europe/Warsaw") from exc
    xy_crs = None
    if params.crs:
        try:
            xy_crs = crs_label(CRS.from_user_input(params.crs))
        except CRSError as exc:
            raise InputError(f"unknown CRS {params.crs!r}: use e.g. EPSG:2180") from exc
    entry = _entry(workspace, params.layer)
    if entry is not None and entry.kind is not DatasetKind.REPORTS:
        raise InputError(
            f"{workspace.path}: {params.layer!r} is a {entry.kind.value} layer, not reports; "
            "import the reports under another layer name"
        )
    return Context(
        crs=workspace.crs,
        area=workspace_area(workspace),
        categories=CategoryMapping.extended(params.category_map),
        timezone=params.timezone,
        column_map=params.column_map,
        xy_crs=xy_crs,
        keep_personal=params.keep_personal,
    )


def _write(
    workspace: Workspace, params: ReportImportParams, done: list[_Read], summary: ImportSummary
) -> None:
    """Merge with the layer and write it, in one transaction."""
    with workspace.transaction(replace=params.replace) as tx:
        tx.claim(params.layer, DatasetKind.REPORTS)
        previous = _entry(workspace, params.layer)
        if previous is not None and previous.kind is not DatasetKind.REPORTS:
            previous = None  # another kind of dataset, replaced as asked
        existing = workspace.read_layer(params.layer) if previous else None
        merged = merge(existing, [d.records.frame for d in done])
        for d, imported, skipped in zip(done, merged.imported, merged.skipped, strict=True):
            d.outcome.imported, d.outcome.skipped = imported, skipped
        known = set(previous.sources) if previous else set()
        sources = tuple(dict.fromkeys(SourceFile.from_path(d.input.source) for d in done))
        if len(merged.frame) == 0 or not (merged.changed or set(sources) - known):
            return
        frame = merged.frame
        ours = [f for f in FIELDS if f in frame]
        frame = frame[[*ours, *(c for c in frame.columns if c not in ours)]]
        tx.write_layer(
            frame,
            params.layer,
            DatasetKind.REPORTS,
            sources=tuple(dict.fromkeys((*(previous.sources if previous else ()), *sources))),
            title=previous.title if previous and previous.title else TITLE,
            licence=previous.licence if previous else None,
            source_date=previous.source_date if previous else None,
            quality=_quality(previous, done, summary, merged, params.keep_personal),
        )
        summary.datasets.append(params.layer)


def _quality(
    previous: CatalogueEntry | None,
    done: list[_Read],
    summary: ImportSummary,
    merged: Merged,
    keep_personal: bool,
) -> dict[str, Any]:
    """Flags per file (the last import of each) and totals over them, plus empty fields."""
    files: dict[str, Any] = dict(previous.quality.get("files", {})) if previous else {}
    read = {d.outcome.path for d in done}
    for outcome in summary.files:
        if outcome.path not in read and outcome.rejected:
            files[outcome.path] = {"refused": outcome.rejected[0].reason}
    for d in done:
        files[d.input.label] = {
            **d.records.notes,
            "imported": d.outcome.imported,
            "duplicates_skipped": d.outcome.skipped,
            "rejected": dict(Counter(r.kind for r in d.records.rejected)),
            "personal_columns_removed": d.records.personal_columns,
            "personal_data_redacted_in_text": d.records.redacted_values,
        }
    rejected: Counter[str] = Counter()
    for flags in files.values():
        rejected.update(flags.get("rejected", {}))
        rejected.update(["file refused"] if "refused" in flags else [])
    frame = merged.frame
    return {
        "files": files,
        "rejected": dict(rejected),
        "duplicates_skipped": sum(f.get("duplicates_skipped", 0) for f in files.values()),
        "reports_updated": merged.updated,
        "personal_columns_removed": sorted(
            {c for f in files.values() for c in f.get("personal_columns_removed", [])}
        ),
        "personal_data_redacted_in_text": sum(
            f.get("personal_data_redacted_in_text", 0) for f in files.values()
        ),
        "personal_data_kept": keep_personal
        or bool(previous and previous.quality.get("personal_data_kept")),
        "empty_fields": _empty_fields(frame),
    }


def _empty_fields(frame: gpd.GeoDataFrame) -> dict[str, int]:
    """Our fields with empty values, and how many."""
    counts = {f: int(frame[f].isna().sum()) for f in FIELDS if f in frame}
    return {f: n for f, n in counts.items() if n}


def _entry(workspace: Workspace, name: str) -> CatalogueEntry | None:
    return next((e for e in workspace.entries() if e.name == name), None)


def _unlabelled(message: str, label: str) -> str:
    """``message`` without a leading ``label:``, which the outcome names already; redacted.

    ``label, sheet 'Dane': ...`` keeps the sheet. A message may quote the file's
    values (a header line that is a record).
    """
    return redact(message.removeprefix(f"{label}: ").removeprefix(f"{label}, "))[0]
