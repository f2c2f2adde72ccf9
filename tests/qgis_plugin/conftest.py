"""Fixtures of the plugin suite, which runs in QGIS's Python through pytest-qgis.

The fixture workspaces are made by the real core in its own Python
(``$URBANISTA_CORE_PYTHON``, the project's ``.venv``), since QGIS's Python has no
geopandas. Without that Python the tests that need a workspace are skipped, or
fail when ``CI=true``: in CI a plugin test that did not run is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from qgis.core import QgsProject
from qgis.gui import QgisInterface

from qgis_plugin import classFactory
from qgis_plugin.plugin import UrbanistaPlugin

REPO = Path(__file__).resolve().parents[2]
MAKE_WORKSPACES = Path(__file__).with_name("make_workspaces.py")


@dataclass(frozen=True)
class Workspaces:
    """Files written by ``make_workspaces.py``."""

    city: Path
    empty: Path
    plain: Path
    catalogue: list[str]


def not_run(reason: str) -> None:
    """Skip the test, or fail it when ``CI=true``."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a plugin test that did not run is a failure)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def core_python() -> str:
    """The core's Python, which has geopandas and rasterio."""
    python = os.environ.get("URBANISTA_CORE_PYTHON", "")
    if not python:
        not_run("URBANISTA_CORE_PYTHON is not set: run the suite with 'make test-qgis'")
    if not (Path(python).is_file() and os.access(python, os.X_OK)):
        not_run(
            f"URBANISTA_CORE_PYTHON={python} is not an executable: run 'make .venv/bin/urbanista'"
        )
    return python


@pytest.fixture(scope="session")
def workspaces(core_python: str, tmp_path_factory: pytest.TempPathFactory) -> Workspaces:
    """Workspaces made by the core (see ``make_workspaces.py`` for what they hold)."""
    out = tmp_path_factory.mktemp("workspaces")
    proc = subprocess.run(
        [core_python, str(MAKE_WORKSPACES), str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:  # the core is there but broken: a real failure
        pytest.fail(f"{MAKE_WORKSPACES.name} failed with {core_python}:\n{proc.stderr}")
    made = json.loads(proc.stdout.splitlines()[-1])
    return Workspaces(
        city=Path(made["city"]),
        empty=Path(made["empty"]),
        plain=Path(made["plain"]),
        catalogue=made["catalogue"],
    )


FORMAT1_SALT = "0123456789abcdef0123456789abcdef"
"""The pseudonym salt of :func:`format1_copy`'s workspace."""


def format1_copy(workspaces: Workspaces, path: Path) -> Path:
    """Copy ``city.gpkg`` with its rasters to ``path`` and turn it back into format 1.

    Format 2 added the catalogue's ``updated_at`` column; format 3 moved the
    pseudonym salt (:data:`FORMAT1_SALT`) out of the settings, leaving its key's id.
    """
    shutil.copy(workspaces.city, path)
    shutil.copytree(workspaces.city.with_name("city.rasters"), path.with_suffix(".rasters"))
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE urbanista_catalogue DROP COLUMN updated_at")
        conn.execute("UPDATE urbanista_workspace SET value = '1' WHERE key = 'format_version'")
        conn.execute(
            "UPDATE urbanista_workspace SET key = 'pseudonym_salt', value = ? "
            "WHERE key = 'pseudonym_key_id'",
            (FORMAT1_SALT,),
        )
    conn.close()
    return path


@pytest.fixture
def format1(workspaces: Workspaces, tmp_path: Path) -> Path:
    """A format-1 copy of ``city.gpkg`` (with ``miasto.rasters``) in the test's folder."""
    return format1_copy(workspaces, tmp_path / "miasto.gpkg")


@pytest.fixture
def plugin(qgis_iface: QgisInterface, qgis_processing: None) -> Iterator[UrbanistaPlugin]:
    """The plugin as QGIS loads it: classFactory, initGui, and unload afterwards."""
    loaded = classFactory(qgis_iface)
    loaded.initGui()
    yield loaded
    loaded.unload()


@pytest.fixture
def project(qgis_new_project: QgsProject) -> Iterator[QgsProject]:
    """An empty project, emptied again after the test."""
    yield qgis_new_project
    qgis_new_project.clear()
