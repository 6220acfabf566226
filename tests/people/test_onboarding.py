"""Onboarding: roles and program, the per-role wizard, resuming, and bad input."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from mentoring.people.models import Enrollment
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.people.conftest import about_data

pytestmark = pytest.mark.django_db


def step(name: str) -> str:
    return reverse("onboarding_step", args=[name])


def enrol(user: User, program: Program, *roles: str) -> None:
    for role in roles:
        Enrollment.objects.create(user=user, program=program, role=role)


def test_a_newcomer_is_sent_to_onboarding_after_logging_in(client: Client, mentee: User) -> None:
    from tests.conftest import PASSWORD

    response = client.post(reverse("account_login"), {"login": mentee.email, "password": PASSWORD})
    assert response.url == reverse("onboarding")


def test_choosing_roles_enrols_the_person_in_the_program(
    logged_in, mentor: User, program: Program
) -> None:
    client = logged_in(mentor)
    response = client.post(
        reverse("onboarding_roles"), {"roles": ["mentor", "volunteer"], "program": program.pk}
    )
    assert response.status_code == 302
    roles = set(Enrollment.objects.filter(user=mentor).values_list("role", flat=True))
    assert roles == {"mentor", "volunteer"}
    # Resume goes to the first unfinished step, showing its place in the wizard.
    assert client.get(reverse("onboarding")).url == step("about")
    page = client.get(step("about")).content.decode()
    assert "Step 1 of 3" in page


def test_a_mentor_finishes_the_wizard_and_can_resume_at_each_step(
    logged_in, mentor: User, program: Program, interests
) -> None:
    enrol(mentor, program, "mentor")
    client = logged_in(mentor)
    client.post(step("about"), about_data(personal_interests=[interests["Music"].pk]))
    assert client.get(reverse("onboarding")).url == step("mentor")
    response = client.post(
        step("mentor"),
        {
            "offering_career": [interests["Nursing"].pk],
            "offering_academic": [interests["Mathematics"].pk],
            "capacity": 2,
            "years_experience": 10,
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("onboarding")).url == step("conduct")
    page = client.get(step("conduct")).content.decode()
    assert "988" in page and "not a therapist" in page
    client.post(step("conduct"), {"accept": "on"})
    assert client.get(reverse("onboarding")).url == reverse("me")
    profile = MentorProfile.objects.get(user=mentor)
    assert profile.capacity == 2 and profile.code_of_conduct_accepted_at is not None
    assert set(profile.offering.all()) == {interests["Nursing"], interests["Mathematics"]}
    mentor.refresh_from_db()
    assert mentor.timezone == "America/Chicago"


@pytest.mark.parametrize("capacity", [0, 99, 4])
def test_mentor_capacity_outside_1_to_the_program_limit_is_a_field_error(
    logged_in, mentor: User, program: Program, capacity: int
) -> None:
    enrol(mentor, program, "mentor")
    client = logged_in(mentor)
    client.post(step("about"), about_data())
    response = client.post(step("mentor"), {"capacity": capacity, "years_experience": 1})
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"]
    assert not MentorProfile.objects.filter(user=mentor).exists()


def test_the_availability_grid_is_labelled_for_screen_readers(
    logged_in, mentor: User, program: Program
) -> None:
    enrol(mentor, program, "volunteer")
    page = logged_in(mentor).get(step("about")).content.decode()
    # The name says day and part of day; the word a phone shows beside the box is left out of it.
    assert (
        '<label for="id_availability_mon-morning" class="availability-grid__choice">'
        '<span class="visually-hidden">Monday Morning</span>'
        '<span class="availability-grid__part" aria-hidden="true">Morning</span></label>'
    ) in page
    assert page.count('name="availability"') == 21


def test_the_age_screen_comes_before_anything_personal(
    logged_in, mentee: User, program: Program
) -> None:
    enrol(mentee, program, "mentee")
    client = logged_in(mentee)
    assert client.get(reverse("onboarding")).url == step("dob")
    response = client.post(step("about"), about_data())
    assert response.url == step("dob")
    assert not Profile.objects.filter(user=mentee).exists()


def test_an_adult_mentee_finishes_the_wizard(
    logged_in, mentee: User, program: Program, interests
) -> None:
    enrol(mentee, program, "mentee")
    client = logged_in(mentee)
    client.post(step("dob"), {"date_of_birth": "2000-05-01"})
    assert client.get(reverse("onboarding")).url == step("about")
    client.post(step("about"), about_data())
    client.post(
        step("goals"),
        {"goals": "Get into nursing school", "seeking_career": [interests["Nursing"].pk]},
    )
    assert client.get(reverse("onboarding")).url == reverse("me")
    saved = MenteeProfile.objects.get(user=mentee)
    assert saved.date_of_birth == date(2000, 5, 1)
    assert list(saved.seeking.all()) == [interests["Nursing"]]


def test_an_under_13_is_refused_kindly_and_nothing_personal_is_stored(
    logged_in, mentee: User, program: Program
) -> None:
    enrol(mentee, program, "mentee")
    client = logged_in(mentee)
    today = date.today()
    response = client.post(step("dob"), {"date_of_birth": f"{today.year - 10}-01-01"})
    assert response.url == reverse("onboarding_too_young")
    assert "not kept any" in client.get(response.url).content.decode()
    mentee.refresh_from_db()
    assert not MenteeProfile.objects.filter(user=mentee).exists()
    assert not Profile.objects.filter(user=mentee).exists()
    assert not Enrollment.objects.filter(user=mentee).exists()
    assert mentee.email == f"deleted-{mentee.pk}@invalid"
    assert (mentee.first_name, mentee.last_name, mentee.is_active) == ("", "", False)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("display_name", "x" * 10_000),
        ("pronouns", "he\x1bhim"),
        ("bio", "hi\x07there"),
        ("display_name", "two\nlines"),
        ("languages", ["klingon"]),
        ("timezone", "Mars/Olympus"),
        ("formats", ["in_person"]),  # in person needs an area
    ],
)
def test_bad_profile_input_gives_a_field_error(
    logged_in, volunteer: User, program: Program, field: str, value: object
) -> None:
    enrol(volunteer, program, "volunteer")
    response = logged_in(volunteer).post(step("about"), about_data(**{field: value}))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors.get(field if field != "formats" else "area"), form.errors
    assert not Profile.objects.filter(user=volunteer).exists()


def test_a_future_date_of_birth_is_a_field_error(logged_in, mentee: User, program: Program) -> None:
    enrol(mentee, program, "mentee")
    response = logged_in(mentee).post(step("dob"), {"date_of_birth": "2999-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["date_of_birth"]
    assert not MenteeProfile.objects.exists()


def test_a_step_that_does_not_apply_is_not_found(
    logged_in, volunteer: User, program: Program
) -> None:
    enrol(volunteer, program, "volunteer")
    client = logged_in(volunteer)
    assert client.get(step("mentor")).status_code == 404
    assert client.get(step("nonsense")).status_code == 404


def test_a_saved_step_comes_back_filled_in_when_revisited(
    logged_in, mentor: User, program: Program, interests
) -> None:
    enrol(mentor, program, "mentor")
    client = logged_in(mentor)
    client.post(step("about"), about_data())
    client.post(
        step("mentor"),
        {"offering_career": [interests["Nursing"].pk], "capacity": 3, "years_experience": 4},
    )
    form = client.get(step("mentor")).context["form"]
    assert form.initial["offering_career"] == [interests["Nursing"]]
    assert form.initial["offering_academic"] == []
    assert form.initial["capacity"] == 3


@pytest.mark.parametrize(
    "data",
    [
        {"program": "PROGRAM"},  # no role chosen
        {"roles": ["mentor"]},  # no program
        {"roles": ["mentor"], "program": "DRAFT"},  # a program not open for sign-up
        {"roles": ["coordinator"], "program": "PROGRAM"},  # a role that is not offered
    ],
)
def test_the_roles_step_rejects_bad_choices(
    logged_in, mentor: User, program: Program, data: dict
) -> None:
    draft = Program.objects.create(name="Draft", slug="draft", status=Program.Status.DRAFT)
    ids = {"PROGRAM": program.pk, "DRAFT": draft.pk}
    data = {
        key: ids.get(value, value) if isinstance(value, str) else value
        for key, value in data.items()
    }
    response = logged_in(mentor).post(reverse("onboarding_roles"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Enrollment.objects.filter(user=mentor).exists()


# A NUL byte gets the site's 400 page before any form sees it: tests/site/test_crafted_input.py
@pytest.mark.parametrize("name", ["x" * 10_000, ""])
def test_a_bad_guardian_name_is_a_field_error(logged_in, teen_mentee: User, name: str) -> None:
    response = logged_in(teen_mentee).post(
        step("guardian"), {"guardian_name": name, "guardian_email": "ana@example.org"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["guardian_name"]
