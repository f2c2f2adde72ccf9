"""Analysis dialogs: forms from the parameters dataclasses, runs in the background, real cancel."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
)

from analysis import registry
from analysis.export.titles import layer_title
from analysis.heatmap.activity import ActivityHeatmapParams
from analysis.heatmap.filters import ActivityFilter
from analysis.planning.districts import DistrictParams
from analysis.planning.gaps import GapParams
from analysis.planning.racks import RackParams
from analysis.planning.result import SUMMARY_FACT
from analysis.workspace import DatasetKind, Workspace
from desktop import i18n
from desktop.analyses import title
from desktop.analysis_dialog import FRAME_ALLOWANCE, AnalysisDialog
from desktop.params_form import VOCABULARIES, ParamsForm
from tests.desktop.town import build_town, town_point

RUN_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small town's workspace, built once for the module."""
    return build_town(tmp_path_factory.mktemp("town") / "miasteczko.gpkg")


@pytest.fixture
def fresh_town(town: Path, tmp_path: Path) -> Path:
    """A copy of the town only this test writes to."""
    return Path(shutil.copy(town, tmp_path / town.name))


@pytest.fixture
def town_with_new_racks(fresh_town: Path) -> Path:
    """The town with a second layer of racks, at the ride ends, whose name looks like none."""
    import geopandas as gpd

    ws = Workspace.open(fresh_town)
    racks = gpd.GeoDataFrame(
        {"miejsca": [8, 8]}, geometry=[town_point(12, 15), town_point(12, 14)], crs=ws.crs
    )
    with ws.transaction() as tx:
        tx.write_layer(racks, "nowe_punkty", DatasetKind.DATASET, title="Nowe punkty 2025")
    return fresh_town


def _dialog(qtbot: Any, key: str, workspace: Path, params: Any = None) -> AnalysisDialog:
    dialog = AnalysisDialog(registry.get(key), workspace, params)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _type_into(qtbot: Any, widget: Any, text: str) -> None:
    """Replace a spin box's or line edit's text by typing, as a user would."""
    widget.setFocus()
    line = widget if isinstance(widget, QLineEdit) else widget.lineEdit()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Tab)


def _boxes(form: ParamsForm, field: str) -> list[QCheckBox]:
    """The check boxes of a vocabulary field, in grid order."""
    return form.editor(field).findChildren(QCheckBox)


def _ticked(form: ParamsForm, field: str) -> list[str]:
    """The labels of a vocabulary field's ticked boxes."""
    return [box.text() for box in _boxes(form, field) if box.isChecked()]


def _tick(form: ParamsForm, field: str, *values: Any) -> None:
    """Tick the boxes of ``values`` in the grid of ``field`` (dotted if nested), by their labels."""
    label = VOCABULARIES[field.rpartition(".")[2]][1]
    boxes = {box.text(): box for box in _boxes(form, field)}
    for value in values:
        box = boxes[label(value)]
        if not box.isChecked():
            box.click()


