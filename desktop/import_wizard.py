"""The import wizard: choose files, check a reports file's columns, import, see the summary.

The import runs in a :class:`~desktop.worker.Job`; the core writes nothing
unless the whole import completes, so a cancelled or failed import leaves the
workspace as it was. Bad files never stop the import: they are listed on the
summary page with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.import_pages import (
    PAGE_REPORTS,
    PAGE_RUN,
    PAGE_SOURCE,
    PAGE_SUMMARY,
    ReportsPage,
    SourcePage,
)
from desktop.import_preview import ImportKind
from desktop.worker import Job, QtProgress

if TYPE_CHECKING:
    from analysis.io.summary import ImportSummary
    from analysis.workspace import Workspace


@dataclass(frozen=True)
class ImportOutcome:
    """How an import ended: with a summary, an error message, or cancelled."""

    summary: ImportSummary | None = None
    error: str | None = None
    cancelled: bool = False


class ImportWizard(QWizard):
    """Imports files into ``workspace``; emits ``imported(summary)`` when an import completes."""

    imported = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from analysis.io.coords import workspace_area

        self.workspace = workspace
        self.setWindowTitle(self.tr("Import data"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.source_page = SourcePage(self)
        self.reports_page = ReportsPage(workspace_area(workspace), self.source_page, self)
        self.run_page = RunPage(self)
        self.summary_page = SummaryPage(self)
        self.setPage(PAGE_SOURCE, self.source_page)
        self.setPage(PAGE_REPORTS, self.reports_page)
        self.setPage(PAGE_RUN, self.run_page)
        self.setPage(PAGE_SUMMARY, self.summary_page)
        self.setStartId(PAGE_SOURCE)
        self.resize(900, 600)

    def set_paths(self, paths: Sequence[str | Path]) -> None:
        """Choose the files, folders or ZIP archives to import."""
        self.source_page.set_paths(paths)

    def set_kind(self, kind: ImportKind | None) -> None:
        """Choose what the files hold (None: detect it)."""
        self.source_page.set_kind(kind)

    def import_work(self) -> Callable[[QtProgress], ImportSummary]:
        """Return the core call the wizard's choices stand for, to run in a job."""
        kind, paths, workspace = self.source_page.kind(), self.source_page.paths(), self.workspace
        if kind is ImportKind.REPORTS:
            from analysis.io.reports import ReportImportParams, import_reports

            params = ReportImportParams(
                column_map=self.reports_page.column_map() or None, crs=self.reports_page.crs()
            )
            return lambda progress: import_reports(workspace, paths, params, progress)
        if kind is ImportKind.TRACKS:
            from analysis.io.tracks import TrackImportParams, import_tracks

            # Parse here: worker processes forked from a threaded GUI are not safe.
            tracks = TrackImportParams(workers=0)
            return lambda progress: import_tracks(workspace, paths, tracks, progress)
        if kind is ImportKind.DATASETS:
            from analysis.io.datasets import import_datasets

            return lambda progress: import_datasets(workspace, paths, progress=progress)
        from analysis.io.rasters import import_rasters

        return lambda progress: import_rasters(workspace, paths, progress=progress)

    def reject(self) -> None:
        """Cancel a running import first (the wizard stays open to say so); else close."""
        job = self.run_page.job
        if job is not None and not job.is_done():
            self.run_page.cancel()
            return
        super().reject()


