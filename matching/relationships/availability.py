"""The hours two people of a match share in the coming weeks, each person on their own clock.

Apart from the selectors: the meeting service checks a proposal against these hours, and the
selectors read the conversation rules from the services, so the hours sit below both.
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

from matching.candidates import utc_hour_key
from matching.candidates import utc_hours
from matching.models import Match

# A meeting is proposed at least this far ahead (time to answer) and at most this far.
MEETING_NOTICE = timedelta(hours=3)
MEETING_HORIZON = timedelta(days=21)


def shared_hours(match: Match, now: datetime) -> list[datetime]:
    """The start (UTC, on the hour) of every hour in the coming weeks that both people ticked.

    Each person's weekly slots are on their own clock (issue #18): matching's utc_hours turns
    them into hours of the UTC week, once per week touched, so a Monday evening in Chicago
    meets a Tuesday morning in Berlin only if they are the same moment.
    """
    people = (match.mentee, match.mentor)
    first = (now.astimezone(UTC) + MEETING_NOTICE).replace(minute=0, second=0, microsecond=0)
    first += timedelta(hours=1)
    weeks: dict[date, frozenset[str]] = {}
    starts = []
    for hour in range(int(MEETING_HORIZON / timedelta(hours=1))):
        moment = first + timedelta(hours=hour)
        monday = moment.date() - timedelta(days=moment.weekday())
        if monday not in weeks:
            weeks[monday] = frozenset.intersection(
                *(utc_hours(p.profile.availability or (), p.timezone, monday) for p in people)
            )
        if utc_hour_key(moment) in weeks[monday]:
            starts.append(moment)
    return starts
