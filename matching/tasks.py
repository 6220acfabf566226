"""Background jobs for matching. Tasks take ids, never model objects."""

from __future__ import annotations

from celery import shared_task

from matching import bulk
from matching import runs
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


@shared_task(name="matching.tasks.matching_run_job")
def matching_run_job(run_id: int) -> str:
    """One queued matching run, start to end; a second delivery of the same id does nothing."""
    run = runs.matching_run_job(run_id=run_id)
    return run.status if run is not None else "not claimed"


@shared_task(name="matching.tasks.matching_runs_scan")
def matching_runs_scan() -> int:
    """Beat job: queued runs and bulk decisions the broker lost go out again; those whose
    worker died end failed."""
    return runs.runs_scan() + bulk.decisions_scan()


@shared_task(name="matching.tasks.bulk_decision_job")
def bulk_decision_job(decision_id: int) -> str:
    """One bulk approval or rejection; a second delivery of the same id does nothing."""
    decision = bulk.bulk_decision_job(decision_id=decision_id)
    return decision.status if decision is not None else "not claimed"
