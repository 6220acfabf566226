"""Background jobs for relationships. Tasks take ids, never model objects, and call one service."""

from __future__ import annotations

from celery import shared_task

from matching.relationships import services


@shared_task
def relationships_hourly() -> dict[str, int]:
    """Beat job: create and email due check-ins, nudge quiet sides. Safe to run twice."""
    return {
        "kickoff": services.kickoff_send_due(),
        "checkins": services.checkin_create_due(),
        "quiet": services.quiet_scan(),
    }


@shared_task
def send_concern_alert(checkin_id: int) -> int:
    return services.concern_alert_send(checkin_id=checkin_id)


@shared_task
def send_closure_emails(closure_id: int) -> int:
    return services.closure_emails_send(closure_id=closure_id)
