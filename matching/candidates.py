"""Turning people into the engine's Candidates, in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from django.db.models import Model, QuerySet
from django.utils import timezone

from matching import engine
from mentoring.core.dates import zone
from mentoring.people.models import Interest, MenteeProfile, MentorProfile, Profile, Program, User
from mentoring.people.models.profile import DAYS, PART_HOURS
from mentoring.people.selectors import (
    adult_birthday_cutoff,
    matchable_mentees,
    matchable_mentors,
)

# Rows per round trip when a program's people are streamed: memory stays flat, trips stay few.
CHUNK = 5000


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


@lru_cache(maxsize=4096)
def _slot_hours(slot: str, tz_name: str, week: date) -> frozenset[str]:
    return utc_hours((slot,), tz_name, week)


def _hours(slots: tuple[str, ...], tz_name: str, week: date) -> frozenset[str]:
    # 21 slots in a handful of zones: each converted once, then a union per person, instead
    # of a datetime conversion per hour per person (most of a 13,000-person load).
    return frozenset().union(*(_slot_hours(slot, tz_name, week) for slot in slots))


def _links(through: type[Model], owner: str, users: QuerySet[User]) -> dict[int, list[int]]:
    """One pass over an M2M table: user id → interest ids, for every user in `users`."""
    rows = through.objects.filter(**{f"{owner}__user__in": users.values("pk")})  # type: ignore[attr-defined]
    links: dict[int, list[int]] = defaultdict(list)
    for user_id, interest_id in rows.values_list(f"{owner}__user_id", "interest_id").iterator(
        chunk_size=CHUNK
    ):
        links[user_id].append(interest_id)
    return links


def _named(ids: Iterable[int], names: dict[int, tuple[str, str]], category: str) -> frozenset[str]:
    return frozenset(names[i][0] for i in ids if names[i][1] == category)


def _people(users: QuerySet[User], *extra: str) -> Iterator[tuple]:
    fields: tuple[str, ...] = ("pk", "timezone", "profile__languages", "profile__formats")
    fields += ("profile__availability", "profile__area", *extra)
    rows = User.objects.filter(pk__in=users.values("pk"), profile__isnull=False).order_by("pk")
    return rows.values_list(*fields).iterator(chunk_size=CHUNK)


def _common_values(row: tuple, today: date, personal: frozenset[str]) -> dict[str, object]:
    _pk, tz_name, languages, formats, slots, area = row[:6]
    return {
        "personal": personal,
        "languages": frozenset(languages or ()),
        "formats": frozenset(formats or ()),
        "availability": _hours(tuple(sorted(slots or ())), tz_name, today),
        "area": area,
    }


def load_mentees(users: QuerySet[User], today: date) -> list[engine.Candidate]:
    """These users as mentees, in a constant number of queries (one per table), by pk.

    Values lists and one pass per M2M instead of model instances and prefetches: at 10,000
    people, building model objects cost many times the database's own time.
    """
    names = {pk: (n, c) for pk, n, c in Interest.objects.values_list("pk", "name", "category")}
    personal = _links(Profile.personal_interests.through, "profile", users)
    seeking = _links(MenteeProfile.seeking.through, "menteeprofile", users)
    cutoff, out = adult_birthday_cutoff(today), []
    for row in _people(users.filter(mentee_profile__isnull=False), "mentee_profile__date_of_birth"):
        pk, born = row[0], row[6]
        wants = seeking.get(pk, ())
        out.append(
            engine.Candidate(
                id=pk,
                career=_named(wants, names, Interest.Category.CAREER),
                academic=_named(wants, names, Interest.Category.ACADEMIC),
                is_minor=born is not None and born > cutoff,
                **_common_values(
                    row, today, _named(personal.get(pk, ()), names, Interest.Category.PERSONAL)
                ),  # type: ignore[arg-type]
            )
        )
    return out


def load_mentors(users: QuerySet[User], program: Program, today: date) -> list[engine.Candidate]:
    """These users as mentors of `program`, in a constant number of queries, by pk."""
    names = {pk: (n, c) for pk, n, c in Interest.objects.values_list("pk", "name", "category")}
    personal = _links(Profile.personal_interests.through, "profile", users)
    offering = _links(MentorProfile.offering.through, "mentorprofile", users)
    cleared, out = cleared_ids(users, today), []
    for row in _people(users.filter(mentor_profile__isnull=False), "mentor_profile__capacity"):
        pk, capacity = row[0], row[6]
        offers = offering.get(pk, ())
        out.append(
            engine.Candidate(
                id=pk,
                career=_named(offers, names, Interest.Category.CAREER),
                academic=_named(offers, names, Interest.Category.ACADEMIC),
                capacity=min(capacity, program.max_mentees_per_mentor),
                cleared_for_minors=pk in cleared,
                **_common_values(
                    row, today, _named(personal.get(pk, ()), names, Interest.Category.PERSONAL)
                ),  # type: ignore[arg-type]
            )
        )
    return out


def program_mentees(program: Program, today: date | None = None) -> list[engine.Candidate]:
    today = today or timezone.localdate()
    return load_mentees(matchable_mentees(program, today), today)


def priority_mentee_ids(program: Program, today: date | None = None) -> set[int]:
    """Mentees closed early as "not a good fit" and marked for a rematch: placed first."""
    matchable = matchable_mentees(program, today or timezone.localdate())
    return set(matchable.filter(mentee_profile__rematch_priority=True).values_list("pk", flat=True))


def program_mentors(program: Program, today: date | None = None) -> list[engine.Candidate]:
    today = today or timezone.localdate()
    return load_mentors(matchable_mentors(program), program, today)


def program_weights(program: Program) -> engine.Weights:
    return engine.Weights(
        career=program.weight_career,
        academic=program.weight_academic,
        personal=program.weight_personal,
    )
