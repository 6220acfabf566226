"""Background jobs for matching. Tasks take ids, never model objects."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from matching.models import Match
from mentoring.mail import build_templated
from mentoring.models import GuardianConsent, User


def _message(
    template: str, context: dict[str, object], to: User | str, language: str | None = None
) -> EmailMultiAlternatives:
    return build_templated(
        to=to, template=f"email/matching/{template}", context=context, language=language
    )


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
        _message("approved_mentee", context, match.mentee),
        _message("approved_mentor", context, match.mentor),
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
            # The guardian reads the language the mentee signed up in.
            _message(
                "approved_guardian",
                {**context, "consent": consent},
                consent.guardian_email,
                language=match.mentee.language,
            )
        )
    return get_connection().send_messages(messages) or 0


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
