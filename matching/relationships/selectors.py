"""Reads the relationship pages share: who may open a conversation, and what they see in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from matching.models import Match
from matching.relationships.models import Goal, Message, Side
from matching.relationships.services.messages import is_minors_match
from matching.relationships.services.parties import program_coordinators, side_of
from mentoring.people.models import User


@dataclass(frozen=True)
class Entry:
    """One message as the viewer sees it: who wrote it, whether it still waits for morning."""

    message: Message
    author: str
    mine: bool
    held: bool
    can_report: bool


@dataclass(frozen=True)
class Conversation:
    match: Match
    # "mentee" or "mentor" for the two people; None for a coordinator of a minor's match.
    side: str | None
    minors: bool

    @property
    def can_write(self) -> bool:
        return self.side is not None

    def messages(self, now: datetime) -> QuerySet[Message]:
        return Message.objects.filter(match=self.match).visible_to(self.side, now)

    def thread(self, now: datetime) -> list[Entry]:
        """Every message the viewer may read, oldest first, in one query however many."""
        names: dict[str, str] = {
            Side.MENTEE: self.match.mentee.profile.display_name,
            Side.MENTOR: self.match.mentor.profile.display_name,
        }
        return [
            Entry(
                message=message,
                author=names[message.side],
                mine=message.side == self.side,
                held=message.deliver_after > now,
                can_report=self.side is not None and message.reported_at is None,
            )
            for message in self.messages(now)
        ]


def conversation_for(user: User, match_id: int) -> Conversation | None:
    """The conversation of an open match, for its two sides and, in a minor's match only, the
    program's coordinators; None for anyone else (the page answers 404, no hint it exists)."""
    match = (
        Match.objects.holding()
        .select_related("program", "mentee__profile", "mentee__mentee_profile", "mentor__profile")
        .filter(pk=match_id)
        .first()
    )
    if match is None or not user.is_authenticated:
        return None
    minors = is_minors_match(match)
    side = side_of(match, user)
    if side is not None:
        return Conversation(match, side, minors)
    if minors and user.is_staff and user in program_coordinators(match.program):
        return Conversation(match, None, minors)
    return None


@dataclass(frozen=True)
class PlanProgress:
    match: Match
    total: int
    done: int
    in_progress: int


def goal_progress(limit: int = 100, among: QuerySet[Match] | None = None) -> list[PlanProgress]:
    """Goal progress of the open matches (of `among`, if given) that have a plan, least done
    first: two queries."""
    goals = Goal.objects.filter(match__status__in=Match.HOLDING)
    if among is not None:
        goals = goals.filter(match__in=among)
    counts = goals.progress_by_match()
    matches = Match.objects.filter(pk__in=counts).select_related(
        "program", "mentee__profile", "mentor__profile"
    )
    rows = [PlanProgress(match=m, **counts[m.pk]) for m in matches]
    rows.sort(key=lambda row: (row.done / row.total, row.match.pk))
    return rows[:limit]


@dataclass(frozen=True)
class MatchSummary:
    """What /me/ shows of a match beside its card: unread messages and the plan."""

    unread: int
    goals: list[Goal]


def match_summaries(matches: list[Match], user: User, now: datetime) -> dict[int, MatchSummary]:
    """{match id: summary} for the viewer's matches, in two queries however many matches.

    Unread counts only what the other side wrote and was delivered (not held for the night).
    """
    ids = [match.pk for match in matches]
    unread = dict(
        Message.objects.filter(match_id__in=ids, read_at__isnull=True, deliver_after__lte=now)
        .values("match_id")
        .annotate(
            n=Count(
                "pk",
                filter=Q(side=Side.MENTOR, match__mentee_id=user.pk)
                | Q(side=Side.MENTEE, match__mentor_id=user.pk),
            )
        )
        .values_list("match_id", "n")
    )
    plans: dict[int, list[Goal]] = {pk: [] for pk in ids}
    for goal in Goal.objects.filter(match_id__in=ids):
        plans[goal.match_id].append(goal)
    return {pk: MatchSummary(unread=unread.get(pk, 0), goals=plans[pk]) for pk in ids}
