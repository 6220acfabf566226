"""Block-wise scoring: close to the exact scores, never the whole matrix, same result on any
number of threads."""

from __future__ import annotations

import tracemalloc
from unittest import mock

import numpy as np

from bench.workload import generate
from bench.workload import workload
from matching.engine import Weights
from matching.engine import assignment
from matching.engine import propose
from matching.engine import score_matrix
from matching.engine.blocks import EPS
from matching.engine.blocks import Blocks
from matching.engine.blocks import cells

DEFAULT = Weights()


def blocks_for(mentees: list, mentors: list, weights: Weights = DEFAULT) -> Blocks:
    room = np.array([b.capacity for b in mentors])
    return Blocks(mentees, mentors, weights.normalised(), room, np.zeros((2, 0), int))


def test_block_scores_are_within_eps_of_the_exact_ones_and_minus_one_where_infeasible() -> None:
    mentees, mentors = workload("S", seed=5)
    weights = Weights(0.2, 0.5, 0.3)
    exact, feasible = score_matrix(mentees, mentors, weights)
    blocks = blocks_for(mentees, mentors, weights)
    approx, has_option = blocks.approx(np.arange(len(mentees)))
    assert ((approx == -1) == ~feasible).all()
    assert np.abs(approx - exact)[feasible].max() < EPS
    assert (has_option == feasible.any(axis=1)).all()


def test_arc_costs_are_the_exact_scores_in_solver_units() -> None:
    mentees, mentors = workload("S", seed=6)
    exact, feasible = score_matrix(mentees, mentors)
    rows, cols = np.nonzero(feasible)
    costs = blocks_for(mentees, mentors).exact(rows, cols, assignment.SCALE)
    assert np.abs(costs - exact[rows, cols] * assignment.SCALE).max() <= 1


def test_mentor_columns_in_another_order_score_the_same() -> None:
    mentees, mentors = generate(50, 40, seed=2)
    blocks = blocks_for(mentees, mentors)
    order = np.random.default_rng(0).permutation(len(mentors))
    straight, _ = blocks.approx(np.arange(50))
    shuffled, _ = blocks.reorder(order).approx(np.arange(50))
    assert (shuffled == straight[:, order]).all()


def test_cells_lists_the_true_cells_row_by_row_as_nonzero_does() -> None:
    mask = np.random.default_rng(1).random((7, 13)) < 0.3
    rows, cols = cells(mask)
    assert (rows == np.nonzero(mask)[0]).all() and (cols == np.nonzero(mask)[1]).all()
    assert [len(a) for a in cells(np.zeros((3, 0), bool))] == [0, 0]


def test_each_mentor_keeps_its_best_arcs_ties_included_and_all_when_it_has_few() -> None:
    cols = np.array([0, 0, 0, 0, 1, 2, 2, 2])
    cost = np.array([5, 9, 7, 7, 1, 3, 2, 1])
    with mock.patch.object(assignment, "ARCS_PER_MENTOR", 2):
        best = assignment._mentor_best(cols, cost, 4)
    assert best.tolist() == [False, True, True, True, True, True, True, False]


def test_fast_mode_solves_again_on_the_arcs_near_tight_and_keeps_the_rest_in_reserve() -> None:
    none = np.zeros(0, int)
    # Mentee 0 uses mentor 0; under these potentials its arc to mentor 1 is 5 units short of
    # tight and its arc to mentor 2 is 50 short.
    arcs = assignment.Arcs(
        np.array([0, 0, 0]),
        np.array([0, 1, 2]),
        np.array([10, 5, 0]),
        np.zeros(1),
        none,
        none,
        none,
    )
    potentials = (np.array([10]), np.array([0, 0, -40]))
    near = arcs.near_tight(np.array([0]), potentials, 0, slack=20)
    assert (near.cols.tolist(), near.spare_cols.tolist(), near.spare_cost.tolist()) == (
        [0, 1],
        [2],
        [0],
    )


def test_the_result_is_the_same_for_any_number_of_threads() -> None:
    mentees, mentors = workload("S", seed=4)
    results = []
    for threads in (1, 2, 3):
        # Small blocks, so every step runs on many blocks in parallel.
        with (
            mock.patch.object(assignment, "THREADS", threads),
            mock.patch.object(assignment, "BLOCK_CELLS", 20_000),
        ):
            results += [propose(mentees, mentors), propose(mentees, mentors, mode="fast")]
    assert results[0::2] == [results[0]] * 3
    assert results[1::2] == [results[1]] * 3


def test_memory_follows_the_arcs_kept_not_mentees_times_mentors() -> None:
    mentees, mentors = generate(6_000, 4_000, seed=3)
    tracemalloc.start()
    try:
        propose(mentees, mentors)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # One 4-byte cell per pair would be 96 MB; blocks and arcs stay well below half of it.
    assert peak < len(mentees) * len(mentors) * 4 / 2
