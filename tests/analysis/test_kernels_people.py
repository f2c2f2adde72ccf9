"""Probable people and repeated activities, from end points: k must count people, not files."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.kernels.people import probable_people, repeated_pairs

HOME = np.array([560_000.0, 380_000.0])
RADIUS = 500.0


def around(home: np.ndarray, metres: float, degrees: float) -> np.ndarray:
    angle = np.radians(degrees)
    return home + metres * np.array([np.cos(angle), np.sin(angle)])


def east(metres: float) -> np.ndarray:
    return HOME + np.array([metres, 0.0])


def loops_from(home: np.ndarray, starts: list[float], ends: list[float]) -> np.ndarray:
    """Trimmed loops: each leaves home at a bearing and comes back from another, 200-240 m out."""
    return np.array(
        [
            [*around(home, 200 + 10 * k, s), *around(home, 240 - 10 * k, e)]
            for k, (s, e) in enumerate(zip(starts, ends, strict=True))
        ]
    )


def naive_people(known: np.ndarray, ends: np.ndarray, radius: float) -> np.ndarray:
    """The definition, pair by pair."""
    n = len(known)
    label = list(range(n))

    def merge(i: int, j: int) -> None:
        old, new = max(label[i], label[j]), min(label[i], label[j])
        label[:] = [new if v == old else v for v in label]

    for i in range(n):
        for j in range(n):
            same = known[i] >= 0 and known[i] == known[j]
            points_i, points_j = ends[i].reshape(2, 2), ends[j].reshape(2, 2)
            gaps = np.hypot(*(points_i[:, None, :] - points_j[None, :, :]).transpose(2, 0, 1))
            near = (known[i] < 0 or known[j] < 0) and bool((gaps <= radius).any())
            if same or near:
                merge(i, j)
    return np.unique(label, return_inverse=True)[1]


def test_five_files_of_one_unidentified_person_are_one_person() -> None:
    # Attack (a): starts trimmed in five directions (235-380 m apart), ends in five others.
    ends = loops_from(HOME, [0, 72, 144, 216, 288], [36, 108, 180, 252, 324])
    starts = ends[:, :2]
    gaps = np.hypot(*(starts[:, None] - starts[None, :]).transpose(2, 0, 1))[np.triu_indices(5, 1)]
    assert 150 < gaps.min() < gaps.max() < 450
    assert probable_people(np.full(5, -1), ends, RADIUS).tolist() == [0, 0, 0, 0, 0]


def test_trims_in_opposite_directions_still_join() -> None:
    # Two recordings leaving home east and west: 440 m between the stored starts.
    ends = loops_from(HOME, [0, 180], [90, 270])
    assert probable_people(np.full(2, -1), ends, RADIUS).tolist() == [0, 0]


def test_five_identified_neighbours_stay_five_people() -> None:
    homes = [east(300.0 * k) for k in range(5)]  # 300 m apart: ends within the radius
    ends = np.concatenate([loops_from(h, [0, 120, 240], [60, 180, 300]) for h in homes])
    known = np.repeat(np.arange(5) * 7 + 3, 3)
    assert probable_people(known, ends, RADIUS).tolist() == np.repeat(np.arange(5), 3).tolist()


def test_an_unidentified_ride_between_two_homes_merges_their_people() -> None:
    # Conservative choice: the ride could be either's, so both count as one person.
    ewa, jan = HOME, east(3_000.0)
    ends = np.concatenate(
        [
            loops_from(ewa, [0, 90], [180, 270]),
            loops_from(jan, [0, 90], [180, 270]),
            [[*around(ewa, 220, 10), *around(jan, 230, 170)]],  # from Ewa's door to Jan's
        ]
    )
    known = np.array([11, 11, 22, 22, -1])
    assert probable_people(known, ends, RADIUS).tolist() == [0, 0, 0, 0, 0]
    assert probable_people(known[:4], ends[:4], RADIUS).tolist() == [0, 0, 1, 1]


def test_unidentified_files_of_far_apart_homes_stay_apart() -> None:
    homes = [east(1_200.0 * k) for k in range(4)]
    ends = np.concatenate([loops_from(h, [0, 90, 180], [45, 135, 225]) for h in homes])
    found = probable_people(np.full(12, -1), ends, RADIUS)
    assert found.tolist() == np.repeat(np.arange(4), 3).tolist()


def test_the_radius_is_inclusive_and_only_just() -> None:
    ends = np.array([[0.0, 0.0, 0.0, 0.0], [500.0, 0.0, 900.0, 0.0], [1_400.1, 0, 2_000, 0]])
    assert probable_people(np.array([-1, -1, -1]), ends, RADIUS).tolist() == [0, 0, 1]


def test_an_end_point_may_meet_a_start_point() -> None:
    commute = np.array([[0.0, 0.0, 5_000.0, 0.0], [5_300.0, 0.0, 9_000.0, 9_000.0]])
    assert probable_people(np.array([-1, 4]), commute, RADIUS).tolist() == [0, 0]
    assert probable_people(np.array([3, 4]), commute, RADIUS).tolist() == [0, 1]


def test_activities_without_a_line_join_only_by_code_or_copy() -> None:
    ends = np.array([[0.0, 0, 0, 0], [np.nan] * 4, [np.nan] * 4, [np.nan] * 4, [10.0, 0, 10, 0]])
    known = np.array([-1, -1, 5, 5, -1])
    assert probable_people(known, ends, RADIUS).tolist() == [0, 1, 2, 2, 0]
    same = np.array([[1, 2]])
    assert probable_people(known, ends, RADIUS, same=same).tolist() == [0, 1, 1, 1, 0]


def test_no_activity_and_no_line() -> None:
    assert probable_people(np.empty(0, np.int64), np.empty((0, 4)), RADIUS).tolist() == []
    assert probable_people(np.array([-1, -1]), np.full((2, 4), np.nan), RADIUS).tolist() == [0, 1]


@pytest.mark.parametrize("radius", [0.0, -5.0, np.nan, np.inf])
def test_a_radius_that_is_not_a_distance_is_refused(radius: float) -> None:
    with pytest.raises(ValueError, match="radius_m"):
        probable_people(np.array([-1]), np.zeros((1, 4)), radius)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 10_000),
    st.integers(1, 60),
    st.sampled_from([300.0, 1_000.0, 5_000.0]),
    st.floats(0.0, 1.0),
)
def test_agrees_with_the_definition(seed: int, n: int, extent: float, share: float) -> None:
    rng = np.random.default_rng(seed)
    ends = rng.uniform(0, extent, (n, 4)).round(-1)  # on a 10 m lattice: exact ties happen
    ends[rng.random(n) < 0.1] = np.nan
    known = np.where(rng.random(n) < share, -1, rng.integers(0, 5, n))
    radius = float(rng.choice([100.0, 250.0, 500.0]))
    expected = naive_people(known, ends, radius)
    assert probable_people(known, ends, radius).tolist() == expected.tolist()


def test_a_hundred_thousand_activities() -> None:
    rng = np.random.default_rng(3)
    ends = rng.uniform(0, 300_000, (100_000, 4))
    ends[:, 2:] = ends[:, :2] + rng.uniform(-400, 400, (100_000, 2))
    found = probable_people(np.full(100_000, -1), ends, RADIUS)
    assert 0 < found.max() < 100_000
    assert np.array_equal(np.unique(found), np.arange(found.max() + 1))


# --- repeated files -----------------------------------------------------------------


def repeats(
    start: np.ndarray, ends: np.ndarray, distance: np.ndarray, *tolerances: float
) -> list[bool]:
    """Whether each activity repeats an earlier one, by :func:`repeated_pairs`."""
    repeated = np.zeros(len(start), dtype=bool)
    repeated[repeated_pairs(start, ends, distance, *tolerances)[:, 1]] = True
    return [bool(r) for r in repeated]


def test_the_same_ride_as_gpx_and_fit_is_one_activity() -> None:
    # Attack (b): the FIT starts 1 s later, its distance differs by 0.8 %, its ends by metres.
    start = np.array([1_700_000_000.0, 1_700_000_001.0])
    ends = np.array([[0.0, 0.0, 9_000.0, 4_000.0], [3.0, -4.0, 9_006.0, 4_002.0]])
    distance = np.array([25_000.0, 25_200.0])
    assert repeats(start, ends, distance, 120.0, 100.0, 0.05) == [
        False,
        True,
    ]
    assert repeated_pairs(start, ends, distance, 120.0, 100.0, 0.05).tolist() == [[0, 1]]


def test_the_same_route_on_another_day_is_another_activity() -> None:
    start = np.array([1_700_000_000.0, 1_700_000_000.0 + 86_400.0])
    ends = np.array([[0.0, 0.0, 9_000.0, 4_000.0], [0.0, 0.0, 9_000.0, 4_000.0]])
    distance = np.array([25_000.0, 25_000.0])
    assert repeats(start, ends, distance, 120.0, 100.0, 0.05) == [
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("second", "repeated"),
    [
        ((120.0, 100.0, 0.0, 0.0, 26_250.0), True),  # within every tolerance
        ((121.0, 0.0, 0.0, 0.0, 25_000.0), False),  # 121 s later
        ((0.0, 101.0, 0.0, 0.0, 25_000.0), False),  # starts 101 m apart
        ((0.0, 0.0, 0.0, 101.0, 25_000.0), False),  # ends 101 m apart
        ((0.0, 0.0, 0.0, 0.0, 26_400.0), False),  # 5.3 % longer
        ((np.nan, 0.0, 0.0, 0.0, 25_000.0), False),  # no start time
    ],
)
def test_each_tolerance(second: tuple[float, ...], repeated: bool) -> None:
    later, dx_start, _, dx_end, length = second
    start = np.array([1_000.0, 1_000.0 + later])
    ends = np.array([[0.0, 0.0, 9_000.0, 0.0], [dx_start, 0.0, 9_000.0 + dx_end, 0.0]])
    found = repeats(start, ends, np.array([25_000.0, length]), 120.0, 100.0, 0.05)
    assert found == [False, repeated]


def test_only_the_first_of_three_copies_is_kept_whatever_their_order() -> None:
    start = np.array([50.0, 10.0, 10_000.0, 30.0])
    ends = np.array([[0.0, 0, 5_000, 0]] * 4)
    distance = np.array([12_000.0, 12_100.0, 12_000.0, 11_900.0])
    found = repeats(start, ends, distance, 120.0, 100.0, 0.05)
    assert found == [False, True, False, True]


def test_many_files_stamped_with_one_time_are_not_all_copies() -> None:
    # A watch without a clock writes the same start on every file; places still differ.
    rng = np.random.default_rng(8)
    ends = rng.uniform(0, 20_000, (2_000, 4))
    found = repeats(np.zeros(2_000), ends, np.full(2_000, 9_000.0), 120, 100, 0.05)
    assert not any(found)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 80))
def test_repeated_pairs_agree_with_the_definition(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    start = rng.integers(0, 6, n) * 60.0  # on a minute lattice: exact ties at the tolerance
    ends = rng.integers(0, 4, (n, 4)) * 50.0
    distance = rng.choice([10_000.0, 10_400.0, 10_600.0], n)
    start[rng.random(n) < 0.1] = np.nan
    expected = [
        [i, j]
        for i in range(n)
        for j in range(i + 1, n)
        if abs(start[i] - start[j]) <= 120
        and np.hypot(*(ends[i, :2] - ends[j, :2])) <= 100
        and np.hypot(*(ends[i, 2:] - ends[j, 2:])) <= 100
        and abs(distance[i] - distance[j]) <= 0.05 * max(distance[i], distance[j])
    ]
    found = repeated_pairs(start, ends, distance, 120.0, 100.0, 0.05)
    assert sorted(found.tolist()) == expected
