"""Hosts are limited per person: proposals a day, and messages to registrants an hour.

Each event already takes at most a few messages a day; the person's own limit counts across
all the events they host, so thirty approved events do not mean thirty mass emails.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from events.models import Event
from events.models import HostMessage
from events.services import hosting
from events.services import registrations as services
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import User
from tests.core.test_ratelimit import through_the_limit
from tests.events.hosting_data import details
from tests.events.hosting_data import form_data

pytestmark = pytest.mark.django_db


def test_thirty_proposals_in_a_loop_save_only_the_limit(mentor: User, coordinator: User) -> None:
    done, refused = through_the_limit(
        lambda n: hosting.proposal_create(host=mentor, details=details(title=f"Clinic {n}"))
    )
    assert done == 10 == Event.objects.count()
    # Coordinators hear about each proposal that was saved, and of none other.
    assert OutgoingEmail.objects.filter(kind="events.host_proposal_received").count() == 10
    assert refused[0].startswith("You have proposed a lot of events in a short time.")


def test_the_host_form_says_so_and_saves_nothing(volunteer: User, settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "events.proposal": (1, 86400)}
    client = Client()
    client.force_login(volunteer)
    assert client.post("/events/host/", form_data()).status_code == 302
    response = client.post("/events/host/", form_data(title="A second one"))
    assert response.status_code == 400
    assert "You have proposed a lot of events in a short time." in response.content.decode()
    assert Event.objects.count() == 1


@pytest.fixture
def hosted_events(mentor: User, coordinator: User, make_user: Callable[..., User]) -> list[Event]:
    # Thirty approved events by one host, one registrant each: one message per event at most,
    # so only the host's own limit can stop them.
    events = []
    for n in range(30):
        starts = details()["starts_at"] + timedelta(hours=n)
        proposal = Event.objects.create(
            **details(title=f"Event {n}", starts_at=starts, ends_at=starts + timedelta(hours=1)),
            slug=f"event-{n}",
            host=mentor,
            review=Event.Review.PROPOSED,
        )
        event = hosting.proposal_approve(event=proposal, by=coordinator)
        services.registration_create(event=event, user=make_user(password=None))
        events.append(event)
    return events


def test_thirty_host_messages_in_a_loop_send_only_the_limit(
    mentor: User, hosted_events: list[Event]
) -> None:
    OutgoingEmail.objects.all().delete()
    done, refused = through_the_limit(
        lambda n: hosting.host_message_registrants(
            event=hosted_events[n], user=mentor, body="See you there!"
        )
    )
    assert done == 6 == HostMessage.objects.count()
    assert OutgoingEmail.objects.filter(kind="events.host_message").count() == 6
    assert refused[0].startswith("You have sent a lot of messages to registrants")


def test_the_message_form_says_so(mentor: User, hosted_events: list[Event], settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "events.host_message": (1, 3600)}
    client = Client()
    client.force_login(mentor)
    first, second = hosted_events[:2]
    client.post(f"/events/hosting/{first.pk}/message/", {"body": "Bring a pen!"})
    response = client.post(
        f"/events/hosting/{second.pk}/message/", {"body": "Bring a pen!"}, follow=True
    )
    assert "You have sent a lot of messages to registrants" in response.content.decode()
    assert HostMessage.objects.count() == 1
