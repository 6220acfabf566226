"""Reminder jobs. A scan every few minutes enqueues one short task per due row; nothing is ever
scheduled days ahead, because Redis would redeliver a long-delayed task after its visibility
timeout.
Each task only queues its email in the outbox; `mentoring.core.tasks.outbox_send` sends it."""

from celery import shared_task

from events.services import hosting, reminders


@shared_task
def send_due_reminders() -> int:
    """Beat job: hand each due reminder, and each host's own email, to its own task to queue."""
    ids = reminders.reminders_due()
    reminders.reminders_enqueue(ids)
    host_emails = hosting.host_emails_due()
    hosting.host_emails_enqueue(host_emails)
    return len(ids) + len(host_emails)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_reminder(reminder_id: int) -> bool:
    return reminders.reminder_send(reminder_id=reminder_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_host_email(event_id: int, kind: str) -> bool:
    return hosting.host_email_send(event_id=event_id, kind=kind)
