"""A run's failure carries its exception, so the field it names has the cursor; progress
messages naming files stay on one line."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from analysis import registry
from analysis.errors import ParameterError
from analysis.progress import Progress
from desktop.analysis_dialog import AnalysisDialog
from desktop.job_dialog import JobDialog, Work
from tests.desktop.test_analysis_dialogs import RUN_TIMEOUT_MS
from tests.desktop.test_params_focus import _has_focus
from tests.desktop.town import build_town


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_town(tmp_path_factory.mktemp("town") / "miasteczko.gpkg")


@pytest.mark.parametrize("field", ["reports_weight", "connectivity_weight"])
def test_a_run_refusing_a_field_that_shares_its_flag_focuses_that_field(
    qtbot: Any, town: Path, field: str
) -> None:
    """The three gap weights share --weights: the message alone would name the first."""
    refused = ParameterError(field, "--weights", "would make too much work")

    def run(*_: Any) -> Any:
        raise refused

    refusing = dataclasses.replace(registry.get("gaps"), key="refusing_gaps", run=run)
    with registry.registered(refusing):
        dialog = AnalysisDialog(refusing, town)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.form.editor("along_m").setFocus()
        assert dialog.start()  # the work fails at once: wait for the dialog to show it
        qtbot.waitUntil(dialog.run_button.isEnabled, timeout=RUN_TIMEOUT_MS)
    assert dialog.error_label.text() == "--weights: would make too much work"
    assert _has_focus(dialog.form, field)


class _Reading(JobDialog):
    """Reports reading a file whose name holds a newline, a return and a bidi override."""

    NAME = "zły\nplik\r\u202egpx.gpx"

    def prepare(self) -> Work:
        def work(progress: Progress) -> None:
            progress.report(0.5, f"reading {self.NAME}")

        return work

    def succeeded(self, result: Any) -> None:
        pass


def test_a_progress_message_naming_a_file_stays_on_one_line(qtbot: Any) -> None:
    dialog = _Reading()
    qtbot.addWidget(dialog)
    assert dialog.start()
    qtbot.waitUntil(dialog.run_button.isEnabled, timeout=RUN_TIMEOUT_MS)
    assert dialog.status_label.text() == "reading zły\\nplik\\r\\u202egpx.gpx"


def test_messages_are_shown_as_plain_text_not_as_html(qtbot: Any) -> None:
    # A file named like HTML ('<b>x</b>.csv', '<img src=...>') must show as it is written.
    dialog = _Reading()
    qtbot.addWidget(dialog)
    assert dialog.status_label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.error_label.textFormat() == Qt.TextFormat.PlainText
