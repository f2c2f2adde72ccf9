"""Parse a 100,000-point Garmin GPX with gpxpy and with Urbanista's parser (issue #3).

Run: ``.venv/bin/python benchmarks/gpx_parse.py [--points N] [--repeat N]``.
Writes a Garmin Connect style GPX (TrackPointExtension heart rate on every
point), then parses it in a fresh subprocess per parser and run, so that each
peak resident memory (``VmHWM`` of that process) is its own. Prints points/s
(best of the runs), the ratio to gpxpy (goal: at least 5x) and the peak RSS
of each, with what the interpreter and imports alone take.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import textwrap
from datetime import UTC, datetime
from pathlib import Path

GOAL_RATIO = 5.0

CHILD = textwrap.dedent(
    """
    import resource, sys, time
    from pathlib import Path

    def peak_mb():  # VmHWM: this process image only (ru_maxrss keeps the parent's, from fork)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    parser, path = sys.argv[1], Path(sys.argv[2])
    if parser == "gpxpy":
        import gpxpy
        def parse(data):
            gpx = gpxpy.parse(data.decode("utf-8"))
            return sum(len(s.points) for t in gpx.tracks for s in t.segments)
    else:
        from analysis.io.tracks.gpx import parse_gpx
        import numpy, pandas, lxml.etree
        def parse(data):
            return len(parse_gpx(data, path.name))
    data = path.read_bytes()
    base = peak_mb()
    started = time.perf_counter()
    n = parse(data)
    elapsed = time.perf_counter() - started
    peak = peak_mb()
    print(n, elapsed, base, peak)
    """
)


def write_gpx(path: Path, n: int) -> None:
    import numpy as np

    from analysis.samplecity import gpx

    rng = np.random.default_rng(1)
    lat = 51.3 + np.cumsum(rng.normal(0, 2e-5, n))
    lon = 19.9 + np.cumsum(rng.normal(0, 3e-5, n))
    ele = 180 + np.cumsum(rng.normal(0, 0.1, n))
    start = datetime(2026, 5, 6, 6, 2, 53, tzinfo=UTC)
    seconds = np.cumsum(rng.integers(1, 4, n)) - 1
    hr = rng.integers(90, 170, n)
    segments = gpx.track_points(lat, lon, ele, start, seconds, heart_rate=hr)
    text = gpx.document("Garmin Connect", start, "Morning Ride", "cycling", segments, garmin=True)
    path.write_text(text, encoding="utf-8")


def run(parser: str, path: Path) -> tuple[int, float, float, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, parser, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), float(out[1]), float(out[2]), float(out[3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "garmin.gpx"
        write_gpx(path, args.points)
        print(f"{path.stat().st_size / 1e6:.1f} MB GPX, {args.points:,} points with heart rate")
        best: dict[str, tuple[float, float, float]] = {}
        for name in ("gpxpy", "urbanista"):
            runs = [run(name, path) for _ in range(args.repeat)]
            assert all(n == args.points for n, *_ in runs), runs
            elapsed = min(r[1] for r in runs)
            best[name] = (args.points / elapsed, max(r[2] for r in runs), max(r[3] for r in runs))
            rate, base, peak = best[name]
            print(
                f"{name:>9}: {rate:>9,.0f} points/s (best of {args.repeat}: {elapsed:.2f} s); "
                f"peak RSS {peak:.0f} MB ({base:.0f} MB before parsing)"
            )
    ratio = best["urbanista"][0] / best["gpxpy"][0]
    print(f"ratio {ratio:.1f}x gpxpy's throughput (goal {GOAL_RATIO:.0f}x)")
    return 0 if ratio >= GOAL_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
