"""The probable people behind a layer of activities: identities, homes, repeated files.

k-anonymity must count people, not files. An activity whose file names its
athlete belongs to that athlete's ``user_id``. One that nothing identifies
(``user_basis`` ``"file"``) is joined to every activity whose stored line starts
or ends near where its own does (:func:`analysis.kernels.people.probable_people`).
The same recording imported twice (as GPX and as FIT, or a copy with one byte
changed) is counted once, and the identities of its copies count as one person:
both the copies stored in the layer and those the import recognised and did not
store (:data:`analysis.io.tracks.store.COPIES`, given as ``copies``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analysis.errors import InputError
from analysis.io.tracks.activity import UNIDENTIFIED
from analysis.kernels.people import probable_people, repeated_pairs
from analysis.params import check, param

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd


COLUMNS = ("user_id", "user_basis", "start", "distance_m")
"""The columns of an activities layer that tell its people apart (:func:`people_of`)."""
SAME_RECORDING_S = 1.0
SAME_RECORDING_M = 0.1
"""Two recordings this close at both ends and start are one file, whatever names they carry."""


@dataclass(frozen=True)
class PeopleParams:
    """How activities are assigned to probable people.

    Attributes
    ----------
    home_radius_m
        An unidentified activity joins every activity with an end point (start
        or end of its stored line) this close to one of its own. Stored lines
        begin 200 m (the privacy trim) along the track from the door, so two
        recordings leaving one home in opposite directions start 400 m apart;
        GPS error and winding streets take the rest of the margin.
    duplicate_time_s, duplicate_place_m, duplicate_length
        Two activities are one recording imported twice when they start within
        ``duplicate_time_s`` seconds, their stored lines start and end within
        ``duplicate_place_m`` metres, and their distances differ by at most
        ``duplicate_length`` (a share, 0.05 = 5 %) of the longer.
    """

    home_radius_m: float = param(500.0, unit="m", above=0, at_most=10_000)
    duplicate_time_s: float = param(120.0, unit="s", above=0, at_most=86_400)
    duplicate_place_m: float = param(100.0, unit="m", above=0, at_most=10_000)
    duplicate_length: float = param(0.05, above=0, at_most=1)

    def __post_init__(self) -> None:
        check(self)


@dataclass(frozen=True)
class People:
    """Who is probably behind each activity.

    Attributes
    ----------
    person
        int64 per activity: its probable person (0 .. people-1), -1 for a duplicate.
    duplicate
        bool per activity: it repeats an earlier row (drop it before counting).
    unidentified
        Activities whose file identifies nobody, duplicates excluded.
    duplicates
        Activities that repeat an earlier one.
    people
        Distinct probable people.
    """

    person: np.ndarray
    duplicate: np.ndarray
    unidentified: int
    duplicates: int
    people: int

    def summary(self) -> dict[str, int]:
        """The counts, for an analysis's summary."""
        return {
            "activities_without_identity": self.unidentified,
            "duplicate_activities": self.duplicates,
            "probable_people": self.people,
        }


