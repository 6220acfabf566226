"""Properties of the matching engine, checked against plain reference implementations.

Tiny vocabularies make many scores tie, which is where assignment solvers go wrong. Most
examples start the solver from a random subset of arcs and use blocks of a few cells, so the
certificate loops and block edges, which otherwise only big programs reach, run every time.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from unittest import mock

import numpy as np
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching import engine
from matching.engine import Candidate
from matching.engine import Weights
from matching.engine import assignment
from matching.engine import propose
from matching.engine import score_matrix

CATEGORIES = ("career", "academic", "personal")
Pairs = frozenset[tuple[int, int]]


# ---- reference implementations: obvious, slow, written from the design brief ----


DEFAULT = Weights()


def ref_score(a: Candidate, b: Candidate, weights: Weights = DEFAULT) -> float:
    raw = (weights.career, weights.academic, weights.personal)
    total = 0.0
    for category, w in zip(CATEGORIES, raw, strict=True):
        x, y = getattr(a, category), getattr(b, category)
        total += w / sum(raw) * (len(x & y) / len(x | y) if x | y else 0.0)
    return total


def ref_rules(a: Candidate, b: Candidate) -> list[tuple[str, bool]]:
    meets = ("online" in a.formats and "online" in b.formats) or (
        "in_person" in a.formats and "in_person" in b.formats and a.area != "" and a.area == b.area
    )
    return [
        (engine.REASON_NO_LANGUAGE, bool(a.languages & b.languages)),
        (engine.REASON_NO_SLOT, bool(a.availability & b.availability)),
        (engine.REASON_NO_FORMAT, meets),
        (engine.REASON_NEEDS_CLEARED, not a.is_minor or b.cleared_for_minors),
        (engine.REASON_NO_CAPACITY, b.capacity > 0),
        (engine.REASON_ONLY_SELF, a.id != b.id),
    ]


def ref_feasible(a: Candidate, b: Candidate) -> bool:
    return all(ok for _, ok in ref_rules(a, b))


def ref_reason(a: Candidate, mentors: list[Candidate], blocked: Pairs) -> str:
    if not mentors:
        return engine.REASON_NO_MENTORS
    left = list(mentors)
    for i in range(6):
        left = [b for b in left if ref_rules(a, b)[i][1]]
        if not left:
            return ref_rules(a, mentors[0])[i][0]
    if all((a.id, b.id) in blocked for b in left):
        return engine.REASON_ALL_BLOCKED
    return engine.REASON_AT_CAPACITY


def brute_force(
    mentees: list[Candidate], mentors: list[Candidate], blocked: Pairs, fixed: Pairs
) -> tuple[int, float]:
    """Best (matched, total) over every assignment, fixed pairs included."""
    mentee, mentor = {a.id: a for a in mentees}, {b.id: b for b in mentors}
    used = Counter(b for _, b in fixed)
    room = {b.id: b.capacity - used[b.id] for b in mentors}
    done = {a for a, _ in fixed}
    free = [a for a in mentees if a.id not in done]
    options = [
        [
            (b.id, ref_score(a, b))
            for b in mentors
            if ref_feasible(a, b) and (a.id, b.id) not in blocked
        ]
        for a in free
    ]
    best = [0, 0.0]

    def go(i: int, count: int, total: float) -> None:
        if count + len(free) - i < best[0]:
            return
        if i == len(free):
            if (count, total) > (best[0], best[1] + 1e-9):
                best[:] = [count, total]
            return
        for b, s in options[i]:
            if room[b] > 0:
                room[b] -= 1
                go(i + 1, count + 1, total + s)
                room[b] += 1
        go(i + 1, count, total)

    go(0, 0, 0.0)
    known = [ref_score(mentee[a], mentor[b]) for a, b in fixed if a in mentee and b in mentor]
    return best[0] + len(fixed), best[1] + sum(known)


def lsa_optimum(
    mentees: list[Candidate], mentors: list[Candidate], blocked: Pairs
) -> tuple[int, float]:
    """(matched, total) from scipy's assignment on capacity-replicated columns: a feasible cell
    is worth 1000 + score, so the optimum first maximises how many are matched."""
    columns = [b for b in mentors for _ in range(b.capacity)]
    if not mentees or not columns:
        return 0, 0.0
    value = np.array(
        [
            [
                1000 + ref_score(a, b)
                if ref_feasible(a, b) and (a.id, b.id) not in blocked
                else 0.0
                for b in columns
            ]
            for a in mentees
        ]
    )
    rows, cols = linear_sum_assignment(value, maximize=True)
    chosen = value[rows, cols]
    return int((chosen > 0).sum()), float(chosen[chosen > 0].sum() - 1000 * (chosen > 0).sum())


# ---- strategies ----

interests = st.frozensets(st.sampled_from("abc"), max_size=2)


def mostly(usual: object, *others: object) -> st.SearchStrategy:
    """Usually `usual`: most pairs should be feasible, or there is nothing to optimise."""
    return st.sampled_from([*[usual] * 24, *others])


EN, ES = frozenset({"en"}), frozenset({"es"})
ONLINE, IN_PERSON = frozenset({"online"}), frozenset({"in_person"})
MON, SAT = frozenset({"mon-evening"}), frozenset({"sat-morning"})
NOTHING: frozenset[str] = frozenset()


@st.composite
def people(draw: st.DrawFn, ids: list[int], mentors: bool) -> list[Candidate]:
    return [
        Candidate(
            id=i,
            career=draw(interests),
            academic=draw(interests),
            personal=draw(interests),
            languages=draw(mostly(EN, ES, EN | ES, NOTHING)),
            formats=draw(mostly(ONLINE, IN_PERSON, ONLINE | IN_PERSON, NOTHING)),
            availability=draw(mostly(MON, SAT, MON | SAT, NOTHING)),
            area=draw(mostly("north", "south", "")),
            capacity=draw(mostly(1, 0, 2, 3)) if mentors else 1,
            is_minor=not mentors and draw(st.integers(0, 4)) == 0,
            cleared_for_minors=mentors and draw(st.booleans()),
        )
        for i in ids
    ]


@st.composite
def programs(
    draw: st.DrawFn, max_mentees: int = 6, max_mentors: int = 4, extras: bool = True
) -> tuple[list[Candidate], list[Candidate], Pairs, Pairs]:
    """(mentees, mentors, blocked, fixed); fixed pairs may name people not in the inputs."""
    n, m = draw(st.integers(0, max_mentees)), draw(st.integers(0, max_mentors))
    mentee_ids = draw(st.lists(st.integers(1, 60), min_size=n, max_size=n, unique=True))
    mentor_ids = draw(st.lists(st.integers(1, 60), min_size=m, max_size=m, unique=True))
    mentees, mentors = draw(people(mentee_ids, False)), draw(people(mentor_ids, True))
    if not extras:
        return mentees, mentors, frozenset(), frozenset()
    pairs = [(a, b) for a in mentee_ids for b in mentor_ids]
    blocked = frozenset(p for p in pairs if draw(st.integers(0, 5)) == 0)
    fixed_mentees = draw(st.lists(st.sampled_from([*mentee_ids, 99]), unique=True, max_size=2))
    fixed = (
        frozenset((a, draw(st.sampled_from([*mentor_ids, 98]))) for a in fixed_mentees) - blocked
    )
    return mentees, mentors, blocked, fixed


@contextmanager
def arbitrary_start(rnd: random.Random | None) -> Iterator[None]:
    """Start the solver from a random third of the feasible arcs (and another third in
    reserve), with blocks of a few cells: whatever it starts from, its certificates must reach
    the optimum. None: the real start."""
    if rnd is None:
        yield
        return

    def some_arcs(block: np.ndarray, by_col: np.ndarray) -> tuple[np.ndarray, ...]:
        coin = np.array([rnd.randrange(3) for _ in range(block.size)]).reshape(block.shape)
        play, spare = np.nonzero((block >= 0) & (coin == 0)), np.nonzero((block >= 0) & (coin == 1))
        # Every arc in play counts as one of its row's best, so none moves to the reserve.
        rest = np.full(len(block), np.inf)  # nothing known about the rest
        return *play, np.ones(len(play[0]), bool), *spare, rest

    with (
        mock.patch.object(assignment, "_keep", some_arcs),
        mock.patch.object(assignment, "BLOCK_CELLS", 5),
    ):
        yield


# Mostly arbitrary starts: the real one is good enough to hide certificate bugs.
starts = st.one_of(st.none(), *[st.randoms(use_true_random=False)] * 3)


# ---- properties ----


@settings(max_examples=600, deadline=None)
@given(programs(max_mentees=7), starts)
def test_exact_mode_equals_brute_force(program: tuple, start: random.Random | None) -> None:
    mentees, mentors, blocked, fixed = program
    with arbitrary_start(start):
        proposal = propose(mentees, mentors, blocked=blocked, fixed=fixed)
    matched, total = brute_force(mentees, mentors, blocked, fixed)
    assert proposal.matched == matched
    assert abs(proposal.total - total) < 1e-6


@settings(max_examples=100, deadline=None)
@given(programs(max_mentees=30, max_mentors=10, extras=False), starts, st.data())
def test_exact_mode_agrees_with_linear_sum_assignment(
    program: tuple, start: random.Random | None, data: st.DataObject
) -> None:
    mentees, mentors, _, _ = program
    pairs = [(a.id, b.id) for a in mentees for b in mentors]
    blocked = (
        frozenset(data.draw(st.lists(st.sampled_from(pairs), max_size=10)))
        if pairs
        else frozenset()
    )
    with arbitrary_start(start):
        proposal = propose(mentees, mentors, blocked=blocked)
    matched, total = lsa_optimum(mentees, mentors, blocked)
    assert proposal.matched == matched
    assert abs(proposal.total - total) < 1e-6


@settings(max_examples=150, deadline=None)
@given(programs(max_mentees=12, max_mentors=6), st.sampled_from(engine.MODES), starts)
def test_proposals_respect_every_rule(
    program: tuple, mode: str, start: random.Random | None
) -> None:
    mentees, mentors, blocked, fixed = program
    with arbitrary_start(start):
        proposal = propose(mentees, mentors, mode=mode, blocked=blocked, fixed=fixed)
    mentee, mentor = {p.id: p for p in mentees}, {p.id: p for p in mentors}
    per_mentee = Counter(p.mentee_id for p in proposal.pairs)
    assert max(per_mentee.values(), default=0) <= 1
    assert fixed <= {(p.mentee_id, p.mentor_id) for p in proposal.pairs}
    assert proposal.fixed == fixed
    load = Counter(p.mentor_id for p in proposal.pairs)
    for b in mentors:
        fixed_load = sum(1 for _, j in fixed if j == b.id)
        assert load[b.id] <= max(b.capacity, fixed_load)
    for p in proposal.pairs:
        if (p.mentee_id, p.mentor_id) not in fixed:
            assert ref_feasible(mentee[p.mentee_id], mentor[p.mentor_id])
            assert (p.mentee_id, p.mentor_id) not in blocked


@settings(max_examples=600, deadline=None)
@given(programs(max_mentees=7), st.sampled_from([0, 1]), starts)
def test_fast_mode_matches_as_many_as_possible(
    program: tuple, dual_rounds: int, start: random.Random | None
) -> None:
    mentees, mentors, blocked, fixed = program
    # With no dual round, only the max-cardinality certificate stands between an arbitrary
    # start and the answer.
    with arbitrary_start(start), mock.patch.object(assignment, "FAST_DUAL_ROUNDS", dual_rounds):
        fast = propose(mentees, mentors, mode="fast", blocked=blocked, fixed=fixed)
    matched, total = brute_force(mentees, mentors, blocked, fixed)
    assert fast.matched == matched
    assert fast.total <= total + 1e-6


@settings(max_examples=60, deadline=None)
@given(programs(max_mentees=10, max_mentors=5), st.randoms(use_true_random=False))
def test_same_input_same_output_whatever_the_order(program: tuple, rnd: random.Random) -> None:
    mentees, mentors, blocked, fixed = program
    first = propose(mentees, mentors, blocked=blocked, fixed=fixed)
    assert propose(mentees, mentors, blocked=blocked, fixed=fixed) == first
    shuffled_mentees, shuffled_mentors = (
        rnd.sample(mentees, len(mentees)),
        rnd.sample(mentors, len(mentors)),
    )
    again = propose(shuffled_mentees, shuffled_mentors, blocked=blocked, fixed=fixed)
    assert again.matched == first.matched
    assert abs(again.total - first.total) < 1e-9
    assert again == first  # sorting by id makes even the tie-breaks identical


@settings(max_examples=80, deadline=None)
@given(programs(), st.data())
def test_one_more_unit_of_capacity_never_makes_it_worse(
    program: tuple, data: st.DataObject
) -> None:
    mentees, mentors, blocked, fixed = program
    if not mentors:
        return
    k = data.draw(st.integers(0, len(mentors) - 1))
    roomier = [*mentors]
    roomier[k] = replace(mentors[k], capacity=mentors[k].capacity + 1)
    before = propose(mentees, mentors, blocked=blocked, fixed=fixed)
    after = propose(mentees, roomier, blocked=blocked, fixed=fixed)
    assert after.matched >= before.matched
    if after.matched == before.matched:
        assert after.total >= before.total - 1e-6


@settings(max_examples=80, deadline=None)
@given(programs(), st.sampled_from(engine.MODES))
def test_every_pair_explains_itself_and_every_unmatched_mentee_has_a_reason(
    program: tuple, mode: str
) -> None:
    mentees, mentors, blocked, fixed = program
    proposal = propose(mentees, mentors, mode=mode, blocked=blocked, fixed=fixed)
    mentee, mentor = {a.id: a for a in mentees}, {b.id: b for b in mentors}
    for p in proposal.pairs:
        assert set(p.parts) == set(CATEGORIES) == set(p.shared)
        assert abs(sum(p.parts.values()) - p.score) < 1e-9
        if p.mentee_id in mentee and p.mentor_id in mentor:
            a, b = mentee[p.mentee_id], mentor[p.mentor_id]
            assert abs(p.score - ref_score(a, b)) < 1e-9
            for c in CATEGORIES:
                assert p.shared[c] == tuple(sorted(getattr(a, c) & getattr(b, c)))
    matched = {p.mentee_id for p in proposal.pairs}
    assert matched.isdisjoint(proposal.unmatched)
    assert matched | set(proposal.unmatched) == {a.id for a in mentees} | {a for a, _ in fixed}
    for a in mentees:
        if a.id in proposal.unmatched:
            assert proposal.unmatched[a.id] == ref_reason(a, mentors, blocked)


@settings(max_examples=80, deadline=None)
@given(
    programs(max_mentees=8, max_mentors=8, extras=False),
    st.tuples(*[st.floats(0, 10, allow_nan=False)] * 3).filter(lambda w: sum(w) > 0),
)
def test_score_matrix_equals_the_formula(program: tuple, raw: tuple[float, float, float]) -> None:
    mentees, mentors, _, _ = program
    weights = Weights(*raw)
    with mock.patch.object(assignment, "BLOCK_CELLS", 3):
        scores, feasible = score_matrix(mentees, mentors, weights)
    assert scores.shape == feasible.shape == (len(mentees), len(mentors))
    for i, a in enumerate(mentees):
        for j, b in enumerate(mentors):
            assert abs(scores[i, j] - ref_score(a, b, weights)) < 1e-9
            assert feasible[i, j] == ref_feasible(a, b)
    assert ((scores >= 0) & (scores <= 1 + 1e-12)).all()
