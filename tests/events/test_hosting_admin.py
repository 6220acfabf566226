"""Reviewing proposals in the admin: filters, bulk approve and decline, and "ask for changes",
which will not run without a message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from events.models import Event
from events.services import hosting
from mentoring.people.models import User

# Transactional, and with the rows our data migrations made (the Coordinators group) put back
# after an earlier transactional test flushed them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def propose(host: User, title: str) -> Event:
    starts = timezone.now() + timedelta(days=8)
    return hosting.proposal_create(
        host=host,
        details={
            "title": title,
            "kind": "webinar",
            "description": "An hour of questions and answers.",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=1),
            "timezone": "America/Chicago",
            "venue": "",
            "online_url": "https://meet.example.org/qa",
            "capacity": 20,
            "host_reason": "People keep asking me the same questions.",
        },
    )


@pytest.fixture
def staff(make_user: Any) -> Client:
    # Sam is a coordinator without superuser rights: the group's permissions must be enough.
    sam = make_user("sam.staff@example.org", first_name="Sam", is_staff=True)
    sam.groups.add(Group.objects.get(name="Coordinators"))
    client = Client()
    client.force_login(sam)
    return client


def action(client: Client, name: str, events: list[Event], **extra: Any) -> Any:
    data = {"action": name, "_selected_action": [e.pk for e in events], **extra}
    return client.post("/admin/events/event/", data)


def test_the_list_filters_proposals_by_review_and_origin(staff, mentor, make_event) -> None:
    propose(mentor, "Ask a nurse anything")
    make_event(title="Coordinators' own kick-off")
    by_host = staff.get("/admin/events/event/?origin=host").content.decode()
    assert "Ask a nurse anything" in by_host and "own kick-off" not in by_host
    proposed = staff.get("/admin/events/event/?review__exact=proposed").content.decode()
    assert "Ask a nurse anything" in proposed and "own kick-off" not in proposed
    page = staff.get(f"/admin/events/event/{Event.objects.get(host=mentor).pk}/change/")
    assert b"People keep asking me the same questions." in page.content


def test_bulk_approve_publishes_and_tells_each_host(staff, mentor, mentee, make_event) -> None:
    events = [propose(mentor, "Ask a nurse anything"), propose(mentee, "Study skills")]
    own = make_event(title="Coordinators' own kick-off")
    mail.outbox.clear()
    response = action(staff, "approve_proposals", [*events, own])
    assert response.status_code == 302
    for event in events:
        event.refresh_from_db()
        assert (event.status, event.review, event.reviewed_by.email) == (
            "published",
            "approved",
            "sam.staff@example.org",
        )
    own.refresh_from_db()
    assert own.review == "" and own.reviewed_at is None  # not a proposal: left alone
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.email, mentee.email])


def test_bulk_decline_keeps_proposals_private(staff, mentor, client: Client) -> None:
    event = propose(mentor, "Ask a nurse anything")
    action(staff, "decline_proposals", [event])
    event.refresh_from_db()
    assert (event.status, event.review) == ("draft", "declined")
    assert client.get(f"/events/{event.pk}/").status_code == 404
    # Approving it afterwards does nothing.
    action(staff, "approve_proposals", [event])
    event.refresh_from_db()
    assert event.status == "draft"


def test_asking_for_changes_needs_a_message(staff, mentor) -> None:
    event = propose(mentor, "Ask a nurse anything")
    form = action(staff, "request_changes", [event])
    assert form.status_code == 200 and b'name="review_message"' in form.content
    empty = action(staff, "request_changes", [event], apply="1", review_message="  ")
    assert empty.status_code == 400
    event.refresh_from_db()
    assert event.review == "proposed"

    mail.outbox.clear()
    done = action(
        staff, "request_changes", [event], apply="1", review_message="Add a venue, please."
    )
    assert done.status_code == 302
    event.refresh_from_db()
    assert (event.review, event.review_message, event.status) == (
        "changes_requested",
        "Add a venue, please.",
        "draft",
    )
    (email,) = mail.outbox
    assert email.to == [mentor.email] and "Add a venue, please." in email.body


def test_the_admin_form_cannot_publish_a_proposal(staff, mentor) -> None:
    event = propose(mentor, "Ask a nurse anything")
    page = staff.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="status"' not in page  # only the review actions publish a proposal
    hosting.proposal_approve(event=event, by=User.objects.get(email="sam.staff@example.org"))
    page = staff.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="status"' in page  # an approved event can be cancelled like any other
