"""/me/: what to do next, and a fixed number of queries however much a person has."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Interest
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import Screening
from mentoring.people.models import User

pytestmark = pytest.mark.django_db

# Pinned: person + role profiles, interests, enrolments, consent/screening, cleared rule,
# session/auth, and the matching partial's own reads.
DASHBOARD_QUERIES = 10


def busy_person(user: User, n: int) -> None:
    """A mentee-and-mentor with n interests and n programs."""
    interests = [
        Interest.objects.create(category="personal", name=f"Interest {i}", slug=f"dash-{i}")
        for i in range(n)
    ]
    profile = Profile.objects.create(user=user, display_name="Busy")
    profile.personal_interests.set(interests)
    MenteeProfile.objects.create(user=user, goals="Grow", date_of_birth=date(2010, 1, 1))
    MentorProfile.objects.create(user=user)
    GuardianConsent.objects.create(mentee=user, guardian_name="G", guardian_email="g@example.org")
    for i in range(n):
        program = Program.objects.create(name=f"P{i}", slug=f"dash-p{i}", status="open")
        Enrollment.objects.create(user=user, program=program, role="mentee")
        Enrollment.objects.create(user=user, program=program, role="mentor")
        Screening.objects.create(mentor=user, kind="references")


@pytest.mark.parametrize("n", [1, 20])
def test_the_dashboard_costs_the_same_queries_for_1_and_20_interests_and_enrolments(
    client: Client, make_user, django_assert_max_num_queries, n: int
) -> None:
    user = make_user()
    busy_person(user, n)
    client.force_login(user)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("me"))
    assert response.status_code == 200
    assert response.content.decode().count("Interest ") >= n


def test_a_newcomer_is_pointed_to_onboarding(client: Client, mentee: User) -> None:
    client.force_login(mentee)
    page = client.get(reverse("me")).content.decode()
    assert reverse("onboarding_roles") in page


def test_a_half_finished_profile_shows_progress_and_a_resume_link(
    client: Client, mentor: User, program: Program
) -> None:
    Enrollment.objects.create(user=mentor, program=program, role="mentor")
    Profile.objects.create(user=mentor, display_name="Marisol")
    client.force_login(mentor)
    page = client.get(reverse("me")).content.decode()
    assert "33% complete" in page and reverse("onboarding") in page


def test_a_mentor_sees_screening_status(client: Client, mentor: User, program: Program) -> None:
    Enrollment.objects.create(user=mentor, program=program, role="mentor")
    Profile.objects.create(user=mentor, display_name="Marisol")
    MentorProfile.objects.create(user=mentor, code_of_conduct_accepted_at=timezone.now())
    client.force_login(mentor)
    assert "contact you about screening" in client.get(reverse("me")).content.decode()
    Screening.objects.create(mentor=mentor, kind="background", status="cleared")
    Screening.objects.create(mentor=mentor, kind="training", status="cleared")
    assert "screening is complete" in client.get(reverse("me")).content.decode()


def test_a_minor_sees_consent_status(client: Client, teen_mentee: User) -> None:
    client.force_login(teen_mentee)
    assert "Name your guardian" in client.get(reverse("me")).content.decode()
    GuardianConsent.objects.create(
        mentee=teen_mentee, guardian_name="Ana Ng", guardian_email="a@example.org"
    )
    assert "waiting for Ana Ng" in client.get(reverse("me")).content.decode()
