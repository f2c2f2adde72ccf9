"""What an import did, file by file: imported, skipped as duplicates, rejected and why.

A file's notes tell a person what the importer decided for it without being
asked (the worksheet read, lines read in a code page, axes read the other way),
so that a wrong guess can be seen and corrected.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from analysis.printable import printable


@dataclass
class Rejection:
    """One record (or a whole file) that was not imported, and why."""

    where: str
    """``"line 12"``, ``"feature 3"``, ``"activities/123.gpx"`` or ``""`` for the whole file."""
    reason: str


@dataclass
class FileOutcome:
    """The result of importing one file (or one member of an archive)."""

    path: str
    imported: int = 0
    skipped: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    """How the file was read where the importer had to decide: ``"read sheet 'Dane'"``."""

    def reject(self, reason: str, where: str = "") -> None:
        """Record a rejected record, or the whole file when ``where`` is empty."""
        self.rejected.append(Rejection(where, reason))


@dataclass
class ImportSummary:
    """All files of one ``urbanista import`` run."""

    kind: str
    workspace: str
    files: list[FileOutcome] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    """Catalogue entries written or updated."""
    replaced: list[str] = field(default_factory=list)
    """Datasets of the same name and kind that this import replaced."""

    def add(self, path: str) -> FileOutcome:
        """Start the outcome of ``path``."""
        outcome = FileOutcome(path)
        self.files.append(outcome)
        return outcome

    @property
    def imported(self) -> int:
        """Records imported, over all files."""
        return sum(f.imported for f in self.files)

    @property
    def skipped(self) -> int:
        """Records skipped as already in the workspace, over all files."""
        return sum(f.skipped for f in self.files)

    @property
    def rejected(self) -> int:
        """Records or files rejected, over all files."""
        return sum(len(f.rejected) for f in self.files)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict with per-file outcomes and the totals."""
        return {
            "kind": self.kind,
            "workspace": self.workspace,
            "imported": self.imported,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "datasets": self.datasets,
            "replaced": self.replaced,
            "files": [asdict(f) for f in self.files],
        }

    def describe(self, max_reasons: int = 10) -> str:
        r"""A few lines for people: totals, then per file its notes and first rejections.

        At most ``max_reasons`` notes and as many rejections are shown. Names,
        notes and reasons come from the files: what is not printable in them is
        escaped (``bad\nname.gpx``), so each stays on one line.
        """
        lines = [
            f"{self.kind}: {self.imported:,} imported, {self.skipped:,} skipped as already "
            f"imported, {self.rejected:,} rejected, from {len(self.files):,} file(s)"
        ]
        lines += [f"  replaced {name!r}, imported before from other data" for name in self.replaced]
        notes = reasons = 0
        for f in self.files:
            shown = f.notes[: max(max_reasons - notes, 0)]
            lines += [printable(f"  {f.path}: {note}") for note in shown]
            lines += [
                printable(f"  rejected {f.path}{' ' if r.where else ''}{r.where}: {r.reason}")
                for r in f.rejected[: max(max_reasons - reasons, 0)]
            ]
            notes, reasons = notes + len(f.notes), reasons + len(f.rejected)
        if notes > max_reasons:
            lines.append(f"  ... and {notes - max_reasons:,} more note(s) (see --json)")
        if reasons > max_reasons:
            lines.append(f"  ... and {reasons - max_reasons:,} more rejected (see --json)")
        return "\n".join(lines)
