"""Writes across events, registrations and reminders. Each function owns its transaction.

Capacity is locked before it is counted: every registration, cancellation and capacity change
for an event first takes the event row with SELECT … FOR UPDATE (on SQLite the IMMEDIATE
transaction mode already serialises writers), so two requests can never both take the last seat.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import kombu.exceptions
import redis.exceptions
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import (
    MAX_CAPACITY,
    CalendarFeed,
    Event,
    Registration,
    Reminder,
    VolunteerRole,
    new_feed_token,
)
from mentoring.models import User

logger = logging.getLogger(__name__)

# Test-only switch: the race test turns it off to prove its harness can see overbooking.
LOCK_ROWS = True

BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)


def _locked_event(event: Event) -> Event:
    events = Event.objects.select_for_update() if LOCK_ROWS else Event.objects.all()
    return events.get(pk=event.pk)


def _seat_limit(event: Event, role: VolunteerRole | None) -> int:
    return role.slots if role else event.capacity


def reminders_enqueue(reminder_ids: list[int]) -> None:
    """Hand due reminders to the broker; if it is down, the next scan sends them instead."""
    from events.tasks import send_reminder

    for reminder_id in reminder_ids:
        try:
            send_reminder.delay(reminder_id)
        except BROKER_ERRORS:
            logger.warning("Broker unreachable; reminder %s waits for the next scan", reminder_id)


def _after_commit_send(reminders: list[Reminder]) -> None:
    ids = [r.pk for r in reminders]
    if ids:
        # robust: a failure after commit must never turn a saved registration into an error page.
        transaction.on_commit(lambda: reminders_enqueue(ids), robust=True)


def _reminders_create(registration: Registration) -> list[Reminder]:
    """One row per kind; only the confirmation is due now, the scan finds the others later."""
    event, now = registration.event, timezone.now()
    due = {
        Reminder.Kind.CONFIRMATION: now,
        Reminder.Kind.DAY_BEFORE: event.starts_at - timedelta(days=1),
        Reminder.Kind.HOUR_BEFORE: event.starts_at - timedelta(hours=1),
        Reminder.Kind.FOLLOW_UP: event.ends_at + timedelta(hours=2),
    }
    rows = [Reminder(registration=registration, kind=k, due_at=at) for k, at in due.items()]
    Reminder.objects.bulk_create(rows)
    return [rows[0]]


def _fill_seats(event: Event, role: VolunteerRole | None) -> list[Registration]:
    """Promote waitlisted people, first come first served, while seats are free."""
    seats = Registration.objects.for_seat(event, role)
    free = _seat_limit(event, role) - seats.confirmed().count()
    if free <= 0:
        return []
    promoted = list(seats.waitlisted().order_by("created_at", "id")[:free])
    now = timezone.now()
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
    reminders = [
        Reminder.objects.create(registration=r, kind=Reminder.Kind.PROMOTION, due_at=now)
        for r in promoted
    ]
    _after_commit_send(reminders)
    return promoted


def registration_create(
    *, event: Event, user: User, volunteer_role: VolunteerRole | None = None
) -> Registration:
    """Confirm a seat if one is free, else waitlist. Registering twice returns the first one."""
    if volunteer_role is not None and volunteer_role.event_id != event.pk:
        raise ValidationError(_("That volunteer role belongs to another event."))
    try:
        with transaction.atomic():
            event = _locked_event(event)
            existing = Registration.objects.active().filter(event=event, user=user).first()
            if existing:
                return existing
            reason = event.closed_reason()
            if reason:
                raise ValidationError(reason)
            taken = Registration.objects.for_seat(event, volunteer_role).confirmed().count()
            full = taken >= _seat_limit(event, volunteer_role)
            registration = Registration.objects.create(
                event=event,
                user=user,
                volunteer_role=volunteer_role,
                status=Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED,
            )
            _after_commit_send(_reminders_create(registration))
            return registration
    except IntegrityError:
        # A double submit that slipped past the lock (or ran with it off): the database's
        # one-active-registration constraint kept one row, and that is the answer.
        existing = Registration.objects.active().filter(event=event, user=user).first()
        if existing is None:
            raise
        return existing


def registration_cancel(*, registration: Registration) -> Registration | None:
    """Free the seat and promote the first waitlisted person; returns who was promoted."""
    with transaction.atomic():
        event = _locked_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return None
        now = timezone.now()
        if event.ends_at <= now:
            raise ValidationError(_("This event is over; there is nothing to cancel."))
        if event.cancellation_deadline and now > event.cancellation_deadline:
            raise ValidationError(_("The cancellation deadline has passed."))
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        if not was_confirmed:
            return None
        promoted = _fill_seats(event, registration.volunteer_role)
        return promoted[0] if promoted else None


def capacity_change(*, event: Event, capacity: int) -> list[Registration]:
    """Set attendee capacity; never below the confirmed count. Returns who got promoted."""
    if not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError(
            _("Capacity must be between 1 and %(max)s.") % {"max": f"{MAX_CAPACITY:,}"}
        )
    with transaction.atomic():
        locked = _locked_event(event)
        confirmed = Registration.objects.for_seat(locked, None).confirmed().count()
        if capacity < confirmed:
            raise ValidationError(
                _("%(n)s people are already confirmed; capacity cannot go below that.")
                % {"n": confirmed}
            )
        locked.capacity = capacity
        locked.save(update_fields=["capacity"])
        event.capacity = capacity
        return _fill_seats(locked, None)


def attendance_mark(*, registrations: list[Registration], attended: bool) -> int:
    """Check people in (or record a no-show) at the door."""
    value = Registration.Attendance.ATTENDED if attended else Registration.Attendance.NO_SHOW
    ids = [r.pk for r in registrations if r.status == Registration.Status.CONFIRMED]
    return Registration.objects.filter(pk__in=ids).update(
        attendance=value, checked_in_at=timezone.now()
    )


def reminders_due(*, limit: int = 1000) -> list[int]:
    """Ids of reminders whose time has come; waitlisted people only get their confirmation."""
    active = Q(registration__status=Registration.Status.CONFIRMED) | Q(
        kind=Reminder.Kind.CONFIRMATION, registration__status=Registration.Status.WAITLISTED
    )
    due = Reminder.objects.filter(active, sent_at__isnull=True, due_at__lte=timezone.now())
    return list(due.order_by("due_at", "id").values_list("id", flat=True)[:limit])


def reminder_send(*, reminder_id: int) -> bool:
    """Send one reminder at most once: the row is locked, and a sent row is left alone.

    The email goes out inside the transaction that stamps sent_at, so a second delivery of the
    same task waits on the lock and then sees it was sent. Returns True if an email went out.
    """
    from events.emails import reminder_message

    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(pk=reminder_id).first()
        if reminder is None or reminder.sent_at is not None:
            return False
        registration = Registration.objects.select_related("event", "user", "volunteer_role").get(
            pk=reminder.registration_id
        )
        reminder.registration = registration
        waiting = registration.status == Registration.Status.WAITLISTED
        if waiting and reminder.kind != Reminder.Kind.CONFIRMATION:
            return False  # kept for later: it goes out if the person is promoted in time
        now = timezone.now()
        before_start = reminder.kind in (Reminder.Kind.DAY_BEFORE, Reminder.Kind.HOUR_BEFORE)
        stale = registration.status == Registration.Status.CANCELLED or (
            before_start and registration.event.starts_at <= now
        )
        if not stale:
            reminder_message(reminder).send()
        reminder.sent_at = now
        reminder.save(update_fields=["sent_at"])
        return not stale


def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new secret for the person's calendar feed; the old URL stops working at once."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed
