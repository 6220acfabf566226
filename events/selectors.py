"""Reads about events that the admin and the coordinator's to-do share."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import QuerySet
from django.utils import timezone

from events.models import Event
from events.models import Registration


def events_this_week_with_waitlist(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events starting in the next seven days that people are waiting for a place at: a seat
    freed now still reaches someone in time."""
    now = timezone.now()
    waiting = Registration.objects.filter(
        event=OuterRef("pk"), status=Registration.Status.WAITLISTED
    )
    return events.filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=7)).filter(
        Exists(waiting)
    )
