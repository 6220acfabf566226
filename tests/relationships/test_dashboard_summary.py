"""Issue #15 item 4: /me/ shows, for each match, the unread messages and the goals."""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import Message
from matching.relationships.services import goals
from matching.services import match_approve
from matching.services import matching_run
from mentoring.people.models import User
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_me_shows_unread_messages_and_goals_for_each_match(client: Client, approved: Match) -> None:
    now = timezone.now()
    for body in ("one", "two"):
        Message.objects.create(match=approved, side="mentor", body=body, deliver_after=now)
    # Held for the night, and Tomás's own: neither counts as unread for him.
    Message.objects.create(
        match=approved, side="mentor", body="later", deliver_after=now + timedelta(hours=5)
    )
    Message.objects.create(match=approved, side="mentee", body="mine", deliver_after=now)
    goals.goal_add(
        match=approved, user=approved.mentor, what="Mock interview", by_when=date(2027, 2, 1)
    )
    client.force_login(approved.mentee)
    page = client.get("/me/").content.decode()
    assert "2 unread messages" in page and "Mock interview: Not started" in page
    client.get(f"/matching/{approved.pk}/messages/")
    assert "0 unread messages" in client.get("/me/").content.decode()


def _me_queries(client: Client, user: User) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/me/").status_code == 200
    return len(captured)


def test_me_costs_the_same_queries_for_one_or_three_matches(
    client: Client, coordinator: User, settings: Any
) -> None:
    prog = f.program()
    mentor = f.mentor(prog, capacity=3, email="marisol@example.org")
    f.mentee(prog, name="Ana Uno", email="ana1@example.org")
    matching_run(program=prog, by=coordinator)
    match_approve(match=Match.objects.get(), by=coordinator)
    one = _me_queries(client, mentor)
    for n in (2, 3):
        f.mentee(prog, name=f"Ana {n}", email=f"ana{n}@example.org")
    matching_run(program=prog, by=coordinator)
    for match in Match.objects.filter(status=Match.Status.PROPOSED):
        match_approve(match=match, by=coordinator)
    assert Match.objects.filter(status=Match.Status.APPROVED).count() == 3
    for match in Match.objects.all():
        Message.objects.create(match=match, side="mentee", body="hi", deliver_after=timezone.now())
        goals.goal_add(match=match, user=match.mentee, what="Goal", by_when=date(2027, 2, 1))
    assert _me_queries(client, mentor) == one
