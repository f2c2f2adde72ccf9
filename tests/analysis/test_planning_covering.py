"""Covering models (greedy, exact MILP) against known optima and PySAL spopt; walking coverage."""

from __future__ import annotations

import numpy as np
import pulp
import pytest
import shapely
from scipy import sparse
from spopt.locate import LSCP, MCLP

from analysis.errors import InputError
from analysis.planning.coverage import euclidean_coverage, walking_coverage
from analysis.planning.covering import (
    exact_lscp,
    exact_mclp,
    greedy_lscp,
    greedy_mclp,
    rank_sites,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pulp")


def _matrix(rows: list[list[int]], n_demand: int) -> sparse.csr_matrix:
    dense = np.zeros((len(rows), n_demand), bool)
    for j, cols in enumerate(rows):
        dense[j, cols] = True
    return sparse.csr_matrix(dense)


def _spopt_mclp(
    dist: np.ndarray, weight: np.ndarray, radius: float, p: int, fixed: np.ndarray | None = None
) -> float:
    """Demand spopt's MCLP (CBC) covers; ``dist`` is facility x demand."""
    model = MCLP.from_cost_matrix(dist.T, weight, radius, p, predefined_facilities_arr=fixed)
    model.solve(pulp.PULP_CBC_CMD(msg=False))
    open_ = [j for j, x in enumerate(model.fac_vars) if x.value() > 0.5]
    return float(weight[(dist[open_] <= radius).any(axis=0)].sum())


def test_three_candidates_and_clusters_known_optimum() -> None:
    # Candidates at x = 0, 1000, 2000 m; clusters of 3 x 10, 1 x 5 and 2 x 7 beside them.
    demand = np.array([-20.0, 0.0, 20.0, 1000.0, 1990.0, 2010.0])
    weight = np.array([10.0, 10.0, 10.0, 5.0, 7.0, 7.0])
    sites = np.array([0.0, 1000.0, 2000.0])
    cover = sparse.csr_matrix(np.abs(sites[:, None] - demand[None, :]) <= 150)
    for p, best, chosen in ((1, 30.0, [0]), (2, 44.0, [0, 2]), (3, 49.0, [0, 2, 1])):
        exact = exact_mclp(cover, weight, p)
        greedy = greedy_mclp(cover, weight, p)
        assert exact.covered_weight == greedy.covered_weight == best
        assert exact.sites.tolist() == greedy.sites.tolist() == chosen
        assert exact.optimal and exact.gap == 0.0


def test_greedy_falls_short_where_the_exact_model_does_not() -> None:
    # Site 2 covers most alone (6) but sites 0 and 1 together cover everything (10).
    weight = np.array([3.0, 3.0, 2.0, 2.0])
    cover = _matrix([[0, 2], [1, 3], [0, 1]], 4)
    greedy, exact = greedy_mclp(cover, weight, 2), exact_mclp(cover, weight, 2)
    assert greedy.sites[0] == 2 and greedy.covered_weight == 8.0  # then a tie: 0 or 1
    assert sorted(exact.sites.tolist()) == [0, 1] and exact.covered_weight == 10.0
    assert exact.gain.tolist() == [5.0, 5.0] and exact.bound == 10.0
    dist = np.where(cover.toarray(), 100.0, 1000.0)
    assert _spopt_mclp(dist, weight, 150, 2) == 10.0


@pytest.mark.parametrize("seed", range(6))
def test_greedy_exact_and_spopt_on_random_cases(seed: int) -> None:
    rng = np.random.default_rng(seed)
    demand, sites = rng.uniform(0, 1000, (80, 2)), rng.uniform(0, 1000, (20, 2))
    weight = rng.integers(1, 10, 80).astype(float)
    dist = np.hypot(*(sites[:, None, :] - demand[None, :, :]).transpose(2, 0, 1))
    cover = euclidean_coverage(shapely.points(demand), shapely.points(sites), 180.0)
    assert (cover.toarray() == (dist <= 180.0)).all()
    p = 3 + seed % 3
    exact, greedy = exact_mclp(cover, weight, p), greedy_mclp(cover, weight, p)
    assert exact.covered_weight == _spopt_mclp(dist, weight, 180.0, p)
    assert exact.optimal and greedy.covered_weight <= exact.covered_weight
    assert greedy.covered_weight >= 0.63 * exact.covered_weight  # the (1 - 1/e) guarantee
    assert exact.covered_weight == pytest.approx(exact.gain.sum())
    assert (np.diff(exact.gain) <= 0).all()  # ranked by what each adds


@pytest.mark.parametrize("seed", range(3))
def test_fixed_facilities_match_spopt_predefined(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    demand, sites = rng.uniform(0, 1000, (60, 2)), rng.uniform(0, 1000, (18, 2))
    weight = rng.integers(1, 6, 60).astype(float)
    dist = np.hypot(*(sites[:, None, :] - demand[None, :, :]).transpose(2, 0, 1))
    fixed = np.zeros(18, bool)
    fixed[:3] = True
    covered = (dist[fixed] <= 200).any(axis=0)
    cover = sparse.csr_matrix(dist[~fixed] <= 200)
    exact = exact_mclp(cover, weight, 3, covered)
    assert exact.covered_weight == _spopt_mclp(dist, weight, 200, 3 + 3, fixed)
    assert greedy_mclp(cover, weight, 0, covered).covered_weight == weight[covered].sum()


def test_set_covering_reaches_the_target_with_the_fewest_sites() -> None:
    rng = np.random.default_rng(7)
    demand, sites = rng.uniform(0, 1000, (70, 2)), rng.uniform(0, 1000, (40, 2))
    weight = rng.integers(1, 5, 70).astype(float)
    dist = np.hypot(*(sites[:, None, :] - demand[None, :, :]).transpose(2, 0, 1))
    cover = sparse.csr_matrix(dist <= 300)
    assert cover.toarray().any(axis=0).all()  # everything coverable: the classic LSCP
    model = LSCP.from_cost_matrix(dist.T, 300)
    model.solve(pulp.PULP_CBC_CMD(msg=False))
    spopt_sites = sum(x.value() > 0.5 for x in model.fac_vars)
    assert len(exact_lscp(cover, weight, 1.0).sites) == spopt_sites
    for share in (0.5, 0.8, 0.95):
        exact, greedy = exact_lscp(cover, weight, share), greedy_lscp(cover, weight, share)
        assert exact.covered_weight >= share * weight.sum()
        assert greedy.covered_weight >= share * weight.sum()
        assert len(exact.sites) <= len(greedy.sites)
        # One fewer site cannot reach the target: the MCLP optimum with that many falls short.
        assert exact_mclp(cover, weight, len(exact.sites) - 1).covered_weight < share * weight.sum()


def test_set_covering_counts_what_fixed_facilities_cover() -> None:
    weight = np.array([5.0, 3.0, 2.0])
    cover = _matrix([[1], [2]], 3)
    covered = np.array([True, False, False])
    assert len(exact_lscp(cover, weight, 0.5, covered).sites) == 0
    assert exact_lscp(cover, weight, 0.8, covered).sites.tolist() == [0]
    assert len(greedy_lscp(cover, weight, 1.0, covered).sites) == 2


def test_unreachable_target_and_bad_arguments() -> None:
    cover = _matrix([[0], [1]], 3)
    weight = np.array([1.0, 1.0, 2.0])
    with pytest.raises(InputError, match=r"at most 50\.0% of demand"):
        exact_lscp(cover, weight, 0.6)
    with pytest.raises(InputError, match=r"\(0, 1\]"):
        greedy_lscp(cover, weight, 1.5)
    with pytest.raises(InputError, match="2 weights"):
        greedy_mclp(cover, weight[:2], 1)
    with pytest.raises(InputError, match="not negative"):
        exact_mclp(cover, -weight, 1)
    with pytest.raises(InputError, match="must not be negative"):
        greedy_mclp(cover, weight, -1)


def test_rank_puts_sites_that_add_nothing_last() -> None:
    cover = _matrix([[0], [0, 1], [2]], 3)
    sites, gains = rank_sites(cover, np.array([1.0, 1.0, 5.0]), np.array([0, 1, 2]))
    assert sites.tolist() == [2, 1, 0] and gains.tolist() == [5.0, 2.0, 0.0]


# Walking coverage along the street network


def _line(*xy: tuple[float, float]) -> shapely.LineString:
    return shapely.LineString(xy)


def test_walking_adds_the_way_to_and_from_the_street() -> None:
    streets = np.array([_line((0, 0), (500, 0))])
    demand = shapely.points([(100, 30), (130, 30), (0, -40)])  # 30 m and 40 m off the street
    facilities = shapely.points([(0, 0)])
    cover, on_demand, _ = walking_coverage(streets, demand, facilities, 150.0, 50.0)
    assert isinstance(cover, sparse.csr_matrix)
    assert cover.toarray().tolist() == [[True, False, True]]  # 130, 160 and 40 m walks
    assert on_demand.access_m.tolist() == pytest.approx([30.0, 30.0, 40.0])
    assert on_demand.offset_m.tolist() == pytest.approx([100.0, 130.0, 0.0])


def test_river_without_a_bridge_is_not_crossed() -> None:
    # Banks 50 m apart; the only bridge is 175 m east: 175 + 50 + 175 = 400 m on foot.
    streets = np.array(
        [
            _line((-500, 0), (0, 0), (175, 0), (500, 0)),
            _line((-500, 50), (0, 50), (175, 50), (500, 50)),
            _line((175, 0), (175, 50)),
        ]
    )
    demand = shapely.points([(0, 50), (100, 0)])
    facilities = shapely.points([(0, 0)])
    walking, _, _ = walking_coverage(streets, demand, facilities, 150.0, 10.0)
    assert walking.toarray().tolist() == [[False, True]]
    assert euclidean_coverage(demand, facilities, 150.0).toarray().tolist() == [[True, True]]
    far, _, _ = walking_coverage(streets, demand, facilities, 400.5, 10.0)
    assert far.toarray().tolist() == [[True, True]]


def test_crossing_lines_without_a_shared_vertex_are_a_bridge() -> None:
    streets = np.array([_line((-200, 0), (200, 0)), _line((0, -200), (0, 200))])
    demand = shapely.points([(0, 100), (100, 0)])
    cover, _, _ = walking_coverage(streets, demand, shapely.points([(-50, 0)]), 200.0, 5.0)
    assert cover.toarray().tolist() == [[False, True]]


def test_many_points_on_one_street_and_a_batch_boundary(monkeypatch: pytest.MonkeyPatch) -> None:
    import analysis.planning.coverage as coverage

    monkeypatch.setattr(coverage, "_CHUNK_CELLS", 50)  # several Dijkstra batches
    streets = np.array([_line((0, 0), (1000, 0)), _line((1000, 0), (1000, 1000))])
    demand = shapely.points(np.c_[np.arange(0, 1000, 25.0), np.zeros(40)])
    facilities = shapely.points([(0, 0), (500, 0), (1000, 100), (500, 0)])
    cover, _, _ = walking_coverage(streets, demand, facilities, 120.0, 1.0)
    x = np.arange(0, 1000, 25.0)
    expected = np.array(
        [np.abs(x) <= 120, np.abs(x - 500) <= 120, (1000 - x) + 100 <= 120, np.abs(x - 500) <= 120]
    )
    assert (cover.toarray() == expected).all()


def test_nothing_near_the_streets_is_an_input_error() -> None:
    streets = np.array([_line((0, 0), (100, 0))])
    with pytest.raises(InputError, match="no demand point is within 50 m of a street"):
        walking_coverage(streets, shapely.points([(0, 500)]), shapely.points([(0, 0)]), 150, 50)
    with pytest.raises(InputError, match="no line with two distinct vertices"):
        walking_coverage(
            np.array([_line((0, 0), (0, 0))]),
            shapely.points([(0, 0)]),
            shapely.points([(0, 0)]),
            150,
            50,
        )
