"""An analysis registered in process is in the Analysis menu, with a dialog that runs it.

``report_counts`` (reports per category) is declared in the CLI's test of the
registry, which runs it through ``urbanista analyze``; no desktop code knows it.
The menu lists it after the built-in ones, its dialog offers its reports slot
and its ``min_count`` field, and Run stores its table, which the window then adds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QSpinBox

from analysis import registry
from analysis.planning.result import SUMMARY_FACT
from analysis.registry import Analysis
from analysis.workspace import DatasetKind, Workspace
from desktop.analysis_dialog import AnalysisDialog
from desktop.main_window import MainWindow
from tests.analysis.test_cli_analyze_registry import REPORT_COUNTS
from tests.desktop.test_desktop_flows import menu_action
from tests.desktop.town import build_town, town_point

KEY, TITLE = REPORT_COUNTS.key, REPORT_COUNTS.title
COUNTS = f"{KEY}_counts"


@pytest.fixture
def report_counts() -> Iterator[Analysis]:
    with registry.registered(REPORT_COUNTS) as analysis:
        yield analysis


@pytest.fixture
def town(tmp_path: Path) -> Path:
    """The small town, with a second reports layer of several categories."""
    import geopandas as gpd

    path = build_town(tmp_path / "miasteczko.gpkg")
    ws = Workspace.open(path)
    categories = ["pothole"] * 3 + ["lighting"] + ["missing_bike_rack"] * 2
    reports = gpd.GeoDataFrame(
        {"category": categories},
        geometry=[town_point(i, 1) for i in range(len(categories))],
        crs=ws.crs,
    )
    with ws.transaction() as tx:
        tx.write_layer(reports, "zgloszenia_2025", DatasetKind.REPORTS)
    return path


@pytest.fixture
def window(qtbot: Any, town: Path, report_counts: Analysis) -> MainWindow:
    """The main window, made once the analysis is registered, with the town open."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_workspace(town)
    with qtbot.waitSignal(window.map_job.finished, timeout=30_000):  # type: ignore[union-attr]
        pass
    return window


def test_the_menu_lists_the_registered_analysis_after_the_built_in_ones(
    window: MainWindow,
) -> None:
    action = menu_action(window, "Analysis", TITLE)
    (analysis_menu,) = [
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Analysis"
    ]
    texts = [a.text() for a in analysis_menu.actions() if a.text()]
    assert texts[-1] == action.text() == f"&{len(registry.keys())} {TITLE}…"
    assert len(texts) == len(registry.BUILTIN) + 1
    assert action.toolTip() == action.statusTip() == REPORT_COUNTS.description


def test_its_dialog_runs_it_and_the_window_adds_its_layer(qtbot: Any, window: MainWindow) -> None:
    menu_action(window, "Analysis", TITLE).trigger()
    dialog = window.findChild(AnalysisDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == TITLE
    assert dialog.toolTip() == REPORT_COUNTS.description
    assert dialog.layer_choice is not None
    reports = dialog.layer_choice.combo("reports")
    assert {reports.itemData(i) for i in range(reports.count())} == {
        "zgloszenia",
        "zgloszenia_2025",
    }
    reports.setCurrentIndex(reports.findData("zgloszenia_2025"))
    min_count = dialog.form.editor("min_count")
    assert isinstance(min_count, QSpinBox) and min_count.value() == 1
    assert (min_count.minimum(), min_count.maximum()) == (1, 1000)
    assert min_count.toolTip() == "Leave out categories of fewer reports."
    min_count.setValue(2)
    with qtbot.waitSignal(dialog.analysis_finished, timeout=60_000) as done:
        dialog.start()
    assert done.args[0] == [COUNTS]
    ws = Workspace.open(window.workspace.path)  # type: ignore[union-attr]
    table = ws.read_layer(COUNTS)
    assert dict(zip(table["category"], table["reports"], strict=True)) == {
        "missing_bike_rack": 2,
        "pothole": 3,
    }
    entry = ws.entry(COUNTS)
    assert entry.kind is DatasetKind.ANALYSIS and entry.quality["min_count"] == 2
    assert entry.quality["layer.reports"] == "zgloszenia_2025"
    assert entry.quality[SUMMARY_FACT]["figures"] == {"categories": 2}
    assert dialog.result_view.toPlainText() == "2 categories of at least 2 reports"
    # The window reads the workspace again: the table is in its catalogue.
    qtbot.waitUntil(
        lambda: COUNTS in {e.name for e in window.catalogue_model.entries()}, timeout=30_000
    )
    assert window.statusBar().currentMessage() == f"Added: {COUNTS}"


def test_in_polish_the_built_in_titles_are_translated_and_the_new_one_is_english(
    qtbot: Any, report_counts: Analysis
) -> None:
    from desktop import i18n

    assert i18n.install("pl")  # the conftest puts English back
    window = MainWindow()
    qtbot.addWidget(window)
    (menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&Analiza"]
    actions = [a for a in menu.actions() if a.text()]
    racks = actions[registry.keys().index("racks")]
    assert racks.text() == "&4 Lokalizacja stojaków rowerowych…"
    assert racks.toolTip().startswith("Propozycje lokalizacji stojaków rowerowych:")
    assert actions[-1].text() == f"&8 {TITLE}…"
    assert actions[-1].toolTip() == REPORT_COUNTS.description


def test_a_slot_the_app_has_no_label_for_is_named_by_its_role(qtbot: Any, town: Path) -> None:
    from analysis.planning.inputs import Slot
    from analysis.workspace import roles
    from desktop.layer_choice import LayerChoice

    stands = Slot("stands", roles.RACKS)
    choice = LayerChoice((stands,), Workspace.open(town))
    qtbot.addWidget(choice)
    assert choice.label(stands) == "Bike racks"
