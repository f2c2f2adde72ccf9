"""What may be released about residents' activities: rows of k or more people, per release group.

Every figure about activities (a heatmap cell, a street segment, a hexagon, a
district, a stand's demand) is counted from rows that put one activity into one
place. Before anything is counted, each activity gets

- its probable **person** (:mod:`analysis.privacy.people`: identities, and for
  files without one, where their trips start and end), duplicates dropped;
- its **release group**: the combination of the values it has in every
  dimension a filter can select (:data:`DIMENSIONS`: calendar month, weekday or
  weekend, day part, activity type).

A row counts only where its place and release group hold at least ``k``
people (:func:`analysis.kernels.privacy.k_safe_rows`). Every filter the product
allows selects whole release groups (dates are widened to whole months), so
any two outputs differ only by whole groups of ``k`` or more people: no
difference of two outputs isolates fewer than ``k``. DESIGN.md says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.kernels.privacy import k_safe_rows
from analysis.privacy.people import PeopleParams, people_of

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

DIMENSIONS = ("month", "days", "day_part", "type")
"""Every dimension a filter of activities can select; a release group fixes all of them."""
PERSON = "person"
GROUP = "release_group"


def with_release_groups(
    tracks: gpd.GeoDataFrame,
    dimensions: tuple[str, ...] = DIMENSIONS,
    people: PeopleParams | None = None,
    copies: pd.DataFrame | None = None,
) -> tuple[gpd.GeoDataFrame, dict[str, int]]:
    """``tracks`` without duplicate activities, with :data:`PERSON` and :data:`GROUP` columns.

    Parameters
    ----------
    tracks
        Activity lines with ``user_id`` (and, for the time dimensions, ``start``
        in UTC; for ``type``, ``type``).
    dimensions
        The dimensions the caller's filters can select (:data:`DIMENSIONS`, or
        fewer for an analysis that filters on fewer). A dimension whose column
        (``start``, ``type``) the tracks lack cannot be filtered on, and is left out.
    people
        How probable people are found.
    copies
        The copies of activities the import did not store, which tie identities
        (:func:`~analysis.privacy.people.people_of`; the workspace's
        :func:`~analysis.io.tracks.store.read_copies`).

    Returns
    -------
    tracks, summary
        The tracks kept (numbered from 0) and the people summary (activities without identity,
        duplicates dropped, probable people).

    Raises
    ------
    InputError
        If the tracks have no ``user_id``.
    """
    import pandas as pd

    from analysis.heatmap.filters import day_kind, month_and_day_part

    unknown = set(dimensions) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown release dimension {sorted(unknown)[0]!r}")
    found = people_of(tracks, people or PeopleParams(), copies)
    out = tracks.assign(**{PERSON: found.person})
    keys: dict[str, Any] = {}
    if "start" in out:
        start = out["start"].to_numpy()
        month, part = month_and_day_part(start, with_year=True)
        keys |= {"month": month, "days": day_kind(start), "day_part": part}
    if "type" in out:
        keys["type"] = out["type"].astype(str).to_numpy()
    columns = {d: keys[d] for d in dimensions if d in keys}
    codes = (
        pd.DataFrame(columns).groupby(list(columns), sort=False, dropna=False).ngroup().to_numpy()
        if columns
        else np.zeros(len(out), dtype=np.int64)
    )
    out[GROUP] = codes.astype(np.int64)
    return out[~found.duplicate].reset_index(drop=True), found.summary()


def ensure_release_groups(tracks: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, dict[str, int]]:
    """``tracks`` as :func:`with_release_groups` returns them, computed only if not yet done."""
    if GROUP in tracks and PERSON in tracks:
        return tracks.reset_index(drop=True), {}
    return with_release_groups(tracks)


def k_safe(unit: np.ndarray, activity: np.ndarray, tracks: Any, k: int) -> np.ndarray:
    """Which ``(unit, activity)`` rows may be counted: see :func:`k_safe_rows`.

    ``activity`` indexes rows of ``tracks`` (as :func:`with_release_groups` returns them).
    """
    activity = np.asarray(activity, dtype=np.int64)
    person = tracks[PERSON].to_numpy(dtype=np.int64)[activity]
    group = tracks[GROUP].to_numpy(dtype=np.int64)[activity]
    return k_safe_rows(unit, group, person, k)
