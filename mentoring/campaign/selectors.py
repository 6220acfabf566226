"""Reads of the campaign pages: the campaign year, impact numbers, the January calendar, stories.

They live here rather than in the views so the home page, the stories wall and anything else
that shows the campaign (the admin, a command) count and pick things the same way.
"""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count
from django.db.models import DurationField
from django.db.models import ExpressionWrapper
from django.db.models import F
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Sum
from django.utils import timezone

from events.models import Event
from events.models import Registration
from matching.models import Match
from mentoring.campaign.models import Nomination
from mentoring.campaign.models import NominationQuerySet
from mentoring.campaign.models import ObservanceDay
from mentoring.campaign.models import ThankYouNote
from mentoring.campaign.models import ThankYouNoteQuerySet
from mentoring.campaign.services import mentors_qs
from mentoring.people.models import Enrollment
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import User

# How long the public numbers (and the anonymous home page) may lag behind the database.
CACHE_SECONDS = 5 * 60
IMPACT_CACHE_KEY = "campaign:impact"
# The calendar is a page section, not an archive: a busy January still fits on one screen.
CALENDAR_EVENTS = 40


def campaign_year(today: date) -> int:
    """The January being campaigned for: this one during January, otherwise the next.

    From February on, the page already invites people to the coming January.
    """
    return today.year if today.month == 1 else today.year + 1


def impact_numbers() -> dict[str, int]:
    """Headline numbers, cached for five minutes: four queries on a miss, none on a hit.

    The home page is the busiest page; live-to-the-minute counts are not worth its queries.
    """
    numbers = cache.get(IMPACT_CACHE_KEY)
    if numbers is not None:
        return numbers
    # Impact is what happened, not what is planned: only people checked in at an event that
    # has started count, and volunteer hours are the durations of the events they worked.
    attended = Registration.objects.filter(
        attendance=Registration.Attendance.ATTENDED, event__starts_at__lte=timezone.now()
    )
    registrations = attended.aggregate(
        total=Count("pk"),
        volunteer_time=Sum(
            ExpressionWrapper(F("event__ends_at") - F("event__starts_at"), DurationField()),
            filter=Q(volunteer_role__isnull=False),
        ),
    )
    volunteer_time = registrations["volunteer_time"] or timedelta()
    numbers = {
        "mentors": MentorProfile.objects.filter(user__is_active=True).count(),
        "mentees": MenteeProfile.objects.filter(user__is_active=True).count(),
        "matches": Match.objects.filter(status__in=Match.HOLDING).count(),
        "registrations": registrations["total"],
        "volunteer_hours": round(volunteer_time.total_seconds() / 3600),
    }
    cache.set(IMPACT_CACHE_KEY, numbers, CACHE_SECONDS)
    return numbers


def featured_nominations() -> NominationQuerySet:
    """Featured stories with the mentor's profile joined: every story page shows the name."""
    return Nomination.objects.featured().select_related("mentor__profile")


def mentor_of_the_month() -> Nomination | None:
    """This month's featured mentor, else the latest earlier one, else the next one planned.

    Falling back means the home page shows someone whenever anybody is featured at all.
    """
    this_month = timezone.localdate().replace(day=1)
    featured = featured_nominations()
    return featured.filter(month__lte=this_month).first() or featured.order_by("month").first()


def wall_notes() -> ThankYouNoteQuerySet:
    """Thank-you notes approved for the public wall, with both names joined (no N+1)."""
    return ThankYouNote.objects.on_wall().select_related("author__profile", "mentor__profile")


def notes_received(mentor: User) -> ThankYouNoteQuerySet:
    """Every note a mentor received, with its author's name joined."""
    return ThankYouNote.objects.filter(mentor=mentor).select_related("author__profile")


def january_calendar(year: int) -> list[dict[str, Any]]:
    """Events and observance days of the campaign January, in date order.

    An event is on the day it starts on its own clock, the day every other page shows. On a
    day with both, the observance is listed before the day's events.
    """
    entries: list[dict[str, Any]] = [
        {
            "date": day.date,
            "name": day.name,
            "observance": True,
            "description": day.description,
        }
        for day in ObservanceDay.objects.active().filter(year=year)
    ]
    events = Event.objects.published().starting_on_local_days(date(year, 1, 1), date(year, 1, 31))
    entries += [
        {"date": event.local_day, "name": event.title, "event": event}
        for event in events.order_by("starts_at")[:CALENDAR_EVENTS]
    ]
    return sorted(entries, key=lambda entry: (entry["date"], not entry.get("observance")))


# Finding a mentor to thank or nominate: a few letters of a name, never the whole list.
MENTOR_SEARCH_MIN = 3
MENTOR_SEARCH_LIMIT = 20
# Matches a mentee has been told about: approved, under way, or over (a past mentor is thanked too).
TOLD_MATCHES = (Match.Status.APPROVED, Match.Status.ACTIVE, Match.Status.CLOSED)


def _with_programs(mentors: QuerySet[User], limit: int | None = None) -> list[User]:
    """Mentors with their profile and the programs they mentor in: duplicate names tell apart."""
    mentoring = Enrollment.objects.filter(role=Enrollment.Role.MENTOR).select_related("program")
    return list(
        mentors.filter(profile__isnull=False)
        .select_related("profile")
        .prefetch_related(Prefetch("enrollments", queryset=mentoring, to_attr="mentor_enrollments"))
        .order_by("profile__display_name", "pk")[:limit]
    )


def own_mentors(person: User) -> list[User]:
    """The person's mentors, past and present: the ones they most likely want to thank."""
    told = Match.objects.filter(mentee=person, status__in=TOLD_MATCHES).values("mentor_id")
    return _with_programs(mentors_qs().filter(pk__in=told).exclude(pk=person.pk))


def mentor_search(query: str, *, exclude: User) -> list[User]:
    """Other mentors whose name contains `query`; nothing for fewer than a few letters."""
    query = query.strip()
    if len(query) < MENTOR_SEARCH_MIN:
        return []
    found = mentors_qs().filter(profile__display_name__icontains=query).exclude(pk=exclude.pk)
    return _with_programs(found, MENTOR_SEARCH_LIMIT)
