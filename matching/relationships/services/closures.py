"""Closing a match, the emails that follow, and the exit survey both sides answer."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import Match
from matching.models import MatchEvent
from matching.relationships.calendar import meeting_attachment
from matching.relationships.models import Closure
from matching.relationships.models import Meeting
from matching.relationships.services.parties import email_each
from matching.relationships.services.parties import side_of
from mentoring.people.models import MenteeProfile
from mentoring.people.models import User

EXIT_QUESTIONS = ("what_worked", "what_to_change", "would_recommend")


def match_close(
    *,
    match: Match,
    by: User,
    kind: str,
    reason: str,
    note: str = "",
    rematch_eligible: bool = False,
) -> Closure:
    """Close at once: the participant pages show only approved/active matches, so access ends."""
    if kind not in Closure.Kind.values or reason not in Closure.Reason.values:
        raise ValidationError(_("Choose a closure kind and reason."))
    with transaction.atomic():
        locked = Match.objects.select_for_update().get(pk=match.pk)
        if locked.status not in Match.HOLDING:
            raise ValidationError(_("Only an approved or active match can be closed."))
        before = locked.status
        locked.status, locked.flagged_at = Match.Status.CLOSED, None
        locked.save(update_fields=["status", "flagged_at"])
        closure = Closure.objects.create(
            match=locked,
            by=by,
            kind=kind,
            reason=reason,
            note=note.strip(),
            rematch_eligible=rematch_eligible,
        )
        if rematch_eligible and reason == Closure.Reason.NOT_A_FIT:
            # Back in the pool, first in line at the next matching run.
            MenteeProfile.objects.filter(user_id=locked.mentee_id).update(rematch_priority=True)
        MatchEvent.objects.create(
            match=locked,
            from_status=before,
            to_status=Match.Status.CLOSED,
            by=by,
            note=f"{closure.get_kind_display()}: {closure.get_reason_display()}",
        )
        # Its meetings ahead are off too: cancelled, so a calendar file says so and no reminder
        # goes out (the closure email is what both people hear).
        ahead = Meeting.objects.filter(match=locked, ends_at__gt=timezone.now()).open()
        agreed = list(ahead.filter(status=Meeting.Status.ACCEPTED).values_list("pk", flat=True))
        ahead.update(status=Meeting.Status.CANCELLED, sequence=F("sequence") + 1)
        # Queued with the closure: both people are told iff the match really closed, with the
        # calendar cancellation of each meeting they had agreed, so it leaves their calendars.
        closure_emails_send(closure_id=closure.pk, called_off=agreed)
    return closure


def closure_emails_send(*, closure_id: int, called_off: Sequence[int] = ()) -> int:
    """Queue the emails asking both people for the exit survey (with the contact policy), with
    the CANCEL calendar file of each agreed meeting the closure `called_off`.

    `match_close` calls it inside its transaction; the outbox keys make a second call a no-op.
    """
    closure = Closure.objects.select_related("match__mentee", "match__mentor").get(pk=closure_id)
    match = closure.match
    context = {"closure": closure, "match": match, "path": f"/matching/{match.pk}/exit-survey/"}
    meetings = Meeting.objects.filter(pk__in=called_off).select_related("match").order_by("pk")
    return email_each(
        "closed",
        context,
        [match.mentee, match.mentor],
        kind="relationships.closed",
        about=(closure,),
        attachments=[meeting_attachment(meeting) for meeting in meetings],
    )


def exit_survey_submit(*, match: Match, user: User, answers: dict[str, str]) -> Closure:
    side = side_of(match, user)
    if side is None:
        raise ValidationError(_("Only the mentee and the mentor answer the exit survey."))
    with transaction.atomic():
        closure = Closure.objects.select_for_update().filter(match=match).first()
        if closure is None:
            raise ValidationError(_("This match is not closed."))
        answered = {q: str(answers.get(q, "")).strip() for q in EXIT_QUESTIONS}
        if any(len(text) > Closure.EXIT_ANSWER_MAX for text in answered.values()):
            # Never cut what someone wrote: they shorten it themselves.
            raise ValidationError(
                _("Please keep each answer to %(count)s characters or fewer.")
                % {"count": Closure.EXIT_ANSWER_MAX}
            )
        closure.exit_survey = {**closure.exit_survey, side: answered}
        closure.save(update_fields=["exit_survey"])
    return closure
