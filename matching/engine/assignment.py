"""The assignment step of matching: most mentees matched, then the highest total score.

Pure numpy + OR-Tools, like the engine that calls it. `solve` never holds the mentees × mentors
matrix: it scores a block of mentee rows at a time (`blocks.Blocks`) and keeps only each
mentee's and each mentor's most promising arcs, a reserve of each mentee's next best, and an
upper bound on every arc it dropped. It solves a min-cost flow on the arcs in play, then asks an
optimality certificate (LP duals) which other arcs could still help: the reserve is checked as
it is, and a row is scored again only against the mentors whose duals leave room for a
violation under its bound. It adds what it finds and solves again, until nothing can help.
Blocks run on a thread pool and are merged in block order, so the result is the same for any
number of threads.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import replace
from typing import TypeVar

import numpy as np
from ortools.graph.python import min_cost_flow

from matching.engine.blocks import EPS
from matching.engine.blocks import Blocks
from matching.engine.blocks import cells

# Integer cost units per point of score, as large as int32 cost cells allow: rounding moves a
# pair by < 2.5e-10, so the optimum under integer costs is within n × 5e-10 of the true one.
SCALE = 2**31 - 2
# Cells per block of mentee rows: temporaries stay a few MB (cache-friendly, no page faults).
BLOCK_CELLS = 500_000
# How many of each mentee's and each mentor's best arcs the solver starts from; certificates
# then add whatever else could help.
ARCS_PER_MENTEE = 16
# How many more of each mentee's best arcs are scored once and kept aside: certificates check
# them without scoring again, and everything below them is bounded by a lower score.
RESERVE_PER_MENTEE = 64
ARCS_PER_MENTOR = 20
# Fast mode trusts the optimality certificate for this many rounds, then only makes sure that
# no more mentees can be matched.
FAST_DUAL_ROUNDS = 1
# Fast mode's last solve is given only the arcs within this many cost units of tight under its
# dual round's potentials: an arc far from tight rarely enters the next optimum, and the
# solver's time grows with the arcs it is given.
FAST_SLACK = SCALE // 20
# Mentee rows scored up front to estimate each mentor's best arcs.
SAMPLE_ROWS = 1000
# Certificates also bring in arcs within this many cost units of improving the solution.
NEAR = SCALE // 100
# Threads scoring blocks; numpy releases the GIL inside each block's array operations.
THREADS = int(os.environ.get("MATCHING_THREADS", "0")) or min(2, os.cpu_count() or 1)

T = TypeVar("T")


def row_blocks(n: int, m: int) -> list[slice]:
    step = max(1, BLOCK_CELLS // max(1, m))
    return [slice(r, min(r + step, n)) for r in range(0, n, step)]


def _each(fn: Callable[[np.ndarray], T], chunks: list[np.ndarray]) -> list[T]:
    """fn over chunks, in order, on the thread pool when there is more than one chunk."""
    if THREADS <= 1 or len(chunks) <= 1:
        return [fn(c) for c in chunks]
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(fn, chunks))


def _chunks(rows: np.ndarray, width: int | np.ndarray) -> list[np.ndarray]:
    """Rows in chunks of about BLOCK_CELLS cells: each row scores `width` columns, or row k
    width[k] when rows come widest first, so narrow rows go many to a chunk, not few."""
    widths, out, start = np.broadcast_to(width, len(rows)), [], 0
    while start < len(rows):
        step = max(1, BLOCK_CELLS // max(1, int(widths[start])))
        out.append(rows[start : start + step])
        start += step
    return out


@dataclass
class Arcs:
    """The arcs in play, sorted by (row, column), with their integer costs; `spare_*`: arcs kept
    in reserve, costed but not given to the solver; `bound[i]` is above the approximate score
    of every other feasible arc of row i (−inf: there is none)."""

    rows: np.ndarray
    cols: np.ndarray
    cost: np.ndarray
    bound: np.ndarray
    spare_rows: np.ndarray
    spare_cols: np.ndarray
    spare_cost: np.ndarray

    def grown(self, rows: np.ndarray, cols: np.ndarray, cost: np.ndarray, m: int) -> Arcs:
        keys = np.concatenate([self.rows * m + self.cols, rows * m + cols])
        keys, first = np.unique(keys, return_index=True)
        if len(keys) == len(self.rows):  # arcs only ever grow, so the loop always ends
            raise RuntimeError("A certificate asked for arcs already in play: this is a bug.")
        costs = np.concatenate([self.cost, cost])[first]
        # replace, not astuple: astuple deep-copies every field, the reserve's millions too.
        rows, cols = np.divmod(keys, m)
        return replace(self, rows=rows, cols=cols, cost=costs)

    def near_tight(
        self, mate: np.ndarray, potentials: tuple[np.ndarray, np.ndarray], big: int, slack: int
    ) -> Arcs:
        """The arcs in use, and those within `slack` of tight under the potentials, stay in
        play; the others wait in reserve, where any later certificate still checks them."""
        d_i, d_j = potentials
        gain = big + self.cost - (d_i[self.rows] - d_j[self.cols])  # ≤ 0 in play
        return self.kept((mate[self.rows] == self.cols) | (gain > -slack))

    def kept(self, stay: np.ndarray) -> Arcs:
        """The arcs in play where `stay`; the others join the reserve."""
        out = ~stay
        return Arcs(
            self.rows[stay],
            self.cols[stay],
            self.cost[stay],
            self.bound,
            np.concatenate([self.spare_rows, self.rows[out]]),
            np.concatenate([self.spare_cols, self.cols[out]]),
            np.concatenate([self.spare_cost, self.cost[out]]),
        )


def _row_thresholds(block: np.ndarray, k: int) -> np.ndarray:
    """About the k-th best score in each row (at least 0): the best of every k-th column, which
    is one pass over a k-th of the block. Selection only needs to be good, the certificates
    make it safe."""
    if block.shape[1] <= 2 * k:
        return np.zeros(len(block), block.dtype)
    return np.maximum(block[:, ::k].max(axis=1), 0)


def _keep(block: np.ndarray, by_col: np.ndarray) -> tuple[np.ndarray, ...]:
    """(rows, columns) of the cells of a block to put in play, whether each is among its row's
    best (the others are there for their column), (rows, columns) of those to keep in reserve,
    and the bound on each row's other feasible cells. Ties at a threshold are all kept, so no
    partition order decides the result; thresholds are at least 0, so infeasible cells (−1) are
    never kept, and a threshold of 0 keeps every feasible cell of its row."""
    by_row = _row_thresholds(block, ARCS_PER_MENTEE)
    below = _row_thresholds(block, RESERVE_PER_MENTEE)
    # One comparison over the block finds every cell either kind keeps (a cell is in play at
    # or above min(by_row, by_col), in reserve at or above below); sorting them into the two
    # is then done on the few kept, not on the block.
    low = np.minimum(np.minimum(by_row, below)[:, None], by_col[None, :])
    r, c = cells(block >= low)
    score = block[r, c]
    row_best = score >= by_row[r]
    play = row_best | (score >= by_col[c])
    spare = ~play & (score >= below[r])
    bound = np.where(below > 0, below.astype(float), -np.inf)
    return r[play], c[play], row_best[play], r[spare], c[spare], bound


def _column_thresholds(blocks: Blocks) -> np.ndarray:
    """About each mentor's ARCS_PER_MENTOR-th best score, from every s-th mentee, or lower (a
    sample of 1,000 among 100,000 finds about the 100th best): the scan keeps every cell above
    it, and `_mentor_best` then picks each mentor's best among them. Mentors matter too: when
    they are scarce, a mentee's optimal mentor is often one that few others want."""
    n, m = blocks.n, blocks.m
    sample = np.arange(0, n, max(1, n // SAMPLE_ROWS))
    k = max(1, ARCS_PER_MENTOR * len(sample) // max(1, n))
    best = np.full((k, m), -1.0, np.float32)
    for chunk in _chunks(sample, m):
        scores, _ = blocks.approx(chunk)
        both = np.concatenate([best, scores])
        best = np.partition(both, len(both) - k, axis=0)[-k:]
    return np.maximum(best.min(axis=0), 0)


def _candidate_arcs(blocks: Blocks) -> tuple[Arcs, np.ndarray]:
    """Each mentee's and each mentor's best arcs, scored block by block; and which mentees have
    any feasible, unblocked mentor at all."""
    n, m = blocks.n, blocks.m
    by_col = _column_thresholds(blocks)

    def scan(rows: np.ndarray) -> tuple[np.ndarray, ...]:
        scores, has_option = blocks.approx(rows)
        r, c, row_best, sr, sc, bound = _keep(scores, by_col)
        r, sr = rows[r], rows[sr]
        costs = blocks.exact(r, c, SCALE), blocks.exact(sr, sc, SCALE)
        return r, c, costs[0], row_best, bound, sr, sc, costs[1], has_option

    parts = _each(scan, _chunks(np.arange(n), m))
    kinds = (np.intp, np.intp, np.int64, bool, float, np.intp, np.intp, np.int64, bool)
    r, c, cost, row_best, bound, sr, sc, spare_cost, has_option = (
        np.concatenate([p[k] for p in parts]) if parts else np.zeros(0, t)
        for k, t in enumerate(kinds)
    )
    # The arcs kept only for their mentor, beyond its best few, wait in reserve: the solver's
    # time grows with the arcs it is given, and the certificate checks the reserve as it is.
    arcs = Arcs(r, c, cost, bound, sr, sc, spare_cost)
    return arcs.kept(row_best | _mentor_best(c, cost, m)), has_option


def _mentor_best(cols: np.ndarray, cost: np.ndarray, m: int) -> np.ndarray:
    """Which arcs are among their mentor's ARCS_PER_MENTOR best (ties kept; all of a mentor's
    arcs when it has fewer)."""
    counts = np.bincount(cols, minlength=m)
    # One sort of (column, SCALE − cost) keys puts each mentor's arcs together, best first.
    keys = np.sort(cols.astype(np.int64) * (SCALE + 1) + (SCALE - cost))
    enough = np.flatnonzero(counts >= ARCS_PER_MENTOR)
    kth = np.cumsum(counts)[enough] - counts[enough] + ARCS_PER_MENTOR - 1
    least = np.full(m, np.iinfo(np.int64).min)
    least[enough] = SCALE - (keys[kth] - enough * (SCALE + 1))
    return cost >= least[cols]


def _assign(arcs: Arcs, n: int, m: int, room: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Most mentees matched, then least cost, using only `arcs`: each row's column or −1, and
    the cost of the arc it uses."""
    mate, paid = np.full(n, -1), np.zeros(n, np.int64)
    rows, cols = arcs.rows, arcs.cols
    if not len(rows):
        return mate, paid
    mentees, mentors = np.unique(rows), np.unique(cols)
    source, sink = n + m, n + m + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.full(len(mentees), source), rows, n + mentors]).astype(np.int32),
        np.concatenate([mentees, n + cols, np.full(len(mentors), sink)]).astype(np.int32),
        np.concatenate([np.ones(len(mentees) + len(rows)), room[mentors]]).astype(np.int64),
        np.concatenate([np.zeros(len(mentees)), -arcs.cost, np.zeros(len(mentors))]).astype(
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
    mate[rows[used]], paid[rows[used]] = cols[used], arcs.cost[used]
    return mate, paid


def _potentials(
    arcs: Arcs, mate: np.ndarray, paid: np.ndarray, room: np.ndarray, big: int
) -> tuple[np.ndarray, np.ndarray]:
    """Shortest distances (mentees, mentors) in the residual graph of an optimum over `arcs`.

    Weighing each pair big + cost turns "most mentees, then most points" into one max-weight
    b-matching; these distances are then optimal LP duals, found by vectorised Bellman-Ford
    rounds over the arcs in play rather than all feasible pairs.
    """
    n, m = len(mate), len(room)
    matched = np.flatnonzero(mate >= 0)
    mates, kept = mate[matched], big + paid[matched]
    unused = mate[arcs.rows] != arcs.cols
    order = np.argsort(arcs.cols[unused], kind="stable")
    tails, heads = arcs.rows[unused][order], arcs.cols[unused][order]
    weights = big + arcs.cost[unused][order]
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
    blocks: Blocks,
    arcs: Arcs,
    mate: np.ndarray,
    potentials: tuple[np.ndarray, np.ndarray],
    big: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arcs not in use with big + cost > d_i − d_j under the potentials (`_potentials`): only
    these could improve the solution, so none left means it is optimal on the full feasible
    graph.

    An arc not in play costs less than (bound_i + EPS) × SCALE, so row i needs scoring again
    only against the mentors with −d_j below big + that − d_i: a prefix of the mentors sorted
    by −d_j, and for most rows an empty one."""
    d_i, d_j = potentials
    order = np.argsort(-d_j, kind="stable")
    limit = big + NEAR + (arcs.bound + EPS) * SCALE - d_i
    prefix = np.searchsorted((-d_j[order]).astype(float), limit, side="left")
    rows = np.flatnonzero(prefix > 0)
    rows = rows[np.argsort(-prefix[rows], kind="stable")]
    view = blocks.reorder(order)
    in_play = arcs.rows * blocks.m + arcs.cols

    # (score + EPS) × SCALE > d_i − big − NEAR − d_j, divided through by SCALE once per row and
    # once per mentor, so a cell costs one subtraction and one comparison. The float64 rounding
    # is ~1e-11, far inside EPS; the exact gain below decides.
    row_part = (d_i - big - NEAR) / SCALE
    col_part = d_j[order] / SCALE + EPS

    def scan(chunk: np.ndarray) -> tuple[np.ndarray, ...]:
        stop = int(prefix[chunk[0]])  # rows come widest first
        scores, _ = view.approx(chunk, stop)
        maybe = scores >= 0
        maybe &= scores > np.subtract.outer(row_part[chunk], col_part[:stop])
        r, k = cells(maybe)
        r, c = chunk[r], order[k]
        cost = blocks.exact(r, c, SCALE)
        gain = big + cost - (d_i[r] - d_j[c])
        near = (gain > -NEAR) & (mate[r] != c)  # arcs in use are not improving
        near &= ~_member(r * blocks.m + c, in_play)
        return r[near], c[near], cost[near], gain[near] > 0

    r, c, cost = arcs.spare_rows, arcs.spare_cols, arcs.spare_cost
    gain = big + cost - (d_i[r] - d_j[c])
    near = (gain > -NEAR) & (mate[r] != c) & ~_member(r * blocks.m + c, in_play)
    parts: list[tuple[np.ndarray, ...]] = [(r[near], c[near], cost[near], gain[near] > 0)]
    parts += _each(scan, _chunks(rows, prefix[rows]))
    if not any(p[3].any() for p in parts):
        return _merged([])
    # Arcs close to improving come along with the improving ones: they would likely be the
    # next round's violations, and each round costs a solve and a scan.
    return _merged(parts)


def _member(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    at = np.minimum(np.searchsorted(sorted_keys, keys), max(0, len(sorted_keys) - 1))
    return (sorted_keys[at] == keys) if len(sorted_keys) else np.zeros(len(keys), bool)


def _merged(parts: list[tuple[np.ndarray, ...]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not parts:
        return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0, np.int64)
    r, c, cost = (np.concatenate([p[k] for p in parts]) for k in range(3))
    return r, c, cost


def _uncovered(
    blocks: Blocks, arcs: Arcs, mate: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arcs that cross the minimum cut of the arc-limited max flow: if none do, the cut bounds
    the full graph too, so no more mentees can be matched (König). Only feasibility is checked,
    not scores, so this costs a fraction of a scoring pass."""
    m = blocks.m
    unused = mate[arcs.rows] != arcs.cols
    tails, heads = arcs.rows[unused], arcs.cols[unused]
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
    outside = np.flatnonzero(~reach_j)
    view = blocks.reorder(np.concatenate([outside, np.flatnonzero(reach_j)]))

    def scan(chunk: np.ndarray) -> tuple[np.ndarray, ...]:
        ok, _ = view.allowed(chunk, len(outside))
        r, k = cells(ok)
        r, c = chunk[r], outside[k]
        return r, c, blocks.exact(r, c, SCALE)

    return _merged(_each(scan, _chunks(np.flatnonzero(reach_i), max(1, len(outside)))))


def solve(blocks: Blocks, room: np.ndarray, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Each mentee's mentor (or −1), and which mentees had any feasible, unblocked mentor.

    Solve on the candidate arcs, then add the arcs a certificate says could help and solve
    again until it says none can. Exact mode uses the optimality certificate throughout; fast
    mode uses it for FAST_DUAL_ROUNDS rounds, then only the max-cardinality one."""
    n, m = blocks.n, blocks.m
    big = (n + 1) * SCALE  # one more mentee always outweighs any difference in points
    arcs, has_option = _candidate_arcs(blocks)
    rounds = 0
    while True:
        mate, paid = _assign(arcs, n, m, room)
        rounds += 1
        if mode == "exact" or rounds <= FAST_DUAL_ROUNDS:
            potentials = _potentials(arcs, mate, paid, room, big)
            extra = _violations(blocks, arcs, mate, potentials, big)
            if mode == "fast" and rounds == FAST_DUAL_ROUNDS:
                arcs = arcs.near_tight(mate, potentials, big, FAST_SLACK)
        else:
            extra = _uncovered(blocks, arcs, mate)
        if not len(extra[0]):
            return mate, has_option
        arcs = arcs.grown(*extra, m)
