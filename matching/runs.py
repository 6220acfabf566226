"""A matching run as a background job: queued by a click, moved through its phases by a worker.

The row is the job. A partial unique constraint allows one run in progress per program, so a
second click is refused by the database, not by a check that two requests could both pass.
Progress is written with plain UPDATEs outside any transaction, so the admin sees each phase
while the run works; the proposals are stored in one transaction at the end, so a failed run
leaves nothing half-done.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import candidates
from matching import engine
from matching.models import BlockedPair
from matching.models import Match
from matching.models import MatchEvent
from matching.models import MatchRun
from mentoring.core.jobs import enqueue
from mentoring.core.outbox import in_business_transaction
from mentoring.people.models import Program
from mentoring.people.models import User

logger = logging.getLogger(__name__)

RUN_TASK = "matching.tasks.matching_run_job"
# Rows per INSERT when a run stores its proposals: few round trips, bounded statement size.
STORE_BATCH = 1000
# A queued run the broker never delivered is sent again by the scan after this long.
REQUEUE_AFTER = timedelta(seconds=60)
# A run in progress whose row has not moved for this long lost its worker (killed, redeployed).
STALE_AFTER = timedelta(hours=1)


def _already_running(program: Program) -> ValidationError:
    running = MatchRun.objects.filter(program=program, status__in=MatchRun.ACTIVE).first()
    since = running.created if running else timezone.now()
    return ValidationError(
        _(
            "Matching for %(program)s is already running (started %(since)s). Wait for it to "
            "finish; its progress is on the matching runs page."
        )
        % {"program": program, "since": timezone.localtime(since).strftime("%H:%M")}
    )


def run_create_check(*, program: Program, mode: str) -> None:
    """Refuse at once what no run could do: the coordinator fixes it before anything queues."""
    if mode not in engine.MODES:
        raise ValidationError(_("Unknown matching mode %(mode)s.") % {"mode": mode})
    weights = engine.Weights(
        program.weight_career, program.weight_academic, program.weight_personal
    )
    try:
        weights.normalised()
    except ValueError as error:  # e.g. every weight zero: a setting the coordinator can fix
        raise ValidationError(
            _("Matching cannot run for %(program)s: %(why)s") % {"program": program, "why": error}
        ) from error


def run_create(*, program: Program, by: User | None, mode: str) -> MatchRun:
    """A queued run for `program`, or a clear refusal (bad settings, one already running)."""
    run_create_check(program=program, mode=mode)
    try:
        with transaction.atomic():
            return MatchRun.objects.create(program=program, run_by=by, mode=mode)
    except IntegrityError as error:  # one_active_run_per_program
        raise _already_running(program) from error


def enqueue_after_commit(task: str, pk: int) -> None:
    """Hand a job row to a worker once it is committed; a broker outage leaves it to a scan."""
    if in_business_transaction():
        transaction.on_commit(lambda: enqueue(task, pk), robust=True)
    else:
        enqueue(task, pk)


def run_enqueue(run: MatchRun) -> None:
    enqueue_after_commit(RUN_TASK, run.pk)


def run_claim(run_id: int) -> MatchRun | None:
    """Take a queued run for this worker; None if another delivery took it or it has ended."""
    now = timezone.now()
    claimed = MatchRun.objects.filter(pk=run_id, status=MatchRun.Status.QUEUED).update(
        status=MatchRun.Status.LOADING, updated=now
    )
    if not claimed:
        return None
    return MatchRun.objects.select_related("program", "run_by").get(pk=run_id)


def run_phase(run: MatchRun, status: str, **counts: int) -> None:
    """Record progress at once (autocommit), so the admin shows it while the run works."""
    run.status = status
    for name, value in counts.items():
        setattr(run, name, value)
    MatchRun.objects.filter(pk=run.pk).update(status=status, updated=timezone.now(), **counts)


def run_fail(run: MatchRun, why: str) -> None:
    run.error = why
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.FAILED, error=why, updated=timezone.now()
    )
    run.status = MatchRun.Status.FAILED


def runs_scan() -> int:
    """Beat job: send queued runs the broker lost again, and end runs whose worker died."""
    now = timezone.now()
    lost = MatchRun.objects.filter(
        status__in=[s for s in MatchRun.ACTIVE if s != MatchRun.Status.QUEUED],
        updated__lt=now - STALE_AFTER,
    )
    for run in lost:
        run_fail(run, _("The worker running this stopped before it finished; nothing was stored."))
    waiting = list(
        MatchRun.objects.filter(
            status=MatchRun.Status.QUEUED, updated__lt=now - REQUEUE_AFTER
        ).values_list("pk", flat=True)
    )
    for pk in waiting:
        enqueue(RUN_TASK, pk)  # a duplicate delivery is harmless: run_claim takes it once
    return len(waiting)


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
        run_create_check(program=program, mode=mode)
        run = MatchRun(program=program, run_by=by, mode=mode, dry_run=True)
        _compute(run, store=False)
        return run
    run = run_create(program=program, by=by, mode=mode)
    claimed = run_claim(run.pk)
    assert claimed is not None  # just created, and nobody else knows its id yet
    _execute(claimed)
    if claimed.status == MatchRun.Status.FAILED:
        raise ValidationError(claimed.error)
    return claimed


def matching_run_enqueue(*, program: Program, by: User | None, mode: str = "exact") -> MatchRun:
    """Queue a run for a worker and return at once; refused while one is in progress."""
    run = run_create(program=program, by=by, mode=mode)
    run_enqueue(run)
    return run


def matching_run_job(*, run_id: int) -> MatchRun | None:
    """The worker's side: claim the queued run and carry it to done or failed."""
    run = run_claim(run_id)
    if run is not None:
        _execute(run)
    return run


def _execute(run: MatchRun) -> None:
    try:
        _compute(run, store=True)
    except ValidationError as error:
        run_fail(run, " ".join(error.messages))
    except Exception as error:  # the run must end failed, saying why, whatever went wrong
        logger.exception("Matching run %s failed", run.pk)
        run_fail(
            run,
            _("Matching stopped on an unexpected error (%(error)s); nothing was stored.")
            % {"error": f"{type(error).__name__}: {error}"[:500]},
        )


def _compute(run: MatchRun, *, store: bool) -> None:
    started = time.perf_counter()
    program, by = run.program, run.run_by

    def phase(status: str, **counts: int) -> None:
        if store:
            run_phase(run, status, **counts)

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
