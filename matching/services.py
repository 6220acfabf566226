"""The bridge between people and the engine: run matching, approve and reject proposals.

Runs live in matching/runs.py (a background job); their entry points are named here too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import candidates
from matching import engine
from matching.emails import match_approved_emails_queue
from matching.models import Match
from matching.models import MatchEvent
from matching.runs import matching_run as matching_run
from matching.runs import matching_run_enqueue as matching_run_enqueue
from matching.runs import matching_run_job as matching_run_job
from mentoring.people.models import GuardianConsent
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import User

DEFAULT_REJECT_REASON = "Rejected by coordinator"


def _locked_proposal(match: Match) -> Match:
    locked = Match.objects.select_for_update().select_related("program").filter(pk=match.pk).first()
    if locked is None:
        raise ValidationError(_("This match no longer exists."))
    if locked.status != Match.Status.PROPOSED:
        raise ValidationError(
            _("This match was already decided (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def _refuse_party(match: Match, by: User) -> None:
    if by.pk in (match.mentee_id, match.mentor_id):
        raise ValidationError(_("You cannot decide on a match you are part of."))


def _refuse_self_match(match: Match) -> None:
    # A person enrolled both as mentor and mentee must never be paired with themselves; the
    # engine never proposes it, and this catches a pair made any other way.
    if match.mentee_id == match.mentor_id:
        raise ValidationError(
            _("A person cannot be their own mentor: this match pairs someone with themselves.")
        )


def _not_cleared_reason(mentor: MentorProfile) -> str:
    """Why the one rule said no, in words a coordinator can act on."""
    if not mentor.willing_minors:
        return _("The mentor has not agreed to mentor people under 18.")
    return _("The mentor's screening for minors is not current any more (expired or missing).")


@dataclass
class Facts:
    """Today's facts about everyone in a batch of proposals, loaded once for the whole batch.

    What a match's own transaction must see fresh (its row, the mentor's capacity under a lock,
    and for a minor the clearance and consent: promise 2) it still asks there; the rest (both
    people and their interests) comes from here, in a number of queries that does not grow
    with the batch.
    """

    today: date
    mentees: dict[int, engine.Candidate]
    mentors: dict[tuple[int, int], engine.Candidate]  # (program id, mentor id)


def approval_facts(matches: list[Match]) -> Facts:
    today = timezone.localdate()
    mentee_ids = {m.mentee_id for m in matches}
    users = User.objects.filter(pk__in=mentee_ids, mentee_profile__isnull=False)
    mentees = {c.id: c for c in candidates.load_mentees(users, today)}
    mentors: dict[tuple[int, int], engine.Candidate] = {}
    programs = {m.program_id: m.program for m in matches}
    for program in programs.values():  # capacity depends on the program; usually just one
        ids = {m.mentor_id for m in matches if m.program_id == program.pk}
        found = candidates.load_mentors(User.objects.filter(pk__in=ids), program, today)
        mentors.update({(program.pk, c.id): c for c in found})
    return Facts(today=today, mentees=mentees, mentors=mentors)


def _check_still_feasible(match: Match, facts: Facts | None = None) -> None:
    """Things may have changed since the run: check again with today's facts."""
    facts = facts or approval_facts([match])
    _refuse_self_match(match)
    mentor = (
        MentorProfile.objects.select_for_update().filter(user_id=match.mentor_id).first()
    )  # locked so two approvals for one mentor are counted one after the other
    if mentor is None or mentor.is_paused:
        raise ValidationError(_("The mentor is paused or no longer has a mentor profile."))
    capacity = min(mentor.capacity, match.program.max_mentees_per_mentor)
    taken = Match.objects.filter(program=match.program, mentor_id=match.mentor_id).holding().count()
    if taken >= capacity:
        raise ValidationError(
            _("The mentor is at capacity (%(taken)s of %(capacity)s mentees).")
            % {"taken": taken, "capacity": capacity}
        )
    if Match.objects.filter(program=match.program, mentee_id=match.mentee_id).holding().exists():
        raise ValidationError(_("The mentee already has an approved match in this program."))
    mentee = facts.mentees.get(match.mentee_id)
    mentor_candidate = facts.mentors.get((match.program_id, match.mentor_id))
    if mentee is None or mentor_candidate is None:
        raise ValidationError(_("The mentee or mentor has no profile any more."))
    if mentee.is_minor:
        # The one rule matching used, asked again here, inside the approval (promise 2).
        if not MentorProfile.objects.filter(pk=mentor.pk).cleared_for_minors(facts.today).exists():
            raise ValidationError(_not_cleared_reason(mentor))
        consent = GuardianConsent.objects.filter(
            mentee_id=match.mentee_id, status=GuardianConsent.Status.GIVEN
        )
        if not consent.exists():
            raise ValidationError(_("The guardian's consent is no longer recorded."))
        mentor_candidate = replace(mentor_candidate, cleared_for_minors=True)
    feasible = engine.score_matrix([mentee], [replace(mentor_candidate, capacity=capacity)])[1]
    if not feasible[0, 0]:
        raise ValidationError(
            _("The pair no longer shares a language, an availability slot or a meeting format.")
        )


