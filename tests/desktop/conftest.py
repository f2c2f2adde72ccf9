"""Fixtures for the desktop app's tests: a tiny workspace and its window."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

# Before the first QApplication exists, so a bare `pytest tests/desktop` needs no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _private_settings() -> None:
    """Keep the tests' QSettings (recent files, language) out of the user's own."""
    import tempfile

    from PySide6.QtCore import QSettings

    folder = tempfile.mkdtemp(prefix="urbanista-settings-")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


_private_settings()


@pytest.fixture(autouse=True)
def _source_language() -> Any:
    """Each test starts and ends in the sources' English, whatever a test installed."""
    from desktop import i18n

    yield
    i18n.reset()


EXPECTED = {
    # name: (kind, feature count, title)
    "streets": ("dataset", 12, "Ulice"),
    "reports": ("reports", 3, "Zgłoszenia mieszkańców — Łódź"),
    "rides": ("tracks", 5, None),
}


@pytest.fixture(scope="session")
def workspace_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace in EPSG:2180 with the three layers of ``EXPECTED``."""
    import geopandas as gpd
    from shapely.geometry import LineString, Point

    from analysis.workspace import DatasetKind, Workspace

    path = tmp_path_factory.mktemp("ws") / "miasto.gpkg"
    ws = Workspace.create(path, crs="EPSG:2180")
    x0, y0 = 530_000.0, 390_000.0  # Łódź in PUWG 1992
    streets = gpd.GeoDataFrame(
        {"name": [f"ulica {i}" for i in range(12)]},
        geometry=[LineString([(x0 + 10 * i, y0), (x0 + 10 * i, y0 + 50)]) for i in range(12)],
        crs="EPSG:2180",
    )
    reports = gpd.GeoDataFrame(
        {"text": ["dziura w jezdni", "zepsuta latarnia", "śmieci"]},
        geometry=[Point(x0 + i, y0 + i) for i in range(3)],
        crs="EPSG:2180",
    )
    rides = gpd.GeoDataFrame(
        {"ride": range(5)},
        geometry=[LineString([(x0, y0 + i), (x0 + 100, y0 + i)]) for i in range(5)],
        crs="EPSG:2180",
    )
    with ws.transaction() as tx:
        tx.write_layer(streets, "streets", DatasetKind.DATASET, title="Ulice", licence="CC BY 4.0")
        tx.write_layer(
            reports,
            "reports",
            DatasetKind.REPORTS,
            title=EXPECTED["reports"][2],
            source_date=date(2024, 5, 17),
            quality={"rows_without_location": 2, "duplicates_removed": 0},
        )
        tx.write_layer(rides, "rides", DatasetKind.TRACKS)
    return path


@pytest.fixture
def window(qtbot: Any, workspace_path: Path) -> Any:
    """The main window with ``workspace_path`` open, shown offscreen."""
    from desktop.app import create_window

    win = create_window(workspace_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