def _run(qtbot: Any, dialog: AnalysisDialog) -> list[str]:
    with qtbot.waitSignal(dialog.analysis_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_every_analysis_form_shows_its_defaults(qtbot: Any) -> None:
    for analysis in registry.analyses():
        form = ParamsForm(analysis.params)
        qtbot.addWidget(form)
        assert form.params() == analysis.params(), analysis.key
        assert title(analysis) and analysis.run is not None


def test_form_editors_follow_types_units_and_docstrings(qtbot: Any) -> None:
    form = ParamsForm(RackParams)
    qtbot.addWidget(form)
    walk = form.editor("walk_m")
    assert isinstance(walk, QDoubleSpinBox) and walk.suffix() == " m" and walk.value() == 150.0
    help_text = "Largest walk along the streets between a stand and the demand it serves."
    assert walk.toolTip() == help_text
    assert walk.whatsThis() == walk.toolTip()
    assert isinstance(form.editor("new_sites"), QSpinBox)
    assert form.editor("time_limit_s").suffix() == " s"
    target = form.editor("target_pct")
    assert target.suffix() == " %" and target.text() == "not set"  # None: maximal covering
    method = form.editor("method")
    assert isinstance(method, QComboBox) and [method.itemData(i) for i in range(2)] == [
        "exact",
        "greedy",
    ]
    types = form.editor("activity_types")
    assert types.objectName() == "activity_types" and types.accessibleName() == "Activity types"
    assert types.toolTip().startswith("Activity types whose trip ends")
    assert [box.text() for box in _boxes(form, "activity_types")] == [
        "cycling",
        "running",
        "inline skating",
        "Nordic walking",
        "walking",
        "other",
    ]
    assert all(box.accessibleName() == box.text() for box in _boxes(form, "activity_types"))
    assert _ticked(form, "activity_types") == ["cycling"]
    gaps = ParamsForm(GapParams)  # a tuple of free values stays a line
    qtbot.addWidget(gaps)
    assert isinstance(gaps.editor("report_categories"), QLineEdit)
    heat = ParamsForm(registry.get("heatmap").params)
    qtbot.addWidget(heat)
    assert isinstance(heat.editor("drop_stops"), QCheckBox)
    assert heat.editor("filters.months").parent().parent() is heat.findChild(QGroupBox)
    assert heat.editor("filters.types").toolTip().startswith("cycling, running")
    # numpy-style "Attributes" docs count as well
    reports = ParamsForm(registry.get("reports").params)
    qtbot.addWidget(reports)
    assert reports.editor("cell_m").toolTip().startswith("Side of the square grid cells")


def test_form_values_reach_the_dataclass(qtbot: Any) -> None:
    form = ParamsForm(RackParams)
    qtbot.addWidget(form)
    form.show()
    _type_into(qtbot, form.editor("walk_m"), "300")
    _type_into(qtbot, form.editor("target_pct"), "80")
    _tick(form, "activity_types", "running")
    form.editor("method").setCurrentIndex(1)
    params = form.params()
    assert (params.walk_m, params.target_pct, params.activity_types, params.method) == (
        300.0,
        80.0,
        ("cycling", "running"),
        "greedy",
    )


def test_heatmap_dialog_stores_the_raster(qtbot: Any, fresh_town: Path) -> None:
    dialog = _dialog(qtbot, "heatmap", fresh_town)
    _type_into(qtbot, dialog.form.editor("pixel_m"), "20")
    _tick(dialog.form, "filters.types", "cycling")
    names = _run(qtbot, dialog)
    assert names == ["heatmap_cycling"]
    entry = Workspace.open(fresh_town).entry("heatmap_cycling")
    assert entry.kind is DatasetKind.RASTER and entry.raster_path
    assert entry.quality["pixel_m"] == 20.0 and entry.quality["unit"] == "activities per 20 m cell"
    # Counts are of what the cells show: 4 of the 60 rides pass only cells of fewer than 5.
    assert entry.quality["users"] == 10 and entry.quality["activities"] == 56
    assert entry.quality["cells_shown"] > 0
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    title = layer_title(entry, "en")
    assert dialog.status_label.text() == f"Stored 1 layer(s): {title}"
    assert dialog.run_button.isEnabled()
    shown = dialog.result_view.toPlainText()
    assert dialog.result_view.isVisible() and "cells shown" in shown
    assert f"{entry.quality['cells_shown']} cells shown; unit: activities per 20 m cell" in shown


def test_rack_dialog_stores_sites_with_the_walk_given(qtbot: Any, fresh_town: Path) -> None:
    dialog = _dialog(qtbot, "racks", fresh_town)
    _type_into(qtbot, dialog.form.editor("walk_m"), "300")
    _type_into(qtbot, dialog.form.editor("new_sites"), "2")
    with qtbot.waitSignal(dialog.analysis_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        qtbot.keyClick(dialog.form.editor("new_sites"), Qt.Key.Key_Return)  # Enter runs it
    names = blocker.args[0]
    assert names == ["racks_sites", "racks_uncovered"]
    ws = Workspace.open(fresh_town)
    entries = {e.name: e for e in ws.entries()}
    assert {"racks_sites", "racks_uncovered"} <= set(entries)
    sites = entries["racks_sites"]
    assert sites.kind is DatasetKind.ANALYSIS and sites.quality["walk_m"] == 300.0
    # The summary is shown, the layers named by their titles, and the summary stored.
    titles = [layer_title(entries[n], "en") for n in names]
    assert dialog.status_label.text() == f"Stored 2 layer(s): {'; '.join(titles)}"
    lines = sites.quality[SUMMARY_FACT]["lines"]
    assert dialog.result_view.isVisible() and dialog.result_view.toPlainText() == "\n".join(lines)
    assert any("existing racks cover" in line and "raise it to" in line for line in lines)
    assert sites.quality["new_sites"] == 2 and 1 <= sites.feature_count <= 2
    # The ride ends at column 12, row 15 (with two missing-rack reports) get a stand.
    best = ws.read_layer("racks_sites").sort_values("rank").geometry.iloc[0]
    assert best.distance(town_point(12, 15)) <= 300


def test_gap_dialog_counts_usage_first_and_ranks_the_ridden_street(
    qtbot: Any, fresh_town: Path
) -> None:
    from shapely.geometry import LineString

    dialog = _dialog(qtbot, "gaps", fresh_town)
    _type_into(qtbot, dialog.form.editor("min_users_per_day"), "0.1")
    messages: list[str] = []
    dialog.progressed.connect(lambda f, m: messages.append(m))
    names = _run(qtbot, dialog)
    assert names[0] == "gaps_corridors" and "gaps_issues" in names
    assert "no usage_cycling_segments layer: counting cycling usage now" in messages
    shown = dialog.result_view.toPlainText().splitlines()
    assert shown[-1].startswith("no usage_cycling_segments layer: counting cycling usage from")
    ws = Workspace.open(fresh_town)
    assert ws.entry("gaps_corridors").quality["min_users_per_day"] == 0.1
    best = ws.read_layer("gaps_corridors").sort_values("rank").geometry.iloc[0]
    ride = LineString([town_point(6, 5), town_point(12, 5), town_point(12, 15)])
    cycleway = LineString([town_point(2, 5), town_point(6, 5)])
    assert best.length >= 100 and ride.buffer(1).contains(best)  # on the ridden street
    assert best.distance(cycleway) > 15


def test_usage_dialog_counts_on_the_streets_chosen(qtbot: Any, fresh_town: Path) -> None:
    dialog = _dialog(qtbot, "usage", fresh_town)
    assert dialog.layer_choice is not None
    streets = dialog.layer_choice.combo("streets")  # required: no "(none)"
    assert [streets.itemData(i) for i in range(streets.count())] == ["ulice", "drogi_rowerowe"]
    assert streets.currentData() == "ulice"
    _tick(dialog.form, "filters.types", "cycling")
    names = _run(qtbot, dialog)
    assert names == [
        "usage_cycling_segments",
        "usage_cycling_periods",
        "usage_cycling_hexagons",
    ]
    segments = Workspace.open(fresh_town).entry("usage_cycling_segments")
    # As for the heatmap, 4 of the 60 rides are counted nowhere: fewer than 5 people ride there.
    assert segments.quality["streets"] == "ulice" and segments.quality["trips"] == 56
    assert dialog.result_view.toPlainText().startswith("56 trips of cycling on ")
    # The gap analysis now reads the usage stored instead of counting it.
    gaps = _dialog(qtbot, "gaps", fresh_town)
    assert gaps.layer_choice is not None
    assert gaps.layer_choice.combo("usage").currentData() == "usage_cycling_segments"


def _items(combo: QComboBox) -> list[tuple[str, str]]:
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


def test_layer_boxes_list_the_candidates_with_the_guess_chosen(
    qtbot: Any, town_with_new_racks: Path
) -> None:
    dialog = _dialog(qtbot, "racks", town_with_new_racks)
    assert dialog.layer_choice is not None
    racks = dialog.layer_choice.combo("racks")
    # The lookalike first, then the other point layers, largest first; none last.
    assert _items(racks) == [
        ("stojaki_rowerowe", "stojaki_rowerowe"),
        ("Nowe punkty 2025 (nowe_punkty)", "nowe_punkty"),
        ("szkoly", "szkoly"),
        ("(none)", ""),
    ]
    assert racks.currentData() == "stojaki_rowerowe"
    assert dialog.layer_choice.layout().labelForField(racks).text() == "Bike racks:"
    streets = dialog.layer_choice.combo("streets")  # required: no "(none)"
    assert _items(streets) == [("ulice", "ulice"), ("drogi_rowerowe", "drogi_rowerowe")]
    assert streets.currentData() == "ulice"
    assert dialog.layer_choice.combo("schools").currentData() == "szkoly"
    assert dialog.layer_choice.combo("parks").currentText() == "(none)"  # no guess: none
    assert dialog.layer_choice.layers() == {
        "streets": "ulice",
        "racks": "stojaki_rowerowe",
        "activities": "activities",
        "reports": "zgloszenia",
        "schools": "szkoly",
        "bus_stops": "",
        "shops": "",
        "parks": "",
    }
    gaps = _dialog(qtbot, "gaps", town_with_new_racks)
    assert gaps.layer_choice is not None and not gaps.error_label.isVisible()
    usage = gaps.layer_choice.combo("usage")  # no usage layer yet
    assert _items(usage) == [("(count now from the tracks)", "")]
    assert gaps.layer_choice.combo("cycleways").currentData() == "drogi_rowerowe"
    assert (
        registry.get("audit").slots == ()
        and _dialog(qtbot, "audit", town_with_new_racks).layer_choice is None
    )


def test_the_racks_chosen_change_the_sites(qtbot: Any, town_with_new_racks: Path) -> None:
    # Trip ends count one per person and cell: weight 6 gives the figures of six rides each.
    params = RackParams(walk_m=300.0, new_sites=2, trip_end_weight=6.0)
    dialog = _dialog(qtbot, "racks", town_with_new_racks, params)
    ws = Workspace.open(town_with_new_racks)

    def best() -> tuple[float, Any]:
        site = ws.read_layer("racks_sites").sort_values("rank").iloc[0]
        return site["covered_demand"], site.geometry

    # The guess, one rack at the rides' start: the best site serves the ride ends and reports.
    assert _run(qtbot, dialog) == ["racks_sites", "racks_uncovered"]
    demand, site = best()
    assert demand == 70.0 and site.distance(town_point(12, 15)) <= 300
    # Racks at the ride ends instead: the ends are served, the starts are the best site.
    racks = dialog.layer_choice.combo("racks")
    racks.setCurrentIndex(racks.findData("nowe_punkty"))
    _run(qtbot, dialog)
    demand, site = best()
    assert demand == 60.0 and site.distance(town_point(2, 5)) <= 300
    assert ws.read_layer("racks_sites")["covered_demand"].tolist() == [60.0, 20.0]  # and the school
    assert ws.entry("racks_sites").quality["layer.racks"] == "nowe_punkty"
    # No racks at all: both the ends (70) and the starts (60) need a stand.
    racks.setCurrentIndex(racks.count() - 1)
    _run(qtbot, dialog)
    assert sorted(ws.read_layer("racks_sites")["covered_demand"].tolist()) == [60.0, 70.0]
    quality = ws.entry("racks_sites").quality  # the catalogue says the racks were left out
    assert quality["layer.racks"] == "" and quality["layer.streets"] == "ulice"
    assert quality["layer.activities"] == "activities" and quality["layer.parks"] == ""


def test_a_layer_no_candidate_can_fill_is_said_and_run_refuses(qtbot: Any, town: Path) -> None:
    dialog = _dialog(qtbot, "districts", town)  # the town has no polygons
    message = "The workspace has no layer for: Districts. Import one first."
    assert dialog.error_label.isVisible() and dialog.error_label.text() == message
    assert dialog.layer_choice is not None
    districts = dialog.layer_choice.combo("districts")
    assert not districts.isEnabled() and districts.currentText() == "(no suitable layer)"
    assert dialog.layer_choice.combo("racks").currentData() == "stojaki_rowerowe"
    _type_into(qtbot, dialog.form.editor("car_share"), "0.5")  # editing hides the message...
    assert not dialog.error_label.isVisible()
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)  # ... Run says it again
    assert dialog.job is None and not dialog.is_running()
    assert dialog.error_label.isVisible() and dialog.error_label.text() == message


def test_cancel_midway_keeps_the_app_responsive_and_stores_nothing(
    qtbot: Any, fresh_town: Path
) -> None:
    before = {e.name for e in Workspace.open(fresh_town).entries()}
    # Candidates every metre of 186 km of streets: minutes of walking distances.
    slow = RackParams(candidate_spacing_m=1.0, walk_m=300.0)
    dialog = _dialog(qtbot, "racks", fresh_town, slow)
    ticks: list[bool] = []
    gui = threading.get_ident()
    timer = QTimer(dialog)
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(threading.get_ident() == gui))
    timer.start()
    progress: list[str] = []
    dialog.progressed.connect(lambda f, m: progress.append(m))
    assert dialog.start()
    qtbot.waitUntil(lambda: "walking distances" in progress, timeout=RUN_TIMEOUT_MS)
    ticks_at_first_progress = len(ticks)
    qtbot.wait(500)
    assert dialog.is_running() and 0 < dialog.progress_bar.value() < 1000
    assert len(ticks) >= ticks_at_first_progress + 10  # 25 at most: the GUI kept going
    with qtbot.waitSignal(dialog.job.cancelled, timeout=5_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert all(ticks) and dialog.isVisible()  # Escape cancelled the run, not the dialog
    assert dialog.status_label.text() == "Cancelled; nothing was written."
    assert dialog.run_button.isEnabled() and dialog.form.isEnabled()
    assert {e.name for e in Workspace.open(fresh_town).entries()} == before


@pytest.mark.parametrize(
    ("key", "field", "text", "message", "fix"),
    [
        (
            "racks",
            "new_sites",
            "0",
            "--new: the number of new stands must be at least 1, got 0",
            "3",
        ),
    ],
)
def test_a_refused_parameter_is_shown_and_nothing_starts(
    qtbot: Any, town: Path, key: str, field: str, text: str, message: str, fix: str
) -> None:
    dialog = _dialog(qtbot, key, town)
    _type_into(qtbot, dialog.form.editor(field), text)
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert dialog.job is None and not dialog.is_running()
    assert dialog.error_label.isVisible() and dialog.error_label.text() == message
    editor = dialog.form.editor(field)
    assert dialog.focusWidget() in (editor, getattr(editor, "lineEdit", lambda: None)())
    _type_into(qtbot, editor, fix)  # editing clears the error
    assert not dialog.error_label.isVisible()
    assert dialog.start() and dialog.job is not None
    dialog.job.cancel()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=RUN_TIMEOUT_MS)


