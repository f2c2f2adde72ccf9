"""Probable people and repeated files: time for 100,000 activities, and against a naive search.

Goal (issue 13): ``probable_people`` on 100,000 activities in a few seconds.
The activities are drawn for people living uniformly over a 15 x 15 km city in
EPSG:2180 (fixed seed): each has 1-9 activities whose trimmed starts lie
200-300 m from home in a random direction; 70 % come back home, the others end
anywhere in the city. A share of the people (``--unidentified``, 30 % by
default) have files that do not identify them. A second run makes every file
unidentified: everything near anything merges. A third run spreads 100,000
unidentified activities over 300 x 300 km, where little merges and no merged
cell can be skipped.

The naive reference compares every unidentified activity with all the others
(O(n^2), one numpy row per activity, a Python union-find), on 5,000 activities;
both must give the same partition.

Run: ``.venv/bin/python benchmarks/people.py [--activities N] [--unidentified SHARE]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

import numpy as np

from analysis.kernels.people import probable_people, repeated_pairs

CITY_M = 15_000.0
ORIGIN = np.array([560_000.0, 240_000.0])
RADIUS_M = 500.0
NAIVE_N = 5_000
GOAL_S = 5.0


def make_activities(
    n: int, unidentified: float, people: int = 0, away: float = 0.3, seed: int = 13
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``known`` codes, trimmed ``ends`` (n, 4) and the true person of ``n`` activities.

    ``people`` defaults to one for every five activities; a share ``away`` of
    the activities ends anywhere in the city, the others back home.
    """
    rng = np.random.default_rng(seed)
    people = people or max(n // 5, 1)
    home = rng.uniform(0.0, CITY_M, (people, 2)) + ORIGIN
    person = np.sort(rng.integers(0, people, n))

    def near_home() -> np.ndarray:
        angle, dist = rng.uniform(0, 2 * np.pi, n), rng.uniform(200.0, 300.0, n)
        return home[person] + np.column_stack([dist * np.cos(angle), dist * np.sin(angle)])

    start, end = near_home(), near_home()
    away = rng.random(n) < away
    end[away] = rng.uniform(0.0, CITY_M, (int(away.sum()), 2)) + ORIGIN
    hidden = rng.random(people) < unidentified
    known = np.where(hidden[person], -1, person).astype(np.int64)
    return known, np.column_stack([start, end]), person


def naive_people(known: np.ndarray, ends: np.ndarray, radius: float) -> np.ndarray:  # noqa: C901 - the naive reference, written plainly on purpose
    """The same partition by brute force: every unidentified activity against all others."""
    n = len(known)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    first: dict[int, int] = {}
    for i, code in enumerate(known.tolist()):
        if code >= 0:
            union(i, first.setdefault(code, i))
    points = (ends[:, :2], ends[:, 2:])
    for i in np.flatnonzero(known < 0).tolist():
        near = np.zeros(n, dtype=bool)
        for mine in points:
            for theirs in points:
                near |= np.hypot(*(theirs - mine[i]).T) <= radius
        for j in np.flatnonzero(near).tolist():
            union(i, j)
    roots = np.array([find(i) for i in range(n)])
    return np.asarray(np.unique(roots, return_inverse=True)[1])


def timed(run: Callable[[], np.ndarray], repeat: int) -> tuple[float, np.ndarray]:
    """Median seconds of ``repeat`` runs, and the last result."""
    timings, result = [], np.empty(0)
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - started)
    return float(np.median(timings)), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--unidentified", type=float, default=0.3)
    args = parser.parse_args()
    failed = False

    for share in (args.unidentified, 1.0):
        known, ends, person = make_activities(args.activities, share)
        seconds, found = timed(lambda k=known, e=ends: probable_people(k, e, RADIUS_M), 3)
        real = len(np.unique(person))
        print(
            f"probable_people, {args.activities:,} activities of {real:,} people, "
            f"{share:.0%} of them unidentified: {seconds:.2f} s (median of 3); "
            f"{found.max() + 1:,} probable people "
            f"({'a lower bound' if found.max() < real else 'NOT A LOWER BOUND'})"
        )
        failed |= found.max() >= real or seconds > GOAL_S

    rng = np.random.default_rng(3)
    ends = rng.uniform(0, 300_000, (args.activities, 4))  # sparse: little to merge, no shortcut
    ends[:, 2:] = ends[:, :2] + rng.uniform(-400, 400, (args.activities, 2))
    loose = np.full(args.activities, -1)
    seconds, found = timed(lambda: probable_people(loose, ends, RADIUS_M), 3)
    print(
        f"probable_people, {args.activities:,} unidentified activities over 300 x 300 km: "
        f"{seconds:.2f} s (median of 3); {found.max() + 1:,} probable people"
    )
    failed |= seconds > GOAL_S

    print("how many people survive the merging (5 activities a person, all back home):")
    for people in (300, 1_000, 3_000):
        for share in (0.1, 0.3):
            known, ends, _ = make_activities(5 * people, share, people, away=0.0)
            found = probable_people(known, ends, RADIUS_M)
            print(
                f"  {people:,} people ({people / CITY_M**2 * 1e6:.1f} per km2), {share:.0%} "
                f"unidentified: {found.max() + 1:,} probable people"
            )

    known, ends, _ = make_activities(NAIVE_N, args.unidentified, away=0.0)
    ours, found = timed(lambda: probable_people(known, ends, RADIUS_M), 5)
    naive, expected = timed(lambda: naive_people(known, ends, RADIUS_M), 1)
    same = np.array_equal(found, expected)
    print(
        f"{NAIVE_N:,} activities ({found.max() + 1:,} probable people): ours "
        f"{ours * 1000:.1f} ms, naive O(n^2) {naive:.2f} s: "
        f"{naive / ours:.0f}x; same partition: {'yes' if same else 'NO'}; the naive search "
        f"would take about {naive * (args.activities / NAIVE_N) ** 2 / 60:.0f} min "
        f"for {args.activities:,}"
    )
    failed |= not same

    rng = np.random.default_rng(5)
    n = args.activities
    _, ends, _ = make_activities(n, args.unidentified)
    start_s = rng.uniform(0, 3 * 365 * 86_400, n)
    distance = rng.uniform(3_000.0, 30_000.0, n)
    copy = np.flatnonzero(rng.random(n) < 0.1)
    copy = copy[copy % 2 == 1]  # never a copy of a copy
    original = copy - 1
    start_s[copy] = start_s[original] + 1.0
    ends[copy] = ends[original] + rng.normal(0.0, 5.0, (len(copy), 4))
    distance[copy] = distance[original] * 1.01
    seconds, repeated = timed(
        lambda: repeated_pairs(start_s, ends, distance, 120.0, 100.0, 0.05), 3
    )
    print(
        f"repeated_pairs, {n:,} activities with {len(copy):,} copies: "
        f"{seconds:.2f} s (median of 3), {len(np.unique(repeated[:, 1])):,} repeats found"
    )
    same_clock = np.zeros(n)
    seconds, repeated = timed(
        lambda: repeated_pairs(same_clock, ends, distance, 120.0, 100.0, 0.05), 3
    )
    print(
        f"repeated_pairs, {n:,} activities all stamped with one time (a watch "
        f"without a clock): {seconds:.2f} s (median of 3), "
        f"{len(np.unique(repeated[:, 1])):,} repeats found"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
