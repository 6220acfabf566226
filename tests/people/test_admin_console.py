"""The coordinator console: a Coordinators-group member runs every people list and exports CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Interest
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import Screening
from mentoring.people.models import User

PEOPLE_LISTS = [
    "program",
    "enrollment",
    "interest",
    "profile",
    "menteeprofile",
    "mentorprofile",
    "screening",
    "guardianconsent",
    "user",
]


def add_people(count: int, *, start: int = 0) -> None:
    """`count` mentors and `count` mentees, each with profile, interests and safeguards."""
    program, _ = Program.objects.get_or_create(slug="test-program", defaults={"name": "Test"})
    career = list(Interest.objects.in_category(Interest.Category.CAREER)[:3])
    personal = list(Interest.objects.in_category(Interest.Category.PERSONAL)[:3])
    today = timezone.localdate()
    for n in range(start, start + count):
        mentor = User.objects.create_user(f"mentor{n}@example.org", first_name=f"M{n}")
        mentee = User.objects.create_user(f"mentee{n}@example.org", first_name=f"T{n}")
        for user, role in ((mentor, Enrollment.Role.MENTOR), (mentee, Enrollment.Role.MENTEE)):
            profile = Profile.objects.create(
                user=user, display_name=user.first_name, languages=["en"], area="Springfield"
            )
            profile.personal_interests.set(personal)
            Enrollment.objects.create(user=user, program=program, role=role)
        MentorProfile.objects.create(user=mentor).offering.set(career)
        Screening.objects.create(
            mentor=mentor,
            kind=Screening.Kind.BACKGROUND,
            status=Screening.Status.CLEARED,
            expires=today + timedelta(days=300),
        )
        MenteeProfile.objects.create(
            user=mentee, date_of_birth=date(today.year - 15, 1, 1)
        ).seeking.set(career)
        GuardianConsent.objects.create(
            mentee=mentee,
            guardian_name=f"Guardian {n}",
            guardian_email=f"guardian{n}@example.org",
            status=GuardianConsent.Status.GIVEN,
        )


@pytest.fixture
def console_user(make_user: Callable[..., User]) -> User:
    # Cora as she really works: staff in the Coordinators group, deliberately not a superuser,
    # coordinating the program add_people fills (she sees only her programs' people).
    user = make_user("cora.console@example.org", first_name="Cora", is_staff=True)
    user.groups.add(Group.objects.get(name="Coordinators"))
    program, _ = Program.objects.get_or_create(slug="test-program", defaults={"name": "Test"})
    ProgramCoordinator.objects.create(program=program, user=user)
    return user


@pytest.fixture
def console(client: Client, console_user: User) -> Client:
    client.force_login(console_user)
    return client


def changelist(model: str) -> str:
    return reverse(f"admin:mentoring_{model}_changelist")


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("model", PEOPLE_LISTS)
def test_a_coordinator_opens_every_people_list(console: Client, model: str) -> None:
    add_people(2)
    assert console.get(changelist(model)).status_code == 200


@pytest.mark.django_db
def test_people_lists_cost_the_same_queries_for_5_and_50_rows(
    console: Client, django_assert_max_num_queries: Callable
) -> None:
    add_people(5)
    few = {model: queries_for(console, changelist(model)) for model in PEOPLE_LISTS}
    add_people(45, start=5)
    for model in PEOPLE_LISTS:
        with django_assert_max_num_queries(few[model]):
            assert console.get(changelist(model)).status_code == 200, model


@pytest.mark.django_db
@pytest.mark.parametrize("model", PEOPLE_LISTS)
def test_a_coordinator_exports_every_people_list_as_csv(console: Client, model: str) -> None:
    add_people(3)
    people = apps.get_model("mentoring", model).objects
    if model == "user":  # Cora herself is staff, not one of her program's people
        people = people.filter(is_staff=False)
    pks = [str(pk) for pk in people.values_list("pk", flat=1)]
    response = console.post(changelist(model), {"action": "export_as_csv", "_selected_action": pks})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == len(pks) + 1  # header + one row per selected object


@pytest.mark.django_db
def test_csv_export_defuses_spreadsheet_formulas(console: Client) -> None:
    add_people(1)
    Profile.objects.filter(user__email="mentor0@example.org").update(
        display_name='=HYPERLINK("http://evil.example","click")'
    )
    pks = [str(pk) for pk in Profile.objects.values_list("pk", flat=True)]
    response = console.post(
        changelist("profile"), {"action": "export_as_csv", "_selected_action": pks}
    )
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


@pytest.mark.django_db
def test_the_needs_screening_filter_lists_mentors_missing_training_or_background(
    console: Client,
) -> None:
    add_people(2)  # both have a cleared background check and no training yet
    MentorProfile.objects.update(willing_minors=True)  # "cleared" also needs the mentor's yes
    trained = User.objects.get(email="mentor1@example.org")
    Screening.objects.create(
        mentor=trained, kind=Screening.Kind.TRAINING, status=Screening.Status.CLEARED
    )
    response = console.get(changelist("mentorprofile"), {"screening": "needed"})
    listed = {mentor.user.email for mentor in response.context["cl"].result_list}
    assert listed == {"mentor0@example.org"}
    cleared = console.get(changelist("mentorprofile"), {"screening": "cleared"})
    assert {m.user.email for m in cleared.context["cl"].result_list} == {"mentor1@example.org"}
    assert MentorProfile.objects.count() == 2


@pytest.mark.django_db
def test_a_screening_record_defaults_to_the_coordinator_who_saved_it(
    console: Client, console_user: User
) -> None:
    add_people(1)
    mentor = User.objects.get(email="mentor0@example.org")
    response = console.post(
        reverse("admin:mentoring_screening_add"),
        {"mentor": mentor.pk, "kind": "training", "status": "cleared", "notes": ""},
    )
    assert response.status_code == 302
    screening = Screening.objects.get(mentor=mentor, kind="training")
    assert screening.verified_by == console_user


@pytest.mark.django_db
def test_a_coordinator_cannot_give_anyone_admin_rights(console: Client, console_user: User) -> None:
    # She is in her own program too, so she can open her account (scoping hides others).
    program = Program.objects.get(slug="test-program")
    Enrollment.objects.create(user=console_user, program=program, role="volunteer")
    page = console.get(reverse("admin:mentoring_user_change", args=[console_user.pk]))
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "groups" not in form.fields
