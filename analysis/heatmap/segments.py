"""Per-segment usage: trips and distinct users on each street segment, by direction.

Like Strava Metro's edge counts: tracks are matched to the street network and
every segment gets the number of trips (activities) and distinct people that
rode along it, forward (in the segment's digitised direction) and backward, per
month and Strava Metro day part. This is the table the bike-path gap analysis
builds on, and a city can compare it with a Metro export.

Matching: each track is resampled every ``sample_m`` metres and each sample is
snapped to the nearest segment within ``tolerance_m`` (a spatial index, no
loops over tracks). A track *uses* a segment when its samples on it span at
least ``min_share`` of the segment's length, so a track crossing a street at a
junction, or turning just before one, does not count for it. Its direction is
where along the segment the track is last, compared with where it first was.

Privacy: counts are made only of trips whose release group (month, day type,
day part, activity type) at least ``min_users`` people share on the segment,
for totals, and in both directions, for directions
(:mod:`analysis.privacy.release`): a segment ridden by 20 people but by only
two of them backward shows its total and no direction, and no two filters'
counts differ by fewer than ``min_users`` people. A count nobody may see is
empty, like one of a street nobody rode.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.errors import InputError
from analysis.heatmap.filters import local_dates, month_and_day_part
from analysis.heatmap.limits import check_samples
from analysis.params import check, param
from analysis.privacy.release import GROUP, PERSON, ensure_release_groups, k_safe
from analysis.progress import NullProgress, Progress, check_cancelled

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

UNIT = "trips and distinct users per street segment"


@dataclass(frozen=True)
class SegmentUsageParams:
    """How tracks are matched to street segments, and how privately counts are shown."""

    tolerance_m: float = param(15.0, unit="m", above=0, at_most=500, flag="--tolerance")
    """Largest distance from a track sample to the segment it is matched to."""
    sample_m: float = param(10.0, unit="m", at_least=1, at_most=100)
    """Tracks are resampled at this step before matching."""
    min_share: float = param(0.5, above=0, at_most=1)
    """Part of a segment's length a track must run along to use it."""
    min_users: int = param(5, at_least=0, at_most=1_000_000, flag="--min-users")
    """k-anonymity: counts reflecting fewer distinct users are withheld (0 disables)."""
    days: int | None = param(None, unit="days", at_least=1, at_most=36_525)
    """Length of the observed period for per-day figures; None: first to last activity."""

    def __post_init__(self) -> None:
        check(self)


@dataclass(frozen=True)
class SegmentUsage:
    """The usage of each street segment, and per segment, month and day part."""

    segments: gpd.GeoDataFrame
    """The street segments (numbered in ``segment``) with ``trips``, ``users``,
    ``users_per_day`` and the same by direction."""
    periods: gpd.GeoDataFrame
    """One row per segment, month and day part that has trips and enough users."""
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Traversals:
    """Which track used which segment, and in which direction."""

    track: np.ndarray
    segment: np.ndarray
    forward: np.ndarray


def match_tracks(tracks: np.ndarray, streets: np.ndarray, params: SegmentUsageParams) -> Traversals:
    """The (track, segment) pairs where a track runs along a segment, once each.

    ``tracks`` and ``streets`` are arrays of shapely (multi)line strings in the
    same metric CRS.
    """
    import shapely

    length, vertices = shapely.length(tracks).sum(), shapely.get_num_coordinates(tracks).sum()
    check_samples(float(length), int(vertices), params.sample_m, ("sample_m", None))
    dense = shapely.segmentize(tracks, params.sample_m)
    xy, owner = shapely.get_coordinates(dense, return_index=True)
    points = shapely.points(xy)
    tree = shapely.STRtree(streets)
    sample, segment = tree.query_nearest(points, max_distance=params.tolerance_m, all_matches=False)
    where = shapely.line_locate_point(streets[segment], points[sample])
    key = owner[sample].astype(np.int64) * len(streets) + segment
    order = np.argsort(key, kind="stable")  # samples stay in track order within a pair
    key, where = key[order], where[order]
    if not len(key):
        return Traversals(*(np.empty(0, np.int64),) * 2, np.empty(0, bool))
    start = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
    end = np.concatenate([start[1:], [len(key)]]) - 1
    span = np.maximum.reduceat(where, start) - np.minimum.reduceat(where, start)
    track, seg = key[start] // len(streets), key[start] % len(streets)
    length = shapely.length(streets)[seg]
    # Short segments hold few samples: what the sampling step can show is enough.
    needed = np.minimum(params.min_share * length, np.maximum(length - 2 * params.sample_m, 0))
    used = span >= needed
    forward = where[end] >= where[start]
    return Traversals(track[used], seg[used], forward[used])


