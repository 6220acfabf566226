"""Nobody mentors themselves: a mentee and a mentor with the same id are one person, and the
engine treats that pair as infeasible.

The property compares with a mechanism tested on its own: giving the mentors fresh ids and
blocking each person's pair with themselves must propose exactly as well.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from matching import engine
from matching.engine import Candidate
from matching.engine import propose
from matching.engine import score_matrix
from matching.engine.scoring import REASON_ONLY_SELF
from tests.matching.engine.personas import person

# Everyone can meet everyone: only ids and interests differ below.
# Ada is enrolled twice, as a mentee and as a mentor, and would be her own best match.
ADA_MENTEE = person(7, career=frozenset({"nursing"}))
ADA_MENTOR = person(7, career=frozenset({"nursing"}), capacity=2)
# Ben mentors too, a weaker fit for Ada.
BEN = person(8, career=frozenset({"nursing", "law"}))
# Cy is another mentee, who fits Ada the mentor.
CY = person(9, career=frozenset({"nursing"}))


def test_a_person_enrolled_twice_is_never_proposed_to_themselves() -> None:
    proposal = propose([ADA_MENTEE, CY], [ADA_MENTOR, BEN])
    pairs = {(p.mentee_id, p.mentor_id) for p in proposal.pairs}
    assert pairs == {(7, 8), (9, 7)}


def test_a_person_whose_only_compatible_mentor_is_themselves_is_told_so() -> None:
    proposal = propose([ADA_MENTEE], [ADA_MENTOR])
    assert proposal.pairs == []
    assert proposal.unmatched == {7: REASON_ONLY_SELF}
    # An earlier rule that already leaves nobody keeps its reason.
    full = propose([ADA_MENTEE], [replace(ADA_MENTOR, capacity=0)])
    assert full.unmatched == {7: engine.REASON_NO_CAPACITY}


def test_the_score_matrix_marks_the_pair_with_oneself_infeasible() -> None:
    scores, feasible = score_matrix([ADA_MENTEE, CY], [ADA_MENTOR, BEN])
    assert feasible.tolist() == [[False, True], [True, True]]
    assert scores[0, 0] > scores[0, 1]  # her best fit on paper: the rule, not the score, says no


ids = st.lists(st.integers(1, 12), max_size=7, unique=True)
few = st.frozensets(st.sampled_from("abc"), max_size=2)


@st.composite
def people(draw: st.DrawFn, mentors: bool) -> list[Candidate]:
    return [
        Candidate(
            id=i,
            career=draw(few),
            personal=draw(few),
            languages=draw(st.sampled_from([frozenset({"en"})] * 5 + [frozenset({"es"})])),
            formats=frozenset({"online"}),
            availability=frozenset({"mon-evening"}),
            capacity=draw(st.integers(0, 2)) if mentors else 1,
            is_minor=not mentors and draw(st.integers(0, 4)) == 0,
            cleared_for_minors=mentors and draw(st.booleans()),
        )
        for i in draw(ids)
    ]


@settings(max_examples=300, deadline=None)
@given(people(mentors=False), people(mentors=True), st.sampled_from(engine.MODES))
def test_excluding_oneself_equals_blocking_oneself_under_another_id(
    mentees: list[Candidate], mentors: list[Candidate], mode: str
) -> None:
    proposal = propose(mentees, mentors, mode=mode)
    assert all(p.mentee_id != p.mentor_id for p in proposal.pairs)

    renamed = [replace(b, id=b.id + 1000) for b in mentors]
    themselves = {(a.id, a.id + 1000) for a in mentees}
    blocked = propose(mentees, renamed, mode=mode, blocked=themselves)
    assert proposal.matched == blocked.matched
    if mode == "exact":
        assert abs(proposal.total - blocked.total) < 1e-6
    assert set(proposal.unmatched) <= {a.id for a in mentees}

    _, feasible = score_matrix(mentees, mentors)
    _, feasible_renamed = score_matrix(mentees, renamed)
    same = np.array([[a.id == b.id for b in mentors] for a in mentees], bool).reshape(
        feasible.shape
    )
    assert not (feasible & same).any()
    assert (feasible == (feasible_renamed & ~same)).all()
