"""`{% match_cards matches user as cards %}`: each match with its unread count and its plan.

The dashboard's include cannot query, and matching's card cannot import relationships; the tag
asks the relationships selector once for all the matches (two queries).
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from matching.models import Match
from matching.relationships.selectors import MatchSummary, match_summaries
from mentoring.people.models import User

register = template.Library()


@register.simple_tag
def match_cards(matches: list[Match], user: User) -> list[tuple[Match, MatchSummary]]:
    summaries = match_summaries(list(matches), user, timezone.now())
    return [(match, summaries[match.pk]) for match in matches]
