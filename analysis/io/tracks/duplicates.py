"""One ride is one activity: copies of a recording (its GPX, TCX and FIT) are counted once.

Candidates are found as the privacy count finds repeated files
(:func:`analysis.kernels.people.repeated_pairs`: start, ends of the stored
line, distance), with tolerances wide enough for a copy that rounds
coordinates or drops points. A candidate is the same ride only if, at the
timestamps both recordings have on whole ``MARK_S`` seconds, its positions
lie within ``SAME_M`` of the other's (median): a copy repeats its original
to rounding (GPX writes 1e-6..1e-7 degrees, 0.1 m at most), while two people
riding together are metres and seconds apart with independent GPS errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from analysis.kernels.people import repeated_pairs

if TYPE_CHECKING:
    from analysis.io.tracks.activity import Activity
    from analysis.workspace import Transaction

CANDIDATE_S = 60.0
"""Starts this close may be one ride (a copy may lack the first points)."""
CANDIDATE_M = 100.0
"""Stored lines whose ends are this close may be one ride (the trim moves with dropped points)."""
CANDIDATE_LENGTH = 0.05
"""Distances differing by at most this share of the longer may be one ride."""
MARK_S = 7
"""Positions are compared at the timestamps on whole multiples of these seconds: a
prime, so that a copy keeping every 2nd, 3rd or 5th point still has marks."""
SAME_M = 0.5
"""Median distance at common marks within which two recordings are one ride."""
MIN_MARKS = 3
"""Common marks needed, and at least half of the shorter recording's."""
Marks = tuple[np.ndarray, np.ndarray, np.ndarray]
"""Seconds since 1970 (int64), x and y of the points on marks, sorted by time."""
_ID = re.compile(r"[0-9a-f]+")


def marks(time: np.ndarray, x: np.ndarray, y: np.ndarray) -> Marks:
    """The first point of every whole ``MARK_S`` seconds of a track."""
    timed = ~np.isnat(time)
    seconds = time[timed].astype("datetime64[s]").astype(np.int64)
    on = seconds % MARK_S == 0
    t, first = np.unique(seconds[on], return_index=True)
    return t, x[timed][on][first], y[timed][on][first]


def same_ride(a: Marks, b: Marks) -> bool:
    """Whether two tracks are one recording: their positions at common marks coincide."""
    _, i, j = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    if len(i) < max(MIN_MARKS, min(len(a[0]), len(b[0])) / 2):
        return False
    apart = np.hypot(a[1][i] - b[1][j], a[2][i] - b[2][j])
    return bool(np.median(apart) <= SAME_M)


