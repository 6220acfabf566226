"""Reminders on time at scale (#13, #16): one scan hands out everything due, a batch per task;
a batch is queued in a constant number of queries, builds each event's calendar once, and is
sent over one SMTP connection, still exactly once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from events.models import Event
from events.models import Reminder
from events.services import reminders
from events.tasks import send_due_reminders
from events.tasks import send_reminder_batch
from mentoring.core import outbox
from mentoring.core.models import OutgoingEmail
from tests.events.reminder_rows import due_reminders

COUNTING = "tests.events.test_reminder_batches.CountingSMTP"
Status = OutgoingEmail.Status


class CountingSMTP(EmailBackend):
    """Delivers to mail.outbox and counts the connections opened, as an SMTP server would."""

    opened = 0

    def open(self) -> bool:
        type(self).opened += 1
        return True


@pytest.fixture
def counting_smtp(settings: Any) -> type[CountingSMTP]:
    settings.EMAIL_BACKEND = COUNTING
    CountingSMTP.opened = 0
    mail.outbox.clear()
    return CountingSMTP


@pytest.fixture
def two_events(make_event: Callable[..., Event]) -> list[Event]:
    return [make_event(capacity=5000), make_event(capacity=5000)]


def send_one_batch(events: list[Event], per_event: int) -> list[int]:
    """`per_event` reminders due on each event, sent by one batch task, which queues them all."""
    ids = due_reminders(events, per_event)
    assert send_reminder_batch(ids) == len(events) * per_event
    return ids


def deliveries() -> Counter[str]:
    return Counter(m.to[0] for m in mail.outbox)


@pytest.mark.django_db(transaction=True)
def test_one_scan_hands_out_every_due_reminder_a_batch_per_task(
    counting_smtp: type[CountingSMTP], two_events: list[Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = due_reminders(two_events, 1250)  # 2,500: more than the old 1,000 per scan
    monkeypatch.setattr(reminders, "BATCH_SIZE", 500)

    assert send_due_reminders() == 2500  # eager: each batch is queued and sent in turn

    assert not Reminder.objects.filter(pk__in=ids, sent_at=None).exists()
    assert OutgoingEmail.objects.filter(kind="events.reminder", status=Status.SENT).count() == 2500
    assert len(deliveries()) == 2500 and set(deliveries().values()) == {1}
    assert counting_smtp.opened == 5, "one SMTP connection per batch of 500"


def queries_to_queue_and_send(events: list[Event], per_event: int) -> tuple[int, int]:
    ids = due_reminders(events, per_event, prefix=f"q{per_event}")
    with CaptureQueriesContext(connection) as queued:
        email_ids = reminders.reminders_queue_batch(reminder_ids=ids)
    with CaptureQueriesContext(connection) as sent:
        assert outbox.outbox_send_batch(email_ids=email_ids) == len(ids)
    return len(queued), len(sent)


@pytest.mark.django_db
def test_a_batch_takes_the_same_queries_whatever_its_size(
    counting_smtp: type[CountingSMTP], two_events: list[Event]
) -> None:
    # Batches of 10 and 60 (SQLite splits inserts past ~80 rows: kept below).
    small = queries_to_queue_and_send(two_events, 5)
    large = queries_to_queue_and_send(two_events, 30)
    assert small == large
    # queue: savepoint, lock the reminders, keys already queued, insert, new ids, stamp, release;
    # send: savepoint, claim, mark them sending, release, stamp.
    assert small == (7, 5), small
    assert len(mail.outbox) == 70


@pytest.mark.django_db
def test_a_batch_builds_each_events_calendar_once(
    counting_smtp: type[CountingSMTP], two_events: list[Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[object] = []
    original = Calendar.add_missing_timezones

    def counted(calendar: Calendar, *args: Any, **kwargs: Any) -> Any:
        built.append(calendar)
        return original(calendar, *args, **kwargs)

    monkeypatch.setattr(Calendar, "add_missing_timezones", counted)
    ids = due_reminders(two_events, 10)
    email_ids = reminders.reminders_queue_batch(reminder_ids=ids)

    assert len(email_ids) == 20 and len(built) == 2
    rows = OutgoingEmail.objects.filter(pk__in=email_ids)
    # Reused, yet each person's invitation is whole: their event's, confirmed.
    for row in rows:
        (name, content, mimetype) = row.attachments[0]
        vevent = Calendar.from_ical(content).walk("VEVENT")[0]
        event = next(e for e in two_events if name == f"{e.slug}.ics")
        assert str(vevent["uid"]) == f"event-{event.pk}@pay-it-forward"
        assert str(vevent["status"]) == "CONFIRMED"


@pytest.mark.django_db(transaction=True)
def test_a_batch_is_sent_over_one_smtp_connection(
    counting_smtp: type[CountingSMTP], two_events: list[Event]
) -> None:
    send_one_batch(two_events, 20)
    assert counting_smtp.opened == 1 and len(mail.outbox) == 40


@pytest.mark.django_db(transaction=True)
def test_a_batch_delivered_twice_sends_each_reminder_once(
    counting_smtp: type[CountingSMTP], two_events: list[Event]
) -> None:
    ids = send_one_batch(two_events, 15)
    assert send_reminder_batch(ids) == 0  # stamped: nothing queued again
    email_ids = list(OutgoingEmail.objects.values_list("id", flat=True))
    assert outbox.outbox_send_batch(email_ids=email_ids) == 0  # sent: not claimed again
    # Even a lost stamp (a restored backup) cannot queue them again: the keys are unique.
    Reminder.objects.filter(pk__in=ids).update(sent_at=None)
    assert send_reminder_batch(ids) == 0
    assert len(deliveries()) == 30 and set(deliveries().values()) == {1}
    assert OutgoingEmail.objects.count() == 30


@pytest.mark.django_db(transaction=True)
def test_a_failing_server_leaves_the_batch_pending_for_the_scan(
    settings: Any, two_events: list[Event]
) -> None:
    settings.EMAIL_BACKEND = "tests.mail_backends.FailingSMTP"
    ids = send_one_batch(two_events, 3)  # handed to the outbox, though the server fails
    rows = OutgoingEmail.objects.all()
    assert {(r.status, r.attempts) for r in rows} == {(Status.PENDING, 1)}
    assert all("SMTPServerDisconnected" in r.last_error for r in rows)
    assert not Reminder.objects.filter(pk__in=ids, sent_at=None).exists(), "handed to the outbox"