def test_a_failing_run_says_why(qtbot: Any, town: Path) -> None:
    skiing = ActivityHeatmapParams(filters=ActivityFilter(types=("skiing",)))
    dialog = _dialog(qtbot, "heatmap", town, skiing)
    assert _ticked(dialog.form, "filters.types") == ["skiing"]
    finished: list[Any] = []
    dialog.analysis_finished.connect(finished.append)
    assert dialog.start()
    with qtbot.waitSignal(dialog.job.failed, timeout=RUN_TIMEOUT_MS):
        pass
    assert "no activity passes the filters (skiing)" in dialog.error_label.text()
    assert dialog.status_label.text() == "Failed; nothing was written."
    assert not finished and dialog.run_button.isEnabled()


def test_an_activity_type_nobody_recorded_is_said_after_the_run(
    qtbot: Any, fresh_town: Path
) -> None:
    params = RackParams(new_sites=1, walk_m=300.0, activity_types=("rower",))
    dialog = _dialog(qtbot, "racks", fresh_town, params)
    _run(qtbot, dialog)
    assert (
        "No activity has the type rower: no trip ends of it are demand (types recorded: "
        "cycling)." in dialog.result_view.toPlainText().splitlines()
    )
    summary = Workspace.open(fresh_town).entry("racks_sites").quality[SUMMARY_FACT]
    assert summary["figures"]["unrecorded_activity_types"] == ["rower"]


