"""Background jobs for relationships. Tasks take ids, never model objects, and call one service."""

from __future__ import annotations

from celery import shared_task

from matching.relationships.services import checkins
from matching.relationships.services import closures
from matching.relationships.services import kickoff
from matching.relationships.services import meetings
from matching.relationships.services import messages
from matching.relationships.services import quiet


@shared_task
def relationships_hourly() -> dict[str, int]:
    """Beat job: create and email due check-ins, nudge quiet sides. Safe to run twice."""
    return {
        "kickoff": kickoff.kickoff_send_due(),
        "checkins": checkins.checkin_create_due(),
        "quiet": quiet.quiet_scan(),
    }


@shared_task
def send_message_digests() -> int:
    """Beat job: one digest email per conversation with unread messages. Safe to run twice."""
    return messages.message_digests_send()


@shared_task
def send_meeting_reminders() -> int:
    """Beat job: remind both sides of each agreed meeting the day before. Safe to run twice."""
    return meetings.meeting_reminders_send()


# The services now queue these emails in the outbox inside their own transactions. These two
# only drain jobs a broker still holds from before; the markers and keys make them no-ops.


@shared_task
def send_concern_alert(checkin_id: int) -> int:
    return checkins.concern_alert_send(checkin_id=checkin_id)


@shared_task
def send_closure_emails(closure_id: int) -> int:
    return closures.closure_emails_send(closure_id=closure_id)
