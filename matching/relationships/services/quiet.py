"""Quiet relationships: a nudge after 21 days without a sign of life, an alert and a pause at 35."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists
from django.db.models import F
from django.db.models import Max
from django.db.models import OuterRef
from django.db.models import Q
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import Meeting
from matching.relationships.models import QuietNotice
from matching.relationships.models import Side
from matching.relationships.services.parties import email_each
from matching.relationships.services.parties import program_coordinators
from mentoring.people.models import EmailCategory
from mentoring.people.models import MentorProfile

NUDGE_AFTER = timedelta(days=21)
ALERT_AFTER = timedelta(days=35)


def last_activity(match: Match, side: str) -> datetime:
    user = match.mentee if side == Side.MENTEE else match.mentor
    profile = getattr(user, "profile", None)
    submitted = match.checkins.filter(side=side).aggregate(last=Max("submitted_at"))["last"]
    # A meeting either side says took place is contact for both: they were together.
    met = Meeting.objects.filter(match=match).held().aggregate(last=Max("ends_at"))["last"]
    signs = [
        user.last_login,
        profile.last_seen if profile else None,
        submitted,
        met,
        match.activated_at,
        match.decided_at,
        match.resumed_at,  # a pause is not silence: the spell starts again when it ends
    ]
    return max(s for s in signs if s is not None) if any(signs) else match.created


def quiet_scan(*, now: datetime | None = None) -> int:
    """Nudge a side quiet for 21 days, alert coordinators and pause a mentor at 35; once each."""
    now = now or timezone.now()
    mentors_come_back()
    sent = 0
    # A paused match is quiet on purpose: no nudge, no alert, no mentor paused for it.
    matches = Match.objects.running().select_related(
        "mentee__profile", "mentor__profile", "program"
    )
    for match in matches:
        for side in Side.values:
            since = last_activity(match, side)
            quiet = now - since
            if quiet >= NUDGE_AFTER:
                sent += _notice(match, side, QuietNotice.Kind.NUDGE, since)
            if quiet >= ALERT_AFTER:
                sent += _notice(match, side, QuietNotice.Kind.ALERT, since)
    return sent


def mentors_come_back() -> int:
    """Lift the pause of mentors this job paused who have logged in or been seen since.

    Only pauses set by a quiet alert are lifted: a pause a coordinator set by hand stays.
    """
    paused_by_us = QuietNotice.objects.filter(
        kind=QuietNotice.Kind.ALERT,
        side=Side.MENTOR,
        match__mentor_id=OuterRef("user_id"),
        sent_at=OuterRef("paused_at"),
    )
    return (
        MentorProfile.objects.filter(paused_at__isnull=False)
        .filter(
            Q(user__last_login__gt=F("paused_at")) | Q(user__profile__last_seen__gt=F("paused_at"))
        )
        .filter(Exists(paused_by_us))
        .update(paused_at=None)
    )


def _notice(match: Match, side: str, kind: str, since: datetime) -> int:
    with transaction.atomic():
        notice, _created = QuietNotice.objects.get_or_create(
            match=match, side=side, kind=kind, quiet_since=since
        )
        notice = QuietNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.sent_at is not None:
            return 0
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
        person = match.mentee if side == Side.MENTEE else match.mentor
        context = {"match": match, "side": side, "person": person, "since": since}
        if kind == QuietNotice.Kind.NUDGE:
            return email_each(
                "nudge",
                {**context, "path": f"/matching/{match.pk}/"},
                [person],
                kind="relationships.quiet",
                about=(notice,),
                category=EmailCategory.NUDGES,
            )
        if side == Side.MENTOR:
            MentorProfile.objects.filter(user_id=match.mentor_id).update(paused_at=notice.sent_at)
        to = program_coordinators(match.program)
        return email_each("quiet_alert", context, to, kind="relationships.quiet", about=(notice,))
