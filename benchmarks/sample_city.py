"""Time the generation of the default sample city against its 60 s budget (issue #2).

Run: ``.venv/bin/python benchmarks/sample_city.py [--repeat N]``. Prints the
median wall time of N runs, the ratio to the budget (below 1.0 is within it)
and the peak resident memory of this process.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from analysis.samplecity import generate

    times = []
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            city = generate(Path(tmp) / "city")
            times.append(time.perf_counter() - started)
            size = sum(p.stat().st_size for p in city.folder.rglob("*") if p.is_file())
        print(f"run {i + 1}: {times[-1]:.2f} s, {size / 1e6:.0f} MB written")
    counts = city.truth["counts"]
    median = statistics.median(times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"sample city: {counts['activities']:,} activities, {counts['track_points']:,} points, "
        f"{counts['reports']:,} reports, {counts['streets']:,} street segments"
    )
    print(
        f"median {median:.2f} s; budget {BUDGET_S:.0f} s; ratio {median / BUDGET_S:.3f} "
        f"({BUDGET_S / median:.1f}x under budget); peak RSS {peak_mb:.0f} MB"
    )
    return 0 if median < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
