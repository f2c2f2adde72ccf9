"""The import wizard driven like a user: files, column mapping, import, Cancel, summary."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop.import_pages import PAGE_REPORTS, PAGE_SOURCE, PAGE_SUMMARY
from desktop.import_preview import ImportKind, guess_kind
from desktop.import_wizard import ImportWizard

X0, Y0 = 530_000, 390_000  # Łódź in EPSG:2180
HEADER = "Numer;Kategoria;Data zgłoszenia;Treść uwagi;X;Y\n"
REPORTS = (
    f"1;Dziura w jezdni;2024-05-01 10:00;Dziura przy przystanku;{X0 + 10};{Y0 + 10}\n"
    f"2;Brak stojaka rowerowego;2024-05-02 11:00;Przydałby się stojak;{X0 + 20};{Y0 + 20}\n"
    f"3;Zepsuta latarnia;2024-05-03 12:00;Nie świeci;{X0 + 30};{Y0 + 30}\n"
)


@pytest.fixture
def workspace(tmp_path: Path) -> Any:
    """A workspace in EPSG:2180 with one street, so it has an area; no reports yet."""
    import geopandas as gpd
    from shapely.geometry import LineString

    from analysis.workspace import DatasetKind, Workspace

    ws = Workspace.create(tmp_path / "miasto.gpkg", crs="EPSG:2180")
    streets = gpd.GeoDataFrame(
        {"name": ["Piotrkowska"]},
        geometry=[LineString([(X0, Y0), (X0 + 500, Y0 + 500)])],
        crs="EPSG:2180",
    )
    with ws.transaction() as tx:
        tx.write_layer(streets, "streets", DatasetKind.DATASET)
    return ws


@pytest.fixture
def wizard(qtbot: Any, workspace: Any) -> ImportWizard:
    w = ImportWizard(workspace)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def fingerprint(workspace: Any) -> tuple[str, list[Any]]:
    """The workspace file's SHA-256 and its catalogue."""
    digest = hashlib.sha256(workspace.path.read_bytes()).hexdigest()
    return digest, [e.to_row() for e in workspace.entries()]


def press(qtbot: Any, wizard: ImportWizard, button: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)


def wait_for_summary(qtbot: Any, wizard: ImportWizard, timeout: int = 30_000) -> None:
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_SUMMARY, timeout=timeout)


def go_to_reports_page(qtbot: Any, wizard: ImportWizard, paths: list[Path]) -> None:
    wizard.set_paths(paths)
    assert wizard.source_page.kind() is ImportKind.REPORTS  # detected
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_REPORTS
    qtbot.waitUntil(wizard.reports_page.isComplete, timeout=10_000)


def choose_with_keys(qtbot: Any, combo: Any, text: str) -> None:
    """Pick ``text`` in ``combo`` with the arrow keys, as a keyboard user does."""
    combo.setFocus()
    target = combo.findText(text)
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)


def test_import_reports_with_a_column_remapped(
    qtbot: Any, wizard: ImportWizard, workspace: Any, tmp_path: Path
) -> None:
    csv = tmp_path / "zgloszenia.csv"
    csv.write_text(HEADER + REPORTS, encoding="utf-8")
    go_to_reports_page(qtbot, wizard, [csv])
    page = wizard.reports_page
    combos = page.field_combos
    detected = {f: c.currentData() for f, c in combos.items() if c.currentData()}
    assert detected == {
        "report_id": "Numer",
        "category": "Kategoria",
        "created": "Data zgłoszenia",
        "x": "X",
        "y": "Y",
    }
    assert page.preview_table.rowCount() == 3
    assert page.preview_table.horizontalHeaderItem(0).text() == "Numer\n→ report_id"
    assert "EPSG:2180, easting/longitude first" in page.message_label.text()
    choose_with_keys(qtbot, combos["description"], "Treść uwagi")  # detection missed it
    assert page.column_map() == {"description": "Treść uwagi"}
    assert page.preview_table.horizontalHeaderItem(3).text() == "Treść uwagi\n→ description"
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "&Import"
    with qtbot.waitSignal(wizard.imported, timeout=30_000) as blocker:
        press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    summary = blocker.args[0]
    assert (summary.imported, summary.rejected, summary.datasets) == (3, 0, ["reports"])
    wait_for_summary(qtbot, wizard)
    assert wizard.summary_page.headline.text().startswith("3 imported, 0 skipped")
    layer = workspace.read_layer("reports")
    assert sorted(layer["description"]) == [
        "Dziura przy przystanku",
        "Nie świeci",
        "Przydałby się stojak",
    ]
    assert "Treść uwagi" not in layer.columns
    assert sorted(layer["category"]) == ["missing_bike_rack", "pothole", "street_lighting"]
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert not wizard.isVisible()