class RunPage(QWizardPage):
    """The import running: a progress bar, the core's last message and Cancel."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Importing"))
        self.job: Job | None = None
        self.outcome: ImportOutcome | None = None
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(self.tr("Import progress"))
        self.progress_bar.setRange(0, 1000)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("&Stop import"), self)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.message_label)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def initializePage(self) -> None:
        """Start the import."""
        self.outcome = None
        self.progress_bar.setValue(0)
        self.message_label.setText(self.tr("Starting…"))
        self.cancel_button.setEnabled(True)
        self.job = Job(self._wizard.import_work(), self)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(lambda summary: self._done(ImportOutcome(summary=summary)))
        self.job.failed.connect(lambda message: self._done(ImportOutcome(error=message)))
        self.job.cancelled.connect(lambda: self._done(ImportOutcome(cancelled=True)))
        self.job.start()
        self.cancel_button.setFocus()

    def cancel(self) -> None:
        """Ask the import to stop at its next check."""
        if self.job is not None and not self.job.is_done():
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.message_label.setText(self.tr("Stopping…"))

    def isComplete(self) -> bool:
        """Return True once the import ended."""
        return self.outcome is not None

    def nextId(self) -> int:
        """The summary follows."""
        return PAGE_SUMMARY

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(round(1000 * fraction))
        if self.job is not None and not self.job.is_cancelled():
            self.message_label.setText(message)

    def _done(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        self.completeChanged.emit()
        if outcome.summary is not None:
            self._wizard.imported.emit(outcome.summary)
        QTimer.singleShot(0, self._wizard.next)


class SummaryPage(QWizardPage):
    """What the import did: totals, then each file with its rejected records and reasons."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Import summary"))
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.files_tree = QTreeWidget(self)
        self.files_tree.setAccessibleName(self.tr("Imported files"))
        self.files_tree.setHeaderLabels(
            [
                self.tr("File"),
                self.tr("Imported"),
                self.tr("Skipped"),
                self.tr("Rejected"),
                self.tr("Reason"),
            ]
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.files_tree, 1)

    def initializePage(self) -> None:
        """Show the outcome of the import just run."""
        outcome = self._wizard.run_page.outcome or ImportOutcome(cancelled=True)
        self.files_tree.clear()
        if outcome.cancelled:
            text = self.tr("The import was stopped. The workspace is unchanged.")
            if self._wizard.source_page.kind() is ImportKind.TRACKS:
                text += " " + self.tr("Import the same tracks again to continue where it stopped.")
            self.headline.setText(text)
        elif outcome.error is not None:
            self.headline.setText(
                self.tr("The import failed: {reason}\nThe workspace is unchanged.").format(
                    reason=outcome.error
                )
            )
        elif outcome.summary is not None:
            self._show(outcome.summary)

    def _show(self, summary: ImportSummary) -> None:
        text = self.tr(
            "{imported} imported, {skipped} skipped as already imported, {rejected} rejected, "
            "from {files} file(s)."
        ).format(
            imported=f"{summary.imported:,}",
            skipped=f"{summary.skipped:,}",
            rejected=f"{summary.rejected:,}",
            files=f"{len(summary.files):,}",
        )
        if summary.datasets:
            text += " " + self.tr("Written: {layers}.").format(layers=", ".join(summary.datasets))
        elif not summary.imported:
            text += " " + self.tr("Nothing was written; the workspace is unchanged.")
        self.headline.setText(text)
        for outcome in summary.files:
            item = QTreeWidgetItem(
                [
                    outcome.path,
                    f"{outcome.imported:,}",
                    f"{outcome.skipped:,}",
                    f"{len(outcome.rejected):,}",
                    "",
                ]
            )
            whole = [r for r in outcome.rejected if not r.where]
            if whole:
                item.setText(4, whole[0].reason)
                item.setToolTip(4, whole[0].reason)
            for note in outcome.notes:  # how the file was read: a sheet, a code page...
                child = QTreeWidgetItem([self.tr("note"), "", "", "", note])
                child.setToolTip(4, note)
                item.addChild(child)
            for rejection in outcome.rejected:
                if rejection.where:
                    child = QTreeWidgetItem([rejection.where, "", "", "", rejection.reason])
                    child.setToolTip(4, rejection.reason)
                    item.addChild(child)
            self.files_tree.addTopLevelItem(item)
        self.files_tree.expandToDepth(0)
        for column in range(4):
            self.files_tree.resizeColumnToContents(column)
