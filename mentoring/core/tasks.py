"""Outbox jobs: thin, by id; the service decides whether anything is sent."""

from celery import shared_task

from mentoring.core import outbox


@shared_task(name="mentoring.core.tasks.outbox_send")
def outbox_send(email_id: int) -> bool:
    # No Celery retry: a failed attempt goes back to the row with its backoff, and the scan
    # sends it when due, so a retry can never outlive the broker's memory of it.
    return outbox.outbox_send(email_id=email_id)


@shared_task(name="mentoring.core.tasks.outbox_scan")
def outbox_scan() -> int:
    """Beat job: every row the broker never delivered, or a dead worker left, goes out now."""
    return outbox.outbox_flush()


@shared_task(name="mentoring.core.tasks.outbox_send_batch")
def outbox_send_batch(email_ids: list[int]) -> int:
    # No Celery retry either: what failed is back on its rows, and the scan resends each.
    return outbox.outbox_send_batch(email_ids=email_ids)
