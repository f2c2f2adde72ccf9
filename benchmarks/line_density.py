"""Distinct activities and users per 10 m cell, against QGIS's "Line density" and GDAL's rasterize.

Reference (issue): 5,000 track lines of ~200 vertices and ~5 km each. QGIS 3.22's
"Line density" (``qgis:linedensity``) took 190 s at 40 m pixels and 100 m radius
(about 50 minutes at 10 m); GDAL's rasterize burned the same lines at 10 m in
0.24 s, but counts a line once per segment, not once per activity. Goal: the
distinct-activity and distinct-user counts at 10 m in under 1 s, i.e. at least
190x faster than QGIS's line density at 40 m.

The tracks are random walks with a slowly turning heading over 8 x 8 km in
EPSG:2180 (fixed seed), ridden by ~600 users, written to a GeoPackage for the
references. GDAL is timed with ``gdal_rasterize -add`` on that file when the
command is installed; QGIS's algorithm runs on it through ``qgis.processing``
with ``--qgis`` when ``/usr/bin/python3`` imports ``qgis.core`` (about 3
minutes). Otherwise the ratios use the reference figures.

Run: ``.venv/bin/python benchmarks/line_density.py [--tracks N] [--qgis]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from analysis.kernels.grid import Grid
from analysis.kernels.lines import distinct_per_cell, unique_sorted

QGIS_PYTHON = "/usr/bin/python3"
REFERENCE = {"qgis_40m_s": 190.0, "gdal_10m_s": 0.24}
GOAL_S = 1.0
AREA = (560_000.0, 380_000.0, 8_000.0)
"""Left, bottom and size (metres) of the square the tracks stay in."""
PIXEL_M = 10.0
QGIS_PIXEL_M, QGIS_RADIUS_M = 40.0, 100.0

QGIS_SCRIPT = r"""
import json, sys, time
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False); app.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
from processing.core.Processing import Processing
Processing.initialize()
import processing
layer = QgsVectorLayer(sys.argv[1] + "|layername=tracks", "tracks", "ogr")
t = time.perf_counter()
processing.run("qgis:linedensity", {"INPUT": layer, "WEIGHT": None, "RADIUS": float(sys.argv[3]),
    "PIXEL_SIZE": float(sys.argv[4]), "OUTPUT": sys.argv[2]})
print(json.dumps({"algorithm_s": time.perf_counter() - t}))
"""


def make_tracks(n: int, users: int, seed: int = 42) -> tuple[np.ndarray, ...]:
    """``n`` random-walk tracks: vertex ``x``, ``y``, CSR ``offsets`` and each track's user."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(150, 251, n)  # ~200 vertices
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    track = np.repeat(np.arange(n), lengths)

    def along(v: np.ndarray) -> np.ndarray:
        """Cumulative sum within each track."""
        total = np.cumsum(v)
        return total - np.repeat(total[starts] - v[starts], lengths)

    turn = rng.normal(0.0, 0.3, len(track))
    turn[starts] = rng.uniform(0.0, 2 * np.pi, n)
    heading = along(turn)
    step = np.clip(rng.normal(25.0, 6.0, len(track)), 3.0, None)  # ~25 m: ~5 km a track
    step[starts] = 0.0
    left, bottom, size = AREA
    x = rng.uniform(left, left + size, n)[track] + along(step * np.cos(heading))
    y = rng.uniform(bottom, bottom + size, n)[track] + along(step * np.sin(heading))
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    return _fold(x, left, size), _fold(y, bottom, size), offsets, rng.integers(0, users, n)


def _fold(v: np.ndarray, low: float, size: float) -> np.ndarray:
    """Reflect ``v`` into ``[low, low + size]``, as a walk bouncing off the edges."""
    t = np.mod(v - low, 2 * size)
    return low + size - np.abs(t - size)


def mean_length_km(x: np.ndarray, y: np.ndarray, offsets: np.ndarray) -> float:
    step = np.hypot(np.diff(x), np.diff(y))
    within = np.diff(np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))) == 0
    return float(step[within].sum()) / (len(offsets) - 1) / 1000


