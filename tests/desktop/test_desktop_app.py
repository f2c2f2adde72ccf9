"""The app's entry points, and the rules on what desktop/ may import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import desktop
from desktop import app
from desktop.catalogue_model import Column
from tests.desktop.qt_helpers import column_values

DESKTOP_DIR = Path(desktop.__file__).parent


def test_create_window_opens_the_workspace(qtbot: Any, workspace_path: Path) -> None:
    window = app.create_window(str(workspace_path))
    qtbot.addWidget(window)
    assert window.windowTitle() == "Urbanista — miasto.gpkg"
    assert sorted(column_values(window.catalogue_model, Column.FEATURES)) == ["12", "3", "5"]
    assert not window.isVisible()  # the caller decides when to show it


def test_create_window_without_workspace(qtbot: Any) -> None:
    window = app.create_window()
    qtbot.addWidget(window)
    assert window.windowTitle() == "Urbanista"
    assert window.workspace is None
    assert window.status_label.text().startswith("No workspace open")


def test_main_runs_until_quit_and_returns_the_exit_code(
    qapp: QApplication, workspace_path: Path
) -> None:
    seen: list[str] = []

    def inspect_and_quit() -> None:
        windows = [w for w in qapp.topLevelWidgets() if w.isVisible()]
        seen.extend(w.windowTitle() for w in windows)
        for w in windows:
            w.close()
        qapp.exit(3)

    QTimer.singleShot(0, inspect_and_quit)
    assert app.main(str(workspace_path)) == 3
    assert "Urbanista — miasto.gpkg" in seen
    assert app.ICON.is_file()
    assert not qapp.windowIcon().isNull()


def test_main_reports_a_bad_workspace_and_still_starts(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    QTimer.singleShot(0, lambda: qapp.exit(0))
    assert app.main(str(tmp_path / "brak.gpkg")) == 0
    assert len(shown) == 1 and "no workspace at" in shown[0]
    for w in qapp.topLevelWidgets():
        w.close()


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("path", sorted(DESKTOP_DIR.rglob("*.py")), ids=lambda p: p.name)
def test_desktop_never_imports_qgis_or_pyqt(path: Path) -> None:
    roots = {name.split(".")[0] for name in _imported_modules(path)}
    assert not roots & {"qgis", "PyQt5", "PyQt6"}, f"{path} imports {roots}"


def _modules_after(code: str) -> list[str]:
    """``sys.modules`` in import order after running ``code`` in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint(*sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=DESKTOP_DIR.parent,
    )
    return out.stdout.split()


def test_importing_the_app_leaves_heavy_libraries_unloaded() -> None:
    loaded = _modules_after("import desktop.app")
    heavy = ("geopandas", "pandas", "pyogrio", "rasterio", "pyproj", "scipy", "shapely")
    assert [m for m in heavy if m in loaded] == []


def test_preloading_puts_the_map_readers_before_qt() -> None:
    """What ``urbanista gui`` does: PySide6's import hook then never sees the readers."""
    loaded = _modules_after("import desktop\ndesktop.preload_readers()\nimport desktop.app")
    assert max(loaded.index(m) for m in ("pyogrio", "pandas", "rasterio")) < loaded.index("PySide6")
    assert not {"scipy", "matplotlib", "openpyxl", "folium", "h3"} & set(loaded)


def test_switching_language_rebuilds_the_window_in_it_with_the_workspace(
    qtbot: Any, qapp: Any, workspace_path: Path, tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from desktop.app import App
    from desktop.session import Session

    session = Session(QSettings(str(tmp_path / "u.ini"), QSettings.Format.IniFormat))
    running = App(qapp, session)
    old = running.window
    running.window.show()
    assert running.window.open_workspace(workspace_path)
    running.switch_language("pl")
    new = running.window
    qtbot.addWidget(new)
    assert new is not old and new.isVisible() and not old.isVisible()
    assert new.menuBar().actions()[0].text() == "&Plik"
    qtbot.waitUntil(lambda: new.workspace is not None, timeout=10_000)
    assert new.workspace.path.resolve() == workspace_path.resolve()
    assert session.value("language") == "pl"
