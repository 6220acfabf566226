"""Event fixtures: a published event next week with a few seats, and its volunteer roles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from events.models import Event, VolunteerRole


@pytest.fixture
def make_event(db: None) -> Callable[..., Event]:
    def make(**fields: Any) -> Event:
        # Whole seconds: iCalendar has no microseconds, so times compare exactly after a round trip.
        soon = (timezone.now() + timedelta(days=7)).replace(microsecond=0)
        starts = fields.pop("starts_at", soon)
        n = Event.objects.count() + 1
        defaults: dict[str, Any] = {
            "title": f"Kick-off workshop {n}",
            "slug": f"kick-off-{n}-{starts:%Y%m%d%H%M%S%f}",
            "kind": Event.Kind.WORKSHOP,
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "venue": "Springfield Library, Room 2",
            "capacity": 3,
            "status": Event.Status.PUBLISHED,
            "timezone": "America/Chicago",
        }
        defaults.update(fields)
        return Event.objects.create(**defaults)

    return make


@pytest.fixture
def event(make_event: Callable[..., Event]) -> Event:
    # Three seats: small enough that a handful of people fill it and start a waitlist.
    return make_event(title="January kick-off workshop", capacity=3)


@pytest.fixture
def greeter(event: Event) -> VolunteerRole:
    # One greeter slot: the second volunteer for it goes on the role's own waitlist.
    return VolunteerRole.objects.create(event=event, name="Greeter", slots=1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # Event tests create dozens of people; the real hasher would make that take seconds each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
