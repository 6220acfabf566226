"""Turning people into the engine's Candidates, in a constant number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from matching import engine
from mentoring.people.models import Interest, MentorProfile, Program, User
from mentoring.people.selectors import matchable_mentees, matchable_mentors


def _names(interests: Iterable[Interest], category: str) -> frozenset[str]:
    # Prefetched M2Ms: filtering in Python keeps the query count constant.
    return frozenset(i.name for i in interests if i.category == category)


def _common(user: User) -> dict[str, object]:
    profile = user.profile
    return {
        "personal": _names(profile.personal_interests.all(), Interest.Category.PERSONAL),
        "languages": frozenset(profile.languages or ()),
        "formats": frozenset(profile.formats or ()),
        "availability": frozenset(profile.availability or ()),
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
        **_common(user),  # type: ignore[arg-type]
    )


def mentor_candidate(user: User, program: Program, cleared: set[int]) -> engine.Candidate:
    offering = list(user.mentor_profile.offering.all())
    return engine.Candidate(
        id=user.pk,
        career=_names(offering, Interest.Category.CAREER),
        academic=_names(offering, Interest.Category.ACADEMIC),
        capacity=min(user.mentor_profile.capacity, program.max_mentees_per_mentor),
        cleared_for_minors=user.pk in cleared,
        **_common(user),  # type: ignore[arg-type]
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
    return [mentor_candidate(u, program, cleared) for u in mentor_rows(mentors)]


def program_weights(program: Program) -> engine.Weights:
    return engine.Weights(
        career=program.weight_career,
        academic=program.weight_academic,
        personal=program.weight_personal,
    )
