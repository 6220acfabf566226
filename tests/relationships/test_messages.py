"""Issue #15, messages: a private conversation per open match, safe for a minor's match."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import Message
from matching.relationships.privacy import erase
from matching.relationships.privacy import export
from matching.relationships.services import messages
from matching.relationships.services.masking import contact_mask
from matching.services import match_approve
from matching.services import matching_run
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import User
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def minors_match(coordinator: User) -> Match:
    """Lucía, 15, in New York, with consent, matched to Marisol, cleared for minors."""
    prog = f.program(is_youth=True)
    kid = f.mentee(prog, name="Lucía Ramos", email="lucia@example.org", age=15)
    f.give_consent(kid)
    mentor = f.mentor(prog, name="Marisol Entwistle", email="marisol@example.org")
    f.clear_for_minors(mentor)
    ProgramCoordinator.objects.create(program=prog, user=coordinator)
    matching_run(program=prog, by=coordinator)
    match = match_approve(match=Match.objects.get(), by=coordinator)
    # After approval: availability is read on each person's own clock, and Marisol's is UTC.
    User.objects.filter(pk=kid.pk).update(timezone="America/New_York")
    return Match.objects.select_related("mentee__mentee_profile").get(pk=match.pk)


@pytest.fixture
def adults_match(coordinator: User) -> Match:
    return f.tomas_and_marisol(coordinator)


def _page(client: Client, user: User, match: Match) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(f"/matching/{match.pk}/messages/")
    return response.status_code, response.content.decode()


def _daytime(match: Match, monkeypatch: pytest.MonkeyPatch) -> None:
    # Noon in New York, whatever the clock of the machine running the tests says.
    noon = datetime(2027, 1, 12, 17, 0, tzinfo=UTC)
    monkeypatch.setattr(messages.timezone, "now", lambda: noon)


def test_the_two_sides_talk_and_nobody_else_can_open_the_conversation(
    client: Client, adults_match: Match, coordinator: User, volunteer: User
) -> None:
    client.force_login(adults_match.mentee)
    response = client.post(f"/matching/{adults_match.pk}/messages/", {"body": "Hello Marisol!"})
    assert response.status_code == 302
    status, page = _page(client, adults_match.mentor, adults_match)
    assert status == 200 and "Hello Marisol!" in page and "Tomás Ng" in page
    assert "coordinators can read" not in page
    # An adults' match is private: not even the coordinator reads it; strangers get a 404.
    assert _page(client, coordinator, adults_match)[0] == 404
    assert _page(client, volunteer, adults_match)[0] == 404
    assert client.get("/matching/999999/messages/").status_code == 404


def test_an_empty_or_too_long_message_gets_a_clear_error(
    client: Client, adults_match: Match
) -> None:
    client.force_login(adults_match.mentee)
    url = f"/matching/{adults_match.pk}/messages/"
    assert client.post(url, {"body": "   "}).status_code == 400
    response = client.post(url, {"body": "x" * (Message.BODY_MAX + 1)})
    assert response.status_code == 400 and "at most 2000 characters" in response.content.decode()
    assert not Message.objects.exists()


def test_in_a_minors_match_a_phone_number_is_masked_and_the_coordinator_told(
    client: Client, minors_match: Match, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _daytime(minors_match, monkeypatch)
    messages.message_send(
        match=minors_match, user=minors_match.mentor, body="Text me on +1 (555) 010-0199"
    )
    message = Message.objects.get()
    assert message.masked and "555" not in message.body
    assert "[contact details hidden]" in message.body
    alert = OutgoingEmail.objects.get(kind="relationships.concern")
    assert alert.to == coordinator.email and "Contact details were hidden" in alert.subject
    # Both sides are told the coordinators read along; the coordinator reads, cannot write.
    for person in (minors_match.mentee, minors_match.mentor):
        assert "coordinators can read this conversation" in _page(client, person, minors_match)[1]
    status, page = _page(client, coordinator, minors_match)
    assert status == 200 and "[contact details hidden]" in page and 'name="body"' not in page
    assert client.post(f"/matching/{minors_match.pk}/messages/", {"body": "hi"}).status_code == 404


def test_an_adults_message_is_not_masked(adults_match: Match) -> None:
    messages.message_send(match=adults_match, user=adults_match.mentor, body="ring 555 010 0199")
    assert Message.objects.get().body == "ring 555 010 0199"


def test_a_message_written_at_night_waits_for_seven_on_the_minors_clock(
    client: Client, minors_match: Match
) -> None:
    late = datetime(2027, 1, 13, 4, 30, tzinfo=UTC)  # 23:30 in New York
    morning = messages.deliver_after(minors_match, late)
    assert morning == datetime(2027, 1, 13, 12, 0, tzinfo=UTC)  # 07:00 in New York
    early = datetime(2027, 1, 13, 10, 0, tzinfo=UTC)  # 05:00 in New York, same morning
    assert messages.deliver_after(minors_match, early) == morning
    noon = datetime(2027, 1, 13, 17, 0, tzinfo=UTC)
    assert messages.deliver_after(minors_match, noon) == noon

    held = Message.objects.create(
        match=minors_match,
        side="mentor",
        body="Good night note",
        deliver_after=timezone.now() + timedelta(hours=3),
    )
    assert "Good night note" not in _page(client, minors_match.mentee, minors_match)[1]
    page = _page(client, minors_match.mentor, minors_match)[1]
    assert "Good night note" in page and "Held for the night" in page
    Message.objects.filter(pk=held.pk).update(deliver_after=timezone.now())
    assert "Good night note" in _page(client, minors_match.mentee, minors_match)[1]


def test_an_adults_match_is_never_held(adults_match: Match) -> None:
    late = datetime(2027, 1, 13, 4, 30, tzinfo=UTC)
    assert messages.deliver_after(adults_match, late) == late


def test_either_side_reports_a_message_and_the_coordinators_hear_once(
    client: Client, minors_match: Match, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _daytime(minors_match, monkeypatch)
    message = messages.message_send(match=minors_match, user=minors_match.mentor, body="Hi")
    client.force_login(minors_match.mentee)
    url = f"/matching/{minors_match.pk}/messages/{message.pk}/report/"
    response = client.post(url, {"reason": "It made me uneasy"})
    assert response.status_code == 302
    client.post(url, {"reason": "again"})
    alerts = OutgoingEmail.objects.filter(kind="relationships.concern")
    assert [a.to for a in alerts] == [coordinator.email]
    assert "reported a message" in alerts[0].text_body and "made me uneasy" in alerts[0].text_body
    assert "reported to a coordinator" in _page(client, minors_match.mentor, minors_match)[1]


def test_a_masked_message_that_is_reported_raises_both_alerts(
    minors_match: Match, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _daytime(minors_match, monkeypatch)
    message = messages.message_send(
        match=minors_match, user=minors_match.mentor, body="snap: lucia.r"
    )
    assert messages.message_report(message=message, user=minors_match.mentee, reason="")
    kinds = sorted(
        e.key.split(":")[2] for e in OutgoingEmail.objects.filter(kind="relationships.concern")
    )
    assert kinds == ["masked", "reported"]


def test_a_stranger_cannot_report_a_message(
    client: Client, adults_match: Match, volunteer: User
) -> None:
    message = messages.message_send(match=adults_match, user=adults_match.mentor, body="Hi")
    client.force_login(volunteer)
    url = f"/matching/{adults_match.pk}/messages/{message.pk}/report/"
    assert client.post(url).status_code == 404
    assert not Message.objects.filter(reported_at__isnull=False).exists()


def test_new_messages_arrive_as_one_digest_per_conversation(adults_match: Match) -> None:
    for text in ("one", "two", "three"):
        messages.message_send(match=adults_match, user=adults_match.mentor, body=text)
    now = timezone.now()
    assert messages.message_digests_send(now=now) == 0  # too fresh: more may follow
    later = now + messages.DIGEST_DELAY + timedelta(seconds=1)
    assert messages.message_digests_send(now=later) == 1
    assert messages.message_digests_send(now=later) == 0
    digest = OutgoingEmail.objects.get(kind="relationships.messages")
    assert digest.to == "tomas@example.org" and "3 messages" in digest.text_body
    assert f"/matching/{adults_match.pk}/messages/" in digest.text_body


def test_messages_read_before_the_digest_send_no_email(client: Client, adults_match: Match) -> None:
    messages.message_send(match=adults_match, user=adults_match.mentor, body="one")
    _page(client, adults_match.mentee, adults_match)  # Tomás reads it at once
    later = timezone.now() + messages.DIGEST_DELAY + timedelta(seconds=1)
    assert messages.message_digests_send(now=later) == 0
    assert not OutgoingEmail.objects.filter(kind="relationships.messages").exists()


def test_a_burst_of_messages_is_refused_with_a_clear_message(
    client: Client, adults_match: Match, settings: Any
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "relationships.message": (3, 600)}
    client.force_login(adults_match.mentor)
    url = f"/matching/{adults_match.pk}/messages/"
    for n in range(3):
        assert client.post(url, {"body": f"message {n}"}).status_code == 302
    response = client.post(url, {"body": "one too many"})
    assert response.status_code == 429
    assert "a lot of messages in a short time" in response.content.decode()
    assert Message.objects.count() == 3


@pytest.mark.parametrize(
    "text",
    [
        "mail me: lucia.kid@example.org",
        "lucia dot kid at gmail dot com",
        "call +1 (555) 010-0199",
        "my cell is 555.010.0199",
        "07700 900123",
        "insta: @lucia.r",
        "add me @lucia_r",
        "https://www.instagram.com/lucia.r",
        "snapchat.com/add/lucia",
        "my snap is luciar99",
        "wa.me/15550100199",
    ],
)
def test_contact_details_are_masked_in_the_formats_people_type(text: str) -> None:
    masked, found = contact_mask(text)
    assert found and "[contact details hidden]" in masked
    assert not any(part in masked for part in ("lucia", "555", "900123"))


@pytest.mark.parametrize(
    "text", ["See you on 2027-01-15 at 18:30", "I read 3 chapters and 12 pages", "room 101 at 5pm"]
)
def test_dates_times_and_small_numbers_are_left_alone(text: str) -> None:
    assert contact_mask(text) == (text, False)


def _conversation_queries(client: Client, match: Match, count: int) -> int:
    Message.objects.filter(match=match).delete()
    Message.objects.bulk_create(
        Message(
            match=match,
            side=("mentee", "mentor")[n % 2],
            body=f"m{n}",
            deliver_after=timezone.now(),
        )
        for n in range(count)
    )
    client.force_login(match.mentee)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/matching/{match.pk}/messages/").status_code == 200
    return len(captured)


def test_the_conversation_page_is_constant_in_queries_as_it_grows(
    client: Client, minors_match: Match
) -> None:
    few = _conversation_queries(client, minors_match, 3)
    many = _conversation_queries(client, minors_match, 30)
    assert few == many
    assert many <= 10


def test_messages_are_exported_and_erased_with_the_account(adults_match: Match) -> None:
    messages.message_send(match=adults_match, user=adults_match.mentee, body="From Tomás")
    messages.message_send(
        match=adults_match, user=adults_match.mentor, body="Hi Tomás Ng, from Marisol"
    )
    mine = export(adults_match.mentee)[0]["messages"]
    assert [m["body"] for m in mine] == ["From Tomás"]
    erase(adults_match.mentee)
    left = list(Message.objects.values_list("side", "body"))
    assert len(left) == 1 and left[0][0] == "mentor" and "Tomás Ng" not in left[0][1]
