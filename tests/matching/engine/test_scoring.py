"""The matching engine, example by example. Properties live in test_engine_properties.py."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from bench.workload import workload
from matching import engine
from matching.engine import Candidate
from matching.engine import Weights
from matching.engine import propose
from matching.engine import score_matrix
from tests import commands
from tests.matching.engine.personas import person

ROOT = commands.ROOT

# Personas: everyone can meet everyone unless a test changes one thing about them.
# A minor who wants help with applying to college.
MINOR = person(1, is_minor=True, academic=frozenset({"college applications"}))
# A great fit on interests, but nobody has screened her for work with minors.
UNSCREENED = person(10, academic=frozenset({"college applications"}), capacity=2)
# A weaker fit whose screening is cleared and current.
CLEARED = person(11, career=frozenset({"nursing"}), cleared_for_minors=True)


def test_it_never_proposes_a_mentor_not_cleared_for_minors_to_a_minor() -> None:
    proposal = propose([MINOR], [UNSCREENED, CLEARED])
    assert [(p.mentee_id, p.mentor_id) for p in proposal.pairs] == [(1, 11)]
    alone = propose([MINOR], [UNSCREENED])
    assert alone.pairs == []
    assert alone.unmatched == {1: engine.REASON_NEEDS_CLEARED}


@pytest.mark.parametrize(
    ("mentee", "mentor", "reason"),
    [
        (person(1, languages=frozenset({"es"})), person(10), engine.REASON_NO_LANGUAGE),
        (person(1, availability=frozenset({"sun-morning"})), person(10), engine.REASON_NO_SLOT),
        (
            person(1, formats=frozenset({"in_person"}), area="north"),
            person(10, formats=frozenset({"online", "in_person"}), area="south"),
            engine.REASON_NO_FORMAT,
        ),
        (person(1, is_minor=True), person(10), engine.REASON_NEEDS_CLEARED),
        (person(1), person(10, capacity=0), engine.REASON_NO_CAPACITY),
    ],
)
def test_it_explains_why_a_mentee_stayed_unmatched(
    mentee: Candidate, mentor: Candidate, reason: str
) -> None:
    assert propose([mentee], [mentor]).unmatched == {1: reason}


def test_it_names_the_first_rule_that_leaves_nobody() -> None:
    # Mentor 10 fails on language, mentor 11 only on availability: language alone still
    # leaves mentor 11, so availability is what empties the list.
    mentors = [person(10, languages=frozenset({"fr"})), person(11, availability=frozenset())]
    assert propose([person(1)], mentors).unmatched == {1: engine.REASON_NO_SLOT}


def test_it_says_when_a_coordinator_ruled_out_every_compatible_mentor() -> None:
    proposal = propose([person(1)], [person(10), person(11)], blocked={(1, 10), (1, 11)})
    assert proposal.unmatched == {1: engine.REASON_ALL_BLOCKED}


def test_it_says_when_compatible_mentors_are_full() -> None:
    proposal = propose([person(1), person(2)], [person(10)])
    assert proposal.matched == 1
    assert list(proposal.unmatched.values()) == [engine.REASON_AT_CAPACITY]


def test_it_says_when_there_are_no_mentors_at_all() -> None:
    assert propose([person(1)], []).unmatched == {1: engine.REASON_NO_MENTORS}


def test_in_person_meetings_need_the_same_non_empty_area() -> None:
    in_person = {"formats": frozenset({"in_person"})}
    _, feasible = score_matrix(
        [person(1, area="north", **in_person), person(2, area="", **in_person)],
        [person(10, area="north", **in_person), person(11, area="", **in_person)],
    )
    assert feasible.tolist() == [[True, False], [False, False]]


def test_it_prefers_matching_more_mentees_over_a_higher_total() -> None:
    # Mentee 1 fits mentor 10 perfectly, but only mentee 1 can meet mentor 11.
    career = {"career": frozenset({"law"})}
    mentees = [person(1, **career), person(2, **career, availability=frozenset({"tue-evening"}))]
    mentors = [
        person(10, **career, availability=frozenset({"mon-evening", "tue-evening"})),
        person(11),
    ]
    proposal = propose(mentees, mentors)
    assert {(p.mentee_id, p.mentor_id) for p in proposal.pairs} == {(1, 11), (2, 10)}


def test_the_score_is_the_weighted_jaccard_and_explains_itself() -> None:
    mentee = person(1, career=frozenset({"law", "policy"}), personal=frozenset({"chess"}))
    mentor = person(10, career=frozenset({"law"}), personal=frozenset({"chess", "running"}))
    (pair,) = propose([mentee], [mentor]).pairs
    assert pair.parts == pytest.approx({"career": 0.25, "academic": 0.0, "personal": 0.1})
    assert pair.score == pytest.approx(0.35)
    assert pair.shared == {"career": ("law",), "academic": (), "personal": ("chess",)}


def test_weights_are_normalised_to_sum_to_one() -> None:
    mentees, mentors = workload("S")
    default, _ = score_matrix(mentees[:50], mentors[:50])
    scaled, _ = score_matrix(mentees[:50], mentors[:50], Weights(5, 3, 2))
    assert np.allclose(default, scaled, atol=1e-12)
    only_career, _ = score_matrix(mentees[:50], mentors[:50], Weights(2, 0, 0))
    assert only_career.max() <= 1.0


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (Weights(-1, 1, 1), "negative"),
        (Weights(0, 0, 0), "above zero"),
        (Weights(float("nan"), 1, 1), "finite"),
    ],
)
def test_it_rejects_bad_weights(weights: Weights, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        propose([person(1)], [person(10)], weights)
    with pytest.raises(ValueError, match=message):
        score_matrix([person(1)], [person(10)], weights)


@pytest.mark.parametrize(
    ("mentees", "mentors", "kwargs", "message"),
    [
        ([person(1), person(1)], [person(10)], {}, "duplicate ids: \\[1\\]"),
        ([person(1)], [person(10), person(10)], {}, "duplicate ids: \\[10\\]"),
        ([person(1)], [person(10, capacity=-1)], {}, "cannot be negative"),
        ([person(1)], [person(10)], {"mode": "greedy"}, "Unknown mode 'greedy'"),
        ([person(1)], [person(10)], {"fixed": [(1, 10), (1, 11)]}, "only one fixed pair"),
        ([person(1)], [person(10)], {"fixed": [(1, 10)], "blocked": {(1, 10)}}, "both fixed"),
        ([person(1)], [person(10)], {"blocked": [(1, 10, 3)]}, "must be \\(mentee_id"),
    ],
)
def test_it_rejects_bad_input_with_a_clear_message(
    mentees: list[Candidate], mentors: list[Candidate], kwargs: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        propose(mentees, mentors, **kwargs)


def test_fixed_pairs_stay_and_keep_their_mentors_capacity() -> None:
    law = {"career": frozenset({"law"})}
    mentees = [person(1, **law), person(2, **law), person(3)]
    mentors = [person(10, **law, capacity=2), person(11)]
    proposal = propose(mentees, mentors, fixed=[(3, 10)])
    pairs = {(p.mentee_id, p.mentor_id) for p in proposal.pairs}
    assert (3, 10) in pairs
    assert proposal.fixed == {(3, 10)}
    assert sum(1 for _, b in pairs if b == 10) == 2  # the fixed pair used one of two places
    assert proposal.matched == 3


def test_a_fixed_pair_with_someone_who_left_is_kept_without_a_score() -> None:
    proposal = propose([person(1)], [person(10, capacity=2)], fixed=[(7, 10)])
    fixed = next(p for p in proposal.pairs if p.mentee_id == 7)
    assert fixed.score == 0.0
    assert fixed.parts == {"career": 0.0, "academic": 0.0, "personal": 0.0}
    assert proposal.matched == 2


def test_a_blocked_pair_is_never_proposed() -> None:
    proposal = propose([person(1)], [person(10), person(11)], blocked={(1, 10), (5, 99)})
    assert [(p.mentee_id, p.mentor_id) for p in proposal.pairs] == [(1, 11)]


def test_a_paused_mentor_gets_nobody() -> None:
    assert propose([person(1)], [person(10, capacity=0)]).matched == 0


def test_exact_mode_on_a_realistic_program_equals_the_assignment_optimum() -> None:
    # Big enough that the solver starts from a pruned set of arcs and must prove the rest.
    mentees, mentors = workload("S", seed=3)
    proposal = propose(mentees, mentors)
    scores, feasible = score_matrix(mentees, mentors)
    capacity = [b.capacity for b in mentors]
    value = np.repeat(np.where(feasible, 1000 + scores, 0.0), capacity, axis=1)
    rows, cols = linear_sum_assignment(value, maximize=True)
    chosen = value[rows, cols]
    assert proposal.matched == (chosen > 0).sum()
    assert proposal.total == pytest.approx(chosen.sum() - 1000 * proposal.matched, abs=1e-6)


@pytest.mark.parametrize("size", ["S", "M"])
def test_fast_mode_matches_as_many_as_exact(size: str) -> None:
    mentees, mentors = workload(size, seed=1)
    exact = propose(mentees, mentors)
    fast = propose(mentees, mentors, mode="fast")
    assert fast.matched == exact.matched
    assert fast.total >= exact.total * 0.999
    assert fast.total <= exact.total + 1e-6


def test_the_engine_imports_nothing_from_django() -> None:
    check = (
        "import sys\n"
        "import matching.engine\n"
        "ours = {'django', 'mentoring', 'events'}\n"
        "assert not any(m.split('.')[0] in ours for m in sys.modules), 'imports too much'\n"
        "assert not any(m.startswith('matching.') and not m.startswith('matching.engine')\n"
        "               for m in sys.modules), 'imports the matching app'\n"
    )
    result = commands.run([sys.executable, "-c", check], timeout=60)
    assert result.returncode == 0, result.stderr
