"""Import a 10,000-activity Strava bulk export against the 3-minute, 1 GB goal (issue #3).

Run: ``.venv/bin/python benchmarks/import_tracks.py [--activities N] [--city DIR]``.
Builds the export from the sample city's ~2,300 activities (generated, or
``--city``): copies are re-timed by whole years so that every file's content,
and so its activity id, differs; a third are gzipped, as Strava does, and
``activities.csv`` and ``profile.csv`` go with them. The import into a fresh
workspace runs in a subprocess (as ``urbanista import tracks`` would); the
wall time and the peak memory come from there: the import process's own peak
(``VmHWM``) and the peak of the sum of its and its workers' resident memory,
sampled every 0.1 s.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import subprocess
import sys
import tempfile
import textwrap
import time
import zipfile
from pathlib import Path

GOAL_S = 180.0
GOAL_MB = 1024.0
STRAVA_TYPES = {
    "cycling": "Ride",
    "running": "Run",
    "inline_skating": "InlineSkate",
    "nordic_walking": "Walk",
}

CHILD = textwrap.dedent(
    """
    import json, os, sys, threading, time
    from pathlib import Path
    from analysis.io.tracks import TrackImportParams, import_tracks
    from analysis.workspace import Workspace

    def rss_mb(pid, field="VmRSS"):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def tree():
        pids = [os.getpid()]
        for task in Path(f"/proc/{os.getpid()}/task").iterdir():
            pids += [int(p) for p in (task / "children").read_text().split()]
        return pids

    peak = {"tree": 0.0}
    def sample():
        while True:
            peak["tree"] = max(peak["tree"], sum(rss_mb(p) for p in tree()))
            time.sleep(0.1)

    if __name__ == "__main__":
        ws, export = Workspace.open(sys.argv[1]), Path(sys.argv[2])
        workers = json.loads(sys.argv[3])
        threading.Thread(target=sample, daemon=True).start()
        started = time.perf_counter()
        s = import_tracks(ws, [export], TrackImportParams(workers=workers))
        elapsed = time.perf_counter() - started
        print(json.dumps({"elapsed": elapsed, "imported": s.imported, "skipped": s.skipped,
                          "rejected": s.rejected, "own_mb": rss_mb(os.getpid(), "VmHWM"),
                          "tree_mb": peak["tree"], "size_mb": ws.path.stat().st_size / 1e6,
                          "points": ws.entry("activity_points").feature_count}))
    """
)


def city_tracks(city: Path) -> list[tuple[dict, bytes]]:
    """Every activity of the sample city with its GPX bytes."""
    truth = json.loads((city / "truth.json").read_text(encoding="utf-8"))
    archives: dict[str, zipfile.ZipFile] = {}
    out = []
    for record in truth["activities"]:
        path = city / record["file"]
        if record["member"] is None:
            data = path.read_bytes()
        else:
            zf = archives.setdefault(record["file"], zipfile.ZipFile(path))
            data = zf.read(record["member"])
            data = gzip.decompress(data) if record["member"].endswith(".gz") else data
        out.append((record, data))
    for zf in archives.values():
        zf.close()
    return out


def build_export(path: Path, tracks: list[tuple[dict, bytes]], n: int) -> int:
    """A Strava export of ``n`` activities; returns its uncompressed size in bytes."""
    rows, size = [], 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for i in range(n):
            record, data = tracks[i % len(tracks)]
            years = i // len(tracks)  # copy k is the same ride k years earlier
            data = data.replace(b">2026-", f">{2026 - years}-".encode())
            name = f"activities/{10_000_000_000 + i}.gpx"
            if i % 3 == 2:
                name, data = name + ".gz", gzip.compress(data, compresslevel=1)
            zf.writestr(name, data)
            size += len(data)
            rows.append(
                {
                    "Activity ID": 10_000_000_000 + i,
                    "Activity Date": record["start"],
                    "Activity Type": STRAVA_TYPES[record["type"]],
                    "Filename": name,
                }
            )
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        zf.writestr("activities.csv", buf.getvalue())
        zf.writestr("profile.csv", "Athlete ID,First Name,Last Name\n31415926,Ewa,Nowak\n")
    return size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--city", type=Path, help="an existing sample city (else one is made)")
    parser.add_argument("--workers", type=int, default=None, help="default: the importer's")
    args = parser.parse_args()

    from analysis.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        city = args.city
        if city is None:
            from analysis.samplecity import generate

            city = generate(Path(tmp) / "city").folder
        export = Path(tmp) / "export_31415926.zip"
        size = build_export(export, city_tracks(city), args.activities)
        print(
            f"export: {args.activities:,} activities, {export.stat().st_size / 1e6:.0f} MB "
            f"zipped, {size / 1e6:.0f} MB of GPX"
        )
        ws = Workspace.create(Path(tmp) / "benchmark.gpkg")
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(ws.path), str(export), json.dumps(args.workers)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        wall = time.perf_counter() - started
    result = json.loads(out.splitlines()[-1])
    rate = result["imported"] / result["elapsed"]
    print(
        f"imported {result['imported']:,}, skipped {result['skipped']:,}, rejected "
        f"{result['rejected']:,}; {result['points']:,} points; workspace "
        f"{result['size_mb']:.0f} MB"
    )
    print(
        f"{result['elapsed']:.1f} s in import_tracks ({wall:.1f} s with start-up): "
        f"{rate:.0f} activities/s; goal {GOAL_S:.0f} s, ratio {result['elapsed'] / GOAL_S:.2f}"
    )
    print(
        f"peak RSS {result['tree_mb']:.0f} MB (import process and workers together; the "
        f"import process alone {result['own_mb']:.0f} MB); goal {GOAL_MB:.0f} MB, ratio "
        f"{result['tree_mb'] / GOAL_MB:.2f}"
    )
    return 0 if result["elapsed"] < GOAL_S and result["tree_mb"] < GOAL_MB else 1


if __name__ == "__main__":
    sys.exit(main())
