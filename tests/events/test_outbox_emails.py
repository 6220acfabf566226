"""Event emails leave through the outbox: queued with the change, sent once, never in a transaction.

Transactional tests: the services' own atomic blocks are real, so the fake SMTP server below can
tell whether it is reached inside one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from events.models import Event
from events.models import Registration
from events.models import Reminder
from events.services import hosting
from events.services import registrations as services
from events.services import reminders
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import User
from tests.mail_backends import FAILING
from tests.mail_backends import REFUSES_TRANSACTIONS
from tests.mail_backends import SMTPThatRefusesTransactions

pytestmark = pytest.mark.django_db(transaction=True)

Status = OutgoingEmail.Status


@pytest.fixture
def strict_smtp(settings: Any) -> None:
    settings.EMAIL_BACKEND = REFUSES_TRANSACTIONS


def test_a_reminder_delivered_twice_is_queued_once_and_sent_once(
    strict_smtp: None, event: Event, make_user: Callable[..., User]
) -> None:
    registration = services.registration_create(event=event, user=make_user("ana@example.org"))
    day_before = Reminder.objects.get(registration=registration, kind="day_before")
    Reminder.objects.filter(pk=day_before.pk).update(due_at=timezone.now())
    mail.outbox.clear()

    assert reminders.reminder_send(reminder_id=day_before.pk) is True
    assert reminders.reminder_send(reminder_id=day_before.pk) is False
    # Even a stamp that was lost (a restored backup) cannot queue it again: the key is unique.
    Reminder.objects.filter(pk=day_before.pk).update(sent_at=None)
    reminders.reminder_send(reminder_id=day_before.pk)

    key = f"events.reminder:day_before:registration={registration.pk}:to=ana@example.org"
    row = OutgoingEmail.objects.get(key=key)
    assert (row.kind, row.status) == ("events.reminder", Status.SENT)
    assert OutgoingEmail.objects.filter(kind="events.reminder").count() == 2  # + confirmation
    assert [m.subject for m in mail.outbox if "Tomorrow" in m.subject] == [row.subject]
    assert len(mail.outbox) == 1


def test_a_host_message_queues_one_email_per_registrant_sent_after_the_commit(
    strict_smtp: None, make_event: Callable[..., Event], make_user: Callable[..., User]
) -> None:
    # The harness can see the fault it is here to catch.
    with pytest.raises(pytest.fail.Exception), transaction.atomic():
        SMTPThatRefusesTransactions().send_messages([])

    host = make_user("host@example.org")
    event = make_event(host=host, review=Event.Review.APPROVED, host_reason="To help.")
    people = [make_user(f"p{i}@example.org") for i in range(3)]
    regs = [services.registration_create(event=event, user=p) for p in people]
    mail.outbox.clear()

    message = hosting.host_message_registrants(event=event, user=host, body="Bring a pen!")

    rows = OutgoingEmail.objects.filter(kind="events.host_message").order_by("to")
    assert [r.key for r in rows] == [
        f"events.host_message:hostmessage={message.pk}:registration={r.pk}:to={r.user.email}"
        for r in regs
    ]
    assert {r.status for r in rows} == {Status.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == [p.email for p in people]
    assert all("Bring a pen!" in m.body for m in mail.outbox)


def test_a_failing_smtp_server_leaves_the_reminder_stamped_and_the_email_pending(
    settings: Any, event: Event, make_user: Callable[..., User]
) -> None:
    settings.EMAIL_BACKEND = FAILING
    registration = services.registration_create(event=event, user=make_user("ana@example.org"))

    confirmation = Reminder.objects.get(registration=registration, kind="confirmation")
    assert confirmation.sent_at is not None, "handed to the outbox"
    row = OutgoingEmail.objects.get(kind="events.reminder")
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert "SMTPServerDisconnected" in row.last_error
    assert mail.outbox == []
    assert registration.status == Registration.Status.CONFIRMED

    # The server is back and the backoff has passed: the outbox scan sends it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingEmail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    call_command("send_outbox", stdout=StringIO())
    call_command("send_outbox", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    row.refresh_from_db()
    assert row.status == Status.SENT
