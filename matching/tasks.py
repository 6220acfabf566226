"""Background jobs for matching. Tasks take ids, never model objects."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from matching.models import Match
from mentoring.core.mail import build_templated
from mentoring.people.models import GuardianConsent, User


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
