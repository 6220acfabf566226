"""The outbox keeps promise 1: every queued email goes out exactly once, never inside a transaction.

Most tests run in pytest-django's `db` fixture, where the whole test sits inside one atomic
block and on_commit callbacks only run under `django_capture_on_commit_callbacks`. The tests
about "never inside a transaction" are transactional, so `in_atomic_block` is the real thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import kombu.exceptions
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from mentoring.core import outbox
from mentoring.core import tasks
from mentoring.core.jobs import task_named
from mentoring.core.models import LEASE
from mentoring.core.models import OutgoingEmail
from tests.core.outbox_rows import ANA
from tests.core.outbox_rows import message
from tests.core.outbox_rows import queue
from tests.mail_backends import REFUSES_TRANSACTIONS

pytestmark = pytest.mark.django_db

Status = OutgoingEmail.Status

# --- Queueing -------------------------------------------------------------------------------------


def test_the_key_names_kind_object_and_recipient() -> None:
    group = Group(pk=12)
    key = outbox.email_key("events.reminder", "day_before", group, to=" Ana@Example.org ")
    assert key == "events.reminder:day_before:group=12:to=ana@example.org"


def test_queueing_the_same_key_twice_keeps_one_row_and_sends_once(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = queue()
        second = queue(subject="A different rendering")
    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert second.subject == "See you on Saturday"
    assert [m.subject for m in mail.outbox] == ["See you on Saturday"]


def test_nothing_is_queued_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    class Undo(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Undo),
        transaction.atomic(),
    ):
        queue()
        raise Undo
    assert not OutgoingEmail.objects.exists()
    assert callbacks == []
    assert mail.outbox == []


def test_a_queued_email_keeps_its_html_attachments_and_headers() -> None:
    email = message()
    email.attach_alternative("<p>Hello</p>", "text/html")
    email.attach("event.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    email.extra_headers["List-Unsubscribe"] = "<https://example.org/u/1>"
    email.reply_to = ["host@example.org"]
    row = outbox.email_queue(key="k", kind="test.kind", message=email)

    outbox.outbox_send(email_id=row.pk)

    (sent,) = mail.outbox
    assert sent.body == "Plain text & <no> escaping."
    assert sent.alternatives[0][:2] == ("<p>Hello</p>", "text/html")
    assert sent.attachments[0][0] == "event.ics"
    assert sent.attachments[0][2] == "text/calendar"
    assert sent.extra_headers["List-Unsubscribe"] == "<https://example.org/u/1>"
    assert sent.message()["Reply-To"] == "host@example.org"


def test_an_email_has_exactly_one_recipient() -> None:
    email = EmailMultiAlternatives("Hi", "Body", None, [ANA, "bo@example.org"])
    with pytest.raises(ValueError, match="one recipient"):
        outbox.email_queue(key="k", kind="test.kind", message=email)
    assert not OutgoingEmail.objects.exists()


@dataclass
class Person:
    # The shape core.mail knows a recipient by: a Spanish speaker in Mexico City.
    email: str = "lucia@example.org"
    language: str = "es"
    timezone: str = "America/Mexico_City"
    greeting_name: str = "Lucía"


def test_a_templated_email_is_rendered_in_the_recipients_language_and_timezone(
    settings: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "email"
    folder.mkdir()
    (folder / "hello_subject.txt").write_text("Hello {{ name }}")
    (folder / "hello.txt").write_text(
        "{% load i18n tz %}{% get_current_language as lang %}{% get_current_timezone as tz %}"
        "{{ lang }} {{ tz }} {{ name }}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    row = outbox.templated_email_queue(
        key="test.hello:to=lucia@example.org",
        kind="test.hello",
        to=Person(),
        template="email/hello",
        context={"name": "Lucía"},
    )

    assert row.to == "lucia@example.org"
    assert row.subject.endswith("Hello Lucía")
    assert row.text_body.startswith("es America/Mexico_City")


# --- Sending --------------------------------------------------------------------------------------


def test_an_email_is_sent_once_and_a_second_delivery_sends_nothing() -> None:
    row = queue()

    assert outbox.outbox_send(email_id=row.pk) is True
    assert outbox.outbox_send(email_id=row.pk) is False

    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.sent_at is not None
    assert row.attempts == 1
    assert outbox.outbox_due() == []


def test_a_delivery_while_another_worker_is_sending_sends_nothing() -> None:
    row = queue()
    OutgoingEmail.objects.filter(pk=row.pk).update(
        status=Status.SENDING, claimed_at=timezone.now(), attempts=1
    )

    assert outbox.outbox_send(email_id=row.pk) is False
    assert mail.outbox == []
    assert outbox.outbox_due() == []


def test_a_failing_smtp_server_leaves_the_email_pending_with_backoff(failing_smtp: None) -> None:
    row = queue()

    assert outbox.outbox_send(email_id=row.pk) is False

    row.refresh_from_db()
    assert row.status == Status.PENDING
    assert row.attempts == 1
    assert "SMTPServerDisconnected" in row.last_error
    wait = row.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1)
    assert outbox.outbox_due() == [], "not due again before its backoff"
    assert outbox.outbox_send(email_id=row.pk) is False, "an early redelivery waits too"
    row.refresh_from_db()
    assert row.attempts == 1

    OutgoingEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    outbox.outbox_send(email_id=row.pk)
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.next_attempt_at - timezone.now() > timedelta(minutes=1, seconds=50)


def test_the_email_is_failed_after_the_last_attempt(failing_smtp: None) -> None:
    row = queue()
    OutgoingEmail.objects.filter(pk=row.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)

    assert outbox.outbox_send(email_id=row.pk) is False

    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.attempts == outbox.MAX_ATTEMPTS
    assert outbox.outbox_due() == []
    assert outbox.oldest_unsent_age() is None, "failed rows wait for a coordinator"


def test_the_backoff_doubles_and_is_capped() -> None:
    waits = [outbox._backoff(n) for n in range(1, outbox.MAX_ATTEMPTS + 1)]
    assert waits[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert max(waits) == outbox.BACKOFF_CAP
    assert outbox.BACKOFF_CAP < LEASE * 100  # hours, not days


def test_a_claim_whose_worker_died_is_picked_up_again() -> None:
    row, live = queue(), queue(key="another", to="bo@example.org")
    long_ago = timezone.now() - LEASE - timedelta(seconds=1)
    OutgoingEmail.objects.filter(pk=row.pk).update(
        status=Status.SENDING, claimed_at=long_ago, attempts=1
    )
    OutgoingEmail.objects.filter(pk=live.pk).update(
        status=Status.SENDING, claimed_at=timezone.now(), attempts=1
    )

    assert outbox.outbox_due() == [row.pk]
    assert outbox.outbox_send(email_id=row.pk) is True
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)


def test_a_worker_that_dies_on_the_last_attempt_leaves_the_email_failed() -> None:
    row = queue()
    OutgoingEmail.objects.filter(pk=row.pk).update(
        status=Status.SENDING,
        claimed_at=timezone.now() - LEASE * 2,
        attempts=outbox.MAX_ATTEMPTS,
    )

    assert outbox.outbox_send(email_id=row.pk) is False
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert mail.outbox == []


def test_it_refuses_to_send_inside_a_transaction() -> None:
    row = queue()
    with pytest.raises(RuntimeError, match="after the transaction commits"), transaction.atomic():
        outbox.outbox_send(email_id=row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.PENDING, 0)
    assert mail.outbox == []


def test_an_email_queued_inside_an_app_transaction_is_sent_after_it(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """The pattern every app's tests will use: a service's atomic block, then the commit."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue()
        assert mail.outbox == [], "nothing leaves before the commit"
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.get().status == Status.SENT


