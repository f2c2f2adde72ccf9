"""Heatmap speed and agreement against QGIS's "Heatmap (Kernel Density Estimation)".

Reference (issue #4): 1,000,000 points in a GeoPackage, radius 100 m, pixel 5 m,
quartic kernel, Raw output; QGIS 3.22's algorithm took 28 s here, its whole
process about 30 s. When QGIS is installed (``/usr/bin/python3`` imports
``qgis.core``) this script runs QGIS's own algorithm through ``qgis.processing``
on the same file and prints the measured ratios; otherwise it prints ours
against the reference figures.

Run: ``.venv/bin/python benchmarks/heatmap.py [--points N] [--huge N]``.
``--huge 100000000`` streams that many points through the chunked path and
prints time and peak RSS (goal: under 2 minutes and 2 GB).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

QGIS_PYTHON = "/usr/bin/python3"
REFERENCE = {"qgis_algorithm_s": 28.0, "qgis_process_s": 30.0}

QGIS_SCRIPT = r"""
import json, sys, time
started = time.perf_counter()
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False); app.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
from processing.core.Processing import Processing
Processing.initialize()
import processing
layer = QgsVectorLayer(sys.argv[1] + "|layername=points", "points", "ogr")
t = time.perf_counter()
processing.run("qgis:heatmapkerneldensityestimation", {"INPUT": layer, "RADIUS": 100.0,
    "PIXEL_SIZE": 5.0, "KERNEL": 0, "DECAY": 0, "OUTPUT_VALUE": 0, "OUTPUT": sys.argv[2]})
print(json.dumps({"algorithm_s": time.perf_counter() - t}))
"""


def make_points(path: Path, n: int) -> None:
    """``n`` points clustered like activity along streets, over 8 x 8 km in EPSG:2180."""
    import geopandas as gpd
    import shapely

    rng = np.random.default_rng(42)
    hubs = rng.uniform([560_000, 380_000], [568_000, 388_000], (400, 2))
    pick = rng.integers(0, len(hubs), n)
    xy = hubs[pick] + rng.normal(0, 150, (n, 2))
    gdf = gpd.GeoDataFrame(geometry=shapely.points(xy), crs="EPSG:2180")
    gdf.to_file(path, layer="points", driver="GPKG", engine="pyogrio")


def qgis_available() -> bool:
    return (
        subprocess.run([QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0
    )


def run_qgis(points: Path, out: Path) -> tuple[float, float]:
    started = time.perf_counter()
    proc = subprocess.run(
        [QGIS_PYTHON, "-c", QGIS_SCRIPT, str(points), str(out)],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    whole = time.perf_counter() - started
    return json.loads(proc.stdout.strip().splitlines()[-1])["algorithm_s"], whole


def read_tif(path: Path) -> np.ndarray:
    import rasterio

    with rasterio.open(path) as src:
        values = src.read(1).astype(float)
        return np.where(values == src.nodata, 0.0, values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--huge", type=int, default=0)
    args = parser.parse_args()

    from analysis.heatmap.inputs import LayerRef
    from analysis.heatmap.points import PointHeatmapParams, point_heatmap
    from analysis.io.gpkg_points import read_points
    from analysis.kernels.grid import Grid
    from analysis.kernels.kde import KdeParams, density

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        points = folder / "points.gpkg"
        make_points(points, args.points)
        pts = read_points(points, "points")
        grid = Grid.qgis_heatmap(pts.x.min(), pts.y.min(), pts.x.max(), pts.y.max(), 5.0, 100.0)
        params = KdeParams(radius_m=100.0, pixel_m=5.0)
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            density(pts.x, pts.y, grid, params)
            timings.append(time.perf_counter() - started)
        compute = float(np.median(timings))

        cli = []
        for i in range(3):
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "analysis",
                    "heatmap",
                    str(points),
                    "-o",
                    str(folder / f"ours{i}.tif"),
                    "--radius",
                    "100",
                    "--pixel",
                    "5",
                    "--kernel",
                    "quartic",
                ],
                check=True,
                capture_output=True,
            )
            cli.append(time.perf_counter() - started)
        whole = float(np.median(cli))

        print(
            f"{args.points:,} points, grid {grid.cols} x {grid.rows} cells, radius 100 m, pixel 5 m"
        )
        print(
            f"ours: density {compute:.3f} s (median of 5); "
            f"whole command {whole:.2f} s (median of 3)"
        )
        if qgis_available():
            qgis_alg, qgis_whole = run_qgis(points, folder / "qgis.tif")
            source = "measured now"
            match = point_heatmap([LayerRef(points, "points")], PointHeatmapParams(match_qgis=True))
            qgis = read_tif(folder / "qgis.tif")
            ours = np.nan_to_num(match.values)
            diff = np.abs(ours - qgis).max() / qgis.max()
            print(
                f"agreement with QGIS (match_qgis): max |difference| = {diff:.4%} of QGIS's maximum"
            )
        else:
            qgis_alg, qgis_whole = REFERENCE["qgis_algorithm_s"], REFERENCE["qgis_process_s"]
            source = "reference figures (QGIS not installed)"
        print(f"QGIS ({source}): algorithm {qgis_alg:.1f} s, whole process {qgis_whole:.1f} s")
        print(f"ratio density vs QGIS algorithm: {qgis_alg / compute:.0f}x (goal >= 100x)")
        print(f"ratio command vs QGIS process:   {qgis_whole / whole:.1f}x (goal >= 25x, aim 30x)")

    if args.huge:
        from analysis.kernels.kde import density_chunks

        grid = Grid.covering(560_000, 380_000, 568_000, 388_000, 5.0, margin=100.0)
        chunk = 5_000_000

        def chunks():  # type: ignore[no-untyped-def]
            rng = np.random.default_rng(7)
            for start in range(0, args.huge, chunk):
                n = min(chunk, args.huge - start)
                xy = rng.uniform([560_000, 380_000], [568_000, 388_000], (n, 2))
                yield xy[:, 0], xy[:, 1], None

        started = time.perf_counter()
        density_chunks(chunks(), grid, params)
        took = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{args.huge:,} points in chunks of {chunk:,}: {took:.1f} s (goal < 120 s), "
            f"peak RSS {rss:.0f} MB (goal < 2048 MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
