"""The "Upgrade Urbanista workspace" algorithm, run through Processing with the real core."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import processing
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsProject, QgsSettings

from tests.qgis_plugin.conftest import FORMAT1_SALT, format1_copy, not_run

if TYPE_CHECKING:
    from tests.qgis_plugin.conftest import Workspaces

ALG = "urbanista:upgrade_workspace"
LOAD = "urbanista:load_workspace"
SETTING = "urbanista/core_python"

pytestmark = pytest.mark.usefixtures("plugin")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def meta(path: Path) -> dict[str, str]:
    """The workspace's key/value table, read with sqlite3."""
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT key, value FROM urbanista_workspace").fetchall()
        columns = [row[1] for row in conn.execute("PRAGMA table_info(urbanista_catalogue)")]
    conn.close()
    return {**dict(rows), "catalogue columns": ",".join(columns)}


def assert_format_3(path: Path) -> None:
    """The upgraded file: format 3, its salt moved into the key store (as the core keys it)."""
    values = meta(path)
    assert values["format_version"] == "3"
    assert "updated_at" in values["catalogue columns"].split(",")
    assert '"from": "1", "to": "3"' in values["format_history"]
    key = FORMAT1_SALT.encode()
    key_id = hashlib.sha256(b"urbanista pseudonym key id\0" + key).hexdigest()[:16]
    assert values["pseudonym_key_id"] == key_id and "pseudonym_salt" not in values
    assert FORMAT1_SALT.encode() not in path.read_bytes()
    stored = Path(os.environ["URBANISTA_KEY_DIR"]) / f"{key_id}.key"
    assert key.hex() in stored.read_text(encoding="ascii")


class RecordingFeedback(QgsProcessingFeedback):
    """Feedback that records the warnings the algorithm pushed."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[str] = []

    def pushWarning(self, warning: str) -> None:
        self.warnings.append(warning)
        super().pushWarning(warning)


@pytest.fixture
def no_setting() -> Iterator[None]:
    """No core named by the QGIS setting during the test; the user's value restored after."""
    settings = QgsSettings()
    saved = settings.value(SETTING, None)
    settings.remove(SETTING)
    yield
    if saved is None:
        settings.remove(SETTING)
    else:
        settings.setValue(SETTING, saved)


@pytest.fixture
def empty_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH is one empty folder: no urbanista command on it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def upgrade(**parameters: Any) -> dict[str, Any]:
    return processing.run(ALG, {key: str(value) for key, value in parameters.items()})


def test_upgrades_into_a_copy_beside_it_and_leaves_the_workspace_unchanged(
    format1: Path, core_python: str, project: QgsProject
) -> None:
    before = sha256(format1)

    results = upgrade(WORKSPACE=format1)

    copy = format1.with_name("miasto-format3.gpkg")
    assert results["OUTPUT"] == str(copy)
    assert_format_3(copy)
    assert sha256(format1) == before
    assert meta(format1)["format_version"] == "1"
    # The copy has its own rasters and loads whole, without the old-format warning.
    tifs = sorted(p.name for p in format1.with_suffix(".rasters").glob("*.tif"))
    assert sorted(p.name for p in copy.with_suffix(".rasters").glob("*.tif")) == tifs
    feedback = RecordingFeedback()
    loaded = processing.run(LOAD, {"WORKSPACE": str(copy)}, feedback=feedback)
    assert loaded["LAYER_COUNT"] == 4
    assert feedback.warnings == []


def test_upgrades_into_the_copy_it_is_given(
    format1: Path, core_python: str, tmp_path: Path
) -> None:
    out = tmp_path / "wynik" / "nowy łódź.gpkg"
    out.parent.mkdir()

    results = upgrade(WORKSPACE=format1, OUTPUT=out)

    assert results["OUTPUT"] == str(out)
    assert_format_3(out)
    assert meta(format1)["format_version"] == "1"


def test_in_place_upgrades_the_file_itself(format1: Path, core_python: str) -> None:
    results = processing.run(ALG, {"WORKSPACE": str(format1), "IN_PLACE": True})

    assert results["OUTPUT"] == str(format1)
    assert_format_3(format1)
    assert not format1.with_name("miasto-format3.gpkg").exists()


def test_a_current_workspace_is_left_alone(tmp_path: Path, workspaces: Workspaces) -> None:
    path = Path(shutil.copy(workspaces.city, tmp_path / "city.gpkg"))
    before = sha256(path)
    feedback = QgsProcessingFeedback()

    results = processing.run(ALG, {"WORKSPACE": str(path)}, feedback=feedback)

    assert results["OUTPUT"] == str(path)
    assert f"{path} has format 3 already: nothing to do." in feedback.textLog()
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["city.gpkg"]


def test_in_place_and_a_copy_together_are_refused(format1: Path, tmp_path: Path) -> None:
    with pytest.raises(QgsProcessingException, match='either "Upgrade in place" or an upgraded'):
        processing.run(
            ALG,
            {"WORKSPACE": str(format1), "IN_PLACE": True, "OUTPUT": str(tmp_path / "b.gpkg")},
        )
    assert meta(format1)["format_version"] == "1"


