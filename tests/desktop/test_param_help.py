"""The parameters' help texts: marked for lupdate as the docstrings say now, shown translated."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QGroupBox

from analysis.heatmap.filters import ActivityFilter
from analysis.heatmap.usage import UsageParams
from analysis.planning.gaps import GapParams
from analysis.planning.racks import RackParams
from desktop import param_docs
from desktop.params_form import ParamsForm


class _Prefixing(QTranslator):
    """Translates the help texts only, to "PL: " and the English."""

    def translate(self, context: str, source: str, disambiguation: Any = None, n: int = -1) -> str:
        return f"PL: {source}" if context == param_docs.HELP_CONTEXT else ""


def test_committed_help_module_is_up_to_date() -> None:
    committed = param_docs.HELP_MODULE.read_text(encoding="utf-8")
    assert committed == param_docs.analyses_help_source(), (
        "A parameter's docstring changed: run `python -m desktop.param_docs --write`, "
        "then `make translations` and translate the new texts."
    )


def test_help_texts_include_nested_dataclasses_once_and_sorted() -> None:
    texts = param_docs.help_texts([UsageParams, UsageParams])
    assert param_docs.field_docs(ActivityFilter)["date_to"] in texts  # UsageParams.filters
    assert texts == sorted(set(texts))


def test_form_shows_the_translated_help(qtbot: Any) -> None:
    translator = _Prefixing()
    QCoreApplication.installTranslator(translator)
    try:
        racks, gaps = ParamsForm(RackParams), ParamsForm(GapParams)
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.addWidget(racks)
    qtbot.addWidget(gaps)
    walk = racks.editor("walk_m")
    expected = "PL: " + param_docs.field_docs(RackParams)["walk_m"]
    assert walk.toolTip() == expected and walk.whatsThis() == expected
    snap = gaps.editor("network.snap_m")  # a nested form's field, and its group box
    assert snap.toolTip().startswith("PL: Ends of pieces within this distance")
    box = snap.parent().parent()
    assert isinstance(box, QGroupBox)
    assert box.toolTip() == "PL: " + param_docs.field_docs(GapParams)["network"]
    assert racks.editor("method").toolTip().startswith("PL: exact: the integer programme (HiGHS)")
