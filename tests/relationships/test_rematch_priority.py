"""A mentee closed early as "not a good fit" goes first in the next matching run."""

from __future__ import annotations

import pytest

from matching.models import Match
from matching.relationships.models import Closure
from matching.relationships.services.closures import match_close
from matching.services import match_approve
from matching.services import matching_run
from mentoring.people.models import MenteeProfile
from mentoring.people.models import User
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


def contest() -> tuple[User, User, User]:
    """Two mentees want the one place of one mentor; Bea fits her better than Ari does."""
    prog = f.program()
    ari = f.mentee(prog, name="Ari Lee", seeking=("Nursing",))
    bea = f.mentee(prog, name="Bea Cruz", seeking=("Software engineering",))
    mentor = f.mentor(prog, offering=("Software engineering",), capacity=1)
    return ari, bea, mentor


def test_without_priority_the_better_fit_wins(coordinator: User) -> None:
    ari, bea, mentor = contest()
    run = matching_run(program=mentor.enrollments.get().program, by=coordinator)
    assert [(p.mentee_id, p.mentor_id) for p in run.new_pairs] == [(bea.pk, mentor.pk)]


def test_a_priority_mentee_is_placed_first(coordinator: User) -> None:
    ari, bea, mentor = contest()
    MenteeProfile.objects.filter(user=ari).update(rematch_priority=True)
    run = matching_run(program=mentor.enrollments.get().program, by=coordinator)
    assert [(p.mentee_id, p.mentor_id) for p in run.new_pairs] == [(ari.pk, mentor.pk)]
    assert str(bea.pk) in run.unmatched


def test_closing_as_not_a_good_fit_gives_priority_until_the_next_approval(
    coordinator: User,
) -> None:
    prog = f.program()
    ari = f.mentee(prog, name="Ari Lee")
    f.mentor(prog, name="Fay First")
    matching_run(program=prog, by=coordinator)
    match = Match.objects.get(mentee=ari)
    match_approve(match=match, by=coordinator)
    match_close(
        match=match,
        by=coordinator,
        kind=Closure.Kind.EARLY,
        reason=Closure.Reason.NOT_A_FIT,
        rematch_eligible=True,
    )
    assert MenteeProfile.objects.get(user=ari).rematch_priority

    f.mentor(prog, name="Sam Second")
    matching_run(program=prog, by=coordinator)
    again = Match.objects.get(mentee=ari, status=Match.Status.PROPOSED)
    match_approve(match=again, by=coordinator)
    assert not MenteeProfile.objects.get(user=ari).rematch_priority
