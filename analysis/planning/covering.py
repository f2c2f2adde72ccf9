"""Coverage location models on a sparse coverage matrix: maximal covering and set covering.

``cover`` is a facility x demand boolean sparse matrix (True: the facility
covers the point), ``weight`` the demand of each point and ``covered`` the
points already covered by fixed facilities (existing racks), which count as
covered and earn nothing more.

- MCLP (Church and ReVelle 1974): place ``p`` new facilities to cover the most
  demand. :func:`greedy_mclp` is a lazy greedy (coverage is submodular, so
  a stale gain is an upper bound and only the top of the heap is refreshed);
  :func:`exact_mclp` solves the integer programme with HiGHS
  (:func:`scipy.optimize.milp`), built on the sparse matrix after merging the
  demand points covered by the same facilities into one row.
- Partial set covering (LSCP-style, Toregas et al. 1971): the fewest new
  facilities that bring coverage to a target share of all demand.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analysis.errors import InputError

if TYPE_CHECKING:
    from scipy import sparse


@dataclass(frozen=True)
class Solution:
    """Chosen facilities, in the order that adds most coverage first."""

    sites: np.ndarray
    """Facility indices, ranked: each adds the most new demand given those before it."""
    gain: np.ndarray
    """Demand each site adds, in rank order."""
    covered_weight: float
    """Demand covered, the fixed facilities' included."""
    optimal: bool
    """Proven optimal (by the MILP, within its tolerance)."""
    bound: float | None = None
    """Upper bound on the demand any solution of this size covers (MILP), if known."""

    @property
    def gap(self) -> float | None:
        """(bound - covered) / bound, 0 when proven optimal; None without a bound."""
        if self.bound is None:
            return None
        return max(0.0, (self.bound - self.covered_weight) / self.bound) if self.bound > 0 else 0.0


def _check(cover: sparse.csr_matrix, weight: np.ndarray, covered: np.ndarray | None) -> np.ndarray:
    if cover.shape[1] != len(weight):
        raise InputError(f"{cover.shape[1]} demand columns but {len(weight)} weights")
    if len(weight) and (np.any(~np.isfinite(weight)) or weight.min() < 0):
        raise InputError("demand weights must be finite and not negative")
    if covered is None:
        return np.zeros(len(weight), bool)
    if len(covered) != len(weight):
        raise InputError(f"{len(covered)} covered flags for {len(weight)} demand points")
    return np.asarray(covered, bool).copy()


