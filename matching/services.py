"""The bridge between people and the engine: run matching, approve and reject proposals."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import candidates, engine, runs
from matching.emails import match_approved_emails_queue
from matching.models import BlockedPair, Match, MatchEvent, MatchRun
from mentoring.people.models import MenteeProfile, MentorProfile, Program, User
from mentoring.people.models import has_guardian_consent as consent_given

logger = logging.getLogger(__name__)

DEFAULT_REJECT_REASON = "Rejected by coordinator"
# Rows per INSERT when a run stores its proposals: few round trips, bounded statement size.
STORE_BATCH = 1000


def _breakdown(pair: engine.Pair) -> dict[str, dict[str, object]]:
    return {
        "parts": {c: round(float(p), 6) for c, p in pair.parts.items()},
        "shared": {c: list(names) for c, names in pair.shared.items()},
    }


def matching_run(
    *, program: Program, by: User | None, mode: str = "exact", dry_run: bool = False
) -> MatchRun:
    """Propose matches for the whole program, here and now (the command, the demo, tests).

    Replaces earlier proposals, keeps approved ones. The returned run carries the engine's
    Proposal as `run.proposal` (also for dry runs, which write nothing). The admin uses
    `matching_run_enqueue` instead, so no web request waits for the engine.
    """
    if dry_run:
        runs.run_create_check(program=program, mode=mode)
        run = MatchRun(program=program, run_by=by, mode=mode, dry_run=True)
        _compute(run, store=False)
        return run
    run = runs.run_create(program=program, by=by, mode=mode)
    claimed = runs.run_claim(run.pk)
    assert claimed is not None  # just created, and nobody else knows its id yet
    _execute(claimed)
    if claimed.status == MatchRun.Status.FAILED:
        raise ValidationError(claimed.error)
    return claimed


def matching_run_enqueue(*, program: Program, by: User | None, mode: str = "exact") -> MatchRun:
    """Queue a run for a worker and return at once; refused while one is in progress."""
    run = runs.run_create(program=program, by=by, mode=mode)
    runs.run_enqueue(run)
    return run


def matching_run_job(*, run_id: int) -> MatchRun | None:
    """The worker's side: claim the queued run and carry it to done or failed."""
    run = runs.run_claim(run_id)
    if run is not None:
        _execute(run)
    return run


def _execute(run: MatchRun) -> None:
    try:
        _compute(run, store=True)
    except ValidationError as error:
        runs.run_fail(run, " ".join(error.messages))
    except Exception as error:  # the run must end failed, saying why, whatever went wrong
        logger.exception("Matching run %s failed", run.pk)
        runs.run_fail(
            run,
            _("Matching stopped on an unexpected error (%(error)s); nothing was stored.")
            % {"error": f"{type(error).__name__}: {error}"[:500]},
        )


def _compute(run: MatchRun, *, store: bool) -> None:
    started = time.perf_counter()
    program, by = run.program, run.run_by

    def phase(status: str, **counts: int) -> None:
        if store:
            runs.run_phase(run, status, **counts)

    today = timezone.localdate()
    mentees = candidates.program_mentees(program, today)
    mentors = candidates.program_mentors(program, today)
    holding = Match.objects.filter(program=program).holding()
    fixed = list(holding.values_list("mentee_id", "mentor_id"))
    fixed_set = set(fixed)
    # A pair a coordinator rejected is as good as blocked: never propose it again.
    ruled_out = set(
        BlockedPair.objects.filter(program=program).values_list("mentee_id", "mentor_id")
    )
    ruled_out |= set(
        Match.objects.filter(program=program, status=Match.Status.REJECTED).values_list(
            "mentee_id", "mentor_id"
        )
    )
    weights = candidates.program_weights(program)
    priority = candidates.priority_mentee_ids(program, today)
    # The engine scores and solves in one call; until it reports between the two, this phase
    # covers both.
    phase(MatchRun.Status.SCORING, mentee_count=len(mentees), mentor_count=len(mentors))
    try:
        proposal = _propose_priority_first(
            mentees, mentors, weights, run.mode, ruled_out - fixed_set, fixed, priority
        )
    except ValueError as error:  # e.g. every weight zero: a setting the coordinator can fix
        raise ValidationError(
            _("Matching cannot run for %(program)s: %(why)s") % {"program": program, "why": error}
        ) from error
    new_pairs = [p for p in proposal.pairs if (p.mentee_id, p.mentor_id) not in fixed_set]
    scores = [p.score for p in new_pairs]
    run.weights = {
        "career": weights.career,
        "academic": weights.academic,
        "personal": weights.personal,
    }
    run.mentee_count, run.mentor_count = len(mentees), len(mentors)
    run.proposed_count, run.unmatched_count = len(new_pairs), len(proposal.unmatched)
    run.mean_score = round(sum(scores) / len(scores), 6) if scores else 0.0
    run.min_score = round(min(scores), 6) if scores else 0.0
    run.unmatched = {str(k): v for k, v in proposal.unmatched.items()}
    run.proposal = proposal  # type: ignore[attr-defined]
    run.new_pairs = new_pairs  # type: ignore[attr-defined]
    if store:
        phase(MatchRun.Status.STORING)
        run.duration_ms = int((time.perf_counter() - started) * 1000)
        _store(run, program, by, new_pairs)
    run.duration_ms = int((time.perf_counter() - started) * 1000)
    if store:
        MatchRun.objects.filter(pk=run.pk).update(duration_ms=run.duration_ms)


