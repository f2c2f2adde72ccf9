"""Export dialogs: the Excel report, the offline HTML map and the print map (PNG/PDF).

Each offers the options of its CLI command (``urbanista report``, ``urbanista
map``) and runs the same core function in the background: ``write_report``,
``write_web_map``, ``render_map``. The report and the print map look at Cancel
before they write, so a cancelled export leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton, QSpinBox, QWidget

from analysis.export.report_labels import ANALYSES, Lang, pick
from analysis.export.titles import layer_title
from analysis.progress import Progress
from analysis.workspace import DatasetKind, Workspace
from desktop.export_base import ExportDialog, Exported
from desktop.i18n import current_language
from desktop.job_dialog import Work


@dataclass(frozen=True)
class _InLanguage:
    """Progress that shows the steps the core names in the app's language."""

    progress: Progress
    texts: Mapping[str, str]

    def report(self, fraction: float, message: str = "") -> None:
        self.progress.report(fraction, self.texts.get(message, message))

    def is_cancelled(self) -> bool:
        return self.progress.is_cancelled()


class ExcelReportDialog(ExportDialog):
    """``urbanista report``: language, sections, personal columns, city name, summary map."""

    def __init__(
        self,
        workspace: Workspace | str | Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, ".xlsx", "_report", parent)
        self.setWindowTitle(self.tr("Excel report"))
        self.setObjectName("export_report")
        self.run_button.setText(self.tr("&Write report"))
        self.language = self.add_language_box()
        self.sections = self.add_checklist(
            self.tr("&Sections"),
            self.tr("None ticked: every analysis result in the workspace."),
        )
        analyses = sorted(
            {
                str(e.quality["analysis"])
                for e in self.entries
                if e.kind is DatasetKind.ANALYSIS and e.quality.get("analysis")
            }
        )
        ui: Lang = "pl" if current_language() == "pl" else "en"
        for name in analyses:
            title = pick(ANALYSES, name, ui) or name
            self.sections.add(name, self.tr("Analysis: {name}").format(name=title))
        for e in self.entries:
            if e.kind is not DatasetKind.RASTER and e.name not in analyses:
                self.sections.add(e.name, layer_title(e, ui), e.name)
        self.include_personal = QCheckBox(self.tr("Include &personal data"), self)
        self.include_personal.setToolTip(
            self.tr("Keep reporters' names, e-mails and phones, if the workspace kept them")
        )
        self.add_option(None, self.include_personal)
        self.city = QLineEdit(self)
        self.city.setPlaceholderText(self.tr("from the data"))
        self.add_option(self.tr("&City"), self.city)
        self.with_map = QCheckBox(self.tr("City &map on the summary sheet"), self)
        self.with_map.setChecked(True)
        self.add_option(None, self.with_map)

    def prepare(self) -> Work:
        """Write the report with the options shown."""
        from analysis.export.excel_report import DRAWING_MAP, WRITING_SHEETS, ReportParams

        out = self.output_path()
        language = self.language.currentData()
        params = ReportParams(
            lang=language,
            sections=self.sections.checked() or None,
            include_personal=self.include_personal.isChecked(),
            city=self.city.text().strip() or None,
        )
        with_map, path = self.with_map.isChecked(), self.workspace_path
        steps = {
            DRAWING_MAP: self.tr("Drawing the city map…"),
            WRITING_SHEETS: self.tr("Writing the sheets…"),
        }

        def work(progress: Progress) -> Exported:
            from analysis.export.excel_report import write_report

            ws = Workspace.open(path)
            contents = write_report(ws, out, params, with_map, _InLanguage(progress, steps))
            rows = sum(n for _, n in contents.sheets)
            details = (
                self.tr("%n sheet(s)", "", len(contents.sheets) + 1)
                + ", "
                + self.tr("{rows:,} rows").format(rows=rows)
            )
            if contents.personal_dropped:
                details += "; " + self.tr("personal columns left out: {columns}").format(
                    columns=", ".join(contents.personal_dropped)
                )
            return Exported(out, details)

        return work


