"""Importing a program's people from a spreadsheet: the preview, every refusal, the invitation."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.core.models import OutgoingEmail
from mentoring.people.imports import people_import
from mentoring.people.imports import people_import_plan
from mentoring.people.imports import read_rows
from mentoring.people.imports import template_csv
from mentoring.people.imports.apply import invitation_link
from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Program
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import User

HEADER = "email,first_name,last_name,role,date_of_birth,languages,formats,area,availability,interests,capacity,guardian_name,guardian_email"  # noqa: E501
TODAY = timezone.localdate()
ADULT_DOB = date(TODAY.year - 30, 3, 1).isoformat()
MINOR_DOB = date(TODAY.year - 15, 3, 1).isoformat()


def csv_of(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


def mentor_line(n: int = 1, **cells: str) -> str:
    values = {
        "email": f"mentor{n}@example.org",
        "first_name": f"Ana{n}",
        "last_name": "Ruiz",
        "role": "mentor",
        "date_of_birth": "",
        "languages": "en;es",
        "formats": "online",
        "area": "springfield",
        "availability": "mon-evening;sat-morning",
        "interests": "Software engineering;Music",
        "capacity": "2",
        "guardian_name": "",
        "guardian_email": "",
    }
    values.update(cells)
    return ",".join(values[name] for name in HEADER.split(","))


def mentee_line(n: int = 1, **cells: str) -> str:
    defaults = {
        "email": f"mentee{n}@example.org",
        "first_name": f"Leo{n}",
        "role": "mentee",
        "date_of_birth": ADULT_DOB,
        "capacity": "",
        "interests": "Nursing",
    }
    return mentor_line(n, **{**defaults, **cells})


def plan(program: Program, text: str) -> list[tuple[str, str]]:
    report = people_import_plan(program=program, rows=read_rows(text))
    return [(row.action, row.details) for row in report.rows]


def refused_because(program: Program, line: str) -> str:
    [(action, why)] = plan(program, csv_of(line))
    assert action == "refuse"
    return why


@pytest.mark.django_db
class TestRefusals:
    """Each reason a row is refused, in words the coordinator can act on."""

    def test_an_unknown_interest(self, program: Program, interests: dict) -> None:
        why = refused_because(program, mentor_line(interests="Software engineering;Knitting"))
        assert "Unknown interest: Knitting" in why

    def test_a_bad_date(self, program: Program, interests: dict) -> None:
        assert "YYYY-MM-DD" in refused_because(program, mentee_line(date_of_birth="04/05/2010"))

    def test_a_date_of_birth_in_the_future(self, program: Program, interests: dict) -> None:
        future = date(TODAY.year + 1, 1, 1).isoformat()
        assert "not in the past" in refused_because(program, mentee_line(date_of_birth=future))

    def test_a_duplicate_email(self, program: Program, interests: dict) -> None:
        rows = plan(program, csv_of(mentor_line(1), mentor_line(1, first_name="Again")))
        assert rows[0][0] == "create"
        assert rows[1] == ("refuse", "Duplicate email: already on line 2.")

    def test_a_minor_without_a_guardian_email(self, program: Program, interests: dict) -> None:
        why = refused_because(program, mentee_line(date_of_birth=MINOR_DOB))
        assert why == "A mentee under 18 needs a guardian email."

    def test_a_mentee_under_13(self, program: Program, interests: dict) -> None:
        child = date(TODAY.year - 10, 1, 1).isoformat()
        why = refused_because(program, mentee_line(date_of_birth=child, guardian_email="g@x.org"))
        assert "13 or over" in why

    def test_a_missing_or_invalid_email(self, program: Program, interests: dict) -> None:
        assert "email address" in refused_because(program, mentor_line(email="not-an-address"))

    def test_an_unknown_role(self, program: Program, interests: dict) -> None:
        assert "Unknown role coach" in refused_because(program, mentor_line(role="coach"))

    def test_an_unknown_language_format_or_slot(self, program: Program, interests: dict) -> None:
        why = refused_because(
            program, mentor_line(languages="en;klingon", formats="zoom", availability="noon")
        )
        assert "klingon" in why and "zoom" in why and "noon" in why

    def test_a_capacity_above_the_programs_limit(self, program: Program, interests: dict) -> None:
        assert "1 to 3" in refused_because(program, mentor_line(capacity="4"))

    def test_a_coordinators_address(
        self, program: Program, interests: dict, coordinator: User
    ) -> None:
        why = refused_because(program, mentor_line(email=coordinator.email))
        assert "coordinator account" in why

    def test_a_file_without_an_email_column(self) -> None:
        with pytest.raises(ValueError, match="no 'email' column"):
            read_rows("name,role\nAna,mentor\n")


@pytest.mark.django_db
def test_interests_are_found_by_their_spanish_name_too(program: Program, interests: dict) -> None:
    # "Enfermería" is the catalogue's Spanish for Nursing.
    [(action, _why)] = plan(program, csv_of(mentee_line(interests="Enfermería;Música")))
    assert action == "create"


@pytest.mark.django_db
def test_the_preview_writes_nothing(program: Program, interests: dict) -> None:
    plan(program, csv_of(mentor_line(1), mentee_line(2)))
    assert not User.objects.filter(email__endswith="@example.org").exists()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_an_import_creates_each_person_whole_and_invites_them(
    program: Program, interests: dict
) -> None:
    text = csv_of(
        mentor_line(1),
        mentee_line(2, date_of_birth=MINOR_DOB, guardian_name="Mia", guardian_email="mia@x.org"),
        mentee_line(3, interests="Knitting"),
    )
    report = people_import(program=program, rows=read_rows(text))
    assert report.counts == {"create": 2, "update": 0, "unchanged": 0, "refuse": 1}

    mentor = User.objects.get(email="mentor1@example.org")
    assert not mentor.has_usable_password()
    assert mentor.profile.languages == ["en", "es"] and mentor.profile.area == "Springfield"
    assert [i.name for i in mentor.profile.personal_interests.all()] == ["Music"]
    assert [i.name for i in mentor.mentor_profile.offering.all()] == ["Software engineering"]
    assert mentor.mentor_profile.capacity == 2
    assert mentor.mentor_profile.code_of_conduct_accepted_at is None  # onboarding asks
    minor = User.objects.get(email="mentee2@example.org")
    assert MenteeProfile.objects.get(user=minor).date_of_birth.isoformat() == MINOR_DOB
    assert set(Enrollment.objects.values_list("user__email", "role")) == {
        ("mentor1@example.org", "mentor"),
        ("mentee2@example.org", "mentee"),
    }
    assert not User.objects.filter(email="mentee3@example.org").exists()

    sent = set(OutgoingEmail.objects.values_list("kind", "to"))
    assert sent == {
        ("people.invitation", "mentor1@example.org"),
        ("people.invitation", "mentee2@example.org"),
        ("people.guardian_consent", "mia@x.org"),
    }
    consent = GuardianConsent.objects.get(mentee=minor)
    assert consent.status == GuardianConsent.Status.REQUESTED and consent.guardian_name == "Mia"
    invitation = OutgoingEmail.objects.get(kind="people.invitation", to="mentor1@example.org")
    assert "/accounts/password/reset/key/" in invitation.text_body


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(program: Program, interests: dict) -> None:
    text = csv_of(
        mentor_line(1),
        mentee_line(2, date_of_birth=MINOR_DOB, guardian_email="mia@x.org"),
    )
    people_import(program=program, rows=read_rows(text))
    emails, enrolments = OutgoingEmail.objects.count(), Enrollment.objects.count()

    again = people_import(program=program, rows=read_rows(text))

    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "refuse": 0}
    assert (OutgoingEmail.objects.count(), Enrollment.objects.count()) == (emails, enrolments)
    assert GuardianConsent.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_row_updates_only_what_it_names(program: Program, interests: dict) -> None:
    people_import(program=program, rows=read_rows(csv_of(mentor_line(1))))
    # Empty cells leave what we hold alone; the new capacity is the one change.
    changed = mentor_line(1, capacity="3", languages="", interests="")
    [(action, what)] = plan(program, csv_of(changed))
    assert (action, what) == ("update", "capacity")
    people_import(program=program, rows=read_rows(csv_of(changed)))
    mentor = MentorProfile.objects.get(user__email="mentor1@example.org")
    assert mentor.capacity == 3 and mentor.offering.count() == 1
    assert mentor.user.profile.languages == ["en", "es"]


@pytest.mark.django_db
def test_an_import_never_leaves_half_a_row(
    program: Program, interests: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after a row's account is written (here: queueing its invitation) takes the
    whole row back: nobody is left with an account but no profile, enrolment or invitation."""
    from mentoring.people.imports import apply

    monkeypatch.setattr(apply, "ROWS_PER_COMMIT", 2)
    real = apply.invitation_queue

    def fail_for_the_third(*, user: User, program: Program) -> None:
        if user.email == "mentor3@example.org":
            raise RuntimeError("the mail template is broken")
        real(user=user, program=program)

    monkeypatch.setattr(apply, "invitation_queue", fail_for_the_third)
    text = csv_of(*(mentor_line(n) for n in (1, 2, 3, 4)))
    with pytest.raises(RuntimeError):
        people_import(program=program, rows=read_rows(text))
    # The first batch (rows 1 and 2) committed whole; the failing batch left nothing.
    imported = set(User.objects.filter(email__startswith="mentor").values_list("email", flat=True))
    assert imported == {"mentor1@example.org", "mentor2@example.org"}
    for email in imported:
        assert MentorProfile.objects.filter(user__email=email).exists()
        assert Enrollment.objects.filter(user__email=email, program=program).exists()
        assert OutgoingEmail.objects.filter(kind="people.invitation", to=email).exists()
    assert not MentorProfile.objects.filter(user__email="mentor3@example.org").exists()
    assert OutgoingEmail.objects.count() == 2


