"""Reads for the coordinator console and for participants."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from matching import candidates, engine
from matching.models import Match, MatchRun
from mentoring.people.models import Program, User
from mentoring.people.selectors import matchable_mentors


def visible_matches_for(user: User) -> QuerySet[Match]:
    """Only approved or active matches the user is part of: nothing leaks before approval."""
    if not user.is_authenticated:
        return Match.objects.none()
    return (
        Match.objects.holding()
        .involving(user.pk)
        # Each side's mentee profile: the contact rule asks whether that person is a minor.
        .select_related(
            "program",
            "mentee__profile",
            "mentor__profile",
            "mentee__mentee_profile",
            "mentor__mentee_profile",
        )
        .order_by("-decided_at", "pk")
    )


def latest_run(program: Program | None = None) -> MatchRun | None:
    # Only a finished run has proposals and reasons to show.
    runs = MatchRun.objects.select_related("program").filter(
        dry_run=False, status=MatchRun.Status.DONE
    )
    if program is not None:
        runs = runs.filter(program=program)
    return runs.order_by("-created", "-pk").first()


@dataclass(frozen=True)
class Closest:
    mentor: User
    score: float
    taken: int
    capacity: int


# The engine is pure and stores its reasons as English codes; the console reads them here.
REASONS: dict[str, Promise] = {
    engine.scoring.REASON_NO_MENTORS: _("there are no mentors to match with"),
    engine.scoring.REASON_NO_LANGUAGE: _("no mentor shares a language"),
    engine.scoring.REASON_NO_SLOT: _("no mentor shares an availability slot"),
    engine.scoring.REASON_NO_FORMAT: _("no mentor meets online or in the same area"),
    engine.scoring.REASON_NEEDS_CLEARED: _("needs a mentor cleared for minors"),
    engine.scoring.REASON_NO_CAPACITY: _("no compatible mentor has capacity"),
    engine.scoring.REASON_ONLY_SELF: _("the only compatible mentor is themselves"),
    engine.scoring.REASON_ALL_BLOCKED: _("every compatible mentor was ruled out by a coordinator"),
    engine.scoring.REASON_AT_CAPACITY: _("all compatible mentors are at capacity"),
}


def unmatched_reason(code: str) -> str:
    """The reader's words for an engine reason (one the engine added later shows as it is)."""
    return str(REASONS.get(code, code))


@dataclass(frozen=True)
class Unmatched:
    mentee: User
    reason: str
    closest: list[Closest]


def unmatched_with_closest(run: MatchRun, k: int = 3) -> list[Unmatched]:
    """Each unmatched mentee of a run with its reason and the k best feasible mentors today.

    Feasible ignores what other matches use of a mentor's capacity (shown as proposed or approved),
    so a coordinator can see who would fit if capacity were freed.
    """
    ids = [int(i) for i in run.unmatched]
    mentees = list(
        candidates.mentee_rows(
            User.objects.filter(pk__in=ids, profile__isnull=False, mentee_profile__isnull=False)
        ).order_by("pk")
    )
    matchable = matchable_mentors(run.program)
    mentors = list(candidates.mentor_rows(matchable).order_by("pk"))
    if not mentees:
        return []
    taken = dict(
        Match.objects.filter(
            program=run.program, status__in=(Match.Status.PROPOSED, *Match.HOLDING)
        )
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
    )
    today = timezone.localdate()
    cleared = candidates.cleared_ids(matchable, today)
    mentor_cands = [candidates.mentor_candidate(u, run.program, cleared, today) for u in mentors]
    mentee_cands = [candidates.mentee_candidate(u, today) for u in mentees]
    rows: list[Unmatched] = []
    if mentor_cands:
        scores, feasible = engine.score_matrix(
            mentee_cands, mentor_cands, candidates.program_weights(run.program)
        )
    for i, mentee in enumerate(mentees):
        best: list[Closest] = []
        if mentor_cands:
            order = sorted(
                (j for j in range(len(mentors)) if feasible[i, j]),
                key=lambda j: (-scores[i, j], mentors[j].pk),
            )[:k]
            best = [
                Closest(
                    mentor=mentors[j],
                    score=float(scores[i, j]),
                    taken=taken.get(mentors[j].pk, 0),
                    capacity=mentor_cands[j].capacity,
                )
                for j in order
            ]
        rows.append(
            Unmatched(
                mentee=mentee,
                reason=unmatched_reason(run.unmatched.get(str(mentee.pk), "")),
                closest=best,
            )
        )
    return rows