# --- The broker and the scan ----------------------------------------------------------------------


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise kombu.exceptions.OperationalError("Error 111 connecting to redis:6379")

    monkeypatch.setattr(type(task_named(outbox.SEND_TASK)), "delay", refuse)


def test_a_broker_that_is_down_at_commit_only_delays_the_email(
    broker_down: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        row = queue()  # no error reaches the caller
    assert mail.outbox == []
    assert OutgoingEmail.objects.get().status == Status.PENDING
    assert outbox.outbox_due() == [row.pk]


def test_the_scan_sends_every_email_the_broker_never_delivered() -> None:
    queue(key="one"), queue(key="two", to="bo@example.org")

    assert tasks.outbox_scan() == 2

    assert sorted(m.to[0] for m in mail.outbox) == [ANA, "bo@example.org"]
    assert tasks.outbox_scan() == 0
    assert len(mail.outbox) == 2


def test_the_scan_is_on_the_beat_schedule(settings: Any) -> None:
    (entry,) = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "mentoring.core.tasks.outbox_scan"
    ]
    assert entry["schedule"] <= 60


def test_the_management_command_sends_what_is_due_and_says_how_many() -> None:
    queue(key="one"), queue(key="two", to="bo@example.org")
    sent = queue(key="three", to="cy@example.org")
    outbox.outbox_send(email_id=sent.pk)
    mail.outbox.clear()

    out = StringIO()
    call_command("send_outbox", stdout=out)

    assert out.getvalue().startswith("2 email(s) sent, 2 due")
    assert len(mail.outbox) == 2


# --- Never inside a transaction, against the real thing ----------------------------------------


@pytest.fixture
def smtp_that_refuses_transactions(settings: Any) -> None:
    settings.EMAIL_BACKEND = REFUSES_TRANSACTIONS


@pytest.mark.django_db(transaction=True)
def test_the_fake_smtp_server_can_tell_it_was_called_inside_a_transaction(
    smtp_that_refuses_transactions: None,
) -> None:
    """The harness first proves it would see the fault the next test looks for."""
    mail.send_mail("Outside", "Body", None, [ANA])
    assert len(mail.outbox) == 1
    with pytest.raises(pytest.fail.Exception), transaction.atomic():
        mail.send_mail("Inside", "Body", None, [ANA])


@pytest.mark.django_db(transaction=True)
def test_smtp_is_never_contacted_inside_transaction_atomic(
    smtp_that_refuses_transactions: None,
) -> None:
    with transaction.atomic():
        with transaction.atomic():
            queue()
        assert mail.outbox == [], "not at the end of a savepoint either"
    # Celery is eager here: the commit ran the task, outside every atomic block.
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.get().status == Status.SENT
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.outbox_send(email_id=OutgoingEmail.objects.get().pk)


def test_outside_a_transaction_the_email_is_handed_to_the_worker_at_once() -> None:
    # As in production's autocommit, where on_commit runs at once: nothing is left waiting.
    row = outbox.email_queue(key="now:to=ana@example.org", kind="test.kind", message=message())
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1
