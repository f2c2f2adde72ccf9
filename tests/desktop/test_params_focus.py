"""A refused parameter puts the cursor on its field; the fields' ranges are those declared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from analysis.errors import ParameterError
from analysis.heatmap.activity import ActivityHeatmapParams
from analysis.heatmap.usage import UsageParams
from analysis.planning.gaps import GapParams
from analysis.planning.racks import RackParams
from analysis.planning.reports import ReportParams
from desktop.params_form import INT_MAX, ParamsForm
from tests.desktop.test_analysis_dialogs import RUN_TIMEOUT_MS, _dialog, _type_into
from tests.desktop.town import build_town


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_town(tmp_path_factory.mktemp("town") / "miasteczko.gpkg")


def _has_focus(form: ParamsForm, field: str) -> bool:
    editor = form.editor(field)
    return form.focusWidget() in (editor, getattr(editor, "lineEdit", lambda: None)())


def test_spin_boxes_take_their_range_from_the_declared_bounds(qtbot: Any) -> None:
    racks = ParamsForm(RackParams)
    qtbot.addWidget(racks)
    spacing, walk = racks.editor("candidate_spacing_m"), racks.editor("walk_m")
    assert isinstance(spacing, QDoubleSpinBox) and isinstance(walk, QDoubleSpinBox)
    assert (spacing.minimum(), spacing.maximum()) == (1.0, 5_000.0)
    assert walk.minimum() == pytest.approx(0.1) and walk.maximum() == 5_000.0  # above 0
    target = racks.editor("target_pct")  # optional: its minimum, 0, is "not set"
    assert (target.minimum(), target.maximum()) == (0.0, 100.0)
    reports = ParamsForm(ReportParams)
    qtbot.addWidget(reports)
    permutations, seed = reports.editor("permutations"), reports.editor("seed")
    assert isinstance(permutations, QSpinBox)
    assert (permutations.minimum(), permutations.maximum()) == (99, 99_999)
    assert seed.maximum() == INT_MAX  # the declared 2**32 - 1 does not fit a spin box
    usage = ParamsForm(UsageParams)
    qtbot.addWidget(usage)
    assert usage.editor("segments.days").minimum() == 0 and usage.params().segments.days is None


def test_a_parameter_error_focuses_the_field_it_names(qtbot: Any) -> None:
    form = ParamsForm(GapParams)
    qtbot.addWidget(form)
    form.show()
    refused = ParameterError("reports_weight", "--weights", "must be at least 0, got -1")
    assert form.focus_error(refused) is form.editor("reports_weight")
    assert _has_focus(form, "reports_weight")
    # its message names the flag; of the fields sharing it, the first has the cursor
    assert form.focus_error(str(refused)) is form.editor("demand_weight")
    usage = ParamsForm(UsageParams)
    qtbot.addWidget(usage)
    usage.show()
    nested = ParameterError("tolerance_m", "--tolerance", "must be a finite number, got nan")
    assert usage.focus_error(str(nested)) is usage.editor("segments.tolerance_m")
    assert usage.focus_error("sample_m: would make 40,000,000 track samples") is usage.editor(
        "segments.sample_m"
    )


def test_refused_weights_are_shown_and_focus_their_field(qtbot: Any, town: Path) -> None:
    dialog = _dialog(qtbot, "gaps", town)
    for field in ("demand_weight", "reports_weight", "connectivity_weight"):
        _type_into(qtbot, dialog.form.editor(field), "0")
    assert not dialog.start() and dialog.job is None
    assert dialog.error_label.text() == "--weights: the weights must not all be zero"
    assert _has_focus(dialog.form, "demand_weight")


def test_work_refused_while_running_focuses_the_field_that_brings_it_down(
    qtbot: Any, town: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis.heatmap import limits

    monkeypatch.setattr(limits, "MAX_CELLS", 1_000)
    dialog = _dialog(qtbot, "heatmap", town, ActivityHeatmapParams(pixel_m=5.0))
    dialog.form.editor("radius_m").setFocus()
    assert dialog.start()
    with qtbot.waitSignal(dialog.job.failed, timeout=RUN_TIMEOUT_MS):
        pass
    assert dialog.error_label.text().startswith("--pixel: would make ")
    assert dialog.error_label.text().endswith("cells, more than the limit of 1,000")
    assert _has_focus(dialog.form, "pixel_m")
    assert dialog.status_label.text() == "Failed; nothing was written."
