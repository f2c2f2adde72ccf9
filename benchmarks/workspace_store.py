"""Storing a small analysis: a sample workspace against the same one padded to about 2 GB.

Goal (issue 12): a write costs what it changes, not what the workspace holds.
Storing a small analysis result (150 proposed sites, a 60-row table) into the
sample city's workspace padded to about 2 GB may cost at most 1.5x what it
costs unpadded. Format 1 copied the whole GeoPackage on every write; the
reference printed beside is that copy of the padded file, what each store used
to cost on top.

The padding is one attribute table of random 1 MiB blobs, written with SQLite
(the store never reads it; a season of a large city's activities weighs the
same to a write that does not touch them), synced to the disk before timing (else the
first commit's fsync would write it). Each store is timed 7 times, in turns, median.

Run: ``.venv/bin/python benchmarks/workspace_store.py [--pad-gb 2]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.io.datasets import import_datasets
from analysis.io.reports import import_reports
from analysis.io.tracks import import_tracks
from analysis.planning.result import AnalysisResult, store_result
from analysis.samplecity import generate
from analysis.workspace import Workspace

GOAL_RATIO = 1.5
REPEATS = 7


def small_result(seed: int) -> AnalysisResult:
    """An analysis result of about the size a rack siting stores."""
    rng = np.random.default_rng(abs(seed))
    x, y = 560_000 + rng.random(150) * 8_000, 380_000 + rng.random(150) * 8_000
    sites = gpd.GeoDataFrame(
        {"rank": np.arange(1, 151), "covered": rng.integers(0, 500, 150)},
        geometry=shapely.points(x, y),
        crs="EPSG:2180",
    )
    cells = pd.DataFrame({"cell": np.arange(60), "demand": rng.integers(0, 50, 60)})
    return AnalysisResult("bench", {"sites": sites, "cells": cells}, parameters={"seed": seed})


def time_stores(workspaces: list[Workspace]) -> list[float]:
    """Median time of a store into each workspace, taken in turns so that drift hits all."""
    for ws in workspaces:
        store_result(ws, small_result(-1))  # warm: imports, caches, the result's first write
    times: list[list[float]] = [[] for _ in workspaces]
    for i in range(REPEATS):
        for ws, taken in zip(workspaces, times, strict=True):
            started = time.perf_counter()
            store_result(ws, small_result(i))
            taken.append(time.perf_counter() - started)
    return [statistics.median(t) for t in times]


def pad(path: Path, gigabytes: float) -> None:
    """Grow ``path`` by ``gigabytes`` of random blobs in a table of its own."""
    blobs = int(gigabytes * 1024)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE bench_padding (b BLOB)")
        for _ in range(0, blobs, 64):
            conn.execute(
                "INSERT INTO bench_padding SELECT randomblob(1048576) FROM "
                "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64) "
                "SELECT i FROM n)"
            )
            conn.commit()
    fd = os.open(path, os.O_RDONLY)  # the padding on the disk, not waiting in the page cache
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pad-gb", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="urbanista-bench-", dir=".") as tmp:
        folder = generate(Path(tmp) / "city").folder
        small = Workspace.create(Path(tmp) / "small.gpkg")
        import_datasets(small, [folder / "datasets"])
        import_reports(small, [folder / "reports"])
        import_tracks(small, [folder / "tracks"])
        big_path = Path(tmp) / "big.gpkg"
        shutil.copyfile(small.path, big_path)
        pad(big_path, args.pad_gb)
        big = Workspace.open(big_path)
        sizes = [w.path.stat().st_size / 1e9 for w in (small, big)]
        unpadded, padded = time_stores([small, big])
        started = time.perf_counter()
        shutil.copyfile(big_path, Path(tmp) / "copy.gpkg")
        copy_s = time.perf_counter() - started
    ratio = padded / unpadded
    print(f"store a small analysis, median of {REPEATS}:")
    print(f"  sample workspace  {sizes[0]:6.2f} GB  {unpadded * 1000:8.1f} ms")
    print(f"  padded workspace  {sizes[1]:6.2f} GB  {padded * 1000:8.1f} ms")
    print(
        f"  ratio padded / unpadded: {ratio:.2f}x (goal <= {GOAL_RATIO}x): "
        f"{'met' if ratio <= GOAL_RATIO else 'MISSED'}"
    )
    print(
        f"  reference, format 1's copy of the padded file per write: {copy_s * 1000:.0f} ms "
        f"({(copy_s + padded) / padded:.1f}x a store now)"
    )


if __name__ == "__main__":
    main()
