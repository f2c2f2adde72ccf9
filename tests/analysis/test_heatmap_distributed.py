"""The Dask path on a real local cluster equals the single-machine kernels."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from dask.utils import key_split
from distributed import Client, LocalCluster, get_task_stream

from analysis.heatmap.distributed import (
    dask_density,
    dask_extent,
    dask_heatmap_grid,
    dask_track_counts,
)
from analysis.kernels.grid import Grid
from analysis.kernels.kde import KdeParams, density
from analysis.kernels.lines import distinct_per_cell

UNEVEN = [1, 40, 0, 700, 3, 1_200, 56]  # seven partitions, one of them empty


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def partitioned(frame: pd.DataFrame, sizes: list[int]) -> dd.DataFrame:
    """``frame`` cut into partitions of ``sizes`` rows, in order."""
    ends = np.cumsum(sizes)
    assert ends[-1] == len(frame)
    pieces = [frame.iloc[end - size : end] for size, end in zip(sizes, ends, strict=True)]
    return dd.from_delayed([dask.delayed(p) for p in pieces], meta=frame.iloc[:0])


def points(n: int = sum(UNEVEN), seed: int = 3) -> pd.DataFrame:
    """Points clustered around a few hubs in EPSG:2180, with weights and radii."""
    rng = np.random.default_rng(seed)
    hubs = rng.uniform([560_000, 380_000], [561_000, 380_800], (6, 2))
    xy = hubs[rng.integers(0, len(hubs), n)] + rng.normal(0, 60, (n, 2))
    return pd.DataFrame(
        {
            "x": xy[:, 0],
            "y": xy[:, 1],
            "waga": rng.uniform(0.5, 3.0, n),
            "promien": rng.choice([40.0, 75.0], n),
        }
    )


def assert_same_density(ours: np.ndarray, reference: np.ndarray) -> None:
    assert ours.dtype == np.float32 and ours.shape == reference.shape
    assert reference.max() > 0
    assert np.abs(ours.astype(float) - reference).max() <= 1e-6 * reference.max()


def test_the_grid_is_qgis_grid_of_the_points(client: Client) -> None:
    frame = points()
    grid = dask_heatmap_grid(partitioned(frame, UNEVEN), 10.0, 75.0)
    x, y = frame["x"], frame["y"]
    assert grid == Grid.qgis_heatmap(x.min(), y.min(), x.max(), y.max(), 10.0, 75.0)


@pytest.mark.parametrize("sizes", [[sum(UNEVEN)], UNEVEN], ids=["one partition", "seven uneven"])
@pytest.mark.parametrize(
    ("weight", "radius", "match_qgis"),
    [(None, None, False), ("waga", None, False), ("waga", "promien", False), (None, None, True)],
    ids=["plain", "weights", "per-point radii", "match_qgis"],
)
def test_density_equals_the_single_machine_kernel(
    client: Client, sizes: list[int], weight: str | None, radius: str | None, match_qgis: bool
) -> None:
    frame = points()
    params = KdeParams(radius_m=75.0, pixel_m=10.0, match_qgis=match_qgis)
    grid = dask_heatmap_grid(partitioned(frame, sizes), params.pixel_m, params.radius_m)
    reference = density(
        frame["x"],
        frame["y"],
        grid,
        params,
        weights=frame[weight].to_numpy() if weight else None,
        radius=frame[radius].to_numpy() if radius else None,
    )
    ours = dask_density(partitioned(frame, sizes), grid, params, weight=weight, radius=radius)
    assert_same_density(ours, reference)


def test_points_outside_the_grid_count_as_in_density(client: Client) -> None:
    frame = points()
    params = KdeParams(radius_m=75.0, pixel_m=10.0)
    small = Grid.covering(560_300, 380_200, 560_700, 380_500, params.pixel_m)
    outside = ~frame["x"].between(*small.bounds[::2]) | ~frame["y"].between(*small.bounds[1::2])
    assert 0.2 < outside.mean() < 0.9
    reference = density(frame["x"], frame["y"], small, params)
    assert_same_density(dask_density(partitioned(frame, UNEVEN), small, params), reference)


def test_partitions_are_binned_on_the_workers_and_summed_in_a_tree(client: Client) -> None:
    seeds = [10, 11, 12, 13, 14, 15, 16]

    def born_on_a_worker(seed: int) -> pd.DataFrame:  # the client never holds these points
        return points(500, seed)

    frame = dd.from_map(born_on_a_worker, seeds)
    params = KdeParams(radius_m=75.0, pixel_m=10.0)
    grid = dask_heatmap_grid(frame, params.pixel_m, params.radius_m)
    with get_task_stream(client) as stream:
        ours = dask_density(frame, grid, params, split_every=3)
    tasks = Counter(key_split(task["key"]) for task in stream.data)
    assert tasks["partition_density"] == len(seeds)
    assert tasks["sum_grids"] == 3 + 1  # 7 grids -> 3 -> 1
    local = pd.concat([points(500, seed) for seed in seeds])
    assert_same_density(ours, density(local["x"], local["y"], grid, params))


def tracks(activities: int = 60, users: int = 9, seed: int = 5) -> pd.DataFrame:
    """Random-walk tracks, one row per vertex, in track order; users own several tracks."""
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(activities):
        n = int(rng.integers(1, 40))  # a one-vertex track too
        xy = np.cumsum(rng.normal(0, 25, (n, 2)), axis=0) + rng.uniform(1_000, 1_400, 2)
        rows.append(
            pd.DataFrame(
                {
                    "activity_id": f"a{a:03d}",
                    "user_id": f"u{a % users}",
                    "x": xy[:, 0],
                    "y": xy[:, 1],
                    "seq": np.arange(n),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def single_machine_counts(frame: pd.DataFrame, grid: Grid) -> list[np.ndarray]:
    lengths = frame.groupby("activity_id", sort=False).size().to_numpy()
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    owner = frame["user_id"].to_numpy()[offsets[:-1]]
    users = np.unique(owner, return_inverse=True)[1]
    return distinct_per_cell(frame["x"].to_numpy(), frame["y"].to_numpy(), offsets, grid, users)


def activity_sizes(frame: pd.DataFrame, cuts: list[int]) -> list[int]:
    """Partition sizes that cut ``frame`` before the activities numbered ``cuts``."""
    starts = np.flatnonzero(frame["activity_id"].ne(frame["activity_id"].shift()))
    ends = [0, *starts[cuts].tolist(), len(frame)]
    return np.diff(ends).tolist()


def test_track_counts_equal_distinct_per_cell(client: Client) -> None:
    frame = tracks()
    vertices = partitioned(frame, activity_sizes(frame, [1, 2, 9, 30, 31, 44]))
    grid = Grid.covering(*dask_extent(vertices), 10.0, margin=10.0)
    activities, users = dask_track_counts(vertices, grid)
    expected_activities, expected_users = single_machine_counts(frame, grid)
    np.testing.assert_array_equal(activities, expected_activities)
    np.testing.assert_array_equal(users, expected_users)
    assert activities.dtype == users.dtype == np.int32
    # Users' tracks lie in several partitions and cross: per-partition counts would add up wrong.
    assert (expected_users < expected_activities).any()


def test_shuffled_tracks_need_only_their_vertex_order(client: Client) -> None:
    frame = tracks()
    vertices = dd.from_pandas(frame.sample(frac=1.0, random_state=1), npartitions=4)
    vertices = vertices.shuffle("activity_id", npartitions=3)
    grid = Grid.covering(*dask_extent(vertices), 10.0, margin=10.0)
    counts = dask_track_counts(vertices, grid, order="seq")
    for ours, expected in zip(counts, single_machine_counts(frame, grid), strict=True):
        np.testing.assert_array_equal(ours, expected)


def test_an_activity_cut_across_partitions_is_refused(client: Client) -> None:
    frame = tracks()
    vertices = partitioned(frame, [500, len(frame) - 500])  # row 500 is inside a track
    grid = Grid.covering(*dask_extent(vertices), 10.0)
    with pytest.raises(ValueError, match=r"^1 activities have rows in more than one partition"):
        dask_track_counts(vertices, grid)


def test_a_missing_column_is_named() -> None:
    vertices = dd.from_pandas(tracks(3), npartitions=1)
    grid = Grid(0.0, 0.0, 10.0, 1, 1)
    with pytest.raises(ValueError, match=r"no column 'user' \(columns: activity_id, user_id, x"):
        dask_track_counts(vertices, grid, user="user")
    with pytest.raises(ValueError, match="no column 'waga'"):
        dask_density(vertices, grid, KdeParams(50.0, 10.0), weight="waga")


def test_without_dask_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    vertices = dd.from_pandas(tracks(3), npartitions=1)
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(ImportError, match=r'pip install "urbanista\[dask\]"'):
        dask_extent(vertices)
