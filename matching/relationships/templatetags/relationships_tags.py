"""`{% match_cards matches user as cards %}`: each match with its unread count, plan, meetings.

The dashboard's include cannot query, and matching's card cannot import relationships; the tag
asks the relationships selector once for all the matches (two queries).
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import Meeting
from matching.relationships.selectors import MatchSummary
from matching.relationships.selectors import match_summaries
from mentoring.core.dates import time_range
from mentoring.people.models import User

register = template.Library()


@register.simple_tag
def match_cards(matches: list[Match], user: User) -> list[tuple[Match, MatchSummary]]:
    summaries = match_summaries(list(matches), user, timezone.now())
    return [(match, summaries[match.pk]) for match in matches]


@register.simple_tag
def match_summary(match: Match, user: User) -> MatchSummary:
    """The same summary for the one match of the match page."""
    return match_summaries([match], user, timezone.now())[match.pk]


@register.simple_tag
def meeting_when(meeting: Meeting) -> str:
    """ "Mon 11 Jan 2027, 18:00–19:00 CST (America/Chicago)" on the reader's own clock."""
    name = timezone.get_current_timezone_name()
    return time_range(meeting.starts_at, meeting.ends_at, name, style="short")
