"""Issue #16: loading a program's people as the engine's Candidates, read straight off a cursor
and built without the frozen dataclass's __init__, gives exactly what the engine's constructor
would."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from django.utils import timezone

from matching import candidates
from matching import engine
from mentoring.people.models import Enrollment
from mentoring.people.models import User
from mentoring.people.selectors import matchable_mentees
from mentoring.people.selectors import matchable_mentors
from tests.factories import EnrollmentFactory
from tests.factories import MentorProfileFactory
from tests.matching import factories as f

pytestmark = pytest.mark.django_db

JANUARY = date(2027, 1, 4)


def test_a_loaded_mentee_and_mentor_are_the_candidates_the_engine_builds() -> None:
    prog = f.program(max_mentees_per_mentor=2)
    minor = f.mentee(
        prog,
        age=15,
        seeking=("Nursing",),
        academic=("Biology",),
        personal=("Chess",),
        languages=("en", "es"),
        formats=("online", "in_person"),
        availability=("mon-evening",),
        area="Leeds",
    )
    f.give_consent(minor)
    mentor = f.mentor(prog, offering=("Nursing",), capacity=3, personal=("Chess", "Running"))
    f.clear_for_minors(mentor)
    hours = candidates.utc_hours(["mon-evening"], "UTC", JANUARY)
    User.objects.update(timezone="UTC")

    (mentee_c,) = candidates.program_mentees(prog, JANUARY)
    (mentor_c,) = candidates.program_mentors(prog, JANUARY)

    assert mentee_c == engine.Candidate(
        id=minor.pk,
        career=frozenset({"Nursing"}),
        academic=frozenset({"Biology"}),
        personal=frozenset({"Chess"}),
        languages=frozenset({"en", "es"}),
        formats=frozenset({"online", "in_person"}),
        availability=hours,
        area="Leeds",
        is_minor=True,
    )
    assert mentor_c == engine.Candidate(
        id=mentor.pk,
        career=frozenset({"Nursing"}),
        personal=frozenset({"Chess", "Running"}),
        languages=frozenset({"en"}),
        formats=frozenset({"online"}),
        availability=hours,
        capacity=2,  # the program's cap, below the mentor's own 3
        cleared_for_minors=True,
    )
    # The same frozen, hashable dataclass: replace() and sets work, assignment is refused, and
    # the SQL-computed columns arrive as the types the constructor would be given.
    assert hash(mentee_c) == hash(dataclasses.replace(mentee_c))
    assert dataclasses.replace(mentor_c, capacity=1).capacity == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        mentor_c.capacity = 9  # type: ignore[misc]
    assert type(mentee_c.is_minor) is bool and type(mentor_c.capacity) is int


def test_the_fast_build_still_fits_the_engines_candidate() -> None:
    # candidates._candidate fills a new Candidate's __dict__: right only while the class keeps
    # a __dict__ and checks nothing after __init__. If this fails, build with the constructor.
    assert hasattr(engine.Candidate, "__dict__") and "__slots__" not in vars(engine.Candidate)
    assert not hasattr(engine.Candidate, "__post_init__")
    fields = {field.name for field in dataclasses.fields(engine.Candidate)}
    assert fields == set(vars(candidates._candidate(**{n: None for n in fields})))


def test_a_person_in_several_roles_and_programs_loads_once_a_role() -> None:
    """The matchable selectors join the enrolment without DISTINCT: one (user, program, role)."""
    prog, other = f.program(), f.program("autumn-2027")
    both = f.mentee(prog, name="Dana Both", seeking=("Nursing",))
    EnrollmentFactory.create(user=both, program=prog, role=Enrollment.Role.MENTOR)
    EnrollmentFactory.create(user=both, program=prog, role=Enrollment.Role.VOLUNTEER)
    EnrollmentFactory.create(user=both, program=other, role=Enrollment.Role.MENTEE)
    MentorProfileFactory.create(user=both, code_of_conduct_accepted_at=timezone.now())

    assert list(matchable_mentees(prog)) == [both] and list(matchable_mentors(prog)) == [both]
    assert [c.id for c in candidates.program_mentees(prog)] == [both.pk]
    assert [c.id for c in candidates.program_mentors(prog)] == [both.pk]
