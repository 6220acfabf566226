"""Meetings of a match: propose from the hours both share, answer, change, cancel, say if held.

One side proposes a time from the weekly slots both ticked; the other accepts it, suggests
another (a counter-proposal changes the same meeting, so its calendar entry keeps its UID) or
declines; either may cancel. Every change a calendar must follow raises `sequence`. The other
side hears of each step by email through the outbox, queued in the step's transaction.

In a minor's match the program's rule applies (Program.minor_meetings): online only, or
online or in a public place; an in-person meeting there needs a place said to be public.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching.models import Match
from matching.relationships.availability import shared_hours
from matching.relationships.calendar import meeting_attachment
from matching.relationships.models import Meeting
from matching.relationships.models import Side
from matching.relationships.services.masking import contact_mask
from matching.relationships.services.messages import is_minors_match
from matching.relationships.services.parties import email_each
from matching.relationships.services.parties import side_of
from mentoring.core.dates import time_range
from mentoring.core.mail import recipient_locale
from mentoring.people.models import MeetingFormat
from mentoring.people.models import Program
from mentoring.people.models import User

LENGTHS = (30, 60, 90)  # minutes a meeting may last


@dataclass(frozen=True)
class Terms:
    """What is proposed: when (UTC), how long, how, and where (or the link)."""

    starts_at: datetime
    minutes: int
    format: str
    place: str = ""
    public_place: bool = False

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


def guidance(match: Match) -> str | None:
    """The program's rule for a minor's meetings, as the pages show it; None for adults."""
    if not is_minors_match(match):
        return None
    if match.program.minor_meetings == Program.MinorMeetings.ONLINE:
        return _("This program's meetings with a mentee under 18 are online only.")
    return _(
        "Meet online or in a public place, such as a library, a school or a café; "
        "never at home, in a car or anywhere you would be alone together."
    )


def formats_for(match: Match) -> list[str]:
    """The formats both people said they meet in, as far as the program's rule allows."""
    both = set(match.mentee.profile.formats or ()) & set(match.mentor.profile.formats or ())
    allowed = [value for value in MeetingFormat.values if value in both] or [MeetingFormat.ONLINE]
    if is_minors_match(match) and match.program.minor_meetings == Program.MinorMeetings.ONLINE:
        return [MeetingFormat.ONLINE]
    return allowed


def _checked(match: Match, terms: Terms, now: datetime) -> Terms:
    if match.status not in Match.HOLDING:
        raise ValidationError(_("Meetings can be planned only in an open match."))
    if terms.minutes not in LENGTHS:
        raise ValidationError(_("Choose how long the meeting lasts."))
    hours = set(shared_hours(match, now))
    covered = terms.starts_at
    while covered < terms.ends_at:
        if covered.replace(minute=0) not in hours:
            raise ValidationError(
                _("Choose a time from the hours you are both available, all the way to the end.")
            )
        covered += timedelta(minutes=30)
    if terms.format not in formats_for(match):
        raise ValidationError(_("This match cannot meet that way."))
    place = " ".join(terms.place.split())
    if len(place) > Meeting.PLACE_MAX:
        raise ValidationError(
            _("The place can be up to %(count)s characters.") % {"count": Meeting.PLACE_MAX}
        )
    in_person = terms.format == MeetingFormat.IN_PERSON
    if in_person and not place:
        raise ValidationError(_("Say where you will meet."))
    if is_minors_match(match) and contact_mask(place)[1]:
        # The place reaches the other side's page, email and calendar: in a minor's match it
        # may not carry what a message would have masked (promise 5).
        raise ValidationError(
            _(
                "With a mentee under 18, the place cannot hold a phone number, an email address "
                "or a social-media handle: say where you meet, or give the meeting link."
            )
        )
    if in_person and is_minors_match(match) and not terms.public_place:
        raise ValidationError(
            _("A meeting in person with a mentee under 18 must be in a public place.")
        )
    return Terms(
        terms.starts_at, terms.minutes, terms.format, place, in_person and terms.public_place
    )


def _side_or_refuse(match: Match, user: User) -> str:
    side = side_of(match, user)
    if side is None:
        raise ValidationError(_("Only the two people of a match plan its meetings."))
    return side


def _other(side: str) -> str:
    return Side.MENTOR if side == Side.MENTEE else Side.MENTEE


def _locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("match__program", "match__mentee__profile", "match__mentor__profile")
        .get(pk=meeting.pk)
    )


def meeting_propose(*, match: Match, user: User, terms: Terms) -> Meeting:
    side = _side_or_refuse(match, user)
    terms = _checked(match, terms, timezone.now())
    with transaction.atomic():
        meeting = Meeting.objects.create(
            match=match,
            proposed_by=side,
            starts_at=terms.starts_at,
            ends_at=terms.ends_at,
            format=terms.format,
            place=terms.place,
            public_place=terms.public_place,
        )
        _tell(meeting, _other(side), "proposed")
    return meeting


def meeting_counter(*, meeting: Meeting, user: User, terms: Terms) -> Meeting:
    """Another time for the same meeting: the side asked (or, once agreed, either side)."""
    side = _side_or_refuse(meeting.match, user)
    terms = _checked(meeting.match, terms, timezone.now())
    with transaction.atomic():
        locked = _locked(meeting)
        if not locked.may_reschedule(side):
            raise ValidationError(_("This meeting can no longer be changed."))
        locked.proposed_by, locked.status = side, Meeting.Status.PROPOSED
        locked.starts_at, locked.ends_at = terms.starts_at, terms.ends_at
        locked.format, locked.place, locked.public_place = (
            terms.format,
            terms.place,
            terms.public_place,
        )
        locked.sequence += 1
        locked.reminded_at = None  # a new time earns its own reminder
        locked.save()
        _tell(locked, _other(side), "countered")
    return locked


def _answering(meeting: Meeting, user: User) -> Meeting:
    """The meeting, locked in the caller's transaction, if this user is the side asked."""
    side = _side_or_refuse(meeting.match, user)
    locked = _locked(meeting)
    if not locked.awaits(side):
        raise ValidationError(_("This meeting is not waiting for your answer."))
    return locked


def meeting_accept(*, meeting: Meeting, user: User) -> Meeting:
    with transaction.atomic():
        locked = _answering(meeting, user)
        # A closed match can still decline what was asked, but no longer agree to meet.
        if locked.match.status not in Match.HOLDING:
            raise ValidationError(_("This meeting is not waiting for your answer."))
        if locked.starts_at <= timezone.now():
            raise ValidationError(_("This time has passed: suggest another one."))
        locked.status = Meeting.Status.ACCEPTED
        locked.accepted_at = locked.accepted_at or timezone.now()
        locked.save(update_fields=["status", "accepted_at", "updated"])
        _tell(locked, locked.proposed_by, "accepted")
    return locked


def meeting_decline(*, meeting: Meeting, user: User) -> Meeting:
    with transaction.atomic():
        locked = _answering(meeting, user)
        _close(locked, Meeting.Status.DECLINED)
        _tell(locked, locked.proposed_by, "declined")
    return locked


def meeting_cancel(*, meeting: Meeting, user: User) -> Meeting:
    side = _side_or_refuse(meeting.match, user)
    with transaction.atomic():
        locked = _locked(meeting)
        if not locked.is_open or locked.ends_at <= timezone.now():
            raise ValidationError(_("This meeting can no longer be cancelled."))
        _close(locked, Meeting.Status.CANCELLED)
        _tell(locked, _other(side), "cancelled")
    return locked


def _close(meeting: Meeting, status: str) -> None:
    meeting.status = status
    # A calendar that has the meeting must hear it is off: a CANCEL with a higher sequence.
    meeting.sequence += 1 if meeting.in_calendars else 0
    meeting.save(update_fields=["status", "sequence", "updated"])


