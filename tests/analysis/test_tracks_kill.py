"""An import killed with SIGKILL at any moment leaves the workspace as it was; re-running resumes.

The idea of test_workspace_kill.py, applied to a track import of a few hundred files.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.workspace import Workspace
from tests.analysis.test_tracks_formats import gpx_bytes, straight, times
from tests.analysis.test_tracks_import import layer

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

IMPORTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import fitdecode, geopandas, lxml.etree, pandas, pyogrio, pyproj, shapely  # before the clock
    from analysis.io.tracks import TrackImportParams, import_tracks
    from analysis.workspace import Workspace

    ws = Workspace.open(sys.argv[1])
    print("ready", flush=True)
    params = TrackImportParams(batch_points=int(sys.argv[3]), workers=0)
    s = import_tracks(ws, [Path(sys.argv[2])], params)
    print("committed", s.imported, s.skipped, s.rejected, flush=True)
    """
)
FILES = 200
BATCH_POINTS = 2000


def make_tracks(folder: Path) -> None:
    rng = np.random.default_rng(7)
    folder.mkdir()
    for i in range(FILES):
        lat, lon = straight(90, x0=560_500.0 + rng.uniform(0, 3000), y0=380_500.0 + 15 * i)
        name = f"{i:03d}.gpx" if i % 2 else f"sub/{i:03d}.gpx"
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(gpx_bytes(lat, lon, times(90), author=f"osoba {i % 37}"))


def start(ws: Path, folder: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(ws), str(folder), str(BATCH_POINTS)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def appending(folder: Path, journal: str) -> bool:
    """Whether SQLite's rollback journal of the staging file exists and has content."""
    for path in folder.glob(journal):
        with contextlib.suppress(FileNotFoundError):
            return path.stat().st_size > 0
    return False


def content(ws: Workspace) -> tuple:
    ws = Workspace.open(ws.path)
    # By name: a run killed between cataloguing the two layers leaves them in the other order.
    entries = tuple(
        (
            e.name,
            e.kind,
            e.feature_count,
            e.extent,
            e.sources,
            {k: v for k, v in e.quality.items() if k != "last_import"},
        )  # what the last run did
        for e in sorted(ws.entries(), key=lambda e: e.name)
    )
    return entries, layer(ws, "activities"), layer(ws, "activity_points")


def assert_same(got: tuple, expected: tuple) -> None:
    # A resumed import takes a layer's extent from its spatial index: 32-bit floats, a few cm out.
    assert [e[:3] + e[4:] for e in got[0]] == [e[:3] + e[4:] for e in expected[0]]
    for entry, wanted in zip(got[0], expected[0], strict=True):
        np.testing.assert_allclose(entry[3], wanted[3], rtol=0, atol=0.1)
    for frame, wanted in zip(got[1:], expected[1:], strict=True):
        pd.testing.assert_frame_equal(frame, wanted)


@pytest.mark.slow
def test_killed_imports_leave_the_workspace_and_resume_to_the_same_result(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "tracks"
    make_tracks(folder)
    before = hashlib.sha256(workspace.path.read_bytes()).digest()

    # An uninterrupted import into a copy (same key, so the same pseudonyms) as reference.
    reference = Workspace.open(shutil.copy(workspace.path, tmp_path / "wzorzec.gpkg"))
    proc = start(reference.path, folder)
    started = time.perf_counter()
    assert proc.stdout is not None
    assert proc.stdout.readline().split() == ["committed", str(FILES), "0", "0"]
    duration = time.perf_counter() - started
    proc.wait(timeout=60)
    expected = content(reference)
    assert len(expected[1]) == FILES and len(expected[2]) > 4 * BATCH_POINTS

    journal = ".miasto.gpkg.resume-*.gpkg-journal"
    interrupted, committed = 0, False
    for i in range(6):
        proc = start(workspace.path, folder)
        if i < 2:  # while a batch is being appended: SQLite's journal has content
            while not appending(tmp_path, journal) and proc.poll() is None:
                time.sleep(0.001)
            time.sleep(0.01)
        else:  # later each time: resumed runs have less left to do
            time.sleep(duration * 0.15 * (i - 1))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if i < 2:
            assert proc.returncode == -signal.SIGKILL and any(tmp_path.glob(journal))
        if hashlib.sha256(workspace.path.read_bytes()).digest() != before:
            assert_same(content(workspace), expected)  # killed after the commit: all of it
            committed = True
            break
        interrupted += 1
    assert interrupted >= 3

    proc = start(workspace.path, folder)  # resumes from what the killed runs staged
    assert proc.stdout is not None
    done = ["0", str(FILES)] if committed else [str(FILES), "0"]  # imported, skipped
    assert proc.stdout.readline().split() == ["committed", *done, "0"]
    proc.wait(timeout=60)
    assert_same(content(workspace), expected)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == [], leftovers
