"""Issue #17: every email greets the person by the display name they chose, whichever app sends it.

One rule (User.greeting_name, handed to every template as `recipient_name` by
mentoring.core.mail): the display name, else the first name, else the address.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from events.services import registrations
from matching.models import Match
from matching.relationships.services import kickoff
from matching.relationships.services import quiet
from matching.services import match_approve
from matching.services import matching_run
from mentoring.people.models import Profile
from mentoring.people.models import User
from tests import factories as f

# Real commits: the emails are queued in the services' transactions and sent after them.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tomi(make_user: Callable[..., User]) -> User:
    # Tomás signed up as "Tomás Ng" but asked to be called Tomi: that is what emails must say.
    user = make_user("tomas@example.org", first_name="Tomás", last_name="Ng")
    f.ProfileFactory.create(user=user, display_name="Tomi")
    return user


def _to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address]]


def test_the_rule_display_name_then_first_name_then_address(
    tomi: User, make_user: Callable[..., User]
) -> None:
    assert User.objects.get(pk=tomi.pk).greeting_name == "Tomi"
    assert make_user(first_name="Val").greeting_name == "Val"
    assert make_user("nobody@example.org").greeting_name == "nobody@example.org"


def test_an_event_email_greets_by_display_name_in_both_parts(tomi: User) -> None:
    registrations.registration_create(event=f.EventFactory.create(), user=tomi)

    [confirmation] = _to(tomi.email)
    assert confirmation.body.startswith("Hello Tomi,")
    assert "Hello Tomi," in confirmation.alternatives[0][0]
    assert "Tomás" not in confirmation.body


def test_relationship_emails_greet_by_display_name(coordinator: User) -> None:
    prog = f.program()
    tomas = f.mentee(prog, name="Tomás Ng", email="tomas@example.org")
    Profile.objects.filter(user=tomas).update(display_name="Tomi")
    f.mentor(prog, name="Marisol Entwistle", email="marisol@example.org")
    matching_run(program=prog, by=coordinator)
    match = match_approve(match=Match.objects.get(), by=coordinator)
    Match.objects.filter(pk=match.pk).update(decided_at=timezone.now() - timedelta(days=30))
    User.objects.filter(pk=tomas.pk).update(last_login=timezone.now() - timedelta(days=22))
    mail.outbox.clear()

    kickoff.kickoff_send_due()
    quiet.quiet_scan()

    greetings = sorted(m.body.splitlines()[0] for m in _to("tomas@example.org"))
    assert greetings == ["Hello Tomi,", "Hello Tomi,"]  # the kick-off and the nudge
    assert {m.body.splitlines()[0] for m in _to("marisol@example.org")} == {
        "Hello Marisol Entwistle,"
    }


def test_an_account_email_greets_by_display_name(client: Client, tomi: User) -> None:
    response = client.post("/accounts/password/reset/", {"email": tomi.email})

    assert response.status_code == 302
    [reset] = _to(tomi.email)
    assert reset.body.startswith("Hello Tomi,")


def test_an_account_email_to_an_unknown_address_greets_the_sites_way(client: Client) -> None:
    client.post("/accounts/password/reset/", {"email": "stranger@example.org"})

    [unknown] = _to("stranger@example.org")
    assert unknown.body.startswith("Hello from Pay It Forward!")
