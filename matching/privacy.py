"""What matching holds about a person, and how it lets them go (promise 3).

Registered in apps.py with mentoring.core.privacy. Relationships (above matching) erases first
and closes the person's approved and active matches; what is left here are the proposals,
withdrawn as rejected "Account deleted", and the free text of the audit trail.

Matches, blocks and MatchEvent rows stay: they are the safeguarding record (promise 4), tied
to the anonymous account id once the user row is anonymised.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from matching.models import BlockedPair
from matching.models import Match
from matching.models import MatchEvent
from mentoring.core.privacy import person_identifiers
from mentoring.core.privacy import redact
from mentoring.people.models import User
from mentoring.people.privacy import public_name

ACCOUNT_DELETED = "Account deleted"
# Statuses a coordinator approved at some point: the person was told who the other side is.
TOLD = (Match.Status.APPROVED, Match.Status.ACTIVE, Match.Status.CLOSED)


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _role(row: Match | BlockedPair, user: User) -> str:
    return "mentee" if row.mentee_id == user.pk else "mentor"


def export(user: User) -> dict[str, Any]:
    matches = (
        Match.objects.involving(user.pk)
        .select_related("program", "mentee", "mentor")
        .prefetch_related("events")
        .order_by("created", "pk")
    )
    blocks = BlockedPair.objects.filter(
        models.Q(mentee=user) | models.Q(mentor=user)
    ).select_related("program")
    return {
        "matches": [_match(match, user) for match in matches],
        "blocked_pairs": [
            {"program": str(b.program), "role": _role(b, user), "created": _when(b.created)}
            for b in blocks
        ],
    }


def _match(match: Match, user: User) -> dict[str, Any]:
    other = match.mentor if match.mentee_id == user.pk else match.mentee
    return {
        "id": match.pk,
        "program": str(match.program),
        "role": _role(match, user),
        "status": match.status,
        "score": match.score,
        "explanation": [
            {"category": label, "points": points, "shared": shared}
            for label, points, shared in match.explanation()
        ],
        # Nobody is told about a proposal before a coordinator approves it (promise 5).
        "partner": public_name(other) if match.status in TOLD else None,
        "created": _when(match.created),
        "decided_at": _when(match.decided_at),
        "activated_at": _when(match.activated_at),
        "history": [
            {"from": e.from_status, "to": e.to_status, "at": _when(e.at)}
            for e in match.events.all()
        ],
    }


def erase(user: User) -> None:
    found = person_identifiers(user)
    _withdraw_proposals(user)
    mine = Match.objects.involving(user.pk)
    for match in mine.exclude(reason=""):
        cleaned = redact(match.reason, found)
        if cleaned != match.reason:
            Match.objects.filter(pk=match.pk).update(reason=cleaned)
    blocks = BlockedPair.objects.filter(models.Q(mentee=user) | models.Q(mentor=user))
    for block in blocks.exclude(reason=""):
        cleaned = redact(block.reason, found)
        if cleaned != block.reason:
            BlockedPair.objects.filter(pk=block.pk).update(reason=cleaned)
    _redact_audit_notes(MatchEvent.objects.filter(match__in=mine).exclude(note=""), found)


def _withdraw_proposals(user: User) -> None:
    """Proposals leave the table as match_reject would leave them, audited, in this transaction.

    Not through match_reject itself: it wants a coordinator who is not a party, and here the
    person themselves withdraws, by deleting their account.
    """
    now = timezone.now()
    proposed = Match.objects.select_for_update().involving(user.pk).proposed()
    for match in proposed:
        Match.objects.filter(pk=match.pk).update(
            status=Match.Status.REJECTED, decided_at=now, reason=ACCOUNT_DELETED
        )
        MatchEvent.objects.create(
            match=match,
            from_status=Match.Status.PROPOSED,
            to_status=Match.Status.REJECTED,
            by=user,  # the anonymous account once erasure ends
            note=ACCOUNT_DELETED,
        )


def _redact_audit_notes(events: models.QuerySet[MatchEvent], found: list[str]) -> None:
    # The one change the append-only trail allows: the right to erasure outranks it, and only a
    # note naming the person changes, never who, when or from what to what. A plain QuerySet
    # goes past AppendOnlyQuerySet's guard on purpose; nothing else in the code may do this.
    for event in events:
        cleaned = redact(event.note, found)
        if cleaned != event.note:
            models.QuerySet(model=MatchEvent).filter(pk=event.pk).update(note=cleaned)