def test_the_usage_box_offers_only_layers_with_the_counts(qtbot: Any, fresh_town: Path) -> None:
    ws = Workspace.open(fresh_town)
    streets = ws.read_layer("ulice")
    counted = streets.assign(users=0, users_per_day=0.0)
    with ws.transaction() as tx:
        tx.write_layer(counted, "usage_cycling_segments", DatasetKind.ANALYSIS)
        tx.write_layer(streets.assign(users=0), "usage_cycling_periods", DatasetKind.ANALYSIS)
        for name in ("gaps_corridors", "gaps_segments"):  # the counts, but the gaps' own
            tx.write_layer(
                counted.iloc[:3], name, DatasetKind.ANALYSIS, quality={"analysis": "gaps"}
            )
    dialog = _dialog(qtbot, "gaps", fresh_town)
    assert dialog.layer_choice is not None
    assert [data for _, data in _items(dialog.layer_choice.combo("usage"))] == [
        "usage_cycling_segments",
        "",
    ]


def test_the_gap_run_records_the_layers_it_read(qtbot: Any, fresh_town: Path) -> None:
    dialog = _dialog(qtbot, "gaps", fresh_town)
    _type_into(qtbot, dialog.form.editor("min_users_per_day"), "0.1")
    dialog.layer_choice.combo("reports").setCurrentIndex(
        dialog.layer_choice.combo("reports").findData("")
    )
    _run(qtbot, dialog)
    quality = Workspace.open(fresh_town).entry("gaps_corridors").quality
    assert {k: v for k, v in quality.items() if k.startswith("layer.")} == {
        "layer.usage": "",
        "layer.streets": "ulice",
        "layer.cycleways": "drogi_rowerowe",
        "layer.reports": "",
    }
    assert "corridors" in dialog.result_view.toPlainText().splitlines()[0]


