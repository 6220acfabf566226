"""Approving or rejecting more matches than a page holds, as a background job.

The web request only records which matches and who decides (a BulkDecision row) and returns;
a worker decides them a chunk at a time, each match in its own transaction and audited as a
single approval is, and leaves a summary: how many were done, which were refused and why.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import BulkDecision
from matching.models import Match
from matching.runs import enqueue_after_commit
from matching.services import BulkOutcome
from matching.services import match_approve_many
from matching.services import match_reject_many
from mentoring.core.jobs import enqueue
from mentoring.people.models import User

logger = logging.getLogger(__name__)

BULK_TASK = "matching.tasks.bulk_decision_job"
# Matches per chunk: the facts for a chunk load in a few queries, and progress shows per chunk.
CHUNK = 200
REQUEUE_AFTER = timedelta(seconds=60)
STALE_AFTER = timedelta(hours=1)


def bulk_decision_start(
    *, kind: str, matches: QuerySet[Match], by: User, reason: str = ""
) -> BulkDecision:
    """Record the decision and hand it to a worker; the request does not wait for it."""
    ids = list(matches.order_by("pk").values_list("pk", flat=True))
    decision = BulkDecision.objects.create(kind=kind, by=by, reason=reason, match_ids=ids)
    enqueue_after_commit(BULK_TASK, decision.pk)
    return decision


def _record(decision: BulkDecision, outcome: BulkOutcome) -> None:
    decision.done_count += outcome.done
    decision.refused += [
        {"match": match.pk, "label": str(match), "why": why} for match, why in outcome.refused
    ]
    decision.save(update_fields=["done_count", "refused", "updated"])


def bulk_decision_job(*, decision_id: int) -> BulkDecision | None:
    """The worker's side: claim the queued decision and work through its matches."""
    claimed = BulkDecision.objects.filter(pk=decision_id, status=BulkDecision.Status.QUEUED).update(
        status=BulkDecision.Status.RUNNING, updated=timezone.now()
    )
    if not claimed:
        return None  # another delivery took it, or it has ended
    decision = BulkDecision.objects.select_related("by").get(pk=decision_id)
    try:
        for start in range(0, len(decision.match_ids), CHUNK):
            ids = decision.match_ids[start : start + CHUNK]
            chunk = list(
                Match.objects.filter(pk__in=ids)
                .select_related("program", "mentee", "mentor")
                .order_by("pk")
            )
            if decision.kind == BulkDecision.Kind.APPROVE:
                outcome = match_approve_many(matches=chunk, by=decision.by)
            else:
                outcome = match_reject_many(matches=chunk, by=decision.by, reason=decision.reason)
            _record(decision, outcome)
    except Exception as error:  # the matches committed so far stay decided, and it says so
        logger.exception("Bulk decision %s failed", decision.pk)
        decision.status = BulkDecision.Status.FAILED
        decision.error = f"{type(error).__name__}: {error}"[:500]
        decision.save(update_fields=["status", "error", "updated"])
        return decision
    decision.status = BulkDecision.Status.DONE
    decision.save(update_fields=["status", "updated"])
    return decision


def decisions_scan() -> int:
    """Beat job: resend decisions the broker lost; end those whose worker died."""
    now = timezone.now()
    BulkDecision.objects.filter(
        status=BulkDecision.Status.RUNNING, updated__lt=now - STALE_AFTER
    ).update(
        status=BulkDecision.Status.FAILED,
        error=_("The worker stopped before it finished; the matches decided so far stay decided."),
    )
    waiting = list(
        BulkDecision.objects.filter(
            status=BulkDecision.Status.QUEUED, updated__lt=now - REQUEUE_AFTER
        ).values_list("pk", flat=True)
    )
    for pk in waiting:
        enqueue(BULK_TASK, pk)
    return len(waiting)