def meeting_outcome(*, meeting: Meeting, user: User, held: bool) -> Meeting:
    """One click after the meeting, from either side: we met, or we didn't. The last word wins."""
    side = _side_or_refuse(meeting.match, user)
    now = timezone.now()
    if meeting.status != Meeting.Status.ACCEPTED or meeting.starts_at > now:
        raise ValidationError(_("Say whether you met once an agreed meeting has started."))
    outcome = Meeting.Outcome.HELD if held else Meeting.Outcome.MISSED
    Meeting.objects.filter(pk=meeting.pk).update(
        outcome=outcome, outcome_by=side, outcome_at=now, updated=now
    )
    meeting.outcome, meeting.outcome_by, meeting.outcome_at = outcome, side, now
    return meeting


# What the other side is told: rendered when the email is, in the reader's own language.
NEWS = {
    "proposed": gettext_lazy("%(name)s proposed a meeting"),
    "countered": gettext_lazy("%(name)s suggested another time for your meeting"),
    "accepted": gettext_lazy("%(name)s agreed to your meeting"),
    "declined": gettext_lazy("%(name)s declined the meeting you proposed"),
    "cancelled": gettext_lazy("%(name)s cancelled your meeting"),
    "reminder": gettext_lazy("Your meeting with %(name)s is tomorrow"),
}


# News a calendar must follow: the invitation once agreed, its removal once called off (a
# decline can call off a time agreed before, when it answers a suggested new one).
CALENDAR_NEWS = ("accepted", "declined", "cancelled")


def _headline(news: str, name: str) -> str:
    return str(NEWS[news]) % {"name": name}


def _tell(meeting: Meeting, to_side: str, news: str) -> int:
    """Queue one email about this meeting to one side, in the caller's transaction, once per
    change: the key names the sequence and the news."""
    match = meeting.match
    person, other = (
        (match.mentee, match.mentor) if to_side == Side.MENTEE else (match.mentor, match.mentee)
    )
    name = other.profile.display_name
    context = {
        "match": match,
        "meeting": meeting,
        "headline": lazy(_headline, str)(news, name),
        "when": lazy(time_range, str)(
            meeting.starts_at, meeting.ends_at, person.timezone, style="short"
        ),
        "guidance": lazy(guidance, str)(match) if is_minors_match(match) else "",
        "path": f"/matching/{match.pk}/meetings/",
    }
    attachments = []
    if news in CALENDAR_NEWS and meeting.offers_calendar:
        with recipient_locale(person):  # the entry's title in the reader's language
            attachments.append(meeting_attachment(meeting))
    return email_each(
        "meeting",
        context,
        [person],
        kind="relationships.meeting",
        about=(meeting, f"seq={meeting.sequence}", news),
        attachments=attachments,
    )


# Reminders go out for agreed meetings starting within this window: "the day before".
REMIND_BEFORE = timedelta(hours=24)


def meeting_reminders_send(*, now: datetime | None = None) -> int:
    """Beat job: remind both sides of an agreed meeting the day before; returns how many.

    Each meeting is stamped `reminded_at` under a lock in the transaction that queues its two
    emails, and the key names the sequence: a second run (or worker) finds nothing to send.
    """
    now = now or timezone.now()
    due = Meeting.objects.filter(
        status=Meeting.Status.ACCEPTED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMIND_BEFORE,
        match__status__in=Match.HOLDING,
    )
    queued = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            meeting = (
                due.select_for_update(of=("self",))
                .select_related(
                    "match__program", "match__mentee__profile", "match__mentor__profile"
                )
                .filter(pk=pk)
                .first()
            )
            if meeting is None:
                continue
            meeting.reminded_at = now
            meeting.save(update_fields=["reminded_at"])
            for side in Side.values:
                queued += _tell(meeting, side, "reminder")
    return queued
