"""The kick-off email, once per approved match."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from matching.models import Match
from matching.relationships.models import Side
from matching.relationships.services.parties import email_each
from mentoring.core.once import stamp_once


def kickoff_send_due() -> int:
    """Once per approved match: expectations, the agreement link and upcoming program events.

    Stamped and queued in one transaction: a second run finds kickoff_sent_at and skips.
    """
    from events.models import Event  # events is optional context, not a dependency of matching

    sent = 0
    for match_id in Match.objects.filter(
        status=Match.Status.APPROVED, kickoff_sent_at__isnull=True
    ).values_list("pk", flat=True):
        with transaction.atomic():
            with_people = Match.objects.select_related("mentee", "mentor", "program")
            match = stamp_once(with_people, match_id, "kickoff_sent_at", of=("self",))
            if match is None:
                continue
            # The program's own events and those open to everyone (no program).
            events = list(
                Event.objects.published()
                .upcoming()
                .filter(Q(program=match.program) | Q(program__isnull=True))
                .order_by("starts_at")[:3]
            )
            context = {
                "match": match,
                "events": events,
                "path": f"/matching/{match.pk}/agreement/",
            }
            for side, person in ((Side.MENTEE, match.mentee), (Side.MENTOR, match.mentor)):
                sent += email_each(
                    "kickoff", context, [person], kind="relationships.kickoff", about=(match, side)
                )
    return sent