def test_remapping_a_taken_column_moves_it(
    qtbot: Any, wizard: ImportWizard, tmp_path: Path
) -> None:
    csv = tmp_path / "zgloszenia.csv"
    csv.write_text(HEADER + REPORTS, encoding="utf-8")
    go_to_reports_page(qtbot, wizard, [csv])
    page = wizard.reports_page
    page.choose_column("description", "Kategoria")  # a column serves one field
    assert page.field_combos["description"].currentData() == "Kategoria"
    assert page.field_combos["category"].currentData() is None
    page.choose_column("x", "X")  # one of a pair alone is refused
    assert not page.isComplete() and "give both" in page.message_label.text()
    page.choose_column("y", "Y")
    assert page.isComplete()
    page.crs_combo.setCurrentText("EPSG:9999999")
    assert not page.isComplete() and "unknown CRS" in page.message_label.text()
    page.crs_combo.setCurrentText("EPSG:2180")
    assert page.isComplete() and page.crs() == "EPSG:2180"


def test_a_file_without_coordinates_says_so(
    qtbot: Any, wizard: ImportWizard, tmp_path: Path
) -> None:
    csv = tmp_path / "bez_wspolrzednych.csv"
    csv.write_text("Numer;Kategoria;Data zgłoszenia\n1;Inne;2024-05-01\n", encoding="utf-8")
    go_to_reports_page(qtbot, wizard, [csv])
    assert wizard.reports_page.message_label.text().startswith("No coordinate columns")
    assert wizard.reports_page.isComplete()  # the import may go on: it rejects the file


def test_a_bad_file_is_reported_and_the_workspace_unchanged(
    qtbot: Any, wizard: ImportWizard, workspace: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "zepsuty.csv"
    bad.write_text("to nie jest tabela\nani trochę\n", encoding="utf-8")
    before = fingerprint(workspace)
    go_to_reports_page(qtbot, wizard, [bad])
    assert "Cannot read" in wizard.reports_page.message_label.text()
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    wait_for_summary(qtbot, wizard)
    summary = wizard.run_page.outcome.summary
    assert (summary.imported, summary.rejected) == (0, 1)
    headline = wizard.summary_page.headline.text()
    assert "0 imported" in headline and "1 rejected" in headline and "unchanged" in headline
    item = wizard.summary_page.files_tree.topLevelItem(0)
    assert item.text(0) == str(bad) and item.text(3) == "1"
    assert "no ';', ',' or tab between column names" in item.text(4)
    assert "Traceback" not in item.text(4)
    assert fingerprint(workspace) == before


def test_rejected_records_are_listed_with_their_line(
    qtbot: Any, wizard: ImportWizard, tmp_path: Path
) -> None:
    csv = tmp_path / "zgloszenia.csv"
    csv.write_text(HEADER + REPORTS + "4;Inne;wczoraj;?;1;2\n", encoding="utf-8")
    go_to_reports_page(qtbot, wizard, [csv])
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    wait_for_summary(qtbot, wizard)
    item = wizard.summary_page.files_tree.topLevelItem(0)
    rows = [item.child(i) for i in range(item.childCount()) if item.child(i).text(0) != "note"]
    assert (item.text(1), item.text(3), len(rows)) == ("3", "1", 1)
    assert rows[0].text(0) == "line 5" and "wczoraj" in rows[0].text(4)


def test_cancel_stops_a_long_import_and_keeps_the_workspace(
    qtbot: Any, wizard: ImportWizard, workspace: Any, tmp_path: Path
) -> None:
    big = tmp_path / "duzy.csv"
    with open(big, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for i in range(200_000):
            f.write(
                f"{i};Dziura w jezdni;2024-05-01 10:00;opis {i};{X0 + i % 900};{Y0 + i % 700}\n"
            )
    before = fingerprint(workspace)
    go_to_reports_page(qtbot, wizard, [big])
    imported: list[Any] = []
    wizard.imported.connect(imported.append)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    run = wizard.run_page
    qtbot.waitUntil(lambda: "records" in run.message_label.text(), timeout=20_000)  # reading
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)  # stops the import, not the wizard
    assert wizard.isVisible() and run.message_label.text() == "Stopping…"
    wait_for_summary(qtbot, wizard, timeout=20_000)
    assert run.outcome is not None and run.outcome.cancelled and not imported
    assert wizard.summary_page.headline.text() == (
        "The import was stopped. The workspace is unchanged."
    )
    assert fingerprint(workspace) == before
    assert [e.name for e in workspace.entries()] == ["streets"]
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)  # still responsive
    assert not wizard.isVisible()