def _labels(form: ParamsForm) -> list[str]:
    """The row labels of ``form``'s own rows, a group's title for a nested form."""
    layout = form.layout()
    assert isinstance(layout, QFormLayout)
    labels = []
    for row in range(layout.rowCount()):
        label = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
        span = layout.itemAt(row, QFormLayout.ItemRole.SpanningRole)
        if label is not None and isinstance(label.widget(), QLabel):
            labels.append(label.widget().text())
        elif span is not None and isinstance(span.widget(), QGroupBox):
            labels.append(span.widget().title())
    return labels


@pytest.mark.parametrize("key", registry.keys())
def test_no_form_shows_two_rows_under_one_label(qtbot: Any, key: str) -> None:
    form = ParamsForm(registry.get(key).params)
    qtbot.addWidget(form)
    for part in (form, *form.findChildren(ParamsForm)):
        labels = _labels(part)
        assert labels and len(set(labels)) == len(labels), (key, labels)
    if key == "reports":
        labels = _labels(form)
        assert {"Duplicates: distance", "Duplicates: time apart"} <= set(labels)


@pytest.mark.parametrize(("key", "height"), [("racks", 728), ("gaps", 500), ("districts", 1040)])
def test_the_dialog_fits_the_screens_available_height(
    qtbot: Any, town: Path, monkeypatch: pytest.MonkeyPatch, key: str, height: int
) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1366, height))
    dialog = _dialog(qtbot, key, town)
    assert dialog.height() + FRAME_ALLOWANCE <= height and dialog.width() == 520
    scroll = dialog.findChild(QScrollArea)
    # The form fits the width (the scroll bars settle once the first layout is done).
    qtbot.waitUntil(lambda: not scroll.horizontalScrollBar().isVisible(), timeout=1_000)
    whole = dialog.form.sizeHint().height()
    if key == "districts":  # a short form is shown whole, and the dialog stays compact
        assert scroll.viewport().height() >= whole and dialog.height() < 720
    else:  # the form scrolls
        assert scroll.viewport().height() < whole and scroll.verticalScrollBar().maximum() > 0