def _propose_priority_first(
    mentees: list[engine.Candidate],
    mentors: list[engine.Candidate],
    weights: engine.Weights,
    mode: str,
    blocked: set[tuple[int, int]],
    fixed: list[tuple[int, int]],
    priority: set[int],
) -> engine.Proposal:
    """Place rematch-priority mentees first, then everyone else around their pairs.

    The engine has no notion of priority; two passes give it without changing the engine:
    the first pass's pairs are fixed for the second, which stays optimal for everyone else.
    """
    first = [m for m in mentees if m.id in priority]
    if first:
        head = engine.propose(first, mentors, weights, mode=mode, blocked=blocked, fixed=fixed)
        known = set(fixed)
        fixed = fixed + [
            (p.mentee_id, p.mentor_id)
            for p in head.pairs
            if (p.mentee_id, p.mentor_id) not in known
        ]
    return engine.propose(
        mentees, mentors, weights, mode=mode, blocked=blocked - set(fixed), fixed=fixed
    )


def _store(run: MatchRun, program: Program, by: User | None, pairs: list[engine.Pair]) -> None:
    """Everything the run changes, in one transaction: it commits whole or not at all."""
    with transaction.atomic():
        # Approvals lock matches of this program; this orders the run after them.
        Program.objects.select_for_update().get(pk=program.pk)
        run.status = MatchRun.Status.DONE  # done in the same commit as the proposals
        run.save()
        # Locked, so an approval racing this run either wins first or finds the row withdrawn.
        stale = list(
            Match.objects.select_for_update()
            .filter(program=program)
            .proposed()
            .values_list("pk", flat=True)
        )
        # Earlier proposals are withdrawn, not deleted: their audit trail must survive.
        Match.objects.filter(pk__in=stale).update(status=Match.Status.WITHDRAWN)
        note = _("Replaced by matching run %(run)s.") % {"run": run.pk}
        MatchEvent.objects.bulk_create(
            [
                MatchEvent(
                    match_id=pk,
                    from_status=Match.Status.PROPOSED,
                    to_status="withdrawn",
                    by=by,
                    note=note,
                )
                for pk in stale
            ],
            batch_size=STORE_BATCH,
        )
        Match.objects.bulk_create(
            [
                Match(
                    program=program,
                    run=run,
                    mentee_id=p.mentee_id,
                    mentor_id=p.mentor_id,
                    score=round(float(p.score), 6),
                    breakdown=_breakdown(p),
                )
                for p in pairs
            ],
            batch_size=STORE_BATCH,
        )


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


def _check_still_feasible(match: Match) -> None:
    """Things may have changed since the run: check again with today's facts."""
    today = timezone.localdate()
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
    mentee_rows = candidates.mentee_rows(
        User.objects.filter(pk=match.mentee_id, profile__isnull=False, mentee_profile__isnull=False)
    )
    mentor_users = User.objects.filter(pk=match.mentor_id, profile__isnull=False)
    mentee_user, mentor_user = mentee_rows.first(), candidates.mentor_rows(mentor_users).first()
    if mentee_user is None or mentor_user is None:
        raise ValidationError(_("The mentee or mentor has no profile any more."))
    mentee = candidates.mentee_candidate(mentee_user, today)
    cleared: set[int] = set()  # only a minor needs a cleared mentor
    if mentee.is_minor:
        # The same rule matching used, asked again with today's facts (promise 2).
        cleared = candidates.cleared_ids(mentor_users, today)
        if match.mentor_id not in cleared:
            raise ValidationError(_not_cleared_reason(mentor))
        if not consent_given(match.mentee_id):
            raise ValidationError(_("The guardian's consent is no longer recorded."))
    mentor_candidate = candidates.mentor_candidate(mentor_user, match.program, cleared, today)
    feasible = engine.score_matrix([mentee], [mentor_candidate])[1]
    if not feasible[0, 0]:
        raise ValidationError(
            _("The pair no longer shares a language, an availability slot or a meeting format.")
        )


def match_approve(*, match: Match, by: User) -> Match:
    """Approve a proposal; both people (and a minor's guardian) are emailed through the outbox.

    The emails are queued in the approval's transaction, so they go out iff it commits.
    """
    _refuse_party(match, by)
    try:
        with transaction.atomic():
            locked = _locked_proposal(match)
            _refuse_party(locked, by)
            _check_still_feasible(locked)
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


def match_approve_many(*, matches: list[Match], by: User) -> BulkOutcome:
    """Approve each match in its own transaction: one refusal does not undo the others."""
    outcome = BulkOutcome()
    for match in matches:
        try:
            match_approve(match=match, by=by)
        except ValidationError as error:
            outcome.refused.append((match, _messages(error)))
        else:
            outcome.done += 1
    return outcome


def match_reject_many(*, matches: list[Match], by: User, reason: str = "") -> BulkOutcome:
    outcome = BulkOutcome()
    for match in matches:
        try:
            match_reject(match=match, by=by, reason=reason)
        except ValidationError as error:
            outcome.refused.append((match, _messages(error)))
        else:
            outcome.done += 1
    return outcome
