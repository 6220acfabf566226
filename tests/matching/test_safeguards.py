"""Promise 2 through matching and approval: nobody is their own mentor, and a minor is only
ever proposed to, or approved with, a mentor who passes the one "cleared for minors" rule."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from matching.engine.scoring import REASON_ONLY_SELF
from matching.models import Match
from matching.models import MatchEvent
from matching.services import match_approve
from matching.services import matching_run
from matching.unmatched import unmatched_all
from mentoring.people.models import Enrollment
from mentoring.people.models import MentorProfile
from mentoring.people.models import Program
from mentoring.people.models import Screening
from mentoring.people.models import User
from tests.factories import EnrollmentFactory
from tests.factories import MentorProfileFactory
from tests.factories import ScreeningFactory
from tests.matching import factories as f

pytestmark = pytest.mark.django_db

NEEDS_CLEARED = "needs a mentor cleared for minors"


def also_a_mentor(user: User, prog: Program) -> User:
    """The same person signs up to mentor in the program too: a person may hold several roles."""
    MentorProfileFactory.create(
        user=user,
        capacity=2,
        code_of_conduct_accepted_at=user.date_joined,
        offering=list(user.mentee_profile.seeking.all()),
    )
    EnrollmentFactory.create(user=user, program=prog, role=Enrollment.Role.MENTOR)
    return user


def screened(user: User, *, willing: bool) -> User:
    """A current background check and training; willing_minors as given."""
    for kind in (Screening.Kind.BACKGROUND, Screening.Kind.TRAINING):
        ScreeningFactory.create(mentor=user, kind=kind)
    MentorProfile.objects.filter(user=user).update(willing_minors=willing)
    return user


def college_mentor(prog: Program, name: str, *, willing: bool) -> User:
    """A screened mentor who offers what the minor below wants."""
    return screened(f.mentor(prog, name=name, offering=("College applications",)), willing=willing)


def hand_made(prog: Program, mentee: User, mentor: User) -> Match:
    """A proposal no matching run made (an import, the shell, an old bug)."""
    return Match.objects.create(program=prog, mentee=mentee, mentor=mentor, score=0.5)


def assert_still_proposed(match: Match) -> None:
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED
    assert not MatchEvent.objects.filter(match=match).exists()
    assert mail.outbox == []


@pytest.fixture
def prog(db: None) -> Program:
    """The program in its matching phase that every test here matches in."""
    return f.program()


# --- nobody mentors themselves --------------------------------------------------------------------


def test_a_person_enrolled_as_mentor_and_mentee_is_never_proposed_to_themselves(
    coordinator: User, prog: Program
) -> None:
    # Ada studies nursing and mentors first-years in it: on paper she is her own best fit.
    ada = also_a_mentor(f.mentee(prog, name="Ada Okafor", seeking=("Nursing",)), prog)
    ben = f.mentor(prog, name="Ben Weaker-Fit", offering=("Nursing", "Law"))
    cy = f.mentee(prog, name="Cy First-Year", seeking=("Nursing",))

    run = matching_run(program=prog, by=coordinator)

    proposed = {(m.mentee, m.mentor) for m in Match.objects.filter(run=run)}
    assert proposed == {(ada, ben), (cy, ada)}
    assert not Match.objects.filter(mentee=ada, mentor=ada).exists()


def test_someone_whose_only_mentor_is_themselves_stays_unmatched_with_that_reason(
    coordinator: User, prog: Program
) -> None:
    ada = also_a_mentor(f.mentee(prog, name="Ada Okafor", seeking=("Nursing",)), prog)

    run = matching_run(program=prog, by=coordinator)

    assert not Match.objects.exists()
    assert run.unmatched == {str(ada.pk): REASON_ONLY_SELF}
    [row] = unmatched_all(run)
    assert row.closest == []  # the unmatched page does not suggest her to herself either


def test_approving_a_hand_made_self_match_is_refused(coordinator: User, prog: Program) -> None:
    ada = also_a_mentor(f.mentee(prog, name="Ada Okafor", seeking=("Nursing",)), prog)
    match = hand_made(prog, ada, ada)

    with pytest.raises(ValidationError, match="cannot be their own mentor"):
        match_approve(match=match, by=coordinator)
    assert_still_proposed(match)


# --- minors only with a mentor who opted in and is screened --------------------------------------


@pytest.fixture
def jo(prog: Program) -> User:
    # Jo is 15, wants help with college applications, and her guardian has consented.
    jo = f.mentee(prog, name="Jo Minor", age=15, seeking=("College applications",))
    f.give_consent(jo)
    return jo


def test_a_screened_mentor_who_did_not_opt_in_is_never_proposed_to_a_minor(
    coordinator: User, prog: Program, jo: User
) -> None:
    # Uma's screening is complete, but she said no to mentoring under-18s.
    uma = college_mentor(prog, "Uma Unwilling", willing=False)

    run = matching_run(program=prog, by=coordinator)

    assert not Match.objects.filter(mentee=jo).exists()
    assert run.unmatched == {str(jo.pk): NEEDS_CLEARED}
    [row] = unmatched_all(run)
    assert uma.profile.display_name not in [c.name for c in row.closest]

    # The same mentor, once she opts in, is proposed: the test can see a pass.
    MentorProfile.objects.filter(user=uma).update(willing_minors=True)
    matching_run(program=prog, by=coordinator)
    assert Match.objects.proposed().get().mentor == uma


def test_a_willing_mentor_without_current_screening_is_never_proposed_to_a_minor(
    coordinator: User, prog: Program, jo: User
) -> None:
    wes = f.mentor(prog, name="Wes Willing", offering=("College applications",))
    MentorProfile.objects.filter(user=wes).update(willing_minors=True)
    ScreeningFactory.create(mentor=wes, kind=Screening.Kind.BACKGROUND)  # no training yet

    run = matching_run(program=prog, by=coordinator)

    assert not Match.objects.filter(mentee=jo).exists()
    assert run.unmatched == {str(jo.pk): NEEDS_CLEARED}


def test_a_minor_goes_to_the_cleared_mentor_even_when_an_unwilling_one_fits_better(
    coordinator: User, prog: Program, jo: User
) -> None:
    college_mentor(prog, "Uma Unwilling", willing=False)
    cleared = screened(f.mentor(prog, name="Cleo Cleared", offering=("Mathematics",)), willing=True)

    matching_run(program=prog, by=coordinator)

    assert Match.objects.proposed().get().mentor == cleared


def test_approving_a_minor_with_a_screened_mentor_who_did_not_opt_in_is_refused(
    coordinator: User, prog: Program, jo: User
) -> None:
    uma = college_mentor(prog, "Uma Unwilling", willing=False)
    match = hand_made(prog, jo, uma)

    with pytest.raises(ValidationError, match="not agreed to mentor people under 18"):
        match_approve(match=match, by=coordinator)
    assert_still_proposed(match)


def test_approval_is_refused_if_the_mentor_withdrew_from_minors_since_the_run(
    coordinator: User, prog: Program, jo: User
) -> None:
    uma = college_mentor(prog, "Uma Willing", willing=True)
    matching_run(program=prog, by=coordinator)
    match = Match.objects.proposed().get(mentee=jo, mentor=uma)

    MentorProfile.objects.filter(user=uma).update(willing_minors=False)
    with pytest.raises(ValidationError, match="not agreed to mentor people under 18"):
        match_approve(match=match, by=coordinator)
    assert_still_proposed(match)

    MentorProfile.objects.filter(user=uma).update(willing_minors=True)
    assert match_approve(match=match, by=coordinator).status == Match.Status.APPROVED
