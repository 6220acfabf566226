"""A matching run as a background job: queued by a click, moved through its phases by a worker.

The row is the job. A partial unique constraint allows one run in progress per program, so a
second click is refused by the database, not by a check that two requests could both pass.
Progress is written with plain UPDATEs outside any transaction, so the admin sees each phase
while the run works; the proposals are stored in one transaction at the end, so a failed run
leaves nothing half-done.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import engine
from matching.models import MatchRun
from mentoring.core.jobs import enqueue
from mentoring.core.outbox import in_business_transaction
from mentoring.people.models import Program, User

logger = logging.getLogger(__name__)

RUN_TASK = "matching.tasks.matching_run_job"
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


def run_enqueue(run: MatchRun) -> None:
    """Hand the run to a worker once it is committed; a broker outage leaves it to the scan."""
    if in_business_transaction():
        transaction.on_commit(lambda: enqueue(RUN_TASK, run.pk), robust=True)
    else:
        enqueue(RUN_TASK, run.pk)


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
