"""Reads the relationship pages share: who may open a conversation, and what they see in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from django.db.models import Count
from django.db.models import Q
from django.db.models import QuerySet

from matching.models import Match
from matching.relationships.models import Goal
from matching.relationships.models import Meeting
from matching.relationships.models import Message
from matching.relationships.models import Side
from matching.relationships.services.messages import is_minors_match
from matching.relationships.services.parties import program_coordinators
from matching.relationships.services.parties import side_of
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
class MeetingEntry:
    """One meeting as a viewer sees it: what they may do with it now."""

    meeting: Meeting
    # "mentee" or "mentor"; None for a coordinator of a minor's match, who only reads.
    side: str | None
    now: datetime

    @property
    def ahead(self) -> bool:
        return self.meeting.starts_at > self.now

    @property
    def can_answer(self) -> bool:
        return self.meeting.awaits(self.side) and self.ahead

    @property
    def can_change(self) -> bool:
        return self.meeting.may_reschedule(self.side) and self.ahead

    @property
    def can_cancel(self) -> bool:
        return self.side is not None and self.meeting.is_open and self.meeting.ends_at > self.now

    @property
    def asks_outcome(self) -> bool:
        return self.side is not None and self.meeting.asks_outcome(self.now)

    @property
    def waits_for_other_side(self) -> bool:
        return (
            self.meeting.status == Meeting.Status.PROPOSED and self.meeting.proposed_by == self.side
        )


@dataclass(frozen=True)
class MatchSummary:
    """What /me/ shows of a match beside its card: unread messages, the plan and meetings."""

    unread: int
    goals: list[Goal]
    # The next proposed or agreed meeting, and those over that nobody said took place.
    next_meeting: MeetingEntry | None = None
    to_confirm: tuple[MeetingEntry, ...] = ()


def match_summaries(matches: list[Match], user: User, now: datetime) -> dict[int, MatchSummary]:
    """{match id: summary} for the viewer's matches, in three queries however many matches.

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
    ahead, behind = meetings_by_match(ids, now)
    sides = {match.pk: side_of(match, user) for match in matches}

    def entry(meeting: Meeting) -> MeetingEntry:
        return MeetingEntry(meeting, sides[meeting.match_id], now)

    return {
        pk: MatchSummary(
            unread=unread.get(pk, 0),
            goals=plans[pk],
            next_meeting=entry(ahead[pk]) if pk in ahead else None,
            to_confirm=tuple(entry(m) for m in behind.get(pk, ())),
        )
        for pk in ids
    }


# A meeting left unanswered longer than this stops asking on /me/ (its page still asks).
OUTCOME_ASKED_FOR = timedelta(days=30)


def meetings_by_match(
    ids: list[int], now: datetime
) -> tuple[dict[int, Meeting], dict[int, list[Meeting]]]:
    """({match id: next meeting}, {match id: meetings to say "we met" about}), in one query."""
    said_nothing = Q(outcome=Meeting.Outcome.UNKNOWN, starts_at__gte=now - OUTCOME_ASKED_FOR)
    rows = Meeting.objects.open().filter(Q(ends_at__gt=now) | said_nothing, match_id__in=ids)
    ahead: dict[int, Meeting] = {}
    behind: dict[int, list[Meeting]] = {}
    for meeting in rows.order_by("starts_at", "pk"):
        if meeting.asks_outcome(now):
            behind.setdefault(meeting.match_id, []).append(meeting)
        elif meeting.ends_at > now:
            ahead.setdefault(meeting.match_id, meeting)
    return ahead, behind


def meetings_of(match: Match) -> QuerySet[Meeting]:
    return Meeting.objects.filter(match=match).order_by("-starts_at", "-pk")
