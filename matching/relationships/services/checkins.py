"""Check-ins: the cadence, the form each side gets, concerns and an early "not a good fit"."""

from __future__ import annotations

import calendar
from datetime import date
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import Match
from matching.models import MatchEvent
from matching.relationships.models import CheckIn
from matching.relationships.models import CheckInQuerySet
from matching.relationships.models import Meeting
from matching.relationships.models import Side
from matching.relationships.services.parties import email_each
from matching.relationships.services.parties import program_coordinators
from matching.relationships.services.parties import side_of
from mentoring.core.once import stamp_once
from mentoring.people.models import EmailCategory
from mentoring.people.models import MentorProfile
from mentoring.people.models import User

DEFAULT_LENGTH = timedelta(days=365)


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def checkin_due_dates(approved_on: date, until: date) -> list[date]:
    """MENTOR's cadence: days 14 and 28 after approval, then the approval's day of each month.

    Monthly dates start two months after approval (one month would fall days after day 28);
    a day missing in a short month becomes that month's last day.
    """
    dates = [approved_on + timedelta(days=14), approved_on + timedelta(days=28)]
    months = 2
    while (next_day := _add_months(approved_on, months)) <= until:
        dates.append(next_day)
        months += 1
    return [d for d in dates if d <= until]


def _approved_on(match: Match) -> date:
    return timezone.localdate(match.decided_at or timezone.now())


def checkin_create_due(*, today: date | None = None) -> int:
    """Create the latest due check-in per side of every open match and queue its link once.

    Only the latest due date is created: a job that was down for weeks sends one form, not a pile.
    """
    today = today or timezone.localdate()
    sent = 0
    # A paused match is due nothing; once resumed, dates that fell in the pause are skipped.
    matches = Match.objects.running().select_related("agreement", "mentee", "mentor", "program")
    for match in matches:
        agreement = getattr(match, "agreement", None)
        approved_on = _approved_on(match)
        until = agreement.until if agreement else approved_on + DEFAULT_LENGTH
        since = timezone.localdate(match.resumed_at) if match.resumed_at else approved_on
        due = [d for d in checkin_due_dates(approved_on, until) if since <= d <= today]
        if not due:
            continue
        for side in Side.values:
            checkin, _created = CheckIn.objects.get_or_create(
                match=match, side=side, due_on=due[-1]
            )
            sent += _checkin_send(checkin.pk)
    return sent


def _checkin_send(checkin_id: int) -> int:
    # Locked, marked and queued in one transaction: a second job waits, then sees sent_at.
    with transaction.atomic():
        checkin = stamp_once(CheckIn.objects.open(), checkin_id, "sent_at")
        if checkin is None:
            return 0
        match = Match.objects.select_related("mentee", "mentor", "program").get(pk=checkin.match_id)
        person = match.mentee if checkin.side == Side.MENTEE else match.mentor
        context = {"checkin": checkin, "match": match, "path": f"/matching/checkin/{checkin.pk}/"}
        return email_each(
            "checkin_due",
            context,
            [person],
            kind="relationships.checkin_due",
            about=(checkin,),
            category=EmailCategory.NUDGES,
        )


def met_since_last(checkin: CheckIn) -> bool | None:
    """What the check-in's "did you meet?" starts as, from the meetings marked since the last one.

    Yes if one was marked held, no if every marked one was missed, unanswered if none was
    marked: the person still answers, but need not remember what they already told us.
    """
    previous = (
        CheckIn.objects.filter(
            match_id=checkin.match_id, side=checkin.side, due_on__lt=checkin.due_on
        )
        .order_by("-due_on")
        .values_list("due_on", flat=True)
        .first()
    )
    marked = set(
        Meeting.objects.filter(
            match_id=checkin.match_id,
            outcome_at__isnull=False,
            starts_at__date__gt=previous or date.min,
            starts_at__date__lte=checkin.due_on,
        ).values_list("outcome", flat=True)
    )
    if Meeting.Outcome.HELD in marked:
        return True
    return False if marked else None


