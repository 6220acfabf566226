"""People fixtures: an open program and a handful of interests (the real list comes from a
data migration owned elsewhere; tests make their own so they never depend on its contents)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from mentoring.people.models import Enrollment
from mentoring.people.models import Interest
from mentoring.people.models import MenteeProfile
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.factories import InterestFactory
from tests.factories import ProgramFactory


@pytest.fixture
def program(db: None) -> Program:
    # January's flagship: open for sign-up, at most 3 mentees per mentor.
    return ProgramFactory.create(
        name="National Mentoring Month 2027",
        slug="nmm-2027",
        status=Program.Status.OPEN,
        max_mentees_per_mentor=3,
    )


@pytest.fixture
def teen_mentee(mentee: User, program: Program) -> User:
    """The mentee, enrolled in the program and fifteen (born 1 January fifteen years ago)."""
    Enrollment.objects.create(user=mentee, program=program, role=Enrollment.Role.MENTEE)
    born = date(timezone.localdate().year - 15, 1, 1)
    MenteeProfile.objects.create(user=mentee, date_of_birth=born)
    return mentee


@pytest.fixture
def interests(db: None) -> dict[str, Interest]:
    rows = [
        ("career", "Software engineering"),
        ("career", "Nursing"),
        ("academic", "Mathematics"),
        ("personal", "Music"),
        ("personal", "First-generation student"),
    ]
    return {
        name: InterestFactory.create(category=category, name=name, slug=f"test-{name.lower()[:20]}")
        for category, name in rows
    }


@pytest.fixture
def logged_in(client: Client) -> Callable[[User], Client]:
    def log_in(user: User) -> Client:
        client.force_login(user)
        return client

    return log_in


def about_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "display_name": "Tomás",
        "pronouns": "he/him",
        "bio": "Studying nursing.",
        "languages": ["en", "es"],
        "formats": ["online"],
        "area": "",
        "availability": ["mon-evening", "sat-morning"],
        "timezone": "America/Chicago",
    }
    data.update(overrides)
    return data
