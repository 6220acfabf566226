"""Writes across events, registrations and reminders. Each function owns its transaction.

Capacity is locked before it is counted: every registration, cancellation and capacity change
for an event first takes the event row with SELECT … FOR UPDATE (on SQLite the IMMEDIATE
transaction mode already serialises writers), so two requests can never both take the last seat.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import MAX_CAPACITY
from events.models import CalendarFeed
from events.models import Event
from events.models import Registration
from events.models import Reminder
from events.models import VolunteerRole
from events.models import new_feed_token
from events.services.reminders import after_commit_send
from events.services.reminders import reminders_create
from mentoring.people.models import User


def event_locked(event: Event) -> Event:
    """The event row, re-read under SELECT … FOR UPDATE: the lock every seat count waits on."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _seat_limit(event: Event, role: VolunteerRole | None) -> int:
    return role.slots if role else event.capacity


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
    after_commit_send(reminders)
    return promoted


def registration_create(
    *, event: Event, user: User, volunteer_role: VolunteerRole | None = None
) -> Registration:
    """Confirm a seat if one is free, else waitlist. Registering twice returns the first one."""
    if volunteer_role is not None and volunteer_role.event_id != event.pk:
        raise ValidationError(_("That volunteer role belongs to another event."))
    try:
        with transaction.atomic():
            event = event_locked(event)
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
            after_commit_send(reminders_create(registration))
            return registration
    except IntegrityError:
        # A double submit that slipped past the lock (or ran without it, as the race test
        # does): the database's one-active-registration constraint kept one row, and that
        # is the answer.
        existing = Registration.objects.active().filter(event=event, user=user).first()
        if existing is None:
            raise
        return existing


def registration_cancel(*, registration: Registration) -> Registration | None:
    """Free the seat and promote the first waitlisted person; returns who was promoted."""
    with transaction.atomic():
        event = event_locked(registration.event)
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
        locked = event_locked(event)
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


def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new secret for the person's calendar feed; the old URL stops working at once."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed
