"""The two track layers, written in batches through a workspace transaction.

``activities`` holds one LineString per activity; ``activity_points`` its
timestamped vertices, for heatmaps. A batch appends the points first, then the
lines; each append is all-or-nothing, so after an interruption an activity is
in both, only in the points, or in neither, and a resumed import writes
exactly what is missing.

``activity_copies`` (an attribute table, format 3 workspaces may lack it) holds
one row per copy of a ride that was not stored (:mod:`analysis.io.tracks.duplicates`):
its own id, the id of the activity it repeats, and its athlete's pseudonym and
basis, so that the privacy count still ties the copy's identity to the
original's (:func:`analysis.privacy.people.people_of`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from analysis.io.tracks.recovery import repair_layers

if TYPE_CHECKING:
    import sqlite3

    import geopandas as gpd
    import pandas as pd

    from analysis.io.tracks.activity import Activity
    from analysis.workspace import Transaction

ACTIVITIES = "activities"
POINTS = "activity_points"
COPIES = "activity_copies"


class Copy(NamedTuple):
    """A row of :data:`COPIES`: a copy of a ride that was not stored."""

    copy_id: str
    """The copy's own activity id (its file's), so that importing it again skips it."""
    activity_id: str
    """The stored activity it repeats."""
    user_id: str
    """Its athlete's pseudonym."""
    user_basis: str
    """What identified its athlete (:data:`~analysis.io.tracks.activity.UNIDENTIFIED`: nothing)."""


COPY_COLUMNS = Copy._fields


def lines_frame(batch: list[Activity], crs: str) -> gpd.GeoDataFrame:
    """One row per activity, its trimmed track as a LineString."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    counts = np.array([len(a.x) for a in batch])
    geometry = shapely.linestrings(
        np.concatenate([a.x for a in batch]),
        np.concatenate([a.y for a in batch]),
        indices=np.repeat(np.arange(len(batch)), counts),
    )
    start = pd.to_datetime(np.array([a.start for a in batch], dtype="datetime64[ms]"), utc=True)
    return gpd.GeoDataFrame(
        {
            "activity_id": [a.activity_id for a in batch],
            "user_id": [a.user_id for a in batch],
            "user_basis": [a.user_basis for a in batch],
            "type": [a.type for a in batch],
            "start": start,
            "duration_s": np.array([a.duration_s for a in batch], dtype=float),
            "distance_m": np.array([a.distance_m for a in batch], dtype=float),
            "points": counts.astype(np.int32),
            "source": [a.source for a in batch],
        },
        geometry=geometry,
        crs=crs,
    )


def read_copies(path: Path) -> pd.DataFrame:
    """The :data:`COPIES` of the workspace at ``path``; none if it has no such table."""
    import pandas as pd

    from analysis.workspace.storage import connect

    with connect(path, readonly=True) as conn:
        if not _has_table(conn, COPIES):
            return pd.DataFrame(columns=list(COPY_COLUMNS))
        rows = conn.execute(f'SELECT {", ".join(COPY_COLUMNS)} FROM "{COPIES}"').fetchall()
    return pd.DataFrame(rows, columns=list(COPY_COLUMNS))


def index_by_activity(path: Path) -> None:
    """Index both track layers of the GeoPackage at ``path`` by activity id, if not yet done.

    To read the lines or points of a few activities; made when first needed
    (:class:`~analysis.io.tracks.duplicates.Rides`), as it costs a sixth of
    the workspace's size. The workspace's writer lock must be held
    (:meth:`Workspace.transaction`).
    """
    from analysis.workspace.storage import connect

    with connect(path) as conn:
        for name in (ACTIVITIES, POINTS):
            if _has_table(conn, name):
                conn.execute(
                    f'CREATE INDEX IF NOT EXISTS "{name}_activity_id" ON "{name}" (activity_id)'
                )


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def points_frame(batch: list[Activity], crs: str) -> gpd.GeoDataFrame:
    """The timestamped vertices of the activities' stored lines; ``seq`` is the vertex index."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    timed = [~np.isnat(a.time) for a in batch]
    counts = np.array([int(m.sum()) for m in timed])

    def repeated(values: list[str]) -> np.ndarray:
        return np.repeat(np.array(values, dtype=object), counts)

    x = np.concatenate([a.x[m] for a, m in zip(batch, timed, strict=True)])
    y = np.concatenate([a.y[m] for a, m in zip(batch, timed, strict=True)])
    return gpd.GeoDataFrame(
        {
            "activity_id": repeated([a.activity_id for a in batch]),
            "user_id": repeated([a.user_id for a in batch]),
            "type": repeated([a.type for a in batch]),
            "time": pd.to_datetime(
                np.concatenate([a.time[m] for a, m in zip(batch, timed, strict=True)]), utc=True
            ),
            "seq": np.concatenate([np.flatnonzero(m) for m in timed]).astype(np.int32),
        },
        geometry=shapely.points(x, y),
        crs=crs,
    )


class BatchWriter:
    """Collects activities and writes them to the two layers every ``batch_points`` points.

    ``committed`` holds the activity ids the workspace had when the import
    started; ids beyond them in the staging file mean an interrupted run of the
    same import is being resumed, whose staging file is then repaired first.
    """

    def __init__(self, tx: Transaction, batch_points: int, committed: set[str]) -> None:
        self.tx = tx
        self.batch_points = batch_points
        self.crs = tx.workspace.crs
        self.lines = tx.column_values(ACTIVITIES, "activity_id")
        """Activities whose line is stored (committed, or staged by an interrupted run)."""
        self.points = tx.column_values(POINTS, "activity_id")
        """Activities whose points are stored."""
        self.replace: set[str] = set()
        """Layers to stage anew: an interrupted run created them but not their index."""
        if tx.staging.exists() and (self.lines | self.points) - committed:
            self.replace = repair_layers(tx.staging, (ACTIVITIES, POINTS))
            self.lines = set() if ACTIVITIES in self.replace else self.lines
            self.points = set() if POINTS in self.replace else self.points
        self.batch: list[Activity] = []
        self.batch_size = 0

    def stored(self, activity_id: str) -> bool:
        """Whether the line and the points of ``activity_id`` are both stored.

        An activity without timestamps has no points: it is read again on a resumed
        run, and nothing of it is written twice.
        """
        return activity_id in self.lines and activity_id in self.points

    def add(self, activity: Activity) -> None:
        """Queue ``activity``; write the batch when it is full."""
        self.batch.append(activity)
        self.batch_size += len(activity.x)
        if self.batch_size >= self.batch_points:
            self.flush()

    def flush(self) -> None:
        """Write the queued activities: points first, then lines, each only where missing."""
        need_points = [a for a in self.batch if a.activity_id not in self.points]
        points = points_frame(need_points, self.crs) if need_points else None
        if points is not None and len(points):
            self._write(points, POINTS)
        self.points.update(a.activity_id for a in need_points)
        need_lines = [a for a in self.batch if a.activity_id not in self.lines]
        if need_lines:
            self._write(lines_frame(need_lines, self.crs), ACTIVITIES)
        self.lines.update(a.activity_id for a in need_lines)
        self.batch, self.batch_size = [], 0

    def _write(self, frame: gpd.GeoDataFrame, name: str) -> None:
        self.tx.append_layer(frame, name, restart=name in self.replace)
        self.replace.discard(name)
