"""Background jobs for matching. Tasks take ids, never model objects."""

from __future__ import annotations

from celery import shared_task

from matching.emails import match_approved_emails_queue
from matching.models import Match


@shared_task
def send_match_approved_emails(match_id: int) -> int:
    """Drains jobs queued before approvals wrote to the outbox; the keys make it a no-op after.

    `match_approve` now queues these emails in its own transaction.
    """
    match = Match.objects.filter(pk=match_id, status__in=Match.HOLDING).first()
    if match is None:  # closed or undone before the job ran: nothing to announce
        return 0
    return match_approved_emails_queue(match=match)