def test_the_streets_box_is_used_only_while_usage_is_counted_now(
    qtbot: Any, fresh_town: Path
) -> None:
    ws = Workspace.open(fresh_town)
    counted = ws.read_layer("ulice").assign(users=0, users_per_day=0.0)
    with ws.transaction() as tx:
        tx.write_layer(counted, "usage_cycling_segments", DatasetKind.ANALYSIS)
    dialog = _dialog(qtbot, "gaps", fresh_town)
    choice = dialog.layer_choice
    assert choice is not None
    usage, streets = choice.combo("usage"), choice.combo("streets")
    assert usage.currentData() == "usage_cycling_segments"
    assert not streets.isEnabled() and streets.toolTip()
    usage.setCurrentIndex(usage.findData(""))  # count now from the tracks: on these streets
    assert streets.isEnabled() and streets.currentData() == "ulice" and not streets.toolTip()


def test_vocabulary_boxes_are_labelled_in_the_ui_language(qtbot: Any) -> None:
    english = ParamsForm(ActivityFilter)
    qtbot.addWidget(english)
    assert [box.text() for box in _boxes(english, "months")][:2] == ["January", "February"]
    assert [box.text() for box in _boxes(english, "day_parts")] == [
        "morning",
        "midday",
        "evening",
        "night",
    ]
    i18n.install("pl")
    try:
        heat, districts = ParamsForm(ActivityFilter), ParamsForm(DistrictParams)
    finally:
        i18n.reset()
    qtbot.addWidget(heat)
    qtbot.addWidget(districts)
    months = _boxes(heat, "months")
    assert [months[0].text(), months[4].text(), months[11].text()] == ["styczeń", "maj", "grudzień"]
    assert months[4].accessibleName() == "maj"
    assert "jazda na rolkach" in [box.text() for box in _boxes(heat, "types")]
    assert "w realizacji" in [box.text() for box in _boxes(districts, "closed_statuses")]
    assert len(_boxes(districts, "cycling_types")) == 6


