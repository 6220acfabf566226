"""The assignment step of matching: most mentees matched, then the highest total score.

Pure numpy + OR-Tools, like the engine that calls it. `solve` takes the integer cost matrix the
engine built (−1 where a pair cannot be proposed) and each mentor's remaining room. It solves a
min-cost flow on a few promising arcs per row and column, then asks an optimality certificate
(LP duals) which other arcs could still help, adds those and solves again, until none can.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

# Integer cost units per point of score, as large as int32 cost cells allow: rounding moves a
# pair by < 2.5e-10, so the optimum under integer costs is within n × 5e-10 of the true one.
SCALE = 2**31 - 2
# Cells per block of mentee rows: temporaries stay a few MB (cache-friendly, no page faults).
BLOCK_CELLS = 500_000
# How many of each mentee's and each mentor's best arcs the solver starts from; certificates
# then add whatever else could help. Fast mode trusts the optimality certificate for this many
# rounds, then only makes sure that no more mentees can be matched.
ARCS_PER_MENTEE = 16
ARCS_PER_MENTOR = 20
FAST_DUAL_ROUNDS = 1


def row_blocks(n: int, m: int) -> list[slice]:
    step = max(1, BLOCK_CELLS // max(1, m))
    return [slice(r, min(r + step, n)) for r in range(0, n, step)]


def _thresholds(matrix: np.ndarray, k: int) -> np.ndarray:
    """About the k-th best cost in each row (at least 0), estimated from every s-th column:
    selection only needs to be good, the certificates make it safe."""
    stride = max(1, min(matrix.shape[1] // 250, k // 4))
    sample = matrix[:, ::stride]
    k = max(1, k // stride)
    if k > sample.shape[1]:
        return np.zeros(len(matrix), matrix.dtype)
    return np.maximum(np.partition(sample, sample.shape[1] - k, axis=1)[:, -k], 0)


def _candidate_arcs(cost: np.ndarray) -> np.ndarray:
    """Flat indices of each mentee's best arcs and each mentor's best arcs. Mentors matter too:
    when they are scarce, a mentee's optimal mentor is often one that few others want."""
    n, m = cost.shape
    by_row = np.zeros(n, cost.dtype)
    for rows in row_blocks(n, m):
        by_row[rows] = _thresholds(cost[rows], ARCS_PER_MENTEE)
    step = max(1, min(n // 250, ARCS_PER_MENTOR // 4))
    by_col = _thresholds(cost[::step].T.copy(), max(1, ARCS_PER_MENTOR // step))
    found = [np.zeros(0, np.intp)]
    for rows in row_blocks(n, m):
        block = cost[rows]
        # Ties at a threshold are all kept, so no partition order decides the result.
        keep = (block >= by_row[rows, None]) | (block >= by_col[None, :])
        keep &= block >= 0
        r, c = np.nonzero(keep)
        found.append((r + rows.start) * m + c)
    return np.concatenate(found)


def _assign(cost: np.ndarray, arcs: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Most mentees matched, then least cost, using only `arcs`: each row's column or −1."""
    n, m = cost.shape
    mate = np.full(n, -1)
    if not len(arcs):
        return mate
    rows, cols = np.divmod(arcs, m)
    mentees, mentors = np.unique(rows), np.unique(cols)
    source, sink = n + m, n + m + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.full(len(mentees), source), rows, n + mentors]).astype(np.int32),
        np.concatenate([mentees, n + cols, np.full(len(mentors), sink)]).astype(np.int32),
        np.concatenate([np.ones(len(mentees) + len(rows)), room[mentors]]).astype(np.int64),
        np.concatenate([np.zeros(len(mentees)), -cost.flat[arcs], np.zeros(len(mentors))]).astype(
            np.int64
        ),
    )
    flow.set_nodes_supplies(
        np.array([source, sink], np.int32), np.array([len(mentees), -len(mentees)], np.int64)
    )
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"The min-cost flow solver failed with status {status}.")
    used = flow.flows(np.arange(len(mentees), len(mentees) + len(rows), dtype=np.int32)) > 0
    mate[rows[used]] = cols[used]
    return mate


def _potentials(
    cost: np.ndarray, arcs: np.ndarray, mate: np.ndarray, room: np.ndarray, big: int
) -> tuple[np.ndarray, np.ndarray]:
    """Shortest distances (mentees, mentors) in the residual graph of an optimum over `arcs`.

    Weighing each pair big + cost turns "most mentees, then most points" into one max-weight
    b-matching; these distances are then optimal LP duals, found by vectorised Bellman-Ford
    rounds over the few arcs in use rather than all feasible pairs.
    """
    n, m = cost.shape
    rows, cols = np.divmod(arcs, m)
    matched = np.flatnonzero(mate >= 0)
    mates, kept = mate[matched], big + cost[matched, mate[matched]].astype(np.int64)
    unused = mate[rows] != cols
    order = np.argsort(cols[unused], kind="stable")
    tails, heads = rows[unused][order], cols[unused][order]
    weights = big + cost.flat[arcs[unused][order]].astype(np.int64)
    starts = np.flatnonzero(np.diff(heads, prepend=-1))
    waiting = mate < 0  # source → mentee: every unmatched one, with arcs in play or not
    load = np.bincount(mates, minlength=m)
    spare, busy = load < room, load > 0
    d_i, d_j, d_s, d_t = np.zeros(n, np.int64), np.zeros(m, np.int64), 0, 0
    for _ in range(n + m + 3):
        new_j = d_j.copy()
        if len(heads):  # mentee → mentor along an arc not in use costs −weight
            reach = np.minimum.reduceat(d_i[tails] - weights, starts)
            new_j[heads[starts]] = np.minimum(new_j[heads[starts]], reach)
        new_j[busy] = np.minimum(new_j[busy], d_t)  # sink → mentor: undo one of its mentees
        new_i = d_i.copy()
        new_i[matched] = np.minimum(new_i[matched], new_j[mates] + kept)  # give the mentor back
        new_i[waiting] = np.minimum(new_i[waiting], d_s)  # source → unmatched mentee
        new_s = min(d_s, d_t, int(new_i[matched].min(initial=0)))
        new_t = min(d_t, int(new_j[spare].min(initial=0)), new_s if len(matched) else 0)
        if new_s == d_s and new_t == d_t and (new_i == d_i).all() and (new_j == d_j).all():
            return d_i, d_j
        d_i, d_j, d_s, d_t = new_i, new_j, new_s, new_t
    raise RuntimeError("The arc-limited solution was not optimal (negative cycle found).")


def _violations(
    cost: np.ndarray, arcs: np.ndarray, mate: np.ndarray, room: np.ndarray, big: int
) -> np.ndarray:
    """Arcs whose reduced cost is negative under the duals: only these could improve the
    solution, so none left means it is optimal on the full feasible graph."""
    n, m = cost.shape
    d_i, d_j = _potentials(cost, arcs, mate, room, big)
    found = [np.zeros(0, np.intp)]
    for rows in row_blocks(n, m):
        block = cost[rows]
        slack = d_i[rows, None] - d_j[None, :]
        slack -= big
        bad = (block >= 0) & (slack < block)
        local = np.flatnonzero(mate[rows] >= 0)
        bad[local, mate[rows][local]] = False  # arcs in use are tight, not improving
        r, c = np.nonzero(bad)
        found.append((r + rows.start) * m + c)
    return np.concatenate(found)


def _uncovered(cost: np.ndarray, arcs: np.ndarray, mate: np.ndarray) -> np.ndarray:
    """Arcs that cross the minimum cut of the arc-limited max flow: if none do, the cut bounds
    the full graph too, so no more mentees can be matched (König)."""
    n, m = cost.shape
    rows, cols = np.divmod(arcs, m)
    unused = mate[rows] != cols
    tails, heads = rows[unused], cols[unused]
    matched = np.flatnonzero(mate >= 0)
    reach_i, reach_j = mate < 0, np.zeros(m, bool)
    while True:  # alternating paths from unmatched mentees
        new_j = reach_j.copy()
        new_j[heads[reach_i[tails]]] = True
        new_i = reach_i.copy()
        new_i[matched[new_j[mate[matched]]]] = True
        if (new_i == reach_i).all() and (new_j == reach_j).all():
            break
        reach_i, reach_j = new_i, new_j
    found = [np.zeros(0, np.intp)]
    tails_all = np.flatnonzero(reach_i)
    for chunk in row_blocks(len(tails_all), m):
        r, c = np.nonzero((cost[tails_all[chunk]] >= 0) & ~reach_j)
        found.append(tails_all[chunk][r] * m + c)
    return np.concatenate(found)


def solve(cost: np.ndarray, room: np.ndarray, mode: str) -> np.ndarray:
    """Solve on the candidate arcs, then add the arcs a certificate says could help and solve
    again until it says none can. Exact mode uses the optimality certificate throughout; fast
    mode uses it for FAST_DUAL_ROUNDS rounds, then only the max-cardinality one."""
    n = cost.shape[0]
    big = (n + 1) * SCALE  # one more mentee always outweighs any difference in points
    arcs = _candidate_arcs(cost)
    rounds = 0
    while True:
        mate = _assign(cost, arcs, room)
        rounds += 1
        if mode == "exact" or rounds <= FAST_DUAL_ROUNDS:
            extra = _violations(cost, arcs, mate, room, big)
        else:
            extra = _uncovered(cost, arcs, mate)
        if not len(extra):
            return mate
        grown = np.union1d(arcs, extra)
        if len(grown) == len(arcs):  # arcs only ever grow, so the loop always ends
            raise RuntimeError("A certificate asked for arcs already in play: this is a bug.")
        arcs = grown
