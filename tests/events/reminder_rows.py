"""Many due reminders at once, written in bulk: the batch tests and bench/reminders.py need
thousands, and registering each person through the services would take minutes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from events.models import Event
from events.models import Registration
from events.models import Reminder
from mentoring.people.models import User


def due_reminders(events: list[Event], per_event: int, *, prefix: str = "due") -> list[int]:
    """`per_event` confirmed people on each event, each with a "starts in an hour" reminder
    due a minute ago (the event starts later, so it is not outdated); returns their ids."""
    users = User.objects.bulk_create(
        [
            User(email=f"{prefix}-{event.pk}-{i}@example.org", timezone="Europe/Paris")
            for event in events
            for i in range(per_event)
        ]
    )
    registrations = Registration.objects.bulk_create(
        [
            Registration(event=events[n // per_event], user=user, status="confirmed")
            for n, user in enumerate(users)
        ]
    )
    due = timezone.now() - timedelta(minutes=1)
    rows = Reminder.objects.bulk_create(
        [Reminder(registration=r, kind="hour_before", due_at=due) for r in registrations]
    )
    return [row.pk for row in rows]
