"""Emails are written in the recipient's language, remembered from sign-up and the switcher."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext

from events.services import registrations as event_services
from mentoring.core.mail import build_templated
from mentoring.people.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def test_signing_up_on_spanish_pages_remembers_spanish_for_emails(client) -> None:
    client.cookies["django_language"] = "es"
    response = client.post(
        reverse("account_signup"),
        {
            "email": "lucia@example.org",
            "password1": "a-long-pass-9876",
            "password2": "a-long-pass-9876",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="lucia@example.org").language == "es"
    # allauth's confirmation email was written in the same request, so in Spanish too.
    (confirmation,) = mail.outbox
    with translation.override("es"):
        assert confirmation.subject.startswith("[Pay It Forward]")
        assert "lucia@example.org" in confirmation.body


def test_the_switcher_sets_the_cookie_and_remembers_the_choice_on_the_account(
    client, mentee
) -> None:
    client.force_login(mentee)
    response = client.post(reverse("set_language"), {"language": "es", "next": "/events/"})
    assert response.status_code == 302 and response["Location"] == "/events/"
    assert response.cookies["django_language"].value == "es"
    mentee.refresh_from_db()
    assert mentee.language == "es"


def test_an_unknown_language_changes_nothing(client, mentee) -> None:
    client.force_login(mentee)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    mentee.refresh_from_db()
    assert mentee.language == "en"


def test_an_anonymous_visitor_only_gets_the_cookie(client) -> None:
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.cookies["django_language"].value == "es"


def test_the_switcher_refuses_get(client) -> None:
    assert client.get(reverse("set_language")).status_code == 405


def test_an_event_reminder_speaks_the_recipients_language_not_the_senders(
    make_user, django_capture_on_commit_callbacks
) -> None:
    spanish = make_user(language="es", timezone="America/Mexico_City")
    english = make_user(language="en")
    starts = timezone.now() + timedelta(days=5)
    event = factories.EventFactory(
        title="Taller",
        slug="taller",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        venue="Biblioteca",
        capacity=30,
    )
    # The page that caused the emails was English; each email still follows its reader.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        event_services.registration_create(event=event, user=spanish)
        event_services.registration_create(event=event, user=english)
    by_address = {m.to[0]: m for m in mail.outbox}
    with translation.override("es"):
        spanish_subject = gettext("You're registered: %(title)s") % {"title": "Taller"}
    assert spanish_subject != "You're registered: Taller"  # the catalog translates it
    assert by_address[spanish.email].subject.endswith(spanish_subject)
    assert by_address[english.email].subject.endswith("You're registered: Taller")


def test_a_plain_address_falls_back_to_the_given_language(db) -> None:
    message = build_templated(
        to="guardian@example.org",
        template="email/people/guardian_consent",
        context={"link": "https://example.org/x", "mentee_name": "Ana", "consent": None},
        language="es",
    )
    assert message.to == ["guardian@example.org"]
    with translation.override("es"):
        subject = gettext("Your consent is needed for %(name)s to join Pay It Forward")
    assert "%(name)s" in subject and subject.startswith("Your") is False
    assert message.subject.endswith(subject % {"name": "Ana"})
    assert translation.get_language() == "en"  # the override ended with the email
