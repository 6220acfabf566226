"""Event fixtures: a published event next week with a few seats, and its volunteer roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from events.models import Event
from events.models import VolunteerRole
from events.services import hosting
from mentoring.people.models import User
from tests.events.hosting_data import details
from tests.factories import EventFactory
from tests.factories import VolunteerRoleFactory


@pytest.fixture
def make_event(db: None) -> Callable[..., Event]:
    def make(**fields: Any) -> Event:
        # A published workshop next week, three seats, whole-second times (see EventFactory).
        return EventFactory.create(**fields)

    return make


@pytest.fixture
def event(make_event: Callable[..., Event]) -> Event:
    # Three seats: small enough that a handful of people fill it and start a waitlist.
    return make_event(title="January kick-off workshop", capacity=3)


@pytest.fixture
def greeter(event: Event) -> VolunteerRole:
    # One greeter slot: the second volunteer for it goes on the role's own waitlist.
    return VolunteerRoleFactory.create(event=event, name="Greeter", slots=1)


@pytest.fixture
def proposal(mentor: User) -> Event:
    # Marisol proposes a small workshop: two seats, so a third person waits.
    return hosting.proposal_create(host=mentor, details=details())
