"""The relationship after approval: agreement, check-ins, early fit, quiet spells and closure.

Coordinators of a program are the active users listed as its ProgramCoordinator rows; a program
with none falls back to the active superusers, so a concern is never sent into the void.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import Match, MatchEvent
from matching.relationships.models import CheckIn, Closure, MatchAgreement, QuietNotice, Side
from mentoring.core.jobs import enqueue_on_commit
from mentoring.core.mail import send_templated
from mentoring.people.models import MenteeProfile, MentorProfile, Program, ProgramCoordinator, User

NUDGE_AFTER = timedelta(days=21)
ALERT_AFTER = timedelta(days=35)
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


def side_of(match: Match, user: User) -> str | None:
    if user.pk == match.mentee_id:
        return Side.MENTEE
    if user.pk == match.mentor_id:
        return Side.MENTOR
    return None


def program_coordinators(program: Program) -> list[User]:
    assigned = list(
        User.objects.filter(
            is_active=True,
            pk__in=ProgramCoordinator.objects.filter(program=program).values("user_id"),
        ).order_by("pk")
    )
    return assigned or list(User.objects.filter(is_active=True, is_superuser=True).order_by("pk"))


def _email(template: str, context: dict[str, object], to: list[User]) -> int:
    """One email per person, each in that person's own language."""
    return sum(
        send_templated(to=person, template=f"email/relationships/{template}", context=context)
        for person in to
    )


# --- Agreement --------------------------------------------------------------------------------


def agreement_accept(
    *, match: Match, user: User, meet_how_often: str = "", how: str = "", until: date | None = None
) -> MatchAgreement:
    """The first side proposes the terms and accepts; the other accepts them. Both → active."""
    side = side_of(match, user)
    if side is None:
        raise ValidationError(_("Only the mentee and the mentor can accept this agreement."))
    with transaction.atomic():
        locked = Match.objects.select_for_update().get(pk=match.pk)
        if locked.status not in Match.HOLDING:
            raise ValidationError(_("This match is not open any more."))
        agreement = MatchAgreement.objects.filter(match=locked).first()
        if agreement is None:
            if not (meet_how_often.strip() and how.strip() and until):
                raise ValidationError(_("Say how often, how and until when you will meet."))
            if until <= timezone.localdate():
                raise ValidationError(_("The end date must be in the future."))
            agreement = MatchAgreement(
                match=locked, meet_how_often=meet_how_often.strip(), how=how.strip(), until=until
            )
        now = timezone.now()
        setattr(agreement, f"{side}_accepted_at", getattr(agreement, f"{side}_accepted_at") or now)
        agreement.save()
        if (
            agreement.mentee_accepted_at
            and agreement.mentor_accepted_at
            and locked.status == Match.Status.APPROVED
        ):
            locked.status, locked.activated_at = Match.Status.ACTIVE, now
            locked.save(update_fields=["status", "activated_at"])
            MatchEvent.objects.create(
                match=locked,
                from_status=Match.Status.APPROVED,
                to_status=Match.Status.ACTIVE,
                by=user,
                note=_("Both accepted the match agreement."),
            )
    return agreement


# --- Kick-off ---------------------------------------------------------------------------------


def kickoff_send_due() -> int:
    """Once per approved match: expectations, the agreement link and upcoming program events."""
    from events.models import Event  # events is optional context, not a dependency of matching

    sent = 0
    for match_id in Match.objects.filter(
        status=Match.Status.APPROVED, kickoff_sent_at__isnull=True
    ).values_list("pk", flat=True):
        with transaction.atomic():
            match = (
                Match.objects.select_for_update(of=("self",))
                .select_related("mentee", "mentor", "program")
                .filter(pk=match_id, kickoff_sent_at__isnull=True)
                .first()
            )
            if match is None:
                continue
            match.kickoff_sent_at = timezone.now()
            match.save(update_fields=["kickoff_sent_at"])
            events = list(
                Event.objects.published()
                .upcoming()
                .filter(program=match.program)
                .order_by("starts_at")[:3]
            )
            context = {
                "match": match,
                "why": match.explanation_text(),
                "events": events,
                "path": f"/matching/{match.pk}/agreement/",
            }
            sent += _email("kickoff", context, [match.mentee, match.mentor])
    return sent


# --- Check-ins --------------------------------------------------------------------------------


def _approved_on(match: Match) -> date:
    return timezone.localdate(match.decided_at or timezone.now())


def checkin_create_due(*, today: date | None = None) -> int:
    """Create the latest due check-in per side of every open match and email its link once.

    Only the latest due date is created: a job that was down for weeks sends one form, not a pile.
    """
    today = today or timezone.localdate()
    sent = 0
    matches = Match.objects.holding().select_related("agreement", "mentee", "mentor", "program")
    for match in matches:
        agreement = getattr(match, "agreement", None)
        approved_on = _approved_on(match)
        until = agreement.until if agreement else approved_on + DEFAULT_LENGTH
        due = [d for d in checkin_due_dates(approved_on, until) if d <= today]
        if not due:
            continue
        for side in Side.values:
            checkin, _created = CheckIn.objects.get_or_create(
                match=match, side=side, due_on=due[-1]
            )
            sent += _checkin_send(checkin.pk)
    return sent


