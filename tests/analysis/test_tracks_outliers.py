"""GPS outliers are dropped, real riding is kept, and the privacy trim starts at the real start."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

from analysis.io.tracks import TrackImportParams, import_tracks
from analysis.io.tracks.activity import along_track, privacy_mask
from analysis.io.tracks.outliers import kept_breaks, plausible_fixes, without_outliers
from analysis.io.tracks.rawtrack import NO_TIME, RawTrack
from analysis.workspace import Workspace
from tests.analysis.test_tracks_formats import TO_WGS84, gpx_bytes

HOME = np.array([560_000.0, 380_000.0])
T0 = np.datetime64("2024-05-06T06:30:00", "ms")
NO_BREAKS = np.empty(0, dtype=np.int64)


def ride(
    n: int = 900, speed: float = 6.0, every_s: float = 1.0, jitter: float = 3.0, seed: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A ride from HOME: ``n`` fixes every ``every_s`` s at ``speed`` m/s, gently turning."""
    rng = np.random.default_rng(seed)
    heading = np.cumsum(rng.normal(0.0, 0.05, n))
    step = np.r_[0.0, np.full(n - 1, speed * every_s)]
    x = HOME[0] + np.cumsum(step * np.cos(heading)) + rng.normal(0, jitter, n)
    y = HOME[1] + np.cumsum(step * np.sin(heading)) + rng.normal(0, jitter, n)
    time = T0 + (np.arange(n) * every_s * 1000).astype("timedelta64[ms]")
    return x, y, time


def dropped(x: np.ndarray, y: np.ndarray, time: np.ndarray, breaks=NO_BREAKS) -> list[int]:
    return np.flatnonzero(~plausible_fixes(x, y, time, breaks)).tolist()


def test_a_clean_ride_loses_nothing() -> None:
    assert dropped(*ride()) == []


def test_a_first_fix_a_kilometre_away_is_dropped_not_the_track() -> None:
    x, y, time = ride()
    x[0] += 1_000.0
    assert dropped(x, y, time) == [0]


@pytest.mark.parametrize(
    "offsets",
    [
        [(1_000.0, 0.0), (1_050.0, 30.0)],  # two outliers close to each other
        [(1_000.0, 0.0), (-800.0, 600.0)],  # two outliers far from each other too
    ],
)
def test_two_outliers_at_the_start_are_dropped(offsets: list[tuple[float, float]]) -> None:
    x, y, time = ride()
    for i, (dx, dy) in enumerate(offsets):
        x[i], y[i] = HOME[0] + dx, HOME[1] + dy
    assert dropped(x, y, time) == [0, 1]


def test_a_spike_in_the_middle_is_dropped() -> None:
    x, y, time = ride()
    y[450] += 700.0
    assert dropped(x, y, time) == [450]


def test_three_fixes_off_in_the_middle_are_dropped() -> None:
    x, y, time = ride()
    x[300:303] += (2_000.0, 2_010.0, 2_025.0)
    assert dropped(x, y, time) == [300, 301, 302]


def test_a_last_fix_far_away_is_dropped() -> None:
    x, y, time = ride()
    x[-1] -= 1_500.0
    assert dropped(x, y, time) == [899]


@pytest.mark.parametrize("every_s", [1.0, 10.0])
def test_a_descent_at_20_metres_a_second_is_kept(every_s: float) -> None:
    assert dropped(*ride(n=120, speed=20.0, every_s=every_s)) == []


def test_standing_still_with_1_hz_jitter_is_kept() -> None:
    x, y, time = ride(n=300, speed=0.0, jitter=15.0, seed=4)
    assert dropped(x, y, time) == []


def test_a_tunnel_without_fixes_for_three_minutes_is_kept() -> None:
    x, y, time = ride()
    time[400:] += np.timedelta64(180, "s")
    x[400:] += 1_500.0  # 1.5 km in 3 minutes: 8 m/s
    assert dropped(x, y, time) == []


def test_without_times_a_far_first_fix_is_still_dropped() -> None:
    x, y, _ = ride(speed=8.0)
    x[0] += 1_000.0
    assert dropped(x, y, np.full(len(x), NO_TIME)) == [0]


def test_an_outlier_without_a_time_in_a_timed_track_is_dropped() -> None:
    x, y, time = ride()
    x[0] += 1_000.0
    time[0] = NO_TIME
    assert dropped(x, y, time) == [0]


def test_a_route_with_points_kilometres_apart_is_kept() -> None:
    # A planned route (GPX rtept): turns only, no times.
    x = HOME[0] + np.array([0.0, 1_800.0, 1_800.0, 4_000.0, 4_100.0, 6_500.0])
    y = HOME[1] + np.array([0.0, 0.0, 1_200.0, 1_200.0, 3_000.0, 3_000.0])
    assert dropped(x, y, np.full(6, NO_TIME)) == []


def test_segments_are_cleaned_on_their_own() -> None:
    # Paused, then resumed 20 km on (a train ride): no outlier; the new segment's first fix is.
    x, y, time = ride(n=600)
    x[300:] += 20_000.0
    time[300:] += np.timedelta64(600, "s")
    x[300] += 900.0
    breaks = np.array([300])
    keep = plausible_fixes(x, y, time, breaks)
    assert np.flatnonzero(~keep).tolist() == [300]
    assert kept_breaks(breaks, keep).tolist() == [300]  # fix 301 now starts the segment


def test_kept_breaks_follow_the_dropped_fixes() -> None:
    keep = np.array([True, False, True, True, False, False, True, True])
    assert kept_breaks(np.array([2, 4, 6]), keep).tolist() == [1, 3]  # segment 4-5 is gone


