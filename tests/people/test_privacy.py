"""Privacy: the export covers every personal field, deletion leaves nothing personal behind,
and crafted requests never reach someone else's data."""

from __future__ import annotations

import json
from datetime import date
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.people import services
from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import Screening
from mentoring.people.models import User
from mentoring.people.privacy import CLASSIFICATION
from mentoring.people.privacy import EXPORTED
from mentoring.people.privacy import personal_fields
from tests.people.conftest import about_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [User, Profile, MenteeProfile, MentorProfile, GuardianConsent])
def test_every_personal_field_is_classified_as_exported_or_internal(model: type) -> None:
    # Adding a field to one of these models without deciding whether the person gets it in their
    # export fails here: add it to mentoring/privacy.py CLASSIFICATION.
    assert set(personal_fields(model)) == set(CLASSIFICATION[model]), model.__name__


def full_person(user: User, program: Program, interests: dict) -> None:
    profile = Profile.objects.create(
        user=user, display_name="Tomás", pronouns="he/him", bio="Bio", phone="555-0100"
    )
    profile.personal_interests.set([interests["Music"]])
    mentee = MenteeProfile.objects.create(
        user=user, goals="Nursing", date_of_birth=date(2009, 1, 2)
    )
    mentee.seeking.set([interests["Nursing"]])
    MentorProfile.objects.create(user=user, capacity=2)
    Enrollment.objects.create(user=user, program=program, role="mentee")
    GuardianConsent.objects.create(
        mentee=user, guardian_name="Ana Ng", guardian_email="ana@example.org"
    )
    Screening.objects.create(mentor=user, kind="background", notes="Checked by phone")