def test_source_page_needs_paths_and_a_kind(
    qtbot: Any, wizard: ImportWizard, tmp_path: Path
) -> None:
    assert wizard.currentId() == PAGE_SOURCE
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    odd = tmp_path / "notatka.txt"
    odd.write_text("?", encoding="utf-8")
    wizard.set_paths([odd])
    assert wizard.source_page.detected_label.text() == "Not recognised: choose the kind"
    assert not wizard.source_page.isComplete()
    wizard.set_kind(ImportKind.DATASETS)
    assert wizard.source_page.isComplete()
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "&Import"


def test_guess_kind(tmp_path: Path) -> None:
    import zipfile

    reports = tmp_path / "zgloszenia.csv"
    reports.write_text(HEADER + REPORTS, encoding="utf-8")
    stops = tmp_path / "przystanki.csv"
    stops.write_text("nazwa;X;Y\nDworzec;1;2\n", encoding="utf-8")
    (tmp_path / "tracks").mkdir()
    for name in ("a.gpx", "b.fit.gz"):
        (tmp_path / "tracks" / name).write_bytes(b"")
    (tmp_path / "strava").mkdir()
    strava = tmp_path / "strava" / "export.zip"
    with zipfile.ZipFile(strava, "w") as z:
        z.writestr("activities/1.gpx", "")
        z.writestr("activities.csv", "")
    shapefile = tmp_path / "ulice.zip"
    with zipfile.ZipFile(shapefile, "w") as z:
        for suffix in (".shp", ".dbf", ".prj"):
            z.writestr("ulice" + suffix, "")
    (tmp_path / "heat.tif").write_bytes(b"")
    assert guess_kind([reports]) is ImportKind.REPORTS
    assert guess_kind([stops]) is ImportKind.DATASETS
    assert guess_kind([tmp_path / "tracks"]) is ImportKind.TRACKS
    assert guess_kind([strava]) is ImportKind.TRACKS
    assert guess_kind([strava.parent]) is ImportKind.TRACKS  # a folder of exports
    assert guess_kind([shapefile]) is ImportKind.DATASETS
    assert guess_kind([tmp_path / "heat.tif"]) is ImportKind.RASTERS
    assert guess_kind([tmp_path / "nothing.txt"]) is None


def test_notes_on_how_a_file_was_read_are_listed_under_it(
    qtbot: Any, wizard: ImportWizard, tmp_path: Path
) -> None:
    csv = tmp_path / "zgloszenia.csv"
    lines = (HEADER + REPORTS).splitlines(keepends=True)
    csv.write_bytes("".join(lines[:-1]).encode() + lines[-1].encode("cp1250"))
    go_to_reports_page(qtbot, wizard, [csv])
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    wait_for_summary(qtbot, wizard)
    item = wizard.summary_page.files_tree.topLevelItem(0)
    notes = [
        item.child(i).text(4) for i in range(item.childCount()) if item.child(i).text(0) == "note"
    ]
    assert "1 line(s) not UTF-8, read as cp1250" in notes
