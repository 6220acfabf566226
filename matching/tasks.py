"""Background jobs for matching. Tasks take ids, never model objects."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import timezone

from matching.models import Match
from mentoring.models import GuardianConsent


def _message(template: str, context: dict[str, object], to: str) -> tuple[str, str, str, list]:
    subject = render_to_string("email/matching/approved_subject.txt", context).strip()
    body = render_to_string(f"email/matching/{template}.txt", context)
    return (subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@shared_task
def send_match_approved_emails(match_id: int) -> int:
    """Tell both people (and a minor's guardian) that a coordinator approved their match."""
    match = (
        Match.objects.select_related(
            "mentee__profile", "mentee__mentee_profile", "mentor__profile", "program"
        )
        .filter(pk=match_id, status__in=Match.HOLDING)
        .first()
    )
    if match is None:  # closed or undone before the job ran: nothing to announce
        return 0
    context = {"match": match, "program": match.program, "path": f"/matching/{match.pk}/"}
    messages = [
        _message("approved_mentee", context, match.mentee.email),
        _message("approved_mentor", context, match.mentor.email),
    ]
    consent = (
        GuardianConsent.objects.filter(
            mentee_id=match.mentee_id, status=GuardianConsent.Status.GIVEN
        )
        .order_by("-decided_at", "-requested_at")
        .first()
    )
    if consent is not None and match.mentee.mentee_profile.is_minor_on(timezone.localdate()):
        messages.append(
            _message("approved_guardian", {**context, "consent": consent}, consent.guardian_email)
        )
    return send_mass_mail(messages)


# --- Relationships (services in matching.relationships) ------------------------------------------


@shared_task
def relationships_hourly() -> dict[str, int]:
    """Beat job: create and email due check-ins, nudge quiet sides. Safe to run twice."""
    from matching import relationships  # relationships enqueues tasks from this module

    return {
        "kickoff": relationships.kickoff_send_due(),
        "checkins": relationships.checkin_create_due(),
        "quiet": relationships.quiet_scan(),
    }


@shared_task
def send_concern_alert(checkin_id: int) -> int:
    from matching import relationships

    return relationships.concern_alert_send(checkin_id=checkin_id)


@shared_task
def send_closure_emails(closure_id: int) -> int:
    from matching import relationships

    return relationships.closure_emails_send(closure_id=closure_id)
