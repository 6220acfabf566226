"""Turning people into the engine's Candidates, in a constant number of queries."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import F, Lookup, QuerySet, TextField
from django.db.models.functions import Cast
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
# Profile columns stored as JSON lists, read as text (see _chunks).
JSON_FIELDS = ("languages", "formats", "availability")
CATEGORIES = tuple(Interest.Category.values)
# What a role adds to a person's Candidate, from their pk and the role's own column.
Own = Callable[[int, Any], dict[str, Any]]


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
            hours.add(utc_hour_key(datetime.combine(on, time(hour), tz)))
    return frozenset(hours)


def utc_hour_key(moment: datetime) -> str:
    """The hour of the week a moment falls in, in UTC, as utc_hours names it: "tue-03"."""
    moment = moment.astimezone(UTC)
    return f"{DAYS[moment.weekday()]}-{moment.hour:02d}"


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


class _Parsed(dict[str, frozenset[str]]):
    """A JSON list as the database spells it → its frozenset, parsed once per spelling.

    A program spells its languages and formats a handful of ways: one dict lookup per person
    instead of a json.loads and a new frozenset per person.
    """

    def __missing__(self, text: str) -> frozenset[str]:
        value = self[text] = frozenset(json.loads(text) or ())
        return value


class _SlotHours(dict[str, frozenset[str]]):
    """One zone's slots as UTC hours in `week`: each slot converted once per load, not per
    person (a datetime conversion per hour per person was most of a 13,000-person load)."""

    def __init__(self, tz_name: str, week: date) -> None:
        super().__init__()
        self.tz_name, self.week = tz_name, week

    def __missing__(self, slot: str) -> frozenset[str]:
        value = self[slot] = utc_hours((slot,), self.tz_name, self.week)
        return value


class _Zones(dict[str, _SlotHours]):
    def __init__(self, week: date) -> None:
        super().__init__()
        self.week = week

    def __missing__(self, tz_name: str) -> _SlotHours:
        value = self[tz_name] = _SlotHours(tz_name, self.week)
        return value


class _AmongIds(Lookup):
    """`column IN (ids)` with the ids as one parameter, however many there are.

    PostgreSQL unnests an array into a hash join (a long IN list, or = ANY, probes the index
    once per id); SQLite reads a JSON list with json_each (no cap on host parameters).
    """

    lookup_name = "among_ids"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT unnest(%s::bigint[]))", [*params, list(self.rhs)]

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(list(self.rhs))]


def _links(
    m2m: Any, owners: list[int], names: dict[int, tuple[str, str]]
) -> dict[str, defaultdict[int, list[str]]]:
    """One pass over an M2M table: category → owner id → interest names, for these owners."""
    owner = f"{m2m.field.m2m_field_name()}_id"
    rows = m2m.through.objects.filter(_AmongIds(F(owner), owners))
    links: dict[str, defaultdict[int, list[str]]] = {c: defaultdict(list) for c in CATEGORIES}
    for owner_id, interest_id in rows.values_list(owner, "interest_id").iterator(chunk_size=CHUNK):
        category, name = names[interest_id]
        links[category][owner_id].append(name)
    return links


def _people(users: QuerySet[User], profile: str, extra: str) -> list[tuple]:
    """`users` who have a profile and a `profile`, by pk, with both profiles' ids.

    The people are read first so that the M2M passes filter on the ids read (the `users` rule
    is evaluated once, not once per table). The JSON columns come as text, what the database
    sends: see _Parsed and _load.
    """
    has = users.filter(**{f"{profile}__isnull": False})
    rows = User.objects.filter(pk__in=has.values("pk"), profile__isnull=False).order_by("pk")
    rows = rows.annotate(**{f"{f}_text": Cast(f"profile__{f}", TextField()) for f in JSON_FIELDS})
    fields = ("pk", "timezone", "profile__id", f"{profile}__id", "profile__area")
    fields += (*(f"{f}_text" for f in JSON_FIELDS), f"{profile}__{extra}")
    return list(rows.values_list(*fields).iterator(chunk_size=CHUNK))


def _load(
    users: QuerySet[User], today: date, profile: str, chosen: Any, extra: str, own: Own
) -> list[engine.Candidate]:
    """These users in the `profile` role, `chosen` their career and academic interests, in a
    constant number of queries (one per table), by pk; `own(pk, extra)` adds the role's fields.

    Values lists and one pass per M2M instead of model instances and prefetches: at 10,000
    people, building model objects cost many times the database's own time.
    """
    names = {pk: (c, n) for pk, n, c in Interest.objects.values_list("pk", "name", "category")}
    people = _people(users, profile, extra)
    personal = _links(Profile.personal_interests, [row[2] for row in people], names)
    links = _links(chosen, [row[3] for row in people], names)
    interests = (
        personal[Interest.Category.PERSONAL],
        links[Interest.Category.CAREER],
        links[Interest.Category.ACADEMIC],
    )
    # Every availability list in one json.loads: one C pass instead of a call per person.
    ticked = json.loads(f"[{','.join(row[7] for row in people)}]")
    parsed, zones, out = _Parsed(), _Zones(today), []
    for (pk, tz_name, profile_id, own_id, area, languages, formats, _, value), slots in zip(
        people, ticked, strict=True
    ):
        out.append(
            engine.Candidate(
                id=pk,
                career=frozenset(interests[1].get(own_id, ())),
                academic=frozenset(interests[2].get(own_id, ())),
                personal=frozenset(interests[0].get(profile_id, ())),
                languages=parsed[languages],
                formats=parsed[formats],
                availability=frozenset().union(*map(zones[tz_name].__getitem__, slots or ())),
                area=area,
                **own(pk, value),
            )
        )
    return out


def load_mentees(users: QuerySet[User], today: date) -> list[engine.Candidate]:
    """These users as mentees, in a constant number of queries (one per table), by pk."""
    cutoff = adult_birthday_cutoff(today)
    return _load(
        users,
        today,
        "mentee_profile",
        MenteeProfile.seeking,
        "date_of_birth",
        lambda _pk, born: {"is_minor": born is not None and born > cutoff},
    )


def load_mentors(users: QuerySet[User], program: Program, today: date) -> list[engine.Candidate]:
    """These users as mentors of `program`, in a constant number of queries, by pk."""
    cleared, most = cleared_ids(users, today), program.max_mentees_per_mentor
    return _load(
        users,
        today,
        "mentor_profile",
        MentorProfile.offering,
        "capacity",
        lambda pk, capacity: {"capacity": min(capacity, most), "cleared_for_minors": pk in cleared},
    )


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
