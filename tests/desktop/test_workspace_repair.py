"""Opening a damaged workspace offers Check and Repair into a copy, and opens the repair."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.main_window import MainWindow
from desktop.workspace_repair import RepairDialog
from tests.desktop.conftest import EXPECTED


@pytest.fixture
def damaged(workspace_path: Path, tmp_path: Path) -> Path:
    """A copy of the test workspace whose catalogue table was dropped."""
    path = Path(shutil.copy(workspace_path, tmp_path / "zepsuty.gpkg"))
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("DROP TABLE urbanista_catalogue")
    return path


def offered(window: MainWindow) -> RepairDialog:
    dialogs = [d for d in window.findChildren(RepairDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_a_damaged_workspace_offers_check_and_repair(
    qtbot: Any, damaged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    criticals: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: criticals.append(args[2]))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_workspace(damaged) is False
    dialog = offered(window)
    assert criticals == []
    assert dialog.windowTitle() == "Cannot open workspace"
    assert "catalogue" in dialog.error_label.text() and "Traceback" not in dialog.error_label.text()
    assert [dialog.check_button.text(), dialog.repair_button.text()] == [
        "&Check",
        "&Repair into a copy…",
    ]

    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problems.isVisible(), timeout=10_000)
    assert "error: catalogue: the urbanista_catalogue table is missing" in (
        dialog.problems.toPlainText()
    )
    assert "problem(s) found" in dialog.status_label.text()

    out = tmp_path / "naprawiony.gpkg"
    asked: list[str] = []

    def get_save_file_name(parent: Any, caption: str, start: str, filter: str) -> tuple[str, str]:
        asked.append(start)
        return str(out), filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save_file_name)
    before = damaged.read_bytes()
    qtbot.mouseClick(dialog.repair_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    assert asked == [str(damaged.with_name("zepsuty_repaired.gpkg"))]
    assert window.workspace is not None and window.workspace.path == out
    assert not dialog.isVisible()
    entries = {e.name: (e.kind.value, e.feature_count) for e in window.catalogue_model.entries()}
    assert entries == {
        "streets": ("dataset", 12),
        "reports": ("reports", 3),
        "rides": ("dataset", 5),
    }
    assert set(entries) == set(EXPECTED)
    assert damaged.read_bytes() == before


def test_a_failed_repair_says_why_in_the_dialog(
    qtbot: Any, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_workspace(damaged)
    dialog = offered(window)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(damaged), ""))
    qtbot.mouseClick(dialog.repair_button, Qt.MouseButton.LeftButton)
    refused = "is the damaged workspace"
    qtbot.waitUntil(lambda: refused in dialog.status_label.text(), timeout=10_000)
    assert dialog.isVisible() and dialog.repair_button.isEnabled() and window.workspace is None


def test_a_file_that_never_was_a_workspace_gets_the_plain_error(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    criticals: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: criticals.append(args[2]))
    text = tmp_path / "notatki.gpkg"
    text.write_text("to nie jest GeoPackage\n", encoding="utf-8")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_workspace(text) is False
    assert window.findChildren(RepairDialog) == [] and len(criticals) == 1
