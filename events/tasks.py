"""Reminder jobs. A scan every few minutes enqueues one short task per due row; nothing is ever
scheduled days ahead, because Redis would redeliver a long-delayed task after its visibility
timeout."""

from celery import shared_task

from events import services


@shared_task
def send_due_reminders() -> int:
    """Beat job: hand each due reminder to its own task."""
    ids = services.reminders_due()
    services.reminders_enqueue(ids)
    return len(ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_reminder(reminder_id: int) -> bool:
    return services.reminder_send(reminder_id=reminder_id)
