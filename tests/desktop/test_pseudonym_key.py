"""The pseudonym key in the app: a warning when this computer lacks it, export and import."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from analysis.privacy import keys
from analysis.workspace import Workspace
from desktop.main_window import MainWindow
from desktop.pseudonym_key import KeyDialog


@pytest.fixture
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda *args: shown.append(args[2]))
    return shown


@pytest.fixture
def elsewhere(
    workspace_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """A copy of the test workspace on a computer without its key, and the key's file."""
    key_file = tmp_path / "pendrive" / "klucz.key"
    key_file.parent.mkdir()
    key_file.write_bytes(keys.key_file_bytes(Workspace.open(workspace_path).pseudonym_key()))
    copy = Path(shutil.copy(workspace_path, tmp_path / "miasto.gpkg"))
    monkeypatch.setenv("URBANISTA_KEY_DIR", str(tmp_path / "drugi komputer"))
    return copy, key_file


def open_window(qtbot: Any, path: Path) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_workspace(path)
    return window


def test_a_missing_key_is_a_warning_with_the_way_to_import_it(
    qtbot: Any,
    elsewhere: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    no_message_boxes: list[str],
) -> None:
    copy, key_file = elsewhere
    window = open_window(qtbot, copy)
    assert no_message_boxes == [] and window.workspace is not None  # nothing stops the user
    assert window.key_warning.isVisible()
    said = window.statusBar().currentMessage()
    assert "not on this computer" in said and "new pseudonyms" in said
    assert "File ▸ Pseudonym key…" in window.key_warning.toolTip()

    qtbot.mouseClick(window.key_warning, Qt.MouseButton.LeftButton)
    (dialog,) = [d for d in window.findChildren(KeyDialog) if d.isVisible()]
    assert "does not have the key" in dialog.where_label.text()
    assert not dialog.export_button.isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(key_file), ""))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert dialog.status_label.text() == "This computer has the key now."
    assert "This computer has the key" in dialog.where_label.text()
    assert not window.key_warning.isVisible()
    assert Workspace.open(copy).pseudonym_key() == keys.read_key_file(key_file)


def test_another_key_file_is_stored_but_the_warning_stays(
    qtbot: Any, elsewhere: tuple[Path, Path], tmp_path: Path, no_message_boxes: list[str]
) -> None:
    copy, _ = elsewhere
    other = tmp_path / "inny.key"
    other.write_text("ef" * 32, encoding="ascii")
    window = open_window(qtbot, copy)
    dialog = window.show_key()
    assert dialog is not None
    assert dialog.import_key(str(other)) is False
    assert "not this workspace's key" in dialog.status_label.text()
    assert window.key_warning.isVisible()
    bad = tmp_path / "notatka.txt"
    bad.write_text("to nie klucz", encoding="utf-8")
    assert dialog.import_key(str(bad)) is False
    assert "is not a key file" in dialog.status_label.text()


def test_the_menu_shows_the_key_and_exports_it_privately(
    qtbot: Any,
    workspace_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_message_boxes: list[str],
) -> None:
    window = open_window(qtbot, workspace_path)
    assert not window.key_warning.isVisible()
    window.key_action.trigger()
    (dialog,) = [d for d in window.findChildren(KeyDialog) if d.isVisible()]
    ident = Workspace.open(workspace_path).meta("pseudonym_key_id")
    assert str(keys.key_path(ident)) in dialog.where_label.text()
    out = tmp_path / "kopia zapasowa.key"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), ""))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert out.stat().st_mode & 0o777 == 0o600
    assert keys.read_key_file(out) == Workspace.open(workspace_path).pseudonym_key()
    assert str(out) in dialog.status_label.text() and no_message_boxes == []
