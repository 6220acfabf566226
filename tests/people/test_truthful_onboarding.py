"""Issue #18: the sign-up pages say what the site really does."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from tests import factories as f


def test_the_too_young_page_promises_no_enrolment_nobody_can_make(client: Client, db: None) -> None:
    text = client.get(reverse("onboarding_too_young")).content.decode()
    # Coordinators cannot add accounts (403), and nobody can sign up an under-13 on the site.
    assert "coordinator" not in text and "enrol" not in text
    assert "at least 13" in text


def test_edit_my_profile_links_to_every_section_the_person_has(client: Client, db: None) -> None:
    prog = f.program()
    person = f.mentor(prog, name="Ana Both")
    f.EnrollmentFactory.create(user=person, program=prog, role="mentee")
    f.MenteeProfileFactory.create(
        user=person, goals="Change careers", date_of_birth=date(1990, 5, 1)
    )
    client.force_login(person)

    text = client.get(reverse("me")).content.decode()

    for step in ("about", "goals", "mentor"):
        assert f'href="{reverse("onboarding_step", args=[step])}"' in text
    # Reopening a section shows the saved answers, ready to change.
    assert client.get(reverse("onboarding_step", args=["mentor"])).status_code == 200