def match_approve(*, match: Match, by: User, facts: Facts | None = None) -> Match:
    """Approve a proposal; both people (and a minor's guardian) are emailed through the outbox.

    The emails are queued in the approval's transaction, so they go out iff it commits.
    A batch passes the `facts` it loaded once for all its matches.
    """
    _refuse_party(match, by)
    try:
        with transaction.atomic():
            locked = _locked_proposal(match)
            _refuse_party(locked, by)
            _check_still_feasible(locked, facts)
            locked.status = Match.Status.APPROVED
            locked.decided_by, locked.decided_at = by, timezone.now()
            locked.save(update_fields=["status", "decided_by", "decided_at"])
            MatchEvent.objects.create(
                match=locked, from_status=Match.Status.PROPOSED, to_status=locked.status, by=by
            )
            # Matched again: the rematch priority has done its job.
            MenteeProfile.objects.filter(user_id=locked.mentee_id).update(rematch_priority=False)
            match_approved_emails_queue(match=locked)
    except IntegrityError as error:  # the one-approved-match-per-mentee constraint
        raise ValidationError(
            _("The mentee already has an approved match in this program.")
        ) from error
    return locked


def match_reject(*, match: Match, by: User, reason: str = "") -> Match:
    """Reject a proposal. Nobody was told about it, so nobody is emailed."""
    _refuse_party(match, by)
    reason = reason.strip() or _(DEFAULT_REJECT_REASON)
    with transaction.atomic():
        locked = _locked_proposal(match)
        locked.status = Match.Status.REJECTED
        locked.decided_by, locked.decided_at, locked.reason = by, timezone.now(), reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        MatchEvent.objects.create(
            match=locked,
            from_status=Match.Status.PROPOSED,
            to_status=locked.status,
            by=by,
            note=reason,
        )
    return locked


@dataclass
class BulkOutcome:
    done: int = 0
    refused: list[tuple[Match, str]] = field(default_factory=list)


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def each_match(matches: list[Match], decide: Callable[[Match], object]) -> BulkOutcome:
    """Decide each match in its own transaction: one refusal does not undo the others."""
    outcome = BulkOutcome()
    for match in matches:
        try:
            decide(match)
        except ValidationError as error:
            outcome.refused.append((match, _messages(error)))
        else:
            outcome.done += 1
    return outcome


def match_approve_many(*, matches: list[Match], by: User) -> BulkOutcome:
    facts = approval_facts(matches)
    return each_match(matches, lambda match: match_approve(match=match, by=by, facts=facts))


def match_reject_many(*, matches: list[Match], by: User, reason: str = "") -> BulkOutcome:
    return each_match(matches, lambda match: match_reject(match=match, by=by, reason=reason))


PAUSE_NOTE_MAX = 1000


def _locked_holding(match: Match, by: User) -> Match:
    _refuse_party(match, by)
    locked = Match.objects.select_for_update().filter(pk=match.pk).first()
    if locked is None or locked.status not in Match.HOLDING:
        raise ValidationError(_("Only an approved or active match can be paused or resumed."))
    return locked


def match_pause(*, match: Match, by: User, note: str = "") -> Match:
    """Pause a running match: it stays the mentee's match, but reminders stop until resumed.

    Nobody is emailed: the coordinator tells the two people why, in their own words.
    """
    note = note.strip()
    if len(note) > PAUSE_NOTE_MAX:
        raise ValidationError(
            _("Keep the note under %(max)s characters.") % {"max": PAUSE_NOTE_MAX}
        )
    with transaction.atomic():
        locked = _locked_holding(match, by)
        if locked.paused_at is not None:
            raise ValidationError(_("This match is already paused."))
        locked.paused_at = timezone.now()
        locked.save(update_fields=["paused_at"])
        said = _("Paused")
        MatchEvent.objects.create(
            match=locked,
            from_status=locked.status,
            to_status=locked.status,
            by=by,
            note=f"{said}: {note}" if note else said,
        )
    return locked


def match_resume(*, match: Match, by: User) -> Match:
    """Resume a paused match: quiet spells and check-ins count again from now."""
    with transaction.atomic():
        locked = _locked_holding(match, by)
        if locked.paused_at is None:
            raise ValidationError(_("This match is not paused."))
        locked.paused_at, locked.resumed_at = None, timezone.now()
        locked.save(update_fields=["paused_at", "resumed_at"])
        MatchEvent.objects.create(
            match=locked,
            from_status=locked.status,
            to_status=locked.status,
            by=by,
            note=_("Resumed"),
        )
    return locked