def people_of(
    tracks: gpd.GeoDataFrame,
    params: PeopleParams | None = None,
    copies: pd.DataFrame | None = None,
) -> People:
    """The probable person of every activity in ``tracks``, duplicates marked.

    Parameters
    ----------
    tracks
        Activity lines (trimmed, in a metric CRS) with ``user_id``; optional
        ``user_basis`` (without it, ``user_id`` identifies everyone), ``start``
        (UTC) and ``distance_m`` (else the line's length). A row without a line
        is the person of its own ``user_id`` and never a duplicate.
    params
        Radius and tolerances (:class:`PeopleParams`).
    copies
        Copies not stored (``activity_id`` of the activity each repeats, its own
        ``user_id`` and ``user_basis``): each ties its athlete to that activity's
        person and counts as a duplicate. Those of activities not in ``tracks``
        are left out; ``tracks`` then needs ``activity_id``.

    Raises
    ------
    InputError
        If ``tracks`` has no ``user_id`` column.
    """
    import pandas as pd

    params = params or PeopleParams()
    if "user_id" not in tracks:
        raise InputError(
            "the activities have no 'user_id' column: people cannot be counted "
            f"(columns: {', '.join(map(str, tracks.columns))})"
        )
    n = len(tracks)
    ends = _ends(tracks.geometry.to_numpy())
    lined = np.isfinite(ends).all(axis=1)
    original, copy = _copies_of(tracks, copies)
    users = pd.concat([tracks["user_id"], copy["user_id"]], ignore_index=True)
    code = np.asarray(pd.factorize(users)[0], dtype=np.int64)
    identified = code >= 0
    if "user_basis" in tracks:
        identified[:n] &= (tracks["user_basis"] != UNIDENTIFIED).to_numpy()
    identified[n:] &= (copy["user_basis"] != UNIDENTIFIED).to_numpy()
    known = np.where(identified, code, -1)
    known[:n] = np.where(identified[:n] | ~lined, code[:n], -1)
    nobody = ~lined & (code[:n] < 0)  # no line and no user id: a person of its own
    known[:n][nobody] = code.max(initial=-1) + 1 + np.arange(int(nobody.sum()))

    length = np.asarray(tracks.geometry.length, dtype=np.float64)
    if "distance_m" in tracks:
        given = pd.to_numeric(tracks["distance_m"], errors="coerce").to_numpy(dtype=np.float64)
        length = np.where(np.isfinite(given), given, length)
    start_s = np.full(n, np.nan)
    if "start" in tracks:
        start = pd.to_datetime(tracks["start"], utc=True, format="ISO8601", errors="coerce")
        start_s = ((start - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(seconds=1)).to_numpy(
            dtype=np.float64, na_value=np.nan
        )
    pairs = repeated_pairs(
        start_s,
        ends,
        length,
        params.duplicate_time_s,
        params.duplicate_place_m,
        params.duplicate_length,
    )
    # Two accounts of one app are two people riding together, not one ride's copies,
    # unless the recordings are the same to the second and the metre: one file relabelled.
    basis = (
        tracks["user_basis"].astype(str).to_numpy()
        if "user_basis" in tracks
        else np.zeros(n, dtype=object)
    )
    a, b = pairs[:, 0], pairs[:, 1]
    same = (np.abs(start_s[a] - start_s[b]) <= SAME_RECORDING_S) & (
        np.abs(ends[a] - ends[b]).max(axis=1) <= SAME_RECORDING_M
    )
    together = identified[a] & identified[b] & (basis[a] == basis[b]) & (code[a] != code[b])
    pairs = pairs[~(together & ~same)]
    # A copy not stored is a row without a line, the duplicate of the activity it repeats.
    pairs = np.concatenate([pairs, np.column_stack([original, n + np.arange(len(original))])])
    duplicate = np.zeros(len(known), dtype=bool)
    duplicate[pairs[:, 1]] = True
    # A copy says nothing new about places; it still ties its identity to the original's.
    placed = np.where(duplicate[:n, None], np.nan, ends)
    person = probable_people(
        known,
        np.concatenate([placed, np.full((len(original), 4), np.nan)]),
        params.home_radius_m,
        same=pairs,
    )
    kept = np.unique(person[~duplicate], return_inverse=True)[1].reshape(-1)
    person[~duplicate], person[duplicate] = kept, -1
    return People(
        person=person[:n],
        duplicate=duplicate[:n],
        unidentified=int((~identified & ~duplicate).sum()),
        duplicates=int(duplicate.sum()),
        people=int(kept.max(initial=-1) + 1),
    )


def _copies_of(
    tracks: gpd.GeoDataFrame, copies: pd.DataFrame | None
) -> tuple[np.ndarray, pd.DataFrame]:
    """The row of ``tracks`` each copy repeats, and those copies; copies of others left out."""
    import pandas as pd

    if copies is None or not len(copies):
        return np.empty(0, dtype=np.int64), pd.DataFrame({"user_id": [], "user_basis": []})
    row = pd.Index(tracks["activity_id"]).get_indexer(copies["activity_id"])
    return row[row >= 0].astype(np.int64), copies[row >= 0].reset_index(drop=True)


def _ends(geometry: np.ndarray) -> np.ndarray:
    """Start x, start y, end x, end y of each line; NaN for a missing or empty one."""
    import shapely

    xy, index = shapely.get_coordinates(geometry, return_index=True)
    ends = np.full((len(geometry), 4), np.nan)
    if len(index):
        first = np.searchsorted(index, np.arange(len(geometry)), side="left")
        last = np.searchsorted(index, np.arange(len(geometry)), side="right") - 1
        has = first <= last
        ends[has, :2] = xy[first[has]]
        ends[has, 2:] = xy[last[has]]
    return ends
