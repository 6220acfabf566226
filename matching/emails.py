"""The match-approval emails, queued in the outbox inside the approval's transaction."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from matching.models import Match
from mentoring.core.mail import absolute_url
from mentoring.core.outbox import email_key
from mentoring.core.outbox import templated_email_queue
from mentoring.people.contacts import contact_details
from mentoring.people.models import GuardianConsent
from mentoring.people.models import User

APPROVED = "matching.approved"


def _queue(
    match: Match,
    role: str,
    context: dict[str, object],
    to: User | str,
    language: str | None = None,
) -> None:
    address = to if isinstance(to, str) else to.email
    # The role is in the key: a guardian who shares the mentee's address still gets their own.
    templated_email_queue(
        key=email_key(APPROVED, match, role, to=address),
        kind=APPROVED,
        to=to,
        template=f"email/matching/approved_{role}",
        context=context,
        language=language,
    )


def match_approved_emails_queue(*, match: Match) -> int:
    """Tell both people (and a minor's guardian) that a coordinator approved their match.

    Called inside the approval's transaction: the emails exist if and only if it commits.
    Returns how many emails were queued.
    """
    match = Match.objects.select_related(
        "mentee__profile",
        "mentee__mentee_profile",
        "mentor__profile",
        "mentor__mentee_profile",
        "program",
    ).get(pk=match.pk)
    path = absolute_url(reverse("matching:detail", args=[match.pk]))
    context = {"match": match, "program": match.program, "path": path}
    # What each may see of the other: the one rule (a minor's details never, an adult's if shared).
    _queue(
        match,
        "mentee",
        {**context, "contact": contact_details(match.mentor, viewer=match.mentee)},
        match.mentee,
    )
    _queue(
        match,
        "mentor",
        {**context, "contact": contact_details(match.mentee, viewer=match.mentor)},
        match.mentor,
    )
    consent = (
        GuardianConsent.objects.filter(
            mentee_id=match.mentee_id, status=GuardianConsent.Status.GIVEN
        )
        .order_by("-decided_at", "-requested_at")
        .first()
    )
    if consent is None or not match.mentee.mentee_profile.is_minor_on(timezone.localdate()):
        return 2
    # The guardian reads the language the mentee signed up in.
    _queue(
        match,
        "guardian",
        {**context, "consent": consent},
        consent.guardian_email,
        language=match.mentee.language,
    )
    return 3
