"""Reminders go out exactly once: duplicate deliveries, worker restarts and a dead broker."""

from __future__ import annotations

import zoneinfo
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from events.models import Event
from events.models import Registration
from events.models import Reminder
from events.services import registrations as services
from events.tasks import send_due_reminders
from events.tasks import send_reminder
from mentoring.celery import app as celery_app
from mentoring.core.models import OutgoingEmail
from mentoring.core.tasks import outbox_scan
from mentoring.people.models import User
from tests.conftest import redis_is_reachable
from tests.conftest import require
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def register(event: Event, make_user: Callable[..., User], n: int) -> list[Registration]:
    users = [make_user(f"r{i}@example.org", timezone="Europe/Paris") for i in range(n)]
    return [services.registration_create(event=event, user=u) for u in users]


def make_day_before_due(event: Event) -> list[int]:
    Reminder.objects.filter(kind="day_before").update(due_at=timezone.now() - timedelta(minutes=1))
    return list(Reminder.objects.filter(kind="day_before").values_list("id", flat=True))


def sent_subjects() -> Counter[tuple[str, str]]:
    return Counter((m.to[0], m.subject) for m in mail.outbox)


def all_sent() -> bool:
    # A stamped reminder is one handed to the outbox; the email leaves in the next task.
    return OutgoingEmail.objects.exists() and not OutgoingEmail.objects.unsent().exists()


def test_an_email_has_text_html_the_events_own_time_ics_and_a_cancel_link(event, make_user) -> None:
    mail.outbox.clear()
    (registration,) = register(event, make_user, 1)  # the recipient lives in Paris
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    local = timezone.localtime(event.starts_at, zoneinfo.ZoneInfo("America/Chicago"))
    assert f"{local:%H:%M}–" in message.body and "(America/Chicago)" in message.body
    assert "Europe/Paris" not in message.body and "(America/Chicago)" in html
    assert "/events/cancel/" in message.body and "/events/cancel/" in html
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    vevent = Calendar.from_ical(content).walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == event.starts_at


def test_the_command_sends_each_due_reminder_once(event, make_user) -> None:
    register(event, make_user, 3)
    make_day_before_due(event)
    mail.outbox.clear()
    call_command("send_due_reminders")
    call_command("send_due_reminders")
    assert len(mail.outbox) == 3
    assert all("Tomorrow" in m.subject for m in mail.outbox)


def test_the_follow_up_invites_attendees_to_thank_their_mentor(event, make_user) -> None:
    services.attendance_mark(registrations=register(event, make_user, 1), attended=True)
    Reminder.objects.filter(kind="follow_up").update(due_at=timezone.now())
    mail.outbox.clear()
    call_command("send_due_reminders")
    assert "thank your mentor" in mail.outbox[0].body.lower()


def test_cancelled_and_waitlisted_people_get_no_event_reminders(event, make_user) -> None:
    regs = register(event, make_user, 5)  # 3 confirmed, 2 waitlisted
    services.registration_cancel(registration=regs[4])
    Registration.objects.filter(pk=regs[3].pk).update(status="waitlisted")
    make_day_before_due(event)
    mail.outbox.clear()
    call_command("send_due_reminders")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in regs[:3])


# --- With a real worker ---------------------------------------------------------------------------


@pytest.mark.redis
def test_each_reminder_is_sent_once_when_its_task_is_delivered_twice(
    worker_factory, one_writer, make_event, make_user
) -> None:
    event = make_event(capacity=10)
    register(event, make_user, 4)  # the confirmations wait in Redis for the worker
    ids = make_day_before_due(event)
    with worker_factory():
        assert wait_for(
            lambda: not Reminder.objects.filter(kind="confirmation", sent_at=None).exists()
        )
        for reminder_id in ids:
            send_reminder.delay(reminder_id)
            send_reminder.delay(reminder_id)
        send_due_reminders.delay()
        assert wait_for(lambda: not Reminder.objects.filter(pk__in=ids, sent_at=None).exists())
        assert wait_for(all_sent)
        # Let late duplicates land.
        assert wait_for(lambda: len(mail.outbox) >= 8, timeout=3) or True
    counts = sent_subjects()
    assert len(counts) == 8 and set(counts.values()) == {1}, counts


@pytest.fixture
def worker_factory(transactional_db: None) -> Iterator[Callable[[], object]]:
    require(redis_is_reachable(), "needs Redis (REDIS_URL) for a real worker", "REQUIRE_SERVICES")
    from celery.contrib.testing.worker import start_worker

    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False

    def start() -> object:
        return start_worker(
            celery_app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=15
        )

    yield start
    celery_app.conf.task_always_eager = before


@pytest.fixture
def one_writer(transactional_db: None) -> Iterator[None]:
    """The worker writes; this thread only reads, without waiting on the worker's locks.

    The SQLite test database is in memory with a shared cache, where two connections that touch
    the same table at once fail at once ("database table is locked") instead of waiting. So the
    test writes only while no worker runs, and reads uncommitted rows while one does.
    """
    if connection.vendor != "sqlite":  # PostgreSQL readers never wait on writers
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA read_uncommitted = 1")
    yield
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA read_uncommitted = 0")


@pytest.mark.redis
def test_nothing_is_lost_when_the_worker_stops_mid_scan(
    worker_factory, one_writer, make_event, make_user
) -> None:
    event = make_event(capacity=10)
    register(event, make_user, 6)
    ids = make_day_before_due(event)
    with worker_factory():
        send_due_reminders.delay()
    # The first worker is gone, perhaps with tasks unsent; the next scans hand them out again.
    with worker_factory():
        send_due_reminders.delay()
        assert wait_for(lambda: not Reminder.objects.filter(pk__in=ids, sent_at=None).exists())
        assert wait_for(
            lambda: not Reminder.objects.filter(kind="confirmation", sent_at=None).exists()
        )
        outbox_scan.delay()
        assert wait_for(all_sent)
    counts = sent_subjects()
    assert len(counts) == 12 and set(counts.values()) == {1}, counts


# --- With the broker down ---------------------------------------------------------------------


def forget_connections() -> None:
    # The app caches its broker connections; drop them so the next publish uses broker_url.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down(settings) -> Iterator[None]:  # noqa: ANN001
    before = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    celery_app.conf.task_always_eager = False
    forget_connections()
    yield
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = before
    forget_connections()


def test_registrations_succeed_with_the_broker_down_and_the_scan_sends_later(
    broker_down, make_event, make_user
) -> None:
    event = make_event(capacity=30)
    mail.outbox.clear()
    regs = register(event, make_user, 20)
    assert all(r.status == "confirmed" for r in regs)
    assert mail.outbox == []
    call_command("send_due_reminders")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in regs)


def test_a_host_email_waits_for_the_next_scan_when_the_broker_is_down(
    broker_down, make_event, make_user
) -> None:
    host = make_user()
    starts = timezone.now() + timedelta(hours=20)
    make_event(starts_at=starts, host=host, review=Event.Review.APPROVED, host_reason="To help.")
    mail.outbox.clear()
    assert send_due_reminders() == 1  # run in-process: the enqueue fails, nothing raises
    assert mail.outbox == []
    call_command("send_due_reminders")
    assert [m.to for m in mail.outbox] == [[host.email]]
