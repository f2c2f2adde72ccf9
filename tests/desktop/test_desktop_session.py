"""Recent workspaces, preferences and crash recovery, in QSettings, across real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.session import MAX_RECENT, Session, SessionState


def session(path: Path) -> Session:
    return Session(QSettings(str(path), QSettings.Format.IniFormat))


def test_recent_workspaces_newest_first_without_duplicates_or_missing_files(tmp_path: Path) -> None:
    s = session(tmp_path / "u.ini")
    files = [tmp_path / f"miasto{i}.gpkg" for i in range(MAX_RECENT + 2)]
    for f in files:
        f.touch()
        s.add_recent(f)
    s.add_recent(files[3])
    files[5].unlink()
    recent = s.recent()
    assert recent[0] == str(files[3].resolve())
    assert len(recent) == MAX_RECENT - 1 and str(files[5].resolve()) not in recent
    assert len(set(recent)) == len(recent)


def test_preferences_survive_a_new_settings_object(tmp_path: Path) -> None:
    session(tmp_path / "u.ini").set_value("language", "pl")
    assert session(tmp_path / "u.ini").value("language") == "pl"
    assert session(tmp_path / "u.ini").value("high_contrast", False) is False


def test_a_clean_exit_offers_nothing_a_killed_run_offers_its_session(tmp_path: Path) -> None:
    ini = tmp_path / "u.ini"
    first = session(ini)
    assert first.start() is None
    first.save(SessionState("C:/miasto.gpkg", (1.0, 2.0, 3.0, 4.0), {"ulice": {"visible": False}}))
    first.end()
    assert session(ini).start() is None  # ended cleanly

    script = textwrap.dedent(f"""
        import os, signal
        from PySide6.QtCore import QSettings
        from desktop.session import Session, SessionState
        s = Session(QSettings({str(ini)!r}, QSettings.Format.IniFormat))
        s.start()
        s.save(SessionState("/data/miasto.gpkg", (10.0, 20.0, 30.0, 40.0),
                            {{"heatmap": {{"opacity": 0.5}}}}, operation="import tracks"))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    killed = subprocess.run([sys.executable, "-c", script], env=env, check=False)
    assert killed.returncode == -signal.SIGKILL
    offered = session(ini).start()
    assert offered == SessionState(
        "/data/miasto.gpkg",
        (10.0, 20.0, 30.0, 40.0),
        {"heatmap": {"opacity": 0.5}},
        "import tracks",
    )