@pytest.mark.django_db
def test_the_template_lists_every_column_and_imports_as_is(
    program: Program, interests: dict
) -> None:
    rows = list(csv.reader(io.StringIO(template_csv())))
    assert rows[0] == HEADER.split(",")
    actions = plan(program, template_csv())
    assert [action for action, _why in actions] == ["create", "create"]


@pytest.mark.django_db
def test_an_invitee_sets_a_password_through_the_link(
    client: Client, program: Program, interests: dict
) -> None:
    people_import(program=program, rows=read_rows(csv_of(mentor_line(1))))
    user = User.objects.get(email="mentor1@example.org")
    response = client.get(invitation_link(user).removeprefix("http://127.0.0.1:8000"), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else None
    assert response.status_code == 200 and form_url
    new = "a long new passphrase"
    client.post(form_url, {"password1": new, "password2": new})
    user.refresh_from_db()
    assert user.check_password("a long new passphrase")
    assert client.login(email=user.email, password="a long new passphrase")


@pytest.fixture
def program_coordinator(make_user: Callable[..., User], program: Program) -> User:
    # Cora as she really works: Coordinators group, coordinator of this one program.
    user = make_user("cora.console@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Coordinators"))
    ProgramCoordinator.objects.create(program=program, user=user)
    return user


