"""What the events app holds about a person, and how it lets them go (promise 3).

Registered in apps.py with mentoring.core.privacy. Erasure frees every seat the person holds
(the waitlist moves up, as for any cancellation), withdraws the events they proposed that were
never published, and keeps the events that were: people registered for those, so they stay,
run by the coordinators, with the host's name and words taken out.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from events.models import CalendarFeed
from events.models import Event
from events.models import HostMessage
from events.models import Registration
from events.services.registrations import _fill_seats
from events.services.registrations import event_locked
from events.services.registrations import registration_cancel
from mentoring.core.privacy import person_identifiers
from mentoring.core.privacy import redact
from mentoring.core.translated import rewrite_every_language
from mentoring.people.models import User


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export(user: User) -> dict[str, Any]:
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("event", "volunteer_role")
        .prefetch_related("reminders")
    )
    hosted = Event.objects.filter(host=user).order_by("starts_at", "pk")
    messages = HostMessage.objects.filter(sender=user).select_related("event")
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "registrations": [
            {
                "event_id": r.event_id,
                "event": r.event.title,
                "starts_at": _when(r.event.starts_at),
                "role": r.role_label,
                "status": r.status,
                "registered_at": _when(r.created_at),
                "promoted_at": _when(r.promoted_at),
                "cancelled_at": _when(r.cancelled_at),
                "attendance": r.attendance,
                "checked_in_at": _when(r.checked_in_at),
                "reminders": [
                    {"kind": m.kind, "due_at": _when(m.due_at), "sent_at": _when(m.sent_at)}
                    for m in r.reminders.all()
                ],
            }
            for r in registrations
        ],
        "hosted_events": [
            {
                "id": e.pk,
                "title": e.title,
                "kind": e.kind,
                "description": e.description,
                "starts_at": _when(e.starts_at),
                "ends_at": _when(e.ends_at),
                "timezone": e.timezone,
                "venue": e.venue,
                "online_url": e.online_url,
                "capacity": e.capacity,
                "language": e.language,
                "host_reason": e.host_reason,
                "is_skill_session": e.is_skill_session,
                "status": e.status,
                "review": e.review,
                "review_message": e.review_message,
                "reviewed_at": _when(e.reviewed_at),
            }
            for e in hosted
        ],
        "host_messages": [
            {
                "event_id": m.event_id,
                "event": m.event.title,
                "body": m.body,
                "recipients": m.recipients,
                "sent_at": _when(m.sent_at),
            }
            for m in messages
        ],
        "calendar_feed": {"url": feed.get_absolute_url()} if feed else None,
    }


def erase(user: User) -> None:
    found = person_identifiers(user)
    now = timezone.now()
    for registration in Registration.objects.active().filter(user=user, event__ends_at__gt=now):
        _cancel(registration)
    for event in Event.objects.filter(host=user):
        if _is_unpublished_proposal(event):
            event.delete()  # withdrawn: all of it is the person's own words
        else:
            _hand_over(event, found)
    HostMessage.objects.filter(sender=user).update(body="")
    CalendarFeed.objects.filter(user=user).delete()


def _cancel(registration: Registration) -> None:
    """Cancel as the person would, promoting the waitlist; past the deadline too."""
    try:
        registration_cancel(registration=registration)
    except ValidationError:
        _cancel_late(registration)


def _cancel_late(registration: Registration) -> None:
    # The cancellation deadline protects an organiser from late no-shows; a deleted account
    # will not come either way, and its seat is better given to the first person waiting.
    with transaction.atomic():
        event = event_locked(registration.event)
        if event.ends_at <= timezone.now():
            return  # over: the registration stays as the (anonymous) record of the event
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status == Registration.Status.CANCELLED:
            return
        was_confirmed = locked.status == Registration.Status.CONFIRMED
        locked.status, locked.cancelled_at = Registration.Status.CANCELLED, timezone.now()
        locked.save(update_fields=["status", "cancelled_at"])
        if was_confirmed:
            _fill_seats(event, locked.volunteer_role)


def _is_unpublished_proposal(event: Event) -> bool:
    # A draft nobody could ever register for; one with registrations (a coordinator took it
    # back to draft) is kept, for the people on it.
    return event.status == Event.Status.DRAFT and not event.registrations.exists()


def _hand_over(event: Event, found: list[str]) -> None:
    """A hosted event others may attend stays, as a coordinators' event without the host."""
    event.host = None  # the host's reminder and thanks would go to a deleted address
    event.host_reason = ""
    # Organizer shows on public pages: blank rather than "[deleted]" when it named the host.
    if redact(event.organizer, found) != event.organizer:
        event.organizer = ""
    texts = [
        *rewrite_every_language(event, "title", lambda text: redact(text, found)),
        *rewrite_every_language(event, "description", lambda text: redact(text, found)),
    ]
    event.review_message = redact(event.review_message, found)
    # sequence too: a changed title is a calendar change (Event.save bumps it).
    event.save(
        update_fields=[
            "host",
            "host_reason",
            "organizer",
            *texts,
            "review_message",
            "sequence",
        ]
    )