def _checkin_send(checkin_id: int) -> int:
    # Locked and marked in one transaction: a second job waits, then sees sent_at and skips.
    with transaction.atomic():
        checkin = (
            CheckIn.objects.select_for_update()
            .filter(pk=checkin_id, sent_at__isnull=True, submitted_at__isnull=True)
            .first()
        )
        if checkin is None:
            return 0
        checkin.sent_at = timezone.now()
        checkin.save(update_fields=["sent_at"])
        match = Match.objects.select_related("mentee", "mentor", "program").get(pk=checkin.match_id)
        person = match.mentee if checkin.side == Side.MENTEE else match.mentor
        context = {"checkin": checkin, "match": match, "path": f"/matching/checkin/{checkin.pk}/"}
        return _email("checkin_due", context, [person])


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
            enqueue_on_commit("matching.relationships.tasks.send_concern_alert", locked.pk)
    return locked


def concern_alert_send(*, checkin_id: int) -> int:
    """Alert the program's coordinators; marked under a lock: a redelivered task sends nothing."""
    with transaction.atomic():
        checkin = (
            CheckIn.objects.select_for_update()
            .select_related("match__program")
            .filter(pk=checkin_id, concern=True, concern_alerted_at__isnull=True)
            .first()
        )
        if checkin is None:
            return 0
        checkin.concern_alerted_at = timezone.now()
        checkin.save(update_fields=["concern_alerted_at"])
        return _concern_email(checkin)


def _concern_email(checkin: CheckIn) -> int:
    to = program_coordinators(checkin.match.program)
    context = {
        "checkin": checkin,
        "match": checkin.match,
        "path": f"/admin/relationships/checkin/{checkin.pk}/change/",
    }
    return _email("concern", context, to)


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


# --- Quiet relationships ----------------------------------------------------------------------


def last_activity(match: Match, side: str) -> datetime:
    user = match.mentee if side == Side.MENTEE else match.mentor
    profile = getattr(user, "profile", None)
    submitted = match.checkins.filter(side=side).aggregate(last=Max("submitted_at"))["last"]
    signs = [
        user.last_login,
        profile.last_seen if profile else None,
        submitted,
        match.activated_at,
        match.decided_at,
    ]
    return max(s for s in signs if s is not None) if any(signs) else match.created


def quiet_scan(*, now: datetime | None = None) -> int:
    """Nudge a side quiet for 21 days, alert coordinators and pause a mentor at 35; once each."""
    now = now or timezone.now()
    mentors_come_back()
    sent = 0
    matches = Match.objects.holding().select_related(
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
            return _email("nudge", {**context, "path": f"/matching/{match.pk}/"}, [person])
        if side == Side.MENTOR:
            MentorProfile.objects.filter(user_id=match.mentor_id).update(paused_at=notice.sent_at)
        to = program_coordinators(match.program)
        return _email("quiet_alert", context, to)


# --- Closure ----------------------------------------------------------------------------------


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
        enqueue_on_commit("matching.relationships.tasks.send_closure_emails", closure.pk)
    return closure


def closure_emails_send(*, closure_id: int) -> int:
    """Ask both people for the exit survey and state the post-closure contact policy."""
    closure = Closure.objects.select_related("match__mentee", "match__mentor").get(pk=closure_id)
    match = closure.match
    context = {"closure": closure, "match": match, "path": f"/matching/{match.pk}/exit-survey/"}
    return sum(_email("closed", context, [person]) for person in (match.mentee, match.mentor))


EXIT_QUESTIONS = ("what_worked", "what_to_change", "would_recommend")


def exit_survey_submit(*, match: Match, user: User, answers: dict[str, str]) -> Closure:
    side = side_of(match, user)
    if side is None:
        raise ValidationError(_("Only the mentee and the mentor answer the exit survey."))
    with transaction.atomic():
        closure = Closure.objects.select_for_update().filter(match=match).first()
        if closure is None:
            raise ValidationError(_("This match is not closed."))
        closure.exit_survey = {
            **closure.exit_survey,
            side: {q: str(answers.get(q, "")).strip()[:2000] for q in EXIT_QUESTIONS},
        }
        closure.save(update_fields=["exit_survey"])
    return closure


def open_checkins_for(user: User) -> list[CheckIn]:
    return list(
        CheckIn.objects.open()
        .filter(
            Q(side=Side.MENTEE, match__mentee=user) | Q(side=Side.MENTOR, match__mentor=user),
            match__status__in=Match.HOLDING,
        )
        .select_related("match")
    )
