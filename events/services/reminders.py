"""Reminders: a row per reminder, created with the registration, each handed to the outbox once."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from django.db import models
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events.calendar import CalendarParts
from events.emails import reminder_message
from events.models import Registration
from events.models import Reminder
from mentoring.core.jobs import enqueue
from mentoring.core.outbox import email_key
from mentoring.core.outbox import email_queue
from mentoring.core.outbox import emails_queue

EMAIL_KIND = "events.reminder"
# How long before the start each reminder is due, and until when its words stay true: until
# the next one is due, so "tomorrow" never arrives once the event starts within the hour.
LEAD = {Reminder.Kind.DAY_BEFORE: timedelta(days=1), Reminder.Kind.HOUR_BEFORE: timedelta(hours=1)}
# Keyed by the kind's value: a saved reminder's kind reads back as a plain str.
TRUE_UNTIL: dict[str, timedelta] = {
    Reminder.Kind.DAY_BEFORE: timedelta(hours=1),
    Reminder.Kind.HOUR_BEFORE: timedelta(),
}
ATTENDED = Registration.Attendance.ATTENDED
BATCH_TASK = "events.tasks.send_reminder_batch"
# Reminders per batch task: each batch is rendered, queued and sent over one SMTP connection.
BATCH_SIZE = 200


def reminders_enqueue(reminder_ids: list[int]) -> None:
    """Hand due reminders to the broker; if it is down, the next scan sends them instead."""
    for reminder_id in reminder_ids:
        enqueue("events.tasks.send_reminder", reminder_id)


def after_commit_send(reminders: list[Reminder]) -> None:
    ids = [r.pk for r in reminders]
    if ids:
        # robust: a failure after commit must never turn a saved registration into an error page.
        transaction.on_commit(lambda: reminders_enqueue(ids), robust=True)


def _outdated(reminder: Reminder, now: datetime) -> bool:
    """A "before it starts" reminder is outdated once the next one is due, or the start."""
    until = TRUE_UNTIL.get(reminder.kind)
    return until is not None and now >= reminder.registration.event.starts_at - until


def reminders_create(registration: Registration) -> list[Reminder]:
    """One row per kind still ahead; only the confirmation is due now, the scan finds the others
    later. Someone registering an hour before the start gets no "tomorrow" reminder."""
    event, now = registration.event, timezone.now()
    before = {kind: event.starts_at - lead for kind, lead in LEAD.items()}
    ahead = {kind: at for kind, at in before.items() if at > now}
    due = {
        Reminder.Kind.CONFIRMATION: now,
        **ahead,
        Reminder.Kind.FOLLOW_UP: event.ends_at + timedelta(hours=2),
    }
    rows = [Reminder(registration=registration, kind=k, due_at=at) for k, at in due.items()]
    Reminder.objects.bulk_create(rows)
    return [rows[0]]


def _due(now: datetime) -> models.QuerySet[Reminder]:
    """Reminders whose time has come; waitlisted people only get their confirmation."""
    active = Q(registration__status=Registration.Status.CONFIRMED) | Q(
        kind=Reminder.Kind.CONFIRMATION, registration__status=Registration.Status.WAITLISTED
    )
    due = Reminder.objects.filter(active, sent_at__isnull=True, due_at__lte=now)
    # The follow-up thanks people for coming: it waits for a check-in that says they came.
    return due.exclude(~Q(registration__attendance=ATTENDED), kind=Reminder.Kind.FOLLOW_UP)


def reminders_due(*, limit: int | None = None) -> list[int]:
    """Ids of every due reminder, oldest first (a limit only for callers that want one)."""
    ids = _due(timezone.now()).order_by("due_at", "id").values_list("id", flat=True)
    return list(ids[:limit] if limit is not None else ids)


def reminder_batches(reminder_ids: list[int]) -> list[list[int]]:
    size = BATCH_SIZE  # read when called: a test may change it
    return [reminder_ids[at : at + size] for at in range(0, len(reminder_ids), size)]


def reminders_enqueue_batches(reminder_ids: list[int]) -> int:
    """The scan hands every due reminder to the broker, BATCH_SIZE to a task; returns the tasks.

    A batch the broker loses leaves its reminders unstamped, so the next scan finds them.
    """
    batches = reminder_batches(reminder_ids)
    for batch in batches:
        enqueue(BATCH_TASK, batch)
    return len(batches)


def reminders_queue_batch(*, reminder_ids: list[int]) -> list[int]:
    """Queue the emails of a batch of due reminders; returns the new outbox rows' ids.

    The same rules as `reminder_send`, in a constant number of queries for the whole batch:
    one locks the batch's reminders that are still due (with their event, person and role),
    three queue the emails (`emails_queue`), one stamps them; only a waitlisted confirmation
    adds one, counting its place in line. Each event's calendar is built once.
    A second delivery of the batch finds the rows locked (skipped) or stamped (not due).
    """
    now, calendars = timezone.now(), CalendarParts()
    with transaction.atomic():
        reminders = list(
            _due(now)
            .filter(pk__in=reminder_ids)
            .select_related(
                "registration__event",
                "registration__user__profile",
                "registration__volunteer_role",
            )
            .select_for_update(skip_locked=True, of=("self",))
        )
        messages = []
        for reminder in reminders:
            if _outdated(reminder, now):
                continue  # stamped below, never sent: its words are no longer true
            message = reminder_message(reminder, calendars=calendars)
            key = email_key(EMAIL_KIND, reminder.kind, reminder.registration, to=message.to[0])
            messages.append((key, message))
        email_ids = emails_queue(kind=EMAIL_KIND, messages=messages)
        Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(sent_at=now)
    return email_ids


def reminder_send(*, reminder_id: int) -> bool:
    """Queue one reminder's email at most once: the row is locked, and a stamped row is left alone.

    The email is queued in the outbox inside the transaction that stamps sent_at ("handed to
    the outbox"), and the outbox sends it after the commit; a second delivery of the same task
    waits on the lock and then finds the stamp, and the outbox key is a second guard. Returns
    True if an email was queued.
    """
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
        absent = registration.attendance != ATTENDED
        if reminder.kind == Reminder.Kind.FOLLOW_UP and absent:
            return False  # kept for later: it goes out if a coordinator checks them in
        now = timezone.now()
        stale = registration.status == Registration.Status.CANCELLED or _outdated(reminder, now)
        if not stale:
            message = reminder_message(reminder)
            key = email_key(EMAIL_KIND, reminder.kind, registration, to=message.to[0])
            email_queue(key=key, kind=EMAIL_KIND, message=message)
        reminder.sent_at = now
        reminder.save(update_fields=["sent_at"])
        return not stale
