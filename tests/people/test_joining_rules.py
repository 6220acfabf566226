"""Who may join a program in which role: enforced on the server, not only hidden in the page."""

from __future__ import annotations

from django.urls import reverse

from mentoring.people.models import Enrollment
from mentoring.people.models import Program
from mentoring.people.models import User


def test_a_mentors_only_program_refuses_a_mentee_crafting_the_request(
    logged_in, mentee: User, program: Program
) -> None:
    program.recruiting_mentors_only = True
    program.save()
    response = logged_in(mentee).post(
        reverse("onboarding_roles"), {"roles": ["mentee"], "program": program.pk}
    )
    assert response.status_code == 200
    assert "recruiting mentors only" in response.content.decode()
    assert not Enrollment.objects.filter(user=mentee).exists()


def test_a_full_role_is_refused_with_a_clear_message(
    logged_in, make_user, mentor: User, program: Program
) -> None:
    program.mentor_places = 1
    program.save()
    Enrollment.objects.create(user=make_user(), program=program, role=Enrollment.Role.MENTOR)
    response = logged_in(mentor).post(
        reverse("onboarding_roles"), {"roles": ["mentor"], "program": program.pk}
    )
    assert "no places left" in response.content.decode()
    assert not Enrollment.objects.filter(user=mentor).exists()


def test_mentors_may_still_join_a_mentors_only_program(
    logged_in, mentor: User, program: Program
) -> None:
    program.recruiting_mentors_only = True
    program.save()
    response = logged_in(mentor).post(
        reverse("onboarding_roles"), {"roles": ["mentor"], "program": program.pk}
    )
    assert response.status_code == 302
    assert Enrollment.objects.filter(user=mentor, role="mentor").exists()
