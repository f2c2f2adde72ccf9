"""Bike-path gap analysis on a 10,000-segment street network, against the 10 s goal.

Reference (issue 5): the gap analysis, with the cycle network's quality checks,
on a 10,000-segment network in under 10 s. The network is a synthetic grid of
named streets (150 m blocks) in EPSG:2180 with cycling usage per segment
(heavy-tailed, some counts withheld), cycleways 7 m beside a few dozen streets
cut into pieces with gaps between some (so the network falls into many
components), and 2,000 citizen reports, a tenth asking for bike racks. All
drawn from a fixed seed.

Run: ``.venv/bin/python benchmarks/analyses_gaps.py [--segments N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import json
import time

import geopandas as gpd
import numpy as np
import shapely

from analysis.planning.gaps import GapParams, gap_analysis

GOAL_S = 10.0
BLOCK_M = 150.0
ORIGIN = (560_000.0, 380_000.0)


def network(segments: int, seed: int = 5) -> tuple[gpd.GeoDataFrame, ...]:
    """Streets with usage, cycleways and reports: about ``segments`` street segments."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(segments / 2))) + 1
    x0, y0 = ORIGIN
    rows = []
    for line in range(side):
        for step in range(side - 1):
            a, b = step * BLOCK_M, (step + 1) * BLOCK_M
            c = line * BLOCK_M
            rows.append((f"ul. Pozioma {line}", (x0 + a, y0 + c), (x0 + b, y0 + c), line, 0))
            rows.append((f"ul. Pionowa {line}", (x0 + c, y0 + a), (x0 + c, y0 + b), line, 1))
    rows = rows[:segments]
    names = [r[0] for r in rows]
    geometry = shapely.linestrings([[r[1], r[2]] for r in rows])
    # Heavy-tailed usage: a few busy streets, most quiet; a third of the counts withheld.
    street_busy = rng.lognormal(-1.5, 1.2, 2 * side)
    per_day = street_busy[[r[3] * 2 + r[4] for r in rows]] * rng.uniform(0.7, 1.3, len(rows))
    users = np.round(per_day * 15)
    withheld = users < 5
    streets = gpd.GeoDataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "nazwa": names,
            "users": np.where(withheld, np.nan, users),
            "users_per_day": np.where(withheld, np.nan, per_day),
        },
        geometry=geometry,
        crs="EPSG:2180",
    )
    # Cycleways beside every fourth street of each direction, in pieces of 2-5 blocks.
    pieces = []
    for line in range(0, side, 4):
        for vertical in (False, True):
            start = 0
            while start < side - 1:
                size = int(rng.integers(2, 6))
                end = min(start + size, side - 1)
                if rng.random() < 0.8:  # the rest are missing: gaps between components
                    a, b = start * BLOCK_M, end * BLOCK_M - rng.choice([0.0, 0.0, 15.0])
                    c = line * BLOCK_M + 7.0
                    ends = (
                        [(x0 + c, y0 + a), (x0 + c, y0 + b)]
                        if vertical
                        else [(x0 + a, y0 + c), (x0 + b, y0 + c)]
                    )
                    pieces.append(ends)
                start = end
    tags = rng.random((len(pieces), 3)) < 0.2
    cycleways = gpd.GeoDataFrame(
        {
            "nawierzchnia": np.where(tags[:, 0], None, "asfalt"),
            "oswietlenie": np.where(tags[:, 1], None, "tak"),
            "szerokosc_m": np.where(tags[:, 2], np.nan, 2.0),
        },
        geometry=shapely.linestrings(pieces),
        crs="EPSG:2180",
    )
    extent = (side - 1) * BLOCK_M
    n = 2_000
    reports = gpd.GeoDataFrame(
        {
            "category": np.where(rng.random(n) < 0.1, "missing_bike_rack", "pothole"),
            "description": ["Zgłoszenie"] * n,
        },
        geometry=shapely.points(rng.uniform(0, extent, (n, 2)) + ORIGIN),
        crs="EPSG:2180",
    )
    return streets, cycleways, reports


def main() -> None:
    """Time the gap analysis and print the result against the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    streets, cycleways, reports = network(args.segments)
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = gap_analysis(streets, cycleways, reports, GapParams())
        times.append(time.perf_counter() - started)
    best = min(times)
    print(
        json.dumps(
            {
                "segments": len(streets),
                "cycleway_pieces": len(cycleways),
                "reports": len(reports),
                "corridors": result.summary["corridors"],
                "links": result.summary["links"],
                "components": result.summary["network"]["components"],
                "best_s": round(best, 2),
                "times_s": [round(t, 2) for t in times],
                "goal_s": GOAL_S,
            }
        )
    )
    verdict = "meets" if best < GOAL_S else "MISSES"
    print(
        f"gap analysis on {len(streets):,} segments: {best:.2f} s, {verdict} the {GOAL_S:g} s "
        f"goal ({GOAL_S / best:.1f}x headroom)"
    )


if __name__ == "__main__":
    main()
