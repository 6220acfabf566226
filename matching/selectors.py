"""Reads for the coordinator console and for participants."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from matching import engine
from matching.models import Match
from matching.models import MatchRun
from mentoring.people.models import Program
from mentoring.people.models import User


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


def latest_run(
    program: Program | None = None, among: QuerySet[Program] | None = None
) -> MatchRun | None:
    """The latest finished run of `program`, else of any program `among` (None: any at all)."""
    # Only a finished run has proposals and reasons to show.
    runs = MatchRun.objects.select_related("program").filter(
        dry_run=False, status=MatchRun.Status.DONE
    )
    if program is not None:
        runs = runs.filter(program=program)
    if among is not None:
        runs = runs.filter(program__in=among)
    return runs.order_by("-created", "-pk").first()


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
