from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from analysis.workspace import DatasetKind, Workspace


@pytest.fixture(scope="session")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default sample city, generated once per test session."""
    from analysis.samplecity import generate

    return generate(tmp_path_factory.mktemp("city") / "przykladowo").folder


@pytest.fixture(scope="session")
def truth(city: Path) -> dict:
    return json.loads((city / "truth.json").read_text(encoding="utf-8"))


def points_2180(n: int, x0: float = 560_000.0, y0: float = 380_000.0) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"value": list(range(n)), "label": [f"punkt {i} żółć" for i in range(n)]},
        geometry=shapely.points([(x0 + 10.0 * i, y0 + 5.0 * i) for i in range(n)]),
        crs="EPSG:2180",
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A workspace holding one layer of 5 points."""
    ws = Workspace.create(tmp_path / "miasto.gpkg")
    with ws.transaction() as tx:
        tx.write_layer(points_2180(5), "punkty", DatasetKind.DATASET, title="Punkty", licence="CC0")
    return ws


@pytest.fixture(scope="session")
def city_workspace(city: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A workspace holding the sample city's datasets and tracks (imported once)."""
    from analysis.io.datasets import import_datasets
    from analysis.io.tracks import import_tracks

    ws = Workspace.create(tmp_path_factory.mktemp("city_ws") / "przykladowo.gpkg")
    import_datasets(ws, [city / "datasets"])
    import_tracks(ws, [city / "tracks"])
    return ws


@pytest.fixture(scope="session")
def city_with_reports(
    city: Path, city_workspace: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A copy of the sample city's workspace with its reports too; copy it before writing."""
    from analysis.io.reports import import_reports

    path = tmp_path_factory.mktemp("city_with_reports") / "przykladowo.gpkg"
    shutil.copy(city_workspace.path, path)
    import_reports(Workspace.open(path), [city / "reports"])
    return path


@contextlib.contextmanager
def small_tmpfs(disk: Path, size: str) -> Iterator[Path]:
    """Mount a tmpfs of ``size`` (``"1m"``) on the new folder ``disk``; unmount it afterwards.

    Needs root, as in CI: without it the test is skipped, or with ``CI=true`` fails.
    A disk still in use at the end (a file left open on it) fails the test.
    """
    disk.mkdir()
    mount = shutil.which("mount")
    run = (
        subprocess.run(
            [mount, "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)],
            capture_output=True,
            text=True,
            check=False,
        )
        if mount
        else None
    )
    if run is None or run.returncode != 0:
        reason = f"cannot mount a small tmpfs: {run.stderr.strip() if run else 'no mount'}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the full-disk tests must run, as root)")
        pytest.skip(reason)
    try:
        yield disk
    finally:
        if subprocess.run(["umount", str(disk)], check=False).returncode != 0:
            subprocess.run(["umount", "--lazy", str(disk)], check=True)
            pytest.fail(f"{disk} was still in use: a file on it was left open")


def fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` with a file until ``leave`` bytes are free."""
    free = shutil.disk_usage(disk).free
    (disk / "zajete.bin").write_bytes(b"\0" * (free - leave))
    assert shutil.disk_usage(disk).free == leave
