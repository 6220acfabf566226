"""Reads for the Unmatched page and its CSV: who was left out of a run, why, and who is closest.

A page reads its own mentees, every matchable mentor once, and scores the two as one block in
the engine; the three closest mentors come from one argsort over that block. The query count
does not depend on how many mentees a page or the program holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.paginator import Page
from django.core.paginator import Paginator
from django.db.models import Count
from django.utils import timezone

from matching import candidates
from matching import engine
from matching.engine.closest import closest
from matching.models import Match
from matching.models import MatchRun
from matching.selectors import unmatched_reason
from mentoring.people.models import User
from mentoring.people.selectors import matchable_mentors

PER_PAGE = 50
ORDERS = {"reason": False, "-reason": True}  # sort key → descending
CSV_BLOCK = 500  # mentees scored at a time for the CSV: memory stays at one block


@dataclass(frozen=True)
class Closest:
    name: str
    score: float
    taken: int
    capacity: int


@dataclass(frozen=True)
class Unmatched:
    mentee_id: int
    name: str
    email: str
    reason: str
    closest: list[Closest]


class _Mentors:
    """Every matchable mentor of the run's program, loaded once for a page or the whole CSV."""

    def __init__(self, run: MatchRun) -> None:
        self.today = timezone.localdate()
        matchable = matchable_mentors(run.program)
        self.candidates = candidates.load_mentors(matchable, run.program, self.today)
        ids = [c.id for c in self.candidates]
        self.names = dict(
            User.objects.filter(pk__in=ids).values_list("pk", "profile__display_name")
        )
        self.taken = dict(
            Match.objects.filter(
                program=run.program, status__in=(Match.Status.PROPOSED, *Match.HOLDING)
            )
            .values("mentor_id")
            .annotate(n=Count("pk"))
            .values_list("mentor_id", "n")
        )
        self.weights = candidates.program_weights(run.program)


def _rows(run: MatchRun, ids: list[int], mentors: _Mentors, k: int = 3) -> list[Unmatched]:
    users = User.objects.filter(pk__in=ids)
    people = {
        pk: (name, email)
        for pk, name, email in users.values_list("pk", "profile__display_name", "email")
    }
    found = {c.id: c for c in candidates.load_mentees(users, mentors.today)}
    mentees = [found[i] for i in ids if i in found]
    best: dict[int, list[Closest]] = {}
    if mentees and mentors.candidates:
        scores, feasible = engine.score_matrix(mentees, mentors.candidates, mentors.weights)
        columns, real = closest(scores, feasible, k)
        for i, mentee in enumerate(mentees):
            best[mentee.id] = [
                Closest(
                    name=mentors.names.get(mentors.candidates[j].id) or "—",
                    score=float(scores[i, j]),
                    taken=mentors.taken.get(mentors.candidates[j].id, 0),
                    capacity=mentors.candidates[j].capacity,
                )
                for j, ok in zip(columns[i], real[i], strict=True)
                if ok
            ]
    return [
        Unmatched(
            mentee_id=i,
            name=people.get(i, ("", ""))[0] or "—",  # a deleted account keeps only its id
            email=people.get(i, ("", ""))[1],
            reason=unmatched_reason(run.unmatched.get(str(i), "")),
            closest=best.get(i, []),
        )
        for i in ids
    ]


def _ordered_ids(run: MatchRun, order: str) -> list[int]:
    entries = sorted((reason, int(pk)) for pk, reason in run.unmatched.items())
    if ORDERS.get(order, False):
        entries.sort(key=lambda e: e[0], reverse=True)  # stable: ids stay ascending per reason
    return [pk for _reason, pk in entries]


def unmatched_page(run: MatchRun, page: str | int = 1, order: str = "reason") -> Page:
    """One page of the run's unmatched mentees, each with reason and three closest mentors."""
    paginator = Paginator(_ordered_ids(run, order), PER_PAGE)
    current = paginator.get_page(page)
    current.rows = _rows(run, list(current.object_list), _Mentors(run))  # type: ignore[attr-defined]
    return current


def unmatched_all(run: MatchRun) -> Iterator[Unmatched]:
    """Every unmatched mentee of the run, scored a block at a time, for the CSV."""
    ids, mentors = _ordered_ids(run, "reason"), _Mentors(run)
    for start in range(0, len(ids), CSV_BLOCK):
        yield from _rows(run, ids[start : start + CSV_BLOCK], mentors)