class Rides:
    """The rides of a workspace and of the import under way, to find copies among them.

    Only what a candidate needs is read from the workspace: the start, distance
    and source of every stored activity up front, the ends of a stored line when
    a new activity starts within ``CANDIDATE_S`` of it, and its marks when it is a
    candidate. Marks of the new activities are held until they are written
    (:meth:`keep_marks`), later read again like the others.

    Parameters
    ----------
    ids, sources, start_s, distance_m
        Per activity stored before: its id, source, start (seconds since 1970,
        NaN unknown) and distance.
    load_ends
        The start and end of the stored lines of activities by id (x0, y0, x1, y1).
    load_marks
        The :data:`Marks` of stored activities by id.
    """

    def __init__(
        self,
        ids: Sequence[str],
        sources: Sequence[str],
        start_s: np.ndarray,
        distance_m: np.ndarray,
        load_ends: Callable[[list[str]], dict[str, np.ndarray]],
        load_marks: Callable[[list[str]], dict[str, Marks]],
    ) -> None:
        self.ids, self.sources = list(ids), list(sources)
        self.start_s = np.asarray(start_s, dtype=np.float64)
        self.ends = np.full((len(self.ids), 4), np.nan)
        self.ends_read = np.zeros(len(self.ids), dtype=bool)
        self.distance_m = np.asarray(distance_m, dtype=np.float64)
        self.load_ends, self.load_marks = load_ends, load_marks
        self.marks: dict[str, Marks] = {}

    @classmethod
    def of(cls, tx: Transaction, activities: str, points: str) -> Rides:
        """The rides the workspace will hold once ``tx`` commits, so far."""
        import shapely

        from analysis.io.tracks.store import index_by_activity

        if not tx.has_layer(activities):
            return cls([], [], np.empty(0), np.empty(0), lambda ids: {}, lambda ids: {})
        frame = tx.read_layer(
            activities,
            columns=["activity_id", "start", "distance_m", "source"],
            read_geometry=False,
        )
        indexed = False

        def where(ids: list[str]) -> str:
            nonlocal indexed
            if not indexed:  # a workspace written before the index: made when first needed
                index_by_activity(tx.workspace.path)
                indexed = True
            quoted = ",".join(f"'{i}'" for i in ids if _ID.fullmatch(i))
            return f"activity_id IN ({quoted or 'NULL'})"

        def ends(ids: list[str]) -> dict[str, np.ndarray]:
            lines = tx.read_layer(activities, columns=["activity_id"], where=where(ids))
            first = shapely.get_point(lines.geometry.to_numpy(), 0)
            last = shapely.get_point(lines.geometry.to_numpy(), -1)
            xy = np.column_stack(
                [
                    shapely.get_x(first),
                    shapely.get_y(first),
                    shapely.get_x(last),
                    shapely.get_y(last),
                ]
            )
            return dict(zip(lines["activity_id"], xy, strict=True))

        def load(ids: list[str]) -> dict[str, Marks]:
            pts = tx.read_layer(points, columns=["activity_id", "time"], where=where(ids))
            time = np.asarray(pts["time"].dt.tz_convert(None), dtype="datetime64[ms]")
            x, y = pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy()
            owner = pts["activity_id"].to_numpy()
            return {i: marks(time[owner == i], x[owner == i], y[owner == i]) for i in ids}

        return cls(
            frame["activity_id"].astype(str).tolist(),
            frame["source"].astype(str).tolist(),
            _seconds(frame["start"]),
            frame["distance_m"].to_numpy(dtype=np.float64, na_value=np.nan),
            ends,
            load,
        )

    def settle(self, batch: Sequence[Activity]) -> list[tuple[str, str] | None]:
        """For each activity of ``batch``, the id and source of the earlier ride it repeats.

        None for an activity that repeats none: it joins the rides, so later
        copies of it are found too.
        """
        n = len(self.ids)
        start = np.array([a.start for a in batch], dtype="datetime64[ms]")
        new_start = np.where(np.isnat(start), np.nan, start.astype(np.int64) / 1000.0)
        new_ends = np.array([[a.x[0], a.y[0], a.x[-1], a.y[-1]] for a in batch]).reshape(-1, 4)
        new_distance = np.array([a.distance_m for a in batch], dtype=np.float64)
        near = self._near(new_start)
        pairs = repeated_pairs(
            np.concatenate([self.start_s[near], new_start]),
            np.concatenate([self.ends[near], new_ends]),
            np.concatenate([self.distance_m[near], new_distance]),
            CANDIDATE_S,
            CANDIDATE_M,
            CANDIDATE_LENGTH,
        )
        row = np.concatenate([near, n + np.arange(len(batch))])  # rides' row of each
        pairs = row[pairs[pairs[:, 1] >= len(near)]].reshape(-1, 2)
        pairs = pairs[np.lexsort((pairs[:, 0], pairs[:, 1]))]
        wanted = [
            self.ids[i] for i in np.unique(pairs[:, 0]) if i < n and self.ids[i] not in self.marks
        ]
        self.marks.update(self.load_marks(wanted) if wanted else {})
        new_marks = [marks(a.time, a.x, a.y) for a in batch]
        repeats: list[tuple[str, str] | None] = [None] * len(batch)
        for i, j in pairs:
            k = j - n
            if repeats[k] is not None or (i >= n and repeats[i - n] is not None):
                continue
            earlier = self.marks.get(self.ids[i]) if i < n else new_marks[i - n]
            if earlier is not None and same_ride(earlier, new_marks[k]):
                first = batch[i - n] if i >= n else None
                repeats[k] = (
                    (first.activity_id, first.source) if first else (self.ids[i], self.sources[i])
                )
        for activity, repeat, its_marks in zip(batch, repeats, new_marks, strict=True):
            if repeat is None:
                self.marks[activity.activity_id] = its_marks
                self.ids.append(activity.activity_id)
                self.sources.append(activity.source)
        kept = np.array([r is None for r in repeats], dtype=bool)
        self.start_s = np.concatenate([self.start_s, new_start[kept]])
        self.ends = np.concatenate([self.ends, new_ends[kept]])
        self.ends_read = np.concatenate([self.ends_read, np.ones(int(kept.sum()), dtype=bool)])
        self.distance_m = np.concatenate([self.distance_m, new_distance[kept]])
        return repeats

    def keep_marks(self, ids: set[str]) -> None:
        """Forget the marks of every ride but ``ids`` (those not yet written)."""
        self.marks = {i: m for i, m in self.marks.items() if i in ids}

    def _near(self, start_s: np.ndarray) -> np.ndarray:
        """Rows of the rides that start within ``CANDIDATE_S`` of one of ``start_s``, ends read."""
        new = np.sort(start_s[np.isfinite(start_s)])
        if not len(new):
            return np.empty(0, dtype=np.int64)
        at = np.searchsorted(new, self.start_s)
        below, above = new[np.maximum(at - 1, 0)], new[np.minimum(at, len(new) - 1)]
        gap = np.fmin(np.abs(self.start_s - below), np.abs(above - self.start_s))
        near = np.flatnonzero(gap <= CANDIDATE_S)
        unread = near[~self.ends_read[near]]
        if len(unread):
            found = self.load_ends([self.ids[i] for i in unread])
            for i in unread:
                self.ends[i] = found.get(self.ids[i], np.full(4, np.nan))
            self.ends_read[unread] = True
        return near


def _seconds(column: object) -> np.ndarray:
    """Seconds since 1970 of a datetime column, NaN where unknown."""
    import pandas as pd

    start = pd.to_datetime(column, utc=True, format="ISO8601", errors="coerce")
    seconds = (start - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(seconds=1)
    return np.asarray(seconds.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)
