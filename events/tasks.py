"""Reminder jobs. A scan every few minutes enqueues every due row, a batch per task; nothing is
ever scheduled days ahead, because Redis would redeliver a long-delayed task after its
visibility timeout.
Each task only queues its emails in the outbox; `mentoring.core.tasks.outbox_send` (one) or
`outbox_send_batch` (a batch, over one SMTP connection) sends them."""

from celery import shared_task

from events.services import hosting
from events.services import reminders


@shared_task
def send_due_reminders() -> int:
    """Beat job: hand every due reminder, a batch per task, and each host's own email to a task."""
    ids = reminders.reminders_due()
    reminders.reminders_enqueue_batches(ids)
    host_emails = hosting.host_emails_due()
    hosting.host_emails_enqueue(host_emails)
    return len(ids) + len(host_emails)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_reminder(reminder_id: int) -> bool:
    return reminders.reminder_send(reminder_id=reminder_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_reminder_batch(reminder_ids: list[int]) -> int:
    return len(reminders.reminders_queue_batch(reminder_ids=reminder_ids))


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_host_email(event_id: int, kind: str) -> bool:
    return hosting.host_email_send(event_id=event_id, kind=kind)
