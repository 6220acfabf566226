"""Acceptance for promise 2 on the seeded demo: after a matching run, no self-match and no minor
proposed to a mentor who is not cleared (willing to mentor minors, screening current).

Counted through the database, so it holds on whichever database the suite runs on (CI runs it
on SQLite and again on PostgreSQL).
"""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.db.models import QuerySet
from django.utils import timezone

from matching.models import Match
from matching.models import MatchRun
from matching.services import matching_run
from mentoring.people.demo import DEMO_PROGRAM_SLUG
from mentoring.people.models import Enrollment
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Program
from mentoring.people.models import User
from mentoring.people.selectors import adult_birthday_cutoff

pytestmark = pytest.mark.django_db


def counts(run: MatchRun) -> dict[str, int]:
    proposed: QuerySet[Match] = Match.objects.filter(run=run).proposed()
    minors = proposed.filter(
        mentee__mentee_profile__date_of_birth__gt=adult_birthday_cutoff(timezone.localdate())
    )
    cleared = MentorProfile.objects.cleared_for_minors().values("user_id")
    return {
        "proposed": proposed.count(),
        "self": proposed.filter(mentee_id=F("mentor_id")).count(),
        "minors": minors.count(),
        "minor_with_unwilling_mentor": minors.filter(
            mentor__mentor_profile__willing_minors=False
        ).count(),
        "minor_with_uncleared_mentor": minors.exclude(mentor_id__in=cleared).count(),
    }


def also_a_mentee(mentor: User, program: Program) -> None:
    """The demo mentor signs up as a mentee too (a person may hold several roles), seeking
    exactly what she offers: as a pair with herself she would score a perfect 1.0."""
    Enrollment.objects.create(user=mentor, program=program, role=Enrollment.Role.MENTEE)
    mentee = MenteeProfile.objects.create(user=mentor, date_of_birth=date(1988, 3, 4))
    mentee.seeking.set(mentor.mentor_profile.offering.all())


def test_on_the_seeded_demo_nobody_is_their_own_mentor_and_minors_get_cleared_mentors() -> None:
    call_command("seed_demo", stdout=StringIO())
    program = Program.objects.get(slug=DEMO_PROGRAM_SLUG)
    seeded = counts(MatchRun.objects.filter(program=program).latest())
    print(f"seed_demo's own run: {seeded}")

    marisol = User.objects.get(email="mentor@example.org")
    also_a_mentee(marisol, program)
    coordinator = User.objects.get(email="coordinator@example.org")
    rerun = counts(matching_run(program=program, by=coordinator))
    print(f"rerun with a mentor enrolled as a mentee too: {rerun}")

    for found in (seeded, rerun):
        assert found["self"] == 0
        assert found["minor_with_unwilling_mentor"] == 0
        assert found["minor_with_uncleared_mentor"] == 0
        # Not vacuous: the demo proposes plenty of pairs, minors among them.
        assert found["proposed"] > 300 and found["minors"] > 0
    assert not Match.objects.filter(mentee=marisol, mentor=marisol).exists()
