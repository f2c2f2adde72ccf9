"""The import wizard's first pages: what to import, and (for reports) which column holds what."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.import_preview import (
    PREVIEW_ROWS,
    AxisChoice,
    Detection,
    ImportKind,
    ReportsPreview,
)
from desktop.worker import Job

if TYPE_CHECKING:
    from analysis.io.coords import Area

PAGE_SOURCE, PAGE_REPORTS, PAGE_RUN, PAGE_SUMMARY = range(4)
CRS_CHOICES = ("EPSG:2180", "EPSG:2176", "EPSG:2177", "EPSG:2178", "EPSG:2179", "EPSG:4326")
_FILE_PATTERNS = (
    "*.csv *.tsv *.xlsx *.json *.geojson *.gpx *.tcx *.fit *.gz *.gpkg *.shp "
    "*.kml *.kmz *.pbf *.tif *.tiff *.zip"
)


class SourcePage(QWizardPage):
    """Files, folders or ZIP archives to import, and what they hold (detected or chosen)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("What to import"))
        self.setSubTitle(self.tr("Add files, folders or ZIP archives, and say what they hold."))
        self._detected: ImportKind | None = None
        self.path_list = QListWidget(self)
        self.path_list.setAccessibleName(self.tr("Files to import"))
        self.path_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_files_button = QPushButton(self.tr("Add &files or ZIP…"), self)
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button = QPushButton(self.tr("Add f&older…"), self)
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.remove_button.clicked.connect(self._remove_selected)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(self.tr("Kind of data"))
        self.kind_combo.addItem(self.tr("Detect from the files"), None)
        for kind, label in self._kind_labels().items():
            self.kind_combo.addItem(label, kind)
        self.kind_combo.currentIndexChanged.connect(lambda _: self._update())
        self.detected_label = QLabel(self)
        buttons = QVBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.path_list, 1)
        top.addLayout(buttons)
        kind_label = QLabel(self.tr("&Kind:"), self)
        kind_label.setBuddy(self.kind_combo)
        kind_row = QHBoxLayout()
        kind_row.addWidget(kind_label)
        kind_row.addWidget(self.kind_combo)
        kind_row.addWidget(self.detected_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(kind_row)
        self._update()

    def _kind_labels(self) -> dict[ImportKind, str]:
        return {
            ImportKind.REPORTS: self.tr("Citizen reports (CSV, XLSX, GeoJSON, Open311)"),
            ImportKind.TRACKS: self.tr("GPS tracks (GPX, TCX, FIT, Strava or Garmin export)"),
            ImportKind.DATASETS: self.tr(
                "Datasets (GeoPackage, Shapefile, GeoJSON, KML, CSV, OSM)"
            ),
            ImportKind.RASTERS: self.tr("Rasters (GeoTIFF)"),
        }

    def paths(self) -> list[Path]:
        """Return the paths chosen, in order."""
        return [Path(self.path_list.item(i).text()) for i in range(self.path_list.count())]

    def set_paths(self, paths: Sequence[str | Path]) -> None:
        """Replace the chosen paths with ``paths``."""
        self.path_list.clear()
        self.add_paths(paths)

    def add_paths(self, paths: Sequence[str | Path]) -> None:
        """Add ``paths`` that are not chosen yet."""
        known = set(self.paths())
        for path in paths:
            if Path(path) not in known:
                self.path_list.addItem(str(path))
                known.add(Path(path))
        self._detect()

    def kind(self) -> ImportKind | None:
        """Return the kind chosen, else the one detected (None if neither)."""
        chosen = self.kind_combo.currentData()
        return ImportKind(chosen) if chosen else self._detected

    def set_kind(self, kind: ImportKind | None) -> None:
        """Choose ``kind`` (None: detect it from the files)."""
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))

    def choose_files(self) -> None:
        """Ask for files (or ZIP archives) to add."""
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose files to import"),
            "",
            self.tr("Supported files ({patterns});;All files (*)").format(patterns=_FILE_PATTERNS),
        )
        self.add_paths(paths)

    def choose_folder(self) -> None:
        """Ask for a folder to add (its files are searched recursively)."""
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder to import"))
        if path:
            self.add_paths([path])

    def _remove_selected(self) -> None:
        for item in self.path_list.selectedItems():
            self.path_list.takeItem(self.path_list.row(item))
        self._detect()

    def _detect(self) -> None:
        from desktop.import_preview import guess_kind

        self._detected = guess_kind(self.paths()) if self.path_list.count() else None
        self._update()

    def _update(self) -> None:
        if self._detected is not None:
            text = self.tr("Detected: {kind}").format(kind=self._kind_labels()[self._detected])
        elif self.path_list.count():
            text = self.tr("Not recognised: choose the kind")
        else:
            text = ""
        self.detected_label.setText(text)
        self.setCommitPage(self.kind() is not ImportKind.REPORTS)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        """Return True once there are paths and a kind."""
        return self.path_list.count() > 0 and self.kind() is not None

    def nextId(self) -> int:
        """Go to the column mapping for reports, else straight to the import."""
        return PAGE_REPORTS if self.kind() is ImportKind.REPORTS else PAGE_RUN


