"""Reported messages in the coordinators' console (#15): a coordinator reads what was reported
and a minor's whole conversation, in their own programs only; an adult's private conversation
stays private; Today's count is the length of the list it links to."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import Message
from mentoring.campaign.today import coordinator_today
from mentoring.people.models import Enrollment
from mentoring.people.models import MenteeProfile
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.factories import ProgramFactory
from tests.factories import UserFactory
from tests.factories import program_coordinator

pytestmark = pytest.mark.django_db

TODAY_LABEL = "Messages reported in the last 7 days"


def match_in(program: Program, *, minor: bool) -> Match:
    mentee, mentor = UserFactory.create(), UserFactory.create()
    age = 15 if minor else 30
    born = date(timezone.localdate().year - age, 1, 1)
    MenteeProfile.objects.create(user=mentee, date_of_birth=born)
    for person, role in ((mentee, "mentee"), (mentor, "mentor")):
        Enrollment.objects.create(user=person, program=program, role=role)
    return Match.objects.create(
        program=program, mentee=mentee, mentor=mentor, status=Match.Status.ACTIVE
    )


def say(match: Match, body: str, *, reported: timedelta | None = None) -> Message:
    now = timezone.now()
    return Message.objects.create(
        match=match,
        side="mentor",
        body=body,
        deliver_after=now,
        reported_at=None if reported is None else now - reported,
        report_reason="" if reported is None else "It made me uneasy",
    )


@pytest.fixture
def cora(db: None) -> User:
    return program_coordinator(ProgramFactory.create(name="Ours"), "cora.messages@example.org")


@pytest.fixture
def conversations(cora: User) -> dict[str, Message]:
    ours, theirs = Program.objects.get(name="Ours"), ProgramFactory.create(name="Theirs")
    adult, minor = match_in(ours, minor=False), match_in(ours, minor=True)
    return {
        "adult private": say(adult, "See you at the library"),
        "adult reported": say(adult, "Something odd", reported=timedelta(days=1)),
        "adult reported long ago": say(adult, "Old worry", reported=timedelta(days=30)),
        "minor": say(minor, "How was the maths test?"),
        "elsewhere reported": say(
            match_in(theirs, minor=True), "Not ours", reported=timedelta(hours=1)
        ),
    }


def listed(client: Client, query: str = "") -> set[str]:
    url = reverse("admin:relationships_message_changelist") + query
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return {message.body for message in response.context["cl"].result_list}


def test_a_coordinator_reads_reports_and_minors_conversations_of_her_programs_only(
    client: Client, cora: User, conversations: dict[str, Message]
) -> None:
    client.force_login(cora)
    assert listed(client) == {"Something odd", "Old worry", "How was the maths test?"}
    assert listed(client, "?reported=any") == {"Something odd", "Old worry"}
    assert listed(client, "?reported=recent") == {"Something odd"}
    minor = conversations["minor"]
    assert listed(client, f"?match__id__exact={minor.match_id}") == {"How was the maths test?"}
    for hidden in ("adult private", "elsewhere reported"):
        url = reverse("admin:relationships_message_change", args=[conversations[hidden].pk])
        assert client.get(url).status_code == 302  # "doesn't exist", back to the index


def test_a_superuser_does_not_read_an_adults_private_conversation(
    client: Client, coordinator: User, conversations: dict[str, Message]
) -> None:
    client.force_login(coordinator)
    assert "See you at the library" not in listed(client)
    assert "Not ours" in listed(client)


def test_messages_are_read_only_in_the_console(
    client: Client, cora: User, conversations: dict[str, Message]
) -> None:
    client.force_login(cora)
    reported = conversations["adult reported"]
    page = client.get(reverse("admin:relationships_message_change", args=[reported.pk]))
    assert page.status_code == 200 and "It made me uneasy" in page.content.decode()
    assert b'name="_save"' not in page.content
    assert client.get(reverse("admin:relationships_message_add")).status_code == 403
    delete = reverse("admin:relationships_message_delete", args=[reported.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Message.objects.filter(pk=reported.pk).exists()


def test_todays_reported_count_is_the_list_it_links_to(
    client: Client, cora: User, conversations: dict[str, Message]
) -> None:
    client.force_login(cora)
    [program] = coordinator_today(cora)[0]
    [line] = [line for line in program.lines if str(line.label) == TODAY_LABEL]
    response = client.get(line.url)
    assert line.count == 1 == response.context["cl"].result_count
