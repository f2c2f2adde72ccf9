"""A writer killed with SIGKILL at any moment leaves the workspace as it was (or as committed)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from analysis.workspace import Workspace
from tests.analysis.test_workspace import _geotiff

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import geopandas as gpd, numpy as np, shapely
    from analysis.workspace import DatasetKind, Workspace

    ws = Workspace.open(sys.argv[1])
    n = 200_000
    big = gpd.GeoDataFrame(
        {"value": np.arange(n), "label": np.array(["zgłoszenie"] * n, dtype=object)},
        geometry=shapely.points(560_000 + np.arange(n) % 500, 380_000 + np.arange(n) // 500),
        crs="EPSG:2180",
    )
    print("ready", flush=True)
    with ws.transaction() as tx:
        tx.write_layer(big, "duza", "dataset")
        tx.add_raster(Path(sys.argv[2]), "heat")
        tx.write_layer(big.iloc[:1000], "punkty", "dataset")  # replaces an existing layer
    print("committed", flush=True)
    """
)


def state(ws: Workspace) -> tuple:
    """What the workspace holds: its catalogue, its layers' rows and its rasters' bytes."""
    ws = Workspace.open(ws.path)
    entries = tuple(
        (e.name, e.kind, e.feature_count, e.extent, e.raster_path) for e in ws.entries()
    )
    counts = tuple(len(ws.read_layer(e.name)) for e in ws.entries() if e.raster_path is None)
    rasters = tuple(ws.raster_file(e.name).read_bytes() for e in ws.entries() if e.raster_path)
    return entries, counts, rasters


def is_committed(held: tuple) -> bool:
    """The state the writer commits: all three changes, complete."""
    entries, counts, _ = held
    return [e[0] for e in entries] == ["punkty", "duza", "heat"] and counts == (1000, 200_000)


def start_writer(ws: Workspace, tif: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(ws.path), str(tif)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def kill_writer(ws: Workspace, tif: Path, after_s: float) -> None:
    proc = start_writer(ws, tif)
    time.sleep(after_s)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.mark.slow
def test_kill_during_write_twenty_times_in_a_row(workspace: Workspace, tmp_path: Path) -> None:
    tif = _geotiff(tmp_path / "heat.tif", 3.0)
    before = state(workspace)
    before_bytes = hashlib.sha256(workspace.path.read_bytes()).digest()

    # Calibrate on a copy: how long does the whole transaction take?
    copy = Workspace.create(tmp_path / "calibrate.gpkg")
    proc = start_writer(copy, tif)
    started = time.perf_counter()
    assert proc.stdout is not None and proc.stdout.readline().strip() == "committed"
    duration = time.perf_counter() - started
    proc.wait(timeout=30)
    assert {e.name for e in copy.entries()} == {"duza", "heat", "punkty"}

    killed_mid_write = 0
    for i in range(20):
        # Spread the kills over the whole write: copy, GDAL, raster, catalogue, rename.
        kill_after = duration * (i + 0.5) / 20
        kill_writer(workspace, tif, kill_after)
        after = state(workspace)
        if after != before:
            # Killed after the atomic rename: then the new state is there, complete.
            assert is_committed(after), f"kill {i} at {kill_after:.2f} s left a partial workspace"
            break
        assert hashlib.sha256(workspace.path.read_bytes()).digest() == before_bytes
        killed_mid_write += 1
    assert killed_mid_write >= 15

    # The next writer sweeps what killed writers left (staging files, unnamed GeoTIFFs).
    held = state(workspace)
    with workspace.transaction():
        pass
    assert state(workspace) == held
    assert not list(tmp_path.glob(".*staging.gpkg*"))  # staging files and their journals
    named = {workspace.raster_file(e.name).name for e in workspace.entries() if e.raster_path}
    assert {p.name for p in workspace.raster_dir.glob("*")} == named


CREATOR = textwrap.dedent(
    """
    import sys, time
    import numpy, pyogrio, pyogrio.raw, sqlite_utils  # imported before the clock starts
    from analysis.workspace import Workspace

    print("ready", flush=True)
    started = time.perf_counter()
    Workspace.create(sys.argv[1])
    print(f"created {time.perf_counter() - started}", flush=True)
    """
)


@pytest.mark.slow
def test_kill_during_create_leaves_no_workspace_or_a_whole_one(tmp_path: Path) -> None:
    target = tmp_path / "nowy.gpkg"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}

    def start() -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", CREATOR, str(target)], stdout=subprocess.PIPE, text=True, env=env
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        return proc

    calibration = start()
    assert calibration.stdout is not None
    duration = float(calibration.stdout.readline().split()[1])
    calibration.wait(timeout=30)
    target.unlink()

    # At its kill point (the file written and synced, not yet renamed into place).
    at_point = subprocess.run(
        [sys.executable, "-c", CREATOR, str(target)],
        capture_output=True,
        text=True,
        env={**env, "URBANISTA_KILL_AT": "1"},
    )
    assert at_point.returncode == -signal.SIGKILL and not target.exists()
    assert [p.name for p in tmp_path.glob(".nowy.gpkg.*.staging.gpkg")]
    for p in tmp_path.glob(".*staging.gpkg*"):
        p.unlink()

    killed_mid_write = 0  # and at random moments: the timing varies with the machine's load
    for i in range(10):
        proc = start()
        time.sleep(duration * i / 10)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if target.exists():  # killed after the rename: a whole, empty workspace
            assert Workspace.open(target).entries() == []
            target.unlink()
        killed_mid_write += any(p.name.endswith(".staging.gpkg") for p in tmp_path.iterdir())
        for p in tmp_path.glob(".*staging.gpkg*"):
            p.unlink()
    assert killed_mid_write >= 1
    (tmp_path / ".nowy.gpkg.0123456789ab.staging.gpkg-journal").write_bytes(b"left by a kill")
    # The next create sweeps what killed creators left.
    Workspace.create(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nowy.gpkg", "nowy.gpkg.lock"]