def rank_sites(
    cover: sparse.csr_matrix,
    weight: np.ndarray,
    sites: np.ndarray,
    covered: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Order ``sites`` greedily by the demand each adds; return them with those gains.

    Sites that add nothing (a model may place more than it needs) come last, with gain 0.
    """
    sites = np.asarray(sites, np.int64)
    ranked = _lazy_greedy(cover.tocsr()[sites], weight, covered, None, None)
    rest = np.setdiff1d(np.arange(len(sites)), ranked.sites)
    order = np.concatenate([ranked.sites, rest])
    return sites[order], np.concatenate([ranked.gain, np.zeros(len(rest))])


def _gain(cover: sparse.csr_matrix, weight: np.ndarray, done: np.ndarray, j: int) -> float:
    cols = cover.indices[cover.indptr[j] : cover.indptr[j + 1]]
    return float(weight[cols][~done[cols]].sum())


def _lazy_greedy(
    cover: sparse.csr_matrix,
    weight: np.ndarray,
    covered: np.ndarray | None,
    p: int | None,
    target: float | None,
) -> Solution:
    cover = cover.tocsr()
    done = _check(cover, weight, covered)
    total = float(weight[done].sum())
    gains = np.asarray(cover @ np.where(done, 0.0, weight)).ravel()
    heap = [(-g, j) for j, g in enumerate(gains) if g > 0]
    heapq.heapify(heap)
    sites: list[int] = []
    added: list[float] = []
    while heap and (p is None or len(sites) < p) and (target is None or total < target):
        _, j = heapq.heappop(heap)
        fresh = _gain(cover, weight, done, j)
        if heap and fresh < -heap[0][0]:
            if fresh > 0:
                heapq.heappush(heap, (-fresh, j))
            continue
        if fresh <= 0:
            break
        sites.append(j)
        added.append(fresh)
        total += fresh
        done[cover.indices[cover.indptr[j] : cover.indptr[j + 1]]] = True
    return Solution(np.array(sites, np.int64), np.array(added), total, optimal=False)


def greedy_mclp(
    cover: sparse.csr_matrix, weight: np.ndarray, p: int, covered: np.ndarray | None = None
) -> Solution:
    """Place up to ``p`` facilities, each the one that adds most uncovered demand."""
    if p < 0:
        raise InputError(f"the number of new sites must not be negative, got {p}")
    return _lazy_greedy(cover, weight, covered, p, None)


def greedy_lscp(
    cover: sparse.csr_matrix,
    weight: np.ndarray,
    target_share: float,
    covered: np.ndarray | None = None,
) -> Solution:
    """Add facilities greedily until ``target_share`` of all demand is covered."""
    target = _target(cover, weight, target_share, covered)
    return _lazy_greedy(cover, weight, covered, None, target)


def _target(
    cover: sparse.csr_matrix, weight: np.ndarray, share: float, covered: np.ndarray | None
) -> float:
    if not 0 < share <= 1:
        raise InputError(f"the target share of demand must be in (0, 1], got {share:g}")
    done = _check(cover, weight, covered)
    reachable = done | (np.asarray(cover.sum(axis=0)).ravel() > 0)
    best = float(weight[reachable].sum())
    total = float(weight.sum())
    target = share * total * (1 - 1e-12)
    if best < target:
        raise InputError(
            f"at most {100 * best / total:.1f}% of demand can be covered (the rest is too far "
            f"from every candidate site); ask for a target of at most that, not {100 * share:g}%"
        )
    return target


def _reduced(
    cover: sparse.csr_matrix, weight: np.ndarray, done: np.ndarray
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Demand x facility matrix of the open demand, points covered by the same sites merged."""
    from scipy import sparse

    open_ = np.flatnonzero(~done & (weight > 0))
    by_demand = cover.T.tocsr()[open_]
    by_demand.sort_indices()
    keep = np.diff(by_demand.indptr) > 0
    by_demand, w = by_demand[keep], weight[open_][keep]
    # Points with the same row of facilities are one row of the model.
    ends = zip(by_demand.indptr[:-1], by_demand.indptr[1:], strict=True)
    rows = np.array([by_demand.indices[a:b].tobytes() for a, b in ends], dtype=object)
    _, first, group = np.unique(rows, return_index=True, return_inverse=True)
    merged = by_demand[first]
    merged_w = np.bincount(np.ravel(group), weights=w, minlength=len(first))
    return sparse.csr_matrix(merged, dtype=float), merged_w


def _milp(
    cover: sparse.csr_matrix,
    weight: np.ndarray,
    covered: np.ndarray | None,
    p: int | None,
    target: float | None,
    time_limit_s: float,
) -> Solution:
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    cover = cover.tocsr()
    done = _check(cover, weight, covered)
    base = float(weight[done].sum())
    rows, w = _reduced(cover, weight, done)
    n_fac, n_dem = cover.shape[0], rows.shape[0]
    if n_dem == 0:  # nothing left that any facility could cover
        return Solution(np.empty(0, np.int64), np.empty(0), base, True, base)
    # Variables: x (one per facility, binary), then y (one per merged demand row, 0..1).
    # y_i <= sum_j a_ij x_j for every row.
    link = sparse.hstack([-rows, sparse.identity(n_dem, format="csr")], format="csr")
    count = sparse.csr_matrix(np.concatenate([np.ones(n_fac), np.zeros(n_dem)])[None, :])
    served = sparse.csr_matrix(np.concatenate([np.zeros(n_fac), w])[None, :])
    constraints = [LinearConstraint(link, -np.inf, 0.0)]
    if p is not None:
        cost = np.concatenate([np.zeros(n_fac), -w])
        constraints.append(LinearConstraint(count, 0, p))
    else:
        assert target is not None
        cost = np.concatenate([np.ones(n_fac), np.zeros(n_dem)])
        constraints.append(LinearConstraint(served, max(target - base, 0.0), np.inf))
    integrality = np.concatenate([np.ones(n_fac), np.zeros(n_dem)])
    res = milp(
        cost,
        integrality=integrality,
        bounds=Bounds(0, 1),
        constraints=constraints,
        options={"time_limit": time_limit_s, "mip_rel_gap": 1e-9},
    )
    if res.x is None:
        raise InputError(f"the exact model found no solution in {time_limit_s:g} s: {res.message}")
    chosen = np.flatnonzero(res.x[:n_fac] > 0.5)
    sites, gains = rank_sites(cover, weight, chosen, done)
    total = base + float(gains.sum())
    optimal = res.status == 0
    bound = None
    if p is not None:
        dual = getattr(res, "mip_dual_bound", None)
        bound = total if optimal or dual is None else base - float(dual)
    return Solution(sites, gains, total, optimal, bound)


def exact_mclp(
    cover: sparse.csr_matrix,
    weight: np.ndarray,
    p: int,
    covered: np.ndarray | None = None,
    time_limit_s: float = 60.0,
) -> Solution:
    """The MCLP solved as a sparse integer programme by HiGHS; ``bound`` is its upper bound."""
    if p < 0:
        raise InputError(f"the number of new sites must not be negative, got {p}")
    return _milp(cover, weight, covered, p, None, time_limit_s)


def exact_lscp(
    cover: sparse.csr_matrix,
    weight: np.ndarray,
    target_share: float,
    covered: np.ndarray | None = None,
    time_limit_s: float = 60.0,
) -> Solution:
    """The fewest new facilities that cover ``target_share`` of all demand (HiGHS)."""
    target = _target(cover, weight, target_share, covered)
    return _milp(cover, weight, covered, None, target, time_limit_s)