def test_the_export_contains_every_exported_field(
    client: Client, mentee: User, program: Program, interests
) -> None:
    full_person(mentee, program, interests)
    client.force_login(mentee)
    response = client.get(reverse("account_export"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)["people"]
    sections = {
        User: [data["user"]],
        Profile: [data["profile"]],
        MenteeProfile: [data["mentee_profile"]],
        MentorProfile: [data["mentor_profile"]],
        GuardianConsent: data["guardian_consents"],
        Enrollment: data["enrollments"],
        Screening: data["screenings"],
    }
    for model, rows in sections.items():
        exported = {name for name, kind in CLASSIFICATION[model].items() if kind == EXPORTED}
        assert rows and set(rows[0]) == exported, model.__name__
    assert data["user"]["email"] == mentee.email
    assert data["profile"]["phone"] == "555-0100"
    assert data["profile"]["personal_interests"] == ["Music"]
    assert data["mentee_profile"]["date_of_birth"] == "2009-01-02"
    assert data["guardian_consents"][0]["guardian_email"] == "ana@example.org"
    assert "password" not in data["user"]


def test_the_export_never_includes_another_persons_data(
    client: Client, mentee: User, mentor: User, program: Program, interests
) -> None:
    full_person(mentor, program, interests)
    client.force_login(mentee)
    body = client.get(reverse("account_export"), {"user": mentor.pk, "id": mentor.pk}).content
    assert mentor.email.encode() not in body and b"555-0100" not in body
    assert json.loads(body)["people"]["profile"] is None


def test_deleting_my_account_needs_confirmation(client: Client, mentee: User) -> None:
    client.force_login(mentee)
    response = client.post(reverse("account_delete"), {})
    assert response.status_code == 200 and response.context["form"].errors["confirm"]
    mentee.refresh_from_db()
    assert mentee.is_active


def test_after_deletion_no_personal_data_remains_but_audit_rows_do(
    client: Client, mentee: User, program: Program, interests
) -> None:
    full_person(mentee, program, interests)
    client.force_login(mentee)
    response = client.post(reverse("account_delete"), {"confirm": "on"})
    assert response.status_code == 200
    mentee.refresh_from_db()
    assert mentee.email == f"deleted-{mentee.pk}@invalid"
    assert (mentee.first_name, mentee.last_name, mentee.is_active) == ("", "", False)
    assert not mentee.has_usable_password()
    for model in (Profile, MenteeProfile, MentorProfile):
        assert not model.objects.filter(user=mentee).exists()
    assert not GuardianConsent.objects.filter(mentee=mentee).exists()
    assert not EmailAddress.objects.filter(user=mentee).exists()
    # Audit rows stay, tied only to the anonymous account.
    assert Enrollment.objects.filter(user=mentee).exists()
    assert Screening.objects.get(mentor=mentee).notes == ""
    exported = json.dumps(services.account_export(user=mentee))
    for personal in ("tomas", "Tomás", "Ng", "555-0100", "2009-01-02", "ana@example.org"):
        assert personal not in exported
    # And the session is gone.
    assert client.get(reverse("me")).status_code == 302


def test_extra_post_fields_cannot_grant_staff_screening_or_consent(
    client: Client, mentee: User, program: Program
) -> None:
    Enrollment.objects.create(user=mentee, program=program, role="mentee")
    client.force_login(mentee)
    extra = {
        "is_staff": "on",
        "is_superuser": "on",
        "status": "given",
        "screening_status": "cleared",
        "consent": "given",
        "user": "1",
        "user_id": "1",
    }
    client.post(reverse("onboarding_step", args=["dob"]), {"date_of_birth": "2010-01-01", **extra})
    client.post(
        reverse("onboarding_step", args=["guardian"]),
        {"guardian_name": "Ana Ng", "guardian_email": "ana@example.org", **extra},
    )
    client.post(reverse("onboarding_step", args=["about"]), about_data(**extra))
    mentee.refresh_from_db()
    assert not mentee.is_staff and not mentee.is_superuser
    assert GuardianConsent.objects.get(mentee=mentee).status == GuardianConsent.Status.REQUESTED
    assert not Screening.objects.exists()


def test_a_person_cannot_edit_someone_elses_profile(
    client: Client, mentee: User, mentor: User, program: Program
) -> None:
    Profile.objects.create(user=mentor, display_name="Marisol")
    Enrollment.objects.create(user=mentee, program=program, role="volunteer")
    client.force_login(mentee)
    url = reverse("onboarding_step", args=["about"])
    client.post(url + f"?user={mentor.pk}", about_data(display_name="Hacked", user=mentor.pk))
    assert Profile.objects.get(user=mentor).display_name == "Marisol"
    assert Profile.objects.get(user=mentee).display_name == "Hacked"


def test_the_dashboard_never_shows_other_peoples_private_data(
    client: Client, mentee: User, mentor: User, program: Program, interests
) -> None:
    full_person(mentor, program, interests)
    client.force_login(mentee)
    page = client.get(reverse("me"), {"user": mentor.pk}).content.decode()
    assert mentor.email not in page and "555-0100" not in page and "ana@example.org" not in page


def test_an_xss_payload_in_the_bio_renders_as_text(client: Client, mentee: User) -> None:
    Profile.objects.create(user=mentee, display_name="<b>Bold</b>", bio="<script>alert(1)</script>")
    client.force_login(mentee)
    page = client.get(reverse("me")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page


def test_the_profile_card_shows_only_public_fields(mentor: User, interests) -> None:
    from django.template.loader import render_to_string

    profile = Profile.objects.create(
        user=mentor, display_name="Marisol", pronouns="she/her", bio="Engineer", phone="555-0199"
    )
    profile.personal_interests.set([interests["Music"]])
    card = render_to_string("people/_profile_card.html", {"profile": profile})
    assert "Marisol" in card and "she/her" in card and "Engineer" in card and "Music" in card
    assert "555-0199" not in card and mentor.email not in card and "Entwistle" not in card


def test_an_expired_background_check_does_not_clear_a_mentor_for_minors(mentor: User) -> None:
    # The dashboard asks the single rule: an expired background check is not "cleared".
    from mentoring.people.models import cleared_for_minors

    yesterday = timezone.localdate() - timedelta(days=1)
    Screening.objects.create(mentor=mentor, kind="background", status="cleared", expires=yesterday)
    Screening.objects.create(mentor=mentor, kind="training", status="cleared")
    assert not cleared_for_minors(mentor.pk)