class ReportsPage(QWizardPage):
    """A reports file's first rows, the column of each field and the CRS, all editable.

    X/Y columns that lie in Poland in either axis order, in a workspace without
    data to tell which is right, wait for the user to say which holds the
    northing (the importer refuses them otherwise); the choice is the mapping's X.
    """

    def __init__(self, area: Area, source: SourcePage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Check the columns"))
        self._source = source
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self._area = area
        self.preview: ReportsPreview | None = None
        self.detection: Detection | None = None
        self.job: Job | None = None
        self._previewed: list[Path] = []
        self._overrides: dict[str, str] = {}
        self.preview_table = QTableWidget(self)
        self.preview_table.setAccessibleName(self.tr("First rows of the file"))
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.field_combos: dict[str, QComboBox] = {}
        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        for name, label in self._field_labels().items():
            combo = QComboBox(form_widget)
            combo.setAccessibleName(label)
            combo.activated.connect(lambda _, f=name: self._field_chosen(f))
            self.field_combos[name] = combo
            form.addRow(label, combo)
        self.crs_combo = QComboBox(self)
        self.crs_combo.setEditable(True)
        self.crs_combo.setAccessibleName(self.tr("CRS of the coordinates"))
        self.crs_combo.addItem(self.tr("Detect from the values"), None)
        for code in CRS_CHOICES:
            self.crs_combo.addItem(code, code)
        self.crs_combo.setToolTip(
            self.tr(
                "Applies to X/Y columns and GeoJSON points; latitude and longitude are "
                "always read as WGS 84"
            )
        )
        self.crs_combo.currentTextChanged.connect(lambda _: self._refresh())
        form.addRow(self.tr("&CRS:"), self.crs_combo)
        scroll = QScrollArea(self)
        scroll.setWidget(form_widget)
        scroll.setWidgetResizable(True)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.preview_table)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        self.northing_box = QGroupBox(self.tr("Which column holds the northing?"), self)
        self.northing_buttons = QButtonGroup(self.northing_box)
        northing_layout = QVBoxLayout(self.northing_box)
        for _ in range(2):
            button = QRadioButton(self.northing_box)
            self.northing_buttons.addButton(button)
            northing_layout.addWidget(button)
        self.northing_buttons.buttonClicked.connect(self._northing_chosen)
        self.northing_box.hide()
        layout = QGridLayout(self)
        layout.addWidget(splitter, 0, 0)
        layout.addWidget(self.message_label, 1, 0)
        layout.addWidget(self.northing_box, 2, 0)

    def _field_labels(self) -> dict[str, str]:
        return {
            "report_id": self.tr("Report &number"),
            "category": self.tr("Ca&tegory"),
            "category_code": self.tr("Category code"),
            "status": self.tr("&Status"),
            "status_notes": self.tr("Status notes"),
            "created": self.tr("Cr&eated"),
            "closed": self.tr("Closed"),
            "updated": self.tr("Updated"),
            "description": self.tr("&Description"),
            "address": self.tr("&Address"),
            "lat": self.tr("&Latitude"),
            "lon": self.tr("L&ongitude"),
            "x": self.tr("&X"),
            "y": self.tr("&Y"),
        }

    # The wizard's interface -----------------------------------------------------------

    def initializePage(self) -> None:
        """Read the first rows of the first reports file, unless they were read already."""
        from desktop.import_preview import read_preview

        paths = self._source.paths()
        if paths == self._previewed and self.preview is not None:
            return
        self._previewed, self.preview, self.detection = list(paths), None, None
        self._overrides = {}
        self.setSubTitle(self.tr("Reading the first rows…"))
        self.job = Job(lambda progress: read_preview(paths), self)
        self.job.finished.connect(self._show_preview)
        self.job.failed.connect(lambda message: self._show_preview(None, message))
        self.job.start()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        """Return True once the preview is read, the choices are valid and the northing known."""
        if self.preview is None or self.detection is None:
            return self.preview is not None
        choice = self.detection.axis_choice
        return not self.detection.blocking and (
            choice is None or self._northing(choice) is not None
        )

    def column_map(self) -> dict[str, str]:
        """Return the fields whose column the user chose (the rest is detected)."""
        return dict(self._overrides)

    def crs(self) -> str | None:
        """Return the CRS the user chose, None to detect it."""
        text = self.crs_combo.currentText().strip()
        return None if not text or text == self.crs_combo.itemText(0) else text

    def choose_northing(self, column: str) -> None:
        """Read ``column`` as the northing and the other coordinate column as the easting."""
        choice = self.detection.axis_choice if self.detection else None
        if choice is None:
            raise ValueError("the axis order needs no choice")
        northing, easting = choice.fields
        (other,) = (c for c in choice.places if c != column)
        self._overrides[northing], self._overrides[easting] = column, other
        self._refresh()

    def choose_column(self, field: str, column: str | None) -> None:
        """Map ``field`` to the file's ``column`` (None: leave it to detection)."""
        combo = self.field_combos[field]
        combo.setCurrentIndex(max(combo.findData(column), 0))
        self._field_chosen(field)

    # Showing --------------------------------------------------------------------------

    def _show_preview(self, preview: ReportsPreview | None, message: str = "") -> None:
        if preview is None:
            message = message or self.tr("no reports file (CSV, XLSX, JSON) among the paths")
            preview = ReportsPreview("", error=message)
        self.preview = preview
        subtitle = self.tr(
            "The first rows of {file}. Change a field's column if it was not found or is wrong."
        )
        self.setSubTitle(subtitle.format(file=self.preview.label))
        columns = self.preview.columns
        for combo in self.field_combos.values():
            combo.clear()
            combo.addItem(self.tr("(none)"), None)
            for column in columns:
                combo.addItem(column, column)
        rows = self.preview.rows[:PREVIEW_ROWS]
        self.preview_table.clear()
        self.preview_table.setColumnCount(len(columns))
        self.preview_table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.preview_table.setItem(r, c, QTableWidgetItem(value or ""))
        self._refresh()
        self.preview_table.resizeColumnsToContents()

    def _field_chosen(self, field: str) -> None:
        column = self.field_combos[field].currentData()
        if column is None:
            self._overrides.pop(field, None)
        else:
            self._overrides[field] = column
        self._refresh()

    def _refresh(self) -> None:
        """Detect again with the user's choices and show what the import will use."""
        from desktop.import_preview import detect

        if self.preview is None:
            return
        if self.preview.error:
            self.detection = None
            self.message_label.setText(
                self.tr(
                    "Cannot read {file}: {reason}\nImporting rejects it and goes on with "
                    "the other files."
                ).format(file=self.preview.label or "", reason=self.preview.error)
            )
            self.completeChanged.emit()
            return
        self.detection = detect(self.preview, self._overrides, self.crs(), self._area)
        mapped = {column: name for name, column in self.detection.mapping.items()}
        for name, combo in self.field_combos.items():
            combo.setCurrentIndex(max(combo.findData(self.detection.mapping.get(name)), 0))
            font = combo.font()
            font.setBold(name in self._overrides)
            combo.setFont(font)
        headers = [f"{c}\n→ {mapped[c]}" if c in mapped else c for c in self.preview.columns]
        self.preview_table.setHorizontalHeaderLabels(headers)
        self.message_label.setText(self._describe(self.detection))
        self._show_northing(self.detection.axis_choice)
        self.completeChanged.emit()

    def _northing(self, choice: AxisChoice) -> str | None:
        """The column the user chose as the northing, if they did."""
        column = self._overrides.get(choice.fields[0])
        return column if column in choice.places else None

    def _show_northing(self, choice: AxisChoice | None) -> None:
        self.northing_box.setVisible(choice is not None)
        if choice is None:
            return
        chosen = self._northing(choice)
        self.northing_buttons.setExclusive(False)  # to show none checked before a choice
        for button, (column, (lat, lon)) in zip(
            self.northing_buttons.buttons(), choice.places.items(), strict=True
        ):
            button.setText(
                self.tr("{column}: the reports lie around {lat:.3f}°N {lon:.3f}°E").format(
                    column=column, lat=lat, lon=lon
                )
            )
            button.setProperty("column", column)
            button.setChecked(column == chosen)
        self.northing_buttons.setExclusive(True)

    def _northing_chosen(self, button: QRadioButton) -> None:
        self.choose_northing(str(button.property("column")))

    def _describe(self, detection: Detection) -> str:
        if detection.blocking:
            return self.tr("Problem: {reason}").format(reason=detection.error)
        if detection.coordinates is None:
            return self.tr(
                "No coordinate columns: choose Latitude and Longitude, or X and Y. Without them "
                "the file is rejected."
            )
        if detection.error or detection.guess is None:
            return self.tr("Problem: {reason}").format(reason=detection.error)
        guess = detection.guess
        order = (
            self.tr("northing/latitude first")
            if guess.swapped
            else self.tr("easting/longitude first")
        )
        text = self.tr(
            "Coordinates in {first} and {second}: {crs}, {order}; {share:.0%} of the "
            "first rows lie in the workspace's area."
        ).format(
            first=detection.coordinates[0],
            second=detection.coordinates[1],
            crs=guess.crs,
            order=order,
            share=guess.share_inside,
        )
        choice = detection.axis_choice
        if choice is not None and (northing := self._northing(choice)) is not None:
            text += " " + self.tr("{column} is read as the northing, as chosen.").format(
                column=northing
            )
        elif choice is not None:
            text += " " + self.tr(
                "Both axis orders put the reports in Poland, {km:.0f} km apart, and the "
                "workspace holds no data yet to tell which is right: choose the column that "
                "holds the northing (or import the city's datasets first)."
            ).format(km=choice.km_apart)
        elif guess.ambiguous:
            text += " " + self.tr(
                "Both axis orders fit the workspace's area; the Polish convention "
                "(X = northing) is applied."
            )
        return text