def test_positions_that_are_not_numbers_are_dropped() -> None:
    x, y, time = ride(n=50)
    x[10], y[20] = np.nan, np.inf
    assert dropped(x, y, time) == [10, 20]


def test_tiny_tracks() -> None:
    assert plausible_fixes(np.empty(0), np.empty(0), np.empty(0, "M8[ms]"), NO_BREAKS).size == 0
    assert dropped(np.array([1.0]), np.array([2.0]), np.array([T0])) == []


def test_the_privacy_trim_starts_where_the_recording_really_did() -> None:
    # Attack (c): with the outlier, stored points remain within 200 m of the real start.
    x, y, time = ride()
    x[0] += 1_000.0

    def near_home(x: np.ndarray, y: np.ndarray, breaks: np.ndarray) -> int:
        kept = privacy_mask(x, y, along_track(x, y, breaks), 200.0)
        return int((np.hypot(x[kept] - HOME[0], y[kept] - HOME[1]) < 200.0).sum())

    assert near_home(x, y, NO_BREAKS) > 0
    raw = RawTrack(lat=np.zeros(900), lon=np.zeros(900), time=time, breaks=NO_BREAKS)
    cleaned, cx, cy = without_outliers(raw, x, y)
    assert near_home(cx, cy, cleaned.breaks) == 0


def test_without_outliers_keeps_everything_aligned() -> None:
    x, y, time = ride(n=600)
    x[450] += 800.0
    lat, lon = np.linspace(50.0, 50.1, 600), np.linspace(19.0, 19.1, 600)
    raw = RawTrack(lat=lat, lon=lon, time=time, breaks=np.array([200, 451]), sport="bieg")
    cleaned, cx, cy = without_outliers(raw, x, y)
    keep = np.r_[0:450, 451:600]
    assert cleaned.lat.tolist() == lat[keep].tolist()
    assert cleaned.lon.tolist() == lon[keep].tolist()
    assert cleaned.time.tolist() == time[keep].tolist()
    assert (cx.tolist(), cy.tolist()) == (x[keep].tolist(), y[keep].tolist())
    assert cleaned.breaks.tolist() == [200, 450]
    assert cleaned.sport == "bieg"
    clean = RawTrack(lat=lat, lon=lon, time=time, breaks=NO_BREAKS)
    assert without_outliers(clean, *ride(n=600)[:2])[0] is clean


# --- the ends of a segment: the privacy trim is measured from them ----------------------


def with_far_ends(
    x: np.ndarray, y: np.ndarray, time: np.ndarray, gap_s: float = 30.0, far_m: float = 1_000.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ride with a fix ``far_m`` away ``gap_s`` before its first and after its last fix."""
    gap = np.timedelta64(int(gap_s * 1000), "ms")
    return (
        np.r_[x[0] + far_m, x, x[-1] - far_m],
        np.r_[y[0], y, y[-1]],
        np.r_[time[0] - gap, time, time[-1] + gap],
    )


def test_a_first_and_last_fix_a_kilometre_and_30_s_away_are_dropped() -> None:
    # 33 m/s: possible for MAX_SPEED_MS, but at an end it would move the privacy trim.
    x, y, time = with_far_ends(*ride())
    assert dropped(x, y, time) == [0, len(x) - 1]


def test_a_short_run_of_far_fixes_at_an_end_is_dropped() -> None:
    x, y, time = ride()
    x, y, time = with_far_ends(x, y, time)
    x, y = np.r_[x[0] + 8.0, x], np.r_[y[0], y]
    time = np.r_[time[0] - np.timedelta64(1, "s"), time]
    assert dropped(x, y, time) == [0, 1, len(x) - 1]


def test_far_ends_without_times_are_dropped() -> None:
    x, y, _ = with_far_ends(*ride(speed=8.0), far_m=250.0)  # under MAX_JUMP_M
    assert dropped(x, y, np.full(len(x), NO_TIME)) == [0, len(x) - 1]


@pytest.mark.parametrize("every_s", [30.0, 60.0])
def test_a_sparse_recording_with_long_steps_is_kept(every_s: float) -> None:
    # 180-600 m between fixes, all alike: no step stands out from the median.
    for speed in (6.0, 10.0):
        assert dropped(*ride(n=60, speed=speed, every_s=every_s)) == []


def test_a_tunnel_a_few_fixes_from_the_end_is_kept() -> None:
    x, y, time = ride()
    time[-10:] += np.timedelta64(180, "s")
    x[-10:] += 1_500.0
    assert dropped(x, y, time) == []


def test_a_descent_from_the_first_fix_is_kept() -> None:
    x, y, time = ride(n=60, speed=20.0, jitter=1.0)
    assert dropped(x, y, time) == []


def test_an_import_stores_nothing_within_the_trim_of_the_real_start(
    workspace: Workspace, tmp_path: Path
) -> None:
    # End to end (attack c): a GPX whose first fix is 1 km away, 30 s before the real start.
    x, y, time = with_far_ends(*ride(n=600, jitter=1.0))
    lon, lat = TO_WGS84.transform(x, y)
    stamps = [str(t.astype("datetime64[s]")) + "Z" for t in time]
    (tmp_path / "ride.gpx").write_bytes(gpx_bytes(lat, lon, stamps))
    summary = import_tracks(workspace, [tmp_path / "ride.gpx"], TrackImportParams())
    assert summary.imported == 1
    points = workspace.read_layer("activity_points").to_crs(workspace.crs)
    real_start = shapely.Point(x[1], y[1])
    real_end = shapely.Point(x[-2], y[-2])
    assert len(points) > 100
    assert points.distance(real_start).min() >= 200.0 - 0.02
    assert points.distance(real_end).min() >= 200.0 - 0.02