def write_tracks(
    path: Path, x: np.ndarray, y: np.ndarray, offsets: np.ndarray, user: np.ndarray
) -> None:
    import geopandas as gpd
    import pyogrio
    import shapely

    track = np.repeat(np.arange(len(user)), np.diff(offsets))
    lines = shapely.linestrings(np.column_stack([x, y]), indices=track)
    gdf = gpd.GeoDataFrame(
        {"activity_id": np.arange(len(user)), "user_id": user}, geometry=lines, crs="EPSG:2180"
    )
    pyogrio.write_dataframe(gdf, path, layer="tracks")


def median_time(run: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return float(np.median(timings))


def read_and_count(path: Path, pixel: float) -> list[np.ndarray]:
    """The whole job from the file: read the lines, then count (as ``--mode lines`` does)."""
    import pyogrio
    import shapely

    tracks = pyogrio.read_dataframe(path, layer="tracks", columns=["user_id"])
    xy, index = shapely.get_coordinates(tracks.geometry.to_numpy(), return_index=True)
    offsets = np.concatenate([[0], np.cumsum(np.bincount(index, minlength=len(tracks)))])
    grid = Grid.covering(*tracks.total_bounds, pixel, margin=pixel)
    users = np.unique(tracks["user_id"].to_numpy(), return_inverse=True)[1]
    return distinct_per_cell(xy[:, 0], xy[:, 1], offsets, grid, users)


def run_gdal(path: Path, out: Path, bounds: tuple[float, float, float, float]) -> None:
    """Burn every line with ``gdal_rasterize -add`` onto the same 10 m grid."""
    subprocess.run(
        [
            "gdal_rasterize",
            "-q",
            "-burn",
            "1",
            "-add",
            "-init",
            "0",
            "-ot",
            "Int32",
            "-tr",
            str(PIXEL_M),
            str(PIXEL_M),
            "-te",
            *map(str, bounds),
            "-l",
            "tracks",
            str(path),
            str(out),
        ],
        check=True,
        capture_output=True,
    )


def read_tif(path: Path) -> np.ndarray:
    import rasterio

    with rasterio.open(path) as src:
        return np.asarray(src.read(1))


def qgis_available() -> bool:
    return (
        subprocess.run([QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0
    )


def run_qgis(path: Path, out: Path) -> float:
    proc = subprocess.run(
        [
            QGIS_PYTHON,
            "-c",
            QGIS_SCRIPT,
            str(path),
            str(out),
            str(QGIS_RADIUS_M),
            str(QGIS_PIXEL_M),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    return float(json.loads(proc.stdout.strip().splitlines()[-1])["algorithm_s"])


def spot_check(
    counts: list[np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    offsets: np.ndarray,
    user: np.ndarray,
    grid: Grid,
) -> tuple[list[str], float]:
    """What is wrong with the counts, checked against points sampled every 2 m along the lines.

    Also returns the share of our (activity, cell) pairs that the samples find.
    """
    import shapely

    activities, people = counts
    track = np.repeat(np.arange(len(user)), np.diff(offsets))
    lines = shapely.linestrings(np.column_stack([x, y]), indices=track)
    xy, line = shapely.get_coordinates(shapely.segmentize(lines, 2.0), return_index=True)
    col = np.floor((xy[:, 0] - grid.left) / grid.pixel).astype(np.int64)
    row = np.floor((grid.top - xy[:, 1]) / grid.pixel).astype(np.int64)
    cells = grid.rows * grid.cols
    sampled = unique_sorted(line * cells + row * grid.cols + col)
    seen = np.bincount(sampled % cells, minlength=cells).reshape(grid.shape)
    seen_users = np.bincount(
        unique_sorted(user[sampled // cells] * cells + sampled % cells) % cells, minlength=cells
    ).reshape(grid.shape)
    problems = []
    if activities.max() > len(user):
        problems.append(f"a cell counts {activities.max()} activities of {len(user)}")
    if (people > activities).any():
        problems.append("a cell counts more users than activities")
    if (activities < seen).any():
        problems.append(f"{(activities < seen).sum()} cells miss activities sampled in them")
    if (people < seen_users).any():
        problems.append(f"{(people < seen_users).sum()} cells miss users sampled in them")
    return problems, float(seen.sum() / activities.sum())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tracks", type=int, default=5_000)
    parser.add_argument("--users", type=int, default=600)
    parser.add_argument("--qgis", action="store_true", help="run QGIS's line density (~3 min)")
    args = parser.parse_args()

    x, y, offsets, user = make_tracks(args.tracks, args.users)
    grid = Grid.covering(x.min(), y.min(), x.max(), y.max(), PIXEL_M, margin=PIXEL_M)
    print(
        f"{args.tracks:,} tracks, {len(x) / args.tracks:.0f} vertices and "
        f"{mean_length_km(x, y, offsets):.1f} km each on average, {len(np.unique(user))} users; "
        f"grid {grid.cols} x {grid.rows} cells of {PIXEL_M:g} m"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "tracks.gpkg"
        write_tracks(path, x, y, offsets, user)
        counts = distinct_per_cell(x, y, offsets, grid, user)
        ours = median_time(lambda: distinct_per_cell(x, y, offsets, grid, user), 7)
        whole = median_time(lambda: read_and_count(path, PIXEL_M), 5)
        print(
            f"ours: distinct activities and users {ours:.3f} s (median of 7); "
            f"reading the GeoPackage too {whole:.3f} s (median of 5)"
        )

        if shutil.which("gdal_rasterize"):
            gdal = median_time(lambda: run_gdal(path, folder / "gdal.tif", grid.bounds), 5)
            burned = read_tif(folder / "gdal.tif")
            touched = (burned > 0) | (counts[0] > 0)
            fewer = float((burned < counts[0])[touched].mean())
            more = float((burned > counts[0])[touched].mean())
            gdal_source = (
                f"measured now, the gdal_rasterize -add command on the file; of the cells either "
                f"touches, it counts fewer lines than our activities in {fewer:.0%}, "
                f"more in {more:.0%}"
            )
        else:
            gdal = REFERENCE["gdal_10m_s"]
            gdal_source = "reference figure: gdal_rasterize is not installed"
        print(f"GDAL rasterize at {PIXEL_M:g} m: {gdal:.3f} s ({gdal_source})")
        print(f"ratio ours from the file vs the GDAL command: {gdal / whole:.2f}x")

        has_qgis = qgis_available()
        if args.qgis and has_qgis:
            qgis, qgis_source = run_qgis(path, folder / "qgis.tif"), "measured now"
        else:
            why = "run with --qgis to measure it, ~3 min" if has_qgis else "QGIS is not installed"
            qgis, qgis_source = REFERENCE["qgis_40m_s"], f"reference figure; {why}"
    print(
        f"QGIS line density at {QGIS_PIXEL_M:g} m, radius {QGIS_RADIUS_M:g} m: "
        f"{qgis:.1f} s ({qgis_source})"
    )
    print(f"ratio ours at 10 m vs QGIS at 40 m: {qgis / ours:.0f}x (goal >= 190x)")
    print(
        f"under {GOAL_S:g} s: {'yes' if ours < GOAL_S else 'NO'} ({ours:.3f} s); "
        f"with reading: {'yes' if whole < GOAL_S else 'NO'} ({whole:.3f} s)"
    )

    problems, found = spot_check(counts, x, y, offsets, user, grid)
    for problem in problems:
        print(f"SPOT CHECK FAILED: {problem}")
    if not problems:
        print(
            f"spot check: every (activity, cell) and (user, cell) hit by points sampled every 2 m "
            f"along the lines is counted; the samples find {found:.1%} of our pairs (the rest: "
            f"cells a line crosses for under 2 m); users <= activities <= tracks in every cell"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
