"""A coordinator marks a check-in's concern handled with a note (#14): who, when and the note
are kept, and the open-concern counts (Today, the health page, the filtered list) drop it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import CheckIn
from mentoring.campaign.today import coordinator_today
from mentoring.people.models import Enrollment
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.factories import ProgramFactory
from tests.factories import UserFactory
from tests.factories import program_coordinator

CHANGELIST = "admin:relationships_checkin_changelist"


def concern_in(program: Program) -> CheckIn:
    people = []
    for role in ("mentee", "mentor"):
        person = UserFactory.create()
        Enrollment.objects.create(user=person, program=program, role=role)
        people.append(person)
    match = Match.objects.create(
        program=program, mentee=people[0], mentor=people[1], status=Match.Status.ACTIVE
    )
    return CheckIn.objects.create(
        match=match,
        side="mentee",
        due_on=timezone.localdate(),
        submitted_at=timezone.now(),
        concern=True,
        note_for_coordinator="We have not met for weeks.",
    )


@pytest.fixture
def cora(db: None) -> User:
    return program_coordinator(ProgramFactory.create(name="Ours"), "cora.concerns@example.org")


@pytest.fixture
def ours(cora: User) -> CheckIn:
    return concern_in(Program.objects.get(name="Ours"))


def act(client: Client, checkin: CheckIn, **extra: str) -> object:
    data = {"action": "mark_concern_handled", "_selected_action": [str(checkin.pk)], **extra}
    return client.post(reverse(CHANGELIST), data)


def open_concerns(client: Client, user: User) -> dict[str, int]:
    """The open-concern count as Today, the health page and the filtered list each give it."""
    [program] = coordinator_today(user)[0]
    [today] = [line.count for line in program.lines if str(line.label) == "Open concerns"]
    health = client.get(reverse("admin:matching_health")).context["numbers"]
    [on_health] = [count for label, count, _ in health if str(label) == "Open concerns"]
    listed = client.get(reverse(CHANGELIST) + "?state=concern").context["cl"].result_count
    return {"today": today, "health": on_health, "list": listed}


@pytest.mark.django_db
def test_marking_a_concern_handled_keeps_who_when_and_the_note(
    client: Client, cora: User, ours: CheckIn
) -> None:
    client.force_login(cora)
    assert open_concerns(client, cora) == {"today": 1, "health": 1, "list": 1}

    # First the intermediate page: the concern to answer, and a form asking for a note.
    page = act(client, ours)
    assert page.status_code == 200
    assert b"We have not met for weeks." in page.content
    assert b'name="note"' in page.content and b"csrfmiddlewaretoken" in page.content

    response = act(client, ours, apply="1", note="Called both; they meet on Tuesday.")
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.concern_handled_by == cora
    assert ours.concern_handled_note == "Called both; they meet on Tuesday."
    assert ours.concern_handled_at is not None
    assert open_concerns(client, cora) == {"today": 0, "health": 0, "list": 0}

    # Handling it again changes nothing: the first answer is the record.
    first = ours.concern_handled_at
    act(client, ours, apply="1", note="Again.")
    ours.refresh_from_db()
    assert (ours.concern_handled_note, ours.concern_handled_at) == (
        "Called both; they meet on Tuesday.",
        first,
    )


@pytest.mark.django_db
def test_a_concern_needs_a_note(client: Client, cora: User, ours: CheckIn) -> None:
    client.force_login(cora)
    response = act(client, ours, apply="1", note="   ")
    assert response.status_code == 400
    assert b"Say how the concern was handled." in response.content
    ours.refresh_from_db()
    assert ours.concern_handled_at is None


@pytest.mark.django_db
def test_marking_handled_needs_the_csrf_token(cora: User, ours: CheckIn) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cora)
    assert act(client, ours, apply="1", note="Done.").status_code == 403
    ours.refresh_from_db()
    assert ours.concern_handled_at is None


@pytest.mark.django_db
def test_another_programs_concern_cannot_be_marked(client: Client, cora: User) -> None:
    theirs = concern_in(ProgramFactory.create(name="Theirs"))
    client.force_login(cora)
    act(client, theirs, apply="1", note="Not mine to handle.")
    theirs.refresh_from_db()
    assert theirs.concern_handled_at is None
