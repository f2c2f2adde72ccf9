"""Desktop map speed on the sample city, offscreen, against the goals of issue #7.

- cold start: a new process opens the workspace and shows its map until the
  first render is done (median of 5; goal under 2 s), through
  ``desktop.app.create_window(path)``: the main window with its docks;
- redraw of the whole city at 1920 x 1080, every vector layer plus a heatmap
  (median; goal under 100 ms), and of the default map;
- a pan of 200 px (goal under 50 ms);
- 1,000,000 points in one layer (the sample city's activity points): the whole
  city (drawn as occupied pixels) and one street (drawn as dots).

Run: ``.venv/bin/python benchmarks/desktop.py [--workspace city.gpkg]``; without
a workspace it builds the sample city first (``urbanista demo``, 1-2 min).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == ROOT / "benchmarks":
    sys.path[0] = str(ROOT)  # this file is called desktop.py: let the package win

GOALS_MS = {"cold start": 2000.0, "redraw, all layers": 100.0, "pan": 50.0}

CHILD = r"""
import sys, time
started = time.perf_counter()
import desktop
desktop.preload_readers()  # before Qt, as `urbanista gui` does
from desktop.app import create_window
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
window = create_window(sys.argv[1])
canvas = window.canvas
how = "main window"
window.resize(1600, 1000)
loop = QEventLoop()
canvas.render_finished.connect(lambda stats: stats.drawn and loop.quit())
window.show()
QTimer.singleShot(30_000, loop.quit)
loop.exec()
print(how, time.perf_counter() - started, flush=True)
"""


def cold_start(workspace: Path, runs: int = 5) -> tuple[list[float], str]:
    """Wall seconds from process start to the first map, and where the canvas was."""
    times, how = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(workspace)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        times.append(time.perf_counter() - start)
        how = out.stdout.strip().rsplit(" ", 1)[0]
    return times, how


def median_ms(work: object, runs: int = 9) -> float:
    """The median wall time of ``work()`` in milliseconds (one warm-up run first)."""
    work()  # type: ignore[operator]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def redraws(workspace: Path) -> dict[str, float]:
    """Redraw, pan and 1M-point timings in this process."""
    from PySide6.QtWidgets import QApplication

    from analysis.workspace import Workspace
    from desktop.map import LayerStyle, RasterLayer, VectorLayer, View
    from desktop.map.render import render, snapshot
    from desktop.map.workspace_layers import workspace_layers

    _app = QApplication.instance() or QApplication([])
    ws = Workspace.open(workspace)
    layers = workspace_layers(ws)
    default = snapshot(layers)
    shown_raster = False
    for layer in layers:
        if isinstance(layer, RasterLayer):
            layer.visible, shown_raster = not shown_raster, True
        else:
            layer.visible = True
    everything = snapshot(layers)
    boxes = [la.bounds for la in layers if la.bounds]
    city = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    view = View.fitting(city, 1920, 1080)
    zoomed = view.zoomed(4)
    pans = iter(range(1, 10_000))
    figures = {
        "redraw, all layers": median_ms(lambda: render(everything, view)),
        "redraw, default map": median_ms(lambda: render(default, view)),
        "pan": median_ms(lambda: render(default, zoomed.panned(200 * next(pans) % 800, 0))),
        "pan, all layers": median_ms(
            lambda: render(everything, zoomed.panned(200 * next(pans) % 800, 0))
        ),
    }
    frame = ws.read_layer("activity_points", columns=[])
    points = VectorLayer(
        "activity_points", frame.geometry.values, style=LayerStyle(colour="#6a3d9a", size_px=3)
    )
    states = snapshot([points])
    street = View((city[0] + city[2]) / 2, (city[1] + city[3]) / 2, 0.25, 1920, 1080)
    aggregated = render(states, view).stats.aggregated
    figures[f"1M points, whole city ({'pixels' if aggregated else 'dots'})"] = median_ms(
        lambda: render(states, view), runs=5
    )
    figures["1M points, street level"] = median_ms(lambda: render(states, street), runs=5)
    figures["_points"] = points.feature_count
    return figures


def sample_workspace() -> Path:
    """Build the sample city's workspace in a temporary folder."""
    out = Path(tempfile.mkdtemp(prefix="urbanista_bench_"))
    urbanista = Path(sys.executable).with_name("urbanista")
    subprocess.run(
        [str(urbanista), "demo", "--out", str(out), "--no-gui"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out / "przykladowo.gpkg"


def main() -> None:
    """Measure and print the figures against the goals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="a workspace .gpkg (default: build one)")
    args = parser.parse_args()
    workspace = args.workspace or sample_workspace()
    starts, how = cold_start(workspace)
    figures = redraws(workspace)
    points = figures.pop("_points")
    print(f"Desktop map on {workspace.name}, 1920 x 1080, offscreen ({points:,} points layer)")
    cold = statistics.median(starts) * 1000
    rows = [("cold start", cold, f"median of 5, {how}")]
    rows += [(name, ms, "") for name, ms in figures.items()]
    for name, ms, note in rows:
        goal = GOALS_MS.get(name)
        verdict = "" if goal is None else f"goal < {goal:.0f} ms: {'ok' if ms < goal else 'MISSED'}"
        print(f"  {name:38s} {ms:8.1f} ms  {verdict}  {note}".rstrip())


if __name__ == "__main__":
    main()