def test_a_newer_workspace_is_refused_without_running_the_core(
    tmp_path: Path, workspaces: Workspaces, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = Path(shutil.copy(workspaces.city, tmp_path / "future.gpkg"))
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE urbanista_workspace SET value = '4' WHERE key = 'format_version'")
    conn.close()
    monkeypatch.setenv("URBANISTA_CORE_PYTHON", str(tmp_path / "no-core"))

    with pytest.raises(QgsProcessingException, match=r"has workspace format 4; .* update the"):
        upgrade(WORKSPACE=path)


def test_the_core_error_line_is_reported(format1: Path, core_python: str) -> None:
    taken = format1.with_name("miasto-format3.gpkg")
    taken.write_bytes(b"someone else's file")

    with pytest.raises(QgsProcessingException) as caught:
        upgrade(WORKSPACE=format1)

    assert str(caught.value) == (
        f"The Urbanista core could not upgrade {format1}: urbanista: error: {taken} exists "
        "already: choose another name or delete it"
    )
    assert taken.read_bytes() == b"someone else's file"


@pytest.mark.usefixtures("no_setting", "empty_path")
def test_without_a_core_it_fails_saying_how_to_set_one(
    format1: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nie ma" / "python"
    monkeypatch.setenv("URBANISTA_CORE_PYTHON", str(missing))
    feedback = RecordingFeedback()

    with pytest.raises(QgsProcessingException) as caught:
        processing.run(ALG, {"WORKSPACE": str(format1)}, feedback=feedback)

    message = str(caught.value)
    assert message.startswith("No Urbanista core found to run the upgrade")
    hints = [
        "URBANISTA_CORE_PYTHON",
        'QgsSettings().setValue("urbanista/core_python"',
        "urbanista command on PATH",
        "'urbanista workspace upgrade WORKSPACE'",
    ]
    assert [hint for hint in hints if hint not in message] == []
    assert feedback.warnings == [
        f"The environment variable URBANISTA_CORE_PYTHON names {missing}, which is not a "
        "program: ignored."
    ]
    assert meta(format1)["format_version"] == "1"
    assert not format1.with_name("miasto-format3.gpkg").exists()


@pytest.mark.usefixtures("no_setting", "empty_path")
def test_finds_the_core_through_the_setting(
    format1: Path, core_python: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("URBANISTA_CORE_PYTHON")
    QgsSettings().setValue(SETTING, core_python)
    feedback = QgsProcessingFeedback()

    processing.run(ALG, {"WORKSPACE": str(format1)}, feedback=feedback)

    assert f"(setting urbanista/core_python: {core_python})" in feedback.textLog()
    assert_format_3(format1.with_name("miasto-format3.gpkg"))


@pytest.mark.usefixtures("no_setting")
def test_finds_the_urbanista_command_on_path(
    format1: Path, core_python: str, empty_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = Path(core_python).with_name("urbanista")
    if not command.is_file():
        not_run(f"{command} is not installed: run 'make .venv/bin/urbanista'")
    (empty_path / "urbanista").symlink_to(command)
    monkeypatch.delenv("URBANISTA_CORE_PYTHON")
    feedback = QgsProcessingFeedback()

    processing.run(ALG, {"WORKSPACE": str(format1), "IN_PLACE": True}, feedback=feedback)

    assert f"({empty_path / 'urbanista'} on PATH)" in feedback.textLog()
    assert_format_3(format1)


def test_cancelling_stops_the_core(
    format1: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stand-in core that would run for a minute: Cancel ends it at the next poll."""
    pid_file = tmp_path / "core.pid"
    core = tmp_path / "slow-core"
    core.write_text(f'#!/bin/sh\necho $$ > "{pid_file}"\nexec sleep 60\n', encoding="utf-8")
    core.chmod(0o755)
    monkeypatch.setenv("URBANISTA_CORE_PYTHON", str(core))
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    start = time.monotonic()

    with pytest.raises(QgsProcessingException, match=r"^Cancelled: the upgrade was stopped"):
        processing.run(ALG, {"WORKSPACE": str(format1)}, feedback=feedback)

    assert time.monotonic() - start < 10
    pid = int(pid_file.read_text(encoding="utf-8"))
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_format_1_copy_keeps_its_own_rasters(
    workspaces: Workspaces, core_python: str, tmp_path: Path
) -> None:
    """The copy's catalogue names its own rasters folder, so the source can go."""
    (tmp_path / "stary").mkdir()
    source = format1_copy(workspaces, tmp_path / "stary" / "a.gpkg")

    copy = Path(upgrade(WORKSPACE=source, OUTPUT=tmp_path / "b.gpkg")["OUTPUT"])
    shutil.rmtree(tmp_path / "stary")

    loaded = processing.run(LOAD, {"WORKSPACE": str(copy)})
    assert loaded["LAYER_COUNT"] == 4
