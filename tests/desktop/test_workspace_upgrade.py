"""Opening a workspace of an older format offers to upgrade it, and opens the upgraded one."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from analysis.workspace import Workspace
from analysis.workspace.formats import FORMAT_VERSION
from desktop.main_window import MainWindow
from desktop.workspace_repair import RepairDialog
from desktop.workspace_upgrade import UpgradeDialog


@pytest.fixture
def old(workspace_path: Path, tmp_path: Path) -> Path:
    """A copy of the test workspace turned back into format 1."""
    path = Path(shutil.copy(workspace_path, tmp_path / "stary.gpkg"))
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("ALTER TABLE urbanista_catalogue DROP COLUMN updated_at")
        conn.execute("UPDATE urbanista_workspace SET value = '1' WHERE key = 'format_version'")
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def offered(window: MainWindow) -> UpgradeDialog:
    dialogs = [d for d in window.findChildren(UpgradeDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


@pytest.mark.parametrize("in_place", [False, True], ids=["copy", "in-place"])
def test_an_old_workspace_is_upgraded_and_opened(
    qtbot: Any, old: Path, monkeypatch: pytest.MonkeyPatch, in_place: bool
) -> None:
    criticals: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: criticals.append(args[2]))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    before = sha256(old)
    assert window.open_workspace(old) is False
    dialog = offered(window)
    assert criticals == [] and window.findChildren(RepairDialog) == []
    assert f"format {FORMAT_VERSION}" in dialog.findChildren(type(dialog.status_label))[0].text()
    button = dialog.in_place_button if in_place else dialog.copy_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    assert window.workspace is not None
    expected = old if in_place else old.with_name(f"stary-format{FORMAT_VERSION}.gpkg")
    assert window.workspace.path == expected.resolve()
    assert Workspace.open(expected).entries() == window.workspace.entries()
    assert (sha256(old) == before) is not in_place
    if in_place:
        assert not dialog.isVisible()
    else:  # the old file keeps the key of format 2: the dialog stays to say so
        assert dialog.isVisible() and not dialog.copy_button.isVisible()
        said = dialog.status_label.text()
        assert f"{old.name} still holds the pseudonym key" in said
        assert "Delete it and its backups" in said and "--new-key" in said
        dialog.buttons.button(dialog.buttons.StandardButton.Close).click()
        assert not dialog.isVisible()
