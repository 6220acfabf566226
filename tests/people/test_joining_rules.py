"""Who may join a program in which role: enforced on the server, not only hidden in the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentoring.people.models import Enrollment
from mentoring.people.models import Program
from mentoring.people.models import User


@pytest.fixture
def mentors_only(program: Program) -> Program:
    program.recruiting_mentors_only = True
    program.save()
    return program


def ask_to_join(logged_in, user: User, program: Program, role: str):
    """Post the onboarding roles form directly, as a crafted request would."""
    return logged_in(user).post(
        reverse("onboarding_roles"), {"roles": [role], "program": program.pk}
    )


def test_a_mentors_only_program_refuses_a_mentee_crafting_the_request(
    logged_in, mentee: User, mentors_only: Program
) -> None:
    response = ask_to_join(logged_in, mentee, mentors_only, "mentee")
    assert response.status_code == 200
    assert "recruiting mentors only" in response.content.decode()
    assert not Enrollment.objects.filter(user=mentee).exists()


def test_a_full_role_is_refused_with_a_clear_message(
    logged_in, make_user, mentor: User, program: Program
) -> None:
    program.mentor_places = 1
    program.save()
    Enrollment.objects.create(user=make_user(), program=program, role=Enrollment.Role.MENTOR)
    response = ask_to_join(logged_in, mentor, program, "mentor")
    assert "no places left" in response.content.decode()
    assert not Enrollment.objects.filter(user=mentor).exists()


def test_mentors_may_still_join_a_mentors_only_program(
    logged_in, mentor: User, mentors_only: Program
) -> None:
    response = ask_to_join(logged_in, mentor, mentors_only, "mentor")
    assert response.status_code == 302
    assert Enrollment.objects.filter(user=mentor, role="mentor").exists()