@pytest.mark.django_db
def test_a_coordinator_previews_then_confirms_in_the_admin(
    client: Client, program: Program, interests: dict, program_coordinator: User
) -> None:
    client.force_login(program_coordinator)
    url = reverse("admin:mentoring_enrollment_import")
    assert client.get(reverse("admin:mentoring_enrollment_import_template")).status_code == 200
    text = csv_of(mentor_line(1), mentee_line(2, interests="Knitting"))
    upload = SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")
    preview = client.post(url, {"program": program.pk, "file": upload})
    assert preview.status_code == 200
    assert "Unknown interest: Knitting" in preview.content.decode()
    assert not User.objects.filter(email="mentor1@example.org").exists()

    done = client.post(url, {"program": program.pk, "content": text, "confirm": "1"})
    assert done.status_code == 302
    assert User.objects.filter(email="mentor1@example.org").exists()
    assert not User.objects.filter(email="mentee2@example.org").exists()


@pytest.mark.django_db
def test_a_coordinator_cannot_import_into_another_program(
    client: Client, interests: dict, program_coordinator: User
) -> None:
    elsewhere = Program.objects.create(name="Elsewhere", slug="elsewhere")
    client.force_login(program_coordinator)
    url = reverse("admin:mentoring_enrollment_import")
    response = client.post(url, {"program": elsewhere.pk, "content": csv_of(mentor_line(1))})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(email="mentor1@example.org").exists()


@pytest.mark.django_db
def test_an_xlsx_or_non_utf8_upload_gets_a_clear_message(
    client: Client, program: Program, program_coordinator: User
) -> None:
    client.force_login(program_coordinator)
    url = reverse("admin:mentoring_enrollment_import")
    for name, content in (("people.xlsx", b"PK\x03\x04"), ("people.csv", b"\xff\xfe\x00bad")):
        upload = SimpleUploadedFile(name, content)
        response = client.post(url, {"program": program.pk, "file": upload})
        assert response.status_code == 200
        assert "CSV UTF-8" in response.content.decode()