class WebMapDialog(ExportDialog):
    """``urbanista map map.html``: layers, language, title, local tiles; then Open in browser."""

    def __init__(
        self,
        workspace: Workspace | str | Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, ".html", "_map", parent)
        self.setWindowTitle(self.tr("HTML map"))
        self.setObjectName("export_web_map")
        self.run_button.setText(self.tr("&Write map"))
        self.layers = self.add_layer_checklist()
        self.language = self.add_language_box()
        self.title = self.add_title_edit()
        self.tiles = QLineEdit(self)
        self.tiles.setPlaceholderText(self.tr("drawn from the workspace's streets, parks, water"))
        self.tiles.setToolTip(
            self.tr("Local basemap tiles: an XYZ folder ({z}/{x}/{y}.png) or an .mbtiles file")
        )
        self.add_option(self.tr("&Tiles"), self.tiles)
        self.open_button = QPushButton(self.tr("&Open in browser"), self)
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_in_browser)
        self.buttons.addButton(self.open_button, self.buttons.ButtonRole.ActionRole)
        self.written: Path | None = None

    def prepare(self) -> Work:
        """Write the HTML map with the options shown."""
        from analysis.export.web_map import WebMapParams

        out = self.output_path()
        tiles = Path(self.tiles.text().strip()) if self.tiles.text().strip() else None
        params = WebMapParams(
            layers=self.layers.checked(),
            language=self.language.currentData(),
            tiles=tiles,
            title=self.title.text().strip() or None,
        )
        path = self.workspace_path
        self.open_button.setEnabled(False)

        def work(progress: Progress) -> Exported:
            from analysis.export.web_map import write_web_map

            progress.report(0.05, self.tr("Drawing the map…"))
            result = write_web_map(Workspace.open(path), out, params)
            details = (
                self.tr("%n layer(s)", "", len(result.layers)) + ": " + ", ".join(result.layers)
            )
            for name, reason in result.skipped.items():
                details += "\n" + self.tr("left out {name}: {reason}").format(
                    name=name, reason=reason
                )
            return Exported(result.path, details)

        return work

    def succeeded(self, result: Any) -> None:
        """Say what was written and let it be opened in the browser."""
        super().succeeded(result)
        self.written = result.path
        self.open_button.setEnabled(True)
        self.open_button.setFocus()

    def open_in_browser(self) -> bool:
        """Open the map written last in the default browser; False if that failed."""
        if self.written is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))


class PrintMapDialog(ExportDialog):
    """``urbanista map map.png|pdf``: format, paper, orientation, resolution, title, layers."""

    FORMATS = (".png", ".pdf")

    def __init__(
        self,
        workspace: Workspace | str | Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, ".png", "_map", parent)
        self.setWindowTitle(self.tr("Print map"))
        self.setObjectName("export_print_map")
        self.run_button.setText(self.tr("&Print to file"))
        self.file_format = self.add_combo(
            self.tr("&Format"), [(self.tr("PNG image"), ".png"), (self.tr("PDF document"), ".pdf")]
        )
        self.file_format.currentIndexChanged.connect(self._format_changed)
        self.paper = self.add_combo(self.tr("P&aper"), [("A4", "A4"), ("A3", "A3")])
        self.orientation = self.add_combo(
            self.tr("&Orientation"),
            [(self.tr("Landscape"), "landscape"), (self.tr("Portrait"), "portrait")],
        )
        self.dpi = QSpinBox(self)
        self.dpi.setRange(30, 1200)
        self.dpi.setValue(200)
        self.dpi.setSuffix(self.tr(" dpi"))
        self.dpi.setToolTip(self.tr("Resolution of a PNG; a PDF keeps its lines as vectors"))
        self.add_option(self.tr("&Resolution"), self.dpi)
        self.title = self.add_title_edit()
        self.language = self.add_language_box()
        self.layers = self.add_layer_checklist()

    def prepare(self) -> Work:
        """Print the map with the options shown."""
        from analysis.export.map_figure import PrintMapParams

        out = self.output_path()
        params = PrintMapParams(
            paper=self.paper.currentData(),
            orientation=self.orientation.currentData(),
            dpi=self.dpi.value(),
            title=self.title.text().strip() or None,
            language=self.language.currentData(),
            layers=self.layers.checked() or None,
        )
        path = self.workspace_path

        def work(progress: Progress) -> Exported:
            from analysis.export.map_figure import render_map

            progress.report(0.05, self.tr("Drawing the map…"))
            render_map(Workspace.open(path), out, params, progress)
            return Exported(out, f"{params.paper}, {out.suffix[1:].upper()}")

        return work

    def _format_changed(self) -> None:
        suffix = self.file_format.currentData()
        self.dpi.setEnabled(suffix == ".png")
        self.set_suffix(suffix)
