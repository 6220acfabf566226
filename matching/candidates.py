"""Turning people into the engine's Candidates, in a constant number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from matching import engine
from mentoring.core.dates import zone
from mentoring.people.models import Interest, MentorProfile, Program, User
from mentoring.people.models.profile import DAYS, PART_HOURS
from mentoring.people.selectors import matchable_mentees, matchable_mentors


def _names(interests: Iterable[Interest], category: str) -> frozenset[str]:
    # Prefetched M2Ms: filtering in Python keeps the query count constant.
    return frozenset(i.name for i in interests if i.category == category)


def utc_hours(slots: Iterable[str], tz_name: str, week: date) -> frozenset[str]:
    """Weekly slots ticked on the person's own clock, as the UTC hours of the week they cover.

    "mon-evening" in Chicago is Monday 23:00 to Tuesday 03:00 UTC, in Berlin Monday 16:00 to
    20:00: the engine compares these hours, so two people share a slot only if they can meet at
    the same moment. The week containing `week` decides which side of a DST change applies.
    """
    tz, monday = zone(tz_name), week - timedelta(days=week.weekday())
    hours: set[str] = set()
    for slot in slots:
        day, _, part = slot.partition("-")
        if day not in DAYS or part not in PART_HOURS:
            continue  # not a slot the sign-up form offers
        on = monday + timedelta(days=DAYS.index(day))
        for hour in range(*PART_HOURS[part]):
            moment = datetime.combine(on, time(hour), tz).astimezone(UTC)
            hours.add(f"{DAYS[moment.weekday()]}-{moment.hour:02d}")
    return frozenset(hours)


def _common(user: User, today: date) -> dict[str, object]:
    profile = user.profile
    return {
        "personal": _names(profile.personal_interests.all(), Interest.Category.PERSONAL),
        "languages": frozenset(profile.languages or ()),
        "formats": frozenset(profile.formats or ()),
        "availability": utc_hours(profile.availability or (), user.timezone, today),
        "area": profile.area,
    }


def mentee_rows(users: QuerySet[User]) -> QuerySet[User]:
    return users.select_related("profile", "mentee_profile").prefetch_related(
        "profile__personal_interests", "mentee_profile__seeking"
    )


def mentor_rows(users: QuerySet[User]) -> QuerySet[User]:
    return users.select_related("profile", "mentor_profile").prefetch_related(
        "profile__personal_interests", "mentor_profile__offering"
    )


def cleared_ids(users: QuerySet[User], on: date) -> set[int]:
    """Which of these mentors pass the one "cleared for minors" rule on `on`, in one query."""
    cleared = MentorProfile.objects.filter(user__in=users).cleared_for_minors(on)
    return set(cleared.values_list("user_id", flat=True))


def mentee_candidate(user: User, today: date) -> engine.Candidate:
    seeking = list(user.mentee_profile.seeking.all())
    return engine.Candidate(
        id=user.pk,
        career=_names(seeking, Interest.Category.CAREER),
        academic=_names(seeking, Interest.Category.ACADEMIC),
        is_minor=user.mentee_profile.is_minor_on(today),
        **_common(user, today),  # type: ignore[arg-type]
    )


def mentor_candidate(
    user: User, program: Program, cleared: set[int], today: date | None = None
) -> engine.Candidate:
    offering = list(user.mentor_profile.offering.all())
    return engine.Candidate(
        id=user.pk,
        career=_names(offering, Interest.Category.CAREER),
        academic=_names(offering, Interest.Category.ACADEMIC),
        capacity=min(user.mentor_profile.capacity, program.max_mentees_per_mentor),
        cleared_for_minors=user.pk in cleared,
        **_common(user, today or timezone.localdate()),  # type: ignore[arg-type]
    )


def program_mentees(program: Program, today: date | None = None) -> list[engine.Candidate]:
    today = today or timezone.localdate()
    users = mentee_rows(matchable_mentees(program, today))
    return [mentee_candidate(u, today) for u in users]


def priority_mentee_ids(program: Program, today: date | None = None) -> set[int]:
    """Mentees closed early as "not a good fit" and marked for a rematch: placed first."""
    matchable = matchable_mentees(program, today or timezone.localdate())
    return set(matchable.filter(mentee_profile__rematch_priority=True).values_list("pk", flat=True))


def program_mentors(program: Program, today: date | None = None) -> list[engine.Candidate]:
    today = today or timezone.localdate()
    mentors = matchable_mentors(program)
    cleared = cleared_ids(mentors, today)
    return [mentor_candidate(u, program, cleared, today) for u in mentor_rows(mentors)]


def program_weights(program: Program) -> engine.Weights:
    return engine.Weights(
        career=program.weight_career,
        academic=program.weight_academic,
        personal=program.weight_personal,
    )