def test_vocabulary_boxes_read_back_what_they_show(qtbot: Any) -> None:
    shown = ActivityFilter(
        types=("running", "cycling"), day_parts=("night", "morning"), months=(12, 1)
    )
    form = ParamsForm(ActivityFilter, shown)
    qtbot.addWidget(form)
    assert _ticked(form, "months") == ["January", "December"]
    params = form.params()  # in the vocabulary's order
    assert (params.types, params.day_parts, params.months) == (
        ("cycling", "running"),
        ("morning", "night"),
        (1, 12),
    )
    form.set_params(ActivityFilter())
    assert form.params() == ActivityFilter()  # nothing ticked: all
    form.set_params(shown)
    assert form.params() == params


def test_a_value_outside_the_vocabulary_keeps_its_own_box(qtbot: Any) -> None:
    form = ParamsForm(RackParams, RackParams(activity_types=("rower", "cycling")))
    qtbot.addWidget(form)
    boxes = _boxes(form, "activity_types")
    assert len(boxes) == 7 and boxes[-1].text() == boxes[-1].accessibleName() == "rower"
    assert _ticked(form, "activity_types") == ["cycling", "rower"]
    assert form.params().activity_types == ("cycling", "rower")
    form.set_params(RackParams())  # the box stays, unticked
    assert len(_boxes(form, "activity_types")) == 7 and form.params() == RackParams()


def test_ticking_a_box_says_the_form_changed_and_keys_reach_the_boxes(qtbot: Any) -> None:
    form = ParamsForm(DistrictParams)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    with qtbot.waitSignal(form.changed, timeout=1_000):
        _tick(form, "closed_statuses", "open")
    assert form.params().closed_statuses == ("open", "closed", "rejected")
    grid = form.editor("closed_statuses")
    assert form.focus_error("closed_statuses: no such status") is grid
    first, second = _boxes(form, "closed_statuses")[:2]
    assert form.focusWidget() is first
    with qtbot.waitSignal(form.changed, timeout=1_000):
        qtbot.keyClick(first, Qt.Key.Key_Space)  # unticks "open"
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert form.focusWidget() is second
    qtbot.keyClick(second, Qt.Key.Key_Space)
    assert form.params().closed_statuses == ("in_progress", "closed", "rejected")