def segment_usage(
    tracks: gpd.GeoDataFrame,
    streets: gpd.GeoDataFrame,
    params: SegmentUsageParams,
    progress: Progress | None = None,
) -> SegmentUsage:
    """Trips and distinct users per street segment, direction, month and day part.

    ``tracks`` has ``user_id`` and ``start`` (UTC) columns and line geometries;
    ``streets`` any line layer, whose attributes are kept. Both in one metric CRS.

    Raises
    ------
    InputError
        If either layer is empty or lacks a CRS, the CRSs differ or are not
        metric, or no track runs along any street.
    """
    import pandas as pd

    progress = progress or NullProgress()
    _check_layers(tracks, streets)
    progress.report(0.05, "matching tracks to streets")
    tracks, people = ensure_release_groups(tracks)
    streets = streets.drop(columns="segment", errors="ignore").reset_index(drop=True)
    streets.insert(0, "segment", streets.index)  # the key of ``periods``
    hits = match_tracks(tracks.geometry.to_numpy(), streets.geometry.to_numpy(), params)
    check_cancelled(progress)
    if not len(hits.track):
        raise InputError(
            f"no track runs along a street within {params.tolerance_m:g} m: are the "
            "tracks and streets of the same city, and is the street layer complete?"
        )
    progress.report(0.7, "counting trips and users")
    segment, row, forward = hits.segment, hits.track, hits.forward
    start = tracks["start"].to_numpy()[row]
    month, part = month_and_day_part(start)
    rows = pd.DataFrame(
        {
            "segment": segment,
            "trip": row,
            "user": tracks[PERSON].to_numpy()[row],
            "day": local_dates(start),
            "forward": forward,
            "month": month,
            "day_part": part,
            "counted": k_safe(segment, row, tracks, params.min_users),
            "counted_way": k_safe(segment * 2 + forward, row, tracks, params.min_users),
            "group": tracks[GROUP].to_numpy()[row],
        }
    )
    # A group counted in the total but not in one direction is left out of both: else the
    # total less the other direction would tell the one withheld.
    both_ways = rows.groupby(["segment", "group"])["counted_way"].transform("all")
    rows["counted_way"] &= both_ways.to_numpy()
    days = params.days or _observed_days(tracks["start"].to_numpy())
    per_segment = _counts(rows)
    counted = rows[rows["counted"]]
    user_days = counted.drop_duplicates(["segment", "user", "day"]).groupby("segment").size()
    per_segment["users_per_day"] = (user_days / days).where(per_segment["users"].notna())
    # Without k, nothing is withheld: an empty count is a 0. With k, every count not shown
    # is empty, whether few people or nobody rode there.
    if not params.min_users:
        per_segment = per_segment.fillna(0)
    segments = streets.join(
        per_segment.reindex(streets.index, fill_value=None if params.min_users else 0)
    )

    by_period = counted.groupby(["segment", "month", "day_part"])
    periods = by_period.agg(trips=("trip", "nunique"), users=("user", "nunique"))
    periods = periods.astype("Int64").reset_index()
    periods = streets[["segment", streets.geometry.name]].merge(periods, on="segment")
    progress.report(1.0, "done")
    summary = {
        "trips": int(counted["trip"].nunique()),
        "segments_shown": int(per_segment["trips"].notna().sum()),
        "days": days,
        "min_users": params.min_users,
        "tolerance_m": params.tolerance_m,
        **people,
    }
    return SegmentUsage(segments, periods, summary)


def _counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Trips and distinct users per segment, in all and by direction, from the rows counted.

    A count with no row counted is empty, whether nobody rode that way or too few
    people did: an empty count beside a 0 would tell where one person rode.
    """
    import pandas as pd

    out = {}
    forward = rows["forward"].to_numpy()
    ways = (
        ("", rows["counted"].to_numpy()),
        ("_forward", rows["counted_way"].to_numpy() & forward),
        ("_backward", rows["counted_way"].to_numpy() & ~forward),
    )
    segments = np.unique(rows["segment"])
    for suffix, counted in ways:
        grouped = rows[counted].groupby("segment")
        out[f"trips{suffix}"] = grouped["trip"].nunique().reindex(segments).astype("Int64")
        out[f"users{suffix}"] = grouped["user"].nunique().reindex(segments).astype("Int64")
    return pd.DataFrame(out, index=segments)


def _observed_days(start: np.ndarray) -> int:
    """Days from the first to the last activity (1 when no start is known)."""
    dates = local_dates(start)
    dates = dates[~np.isnat(dates)]
    return int((dates.max() - dates.min()).astype(int)) + 1 if len(dates) else 1


def _check_layers(tracks: gpd.GeoDataFrame, streets: gpd.GeoDataFrame) -> None:
    for label, layer in (("track", tracks), ("street", streets)):
        if layer.empty:
            raise InputError(f"the {label} layer is empty")
        if layer.crs is None:
            raise InputError(f"the {label} layer has no CRS: set one before matching")
        if not layer.crs.is_projected:
            raise InputError(f"the {label} layer is in degrees ({layer.crs}): use a metric CRS")
    if tracks.crs != streets.crs:
        raise InputError(f"tracks are in {tracks.crs}, streets in {streets.crs}: reproject one")
    kinds = set(streets.geom_type.dropna())
    if not kinds <= {"LineString", "MultiLineString"}:
        raise InputError(f"the street layer must hold lines; it holds {', '.join(sorted(kinds))}")