def _come_back(user_id: int) -> None:
    MentorProfile.objects.filter(user_id=user_id, paused_at__isnull=False).update(paused_at=None)


def checkin_submit(
    *,
    checkin: CheckIn,
    user: User,
    met: bool,
    rating: int,
    progress: str = "",
    concern: bool = False,
    note_for_coordinator: str = "",
    good_fit: bool | None = None,
) -> CheckIn:
    if side_of(checkin.match, user) != checkin.side:
        raise ValidationError(_("This check-in is not yours."))
    if not 1 <= rating <= 5:
        raise ValidationError(_("Rate how it is going from 1 to 5."))
    with transaction.atomic():
        locked = CheckIn.objects.select_for_update().select_related("match").get(pk=checkin.pk)
        if locked.submitted_at is not None:
            raise ValidationError(_("This check-in was already submitted."))
        if locked.match.status not in Match.HOLDING:
            raise ValidationError(_("This match is closed."))
        locked.met, locked.rating, locked.progress = met, rating, progress.strip()
        locked.concern, locked.note_for_coordinator = concern, note_for_coordinator.strip()
        locked.good_fit, locked.submitted_at = good_fit, timezone.now()
        locked.save()
        _come_back(user.pk)
        if good_fit is False:
            fit_flag(match=locked.match, by=user)
        if concern:
            # Queued with the check-in: the coordinators hear of it iff the check-in is saved.
            concern_alert_send(checkin_id=locked.pk)
    return locked


def concern_alert_send(*, checkin_id: int) -> int:
    """Queue the alert to the program's coordinators, marked under a lock: once per concern.

    `checkin_submit` calls it inside its own transaction; called again, it queues nothing.
    """
    with transaction.atomic():
        concerns = CheckIn.objects.select_related("match__program").filter(concern=True)
        checkin = stamp_once(concerns, checkin_id, "concern_alerted_at")
        if checkin is None:
            return 0
        return _concern_email(checkin)


def _concern_email(checkin: CheckIn) -> int:
    path = f"/admin/relationships/checkin/{checkin.pk}/change/"
    return concern_alert_queue(
        match=checkin.match,
        about=(checkin,),
        template="concern",
        context={"checkin": checkin},
        path=path,
    )


def concern_alert_queue(
    *, match: Match, about: tuple[object, ...], template: str, context: dict[str, object], path: str
) -> int:
    """The one way a concern reaches the program's coordinators: a check-in or a message.

    Queued in the caller's transaction, once per (concern, coordinator): the key names `about`,
    so a message both masked and reported raises two alerts, each once.
    """
    to = program_coordinators(match.program)
    context = {**context, "match": match, "path": path}
    return email_each(template, context, to, kind="relationships.concern", about=about)


def fit_flag(*, match: Match, by: User | None) -> None:
    """ "Not a good fit" from either side: the coordinator sees the match flagged."""
    updated = Match.objects.filter(pk=match.pk, flagged_at__isnull=True).update(
        flagged_at=timezone.now()
    )
    if updated:
        MatchEvent.objects.create(
            match_id=match.pk,
            from_status=match.status,
            to_status=match.status,
            by=by,
            note=_("Flagged: a side answered that this is not a good fit."),
        )


CONCERN_NOTE_MAX = 2000


def concern_mark_handled(*, checkins: CheckInQuerySet, by: User, note: str) -> int:
    """Record that a coordinator dealt with these concerns: who, when, and their note.

    Only open concerns change, so handling one twice keeps the first answer. Returns how many
    were marked. A note is required: "handled" with no word of how is no audit at all.
    """
    note = note.strip()
    if not note:
        raise ValidationError(_("Say how the concern was handled."))
    if len(note) > CONCERN_NOTE_MAX:
        raise ValidationError(
            _("Keep the note under %(max)s characters.") % {"max": CONCERN_NOTE_MAX}
        )
    return checkins.concerns().update(
        concern_handled_at=timezone.now(), concern_handled_by=by, concern_handled_note=note
    )
