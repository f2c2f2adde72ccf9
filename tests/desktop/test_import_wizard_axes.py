"""X/Y that lie in Poland in either axis order, in an empty workspace: the import wizard asks
which column holds the northing, as the importer would refuse them, and imports with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from analysis.workspace import Workspace
from desktop.import_pages import PAGE_REPORTS
from desktop.import_wizard import ImportWizard
from tests.desktop.test_import_wizard import X0, Y0, press, wait_for_summary

HEADER = "Numer;Kategoria;Data zgłoszenia;X;Y\n"


@pytest.fixture
def empty(tmp_path: Path) -> Workspace:
    """A workspace without data: nothing tells which axis order is right."""
    return Workspace.create(tmp_path / "nowe.gpkg", crs="EPSG:2180")


@pytest.fixture
def swapped_csv(tmp_path: Path) -> Path:
    """Three reports near Łódź whose X holds the northing and Y the easting (in EPSG:2180)."""
    rows = "".join(
        f"{i};Dziura w jezdni;2024-05-0{i} 10:00;{Y0 + 10 * i};{X0 + 10 * i}\n" for i in (1, 2, 3)
    )
    path = tmp_path / "zgloszenia.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


@pytest.fixture
def wizard(qtbot: Any, empty: Workspace, swapped_csv: Path) -> ImportWizard:
    w = ImportWizard(empty)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.set_paths([swapped_csv])
    press(qtbot, w, QWizard.WizardButton.NextButton)
    assert w.currentId() == PAGE_REPORTS
    qtbot.waitUntil(lambda: w.reports_page.detection is not None, timeout=10_000)
    return w


def test_the_wizard_asks_which_column_holds_the_northing_and_imports_with_it(
    qtbot: Any, wizard: ImportWizard, empty: Workspace
) -> None:
    page = wizard.reports_page
    message = page.message_label.text()
    assert "Polish convention" not in message
    assert "Both axis orders put the reports in Poland, 198 km apart" in message
    assert "choose the column that holds the northing" in message
    assert page.northing_box.isVisible() and not page.isComplete()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    buttons = page.northing_buttons.buttons()
    assert [b.text() for b in buttons] == [
        "X: the reports lie around 51.376°N 19.431°E",  # Łódź: X is the northing here
        "Y: the reports lie around 52.625°N 17.375°E",
    ]
    assert not any(b.isChecked() for b in buttons)
    buttons[0].setFocus()
    qtbot.keyClick(buttons[0], Qt.Key.Key_Space)  # as a keyboard user picks it
    assert page.column_map() == {"x": "X", "y": "Y"}  # the choice, as the importer takes it
    assert page.isComplete() and buttons[0].isChecked() and not buttons[1].isChecked()
    assert "X is read as the northing, as chosen." in page.message_label.text()
    with qtbot.waitSignal(wizard.imported, timeout=30_000) as blocker:
        press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    summary = blocker.args[0]
    assert (summary.imported, summary.rejected) == (3, 0)
    wait_for_summary(qtbot, wizard)
    points = empty.read_layer("reports").to_crs("EPSG:2180").geometry
    assert sorted(round(p.x) for p in points) == [X0 + 10, X0 + 20, X0 + 30]  # where they are
    assert sorted(round(p.y) for p in points) == [Y0 + 10, Y0 + 20, Y0 + 30]


def test_the_other_column_can_be_chosen_and_undone(qtbot: Any, wizard: ImportWizard) -> None:
    page = wizard.reports_page
    page.choose_northing("Y")
    assert page.column_map() == {"x": "Y", "y": "X"}
    assert page.northing_buttons.buttons()[1].isChecked() and page.isComplete()
    page.choose_column("x", None)  # back to detection: the choice is asked again
    page.choose_column("y", None)
    assert page.column_map() == {} and not page.isComplete()
    assert not any(b.isChecked() for b in page.northing_buttons.buttons())


def test_a_workspace_with_data_tells_the_order_itself(
    qtbot: Any, empty: Workspace, swapped_csv: Path
) -> None:
    import geopandas as gpd
    import shapely

    from analysis.workspace import DatasetKind

    street = gpd.GeoDataFrame(
        geometry=[shapely.LineString([(X0, Y0), (X0 + 500, Y0 + 500)])], crs="EPSG:2180"
    )
    with empty.transaction() as tx:
        tx.write_layer(street, "ulice", DatasetKind.DATASET)
    w = ImportWizard(empty)
    qtbot.addWidget(w)
    w.show()
    w.set_paths([swapped_csv])
    press(qtbot, w, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(w.reports_page.isComplete, timeout=10_000)
    page = w.reports_page
    assert not page.northing_box.isVisible() and page.column_map() == {}
    assert "EPSG:2180, northing/latitude first" in page.message_label.text()
