"""Turning people into the engine's Candidates, in a constant number of queries."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import Any

from django.db.models import BooleanField
from django.db.models import ExpressionWrapper
from django.db.models import F
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import TextField
from django.db.models import Value
from django.db.models.functions import Cast
from django.db.models.functions import Least
from django.utils import timezone

from matching import engine
from mentoring.core.dates import zone
from mentoring.core.raw_rows import AmongIds
from mentoring.core.raw_rows import IdList
from mentoring.core.raw_rows import Sent
from mentoring.core.raw_rows import fetch
from mentoring.core.raw_rows import sent_together
from mentoring.people.models import Interest
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import User
from mentoring.people.models.interest import DEFAULT_NAME
from mentoring.people.models.profile import DAYS
from mentoring.people.models.profile import PART_HOURS
from mentoring.people.selectors import adult_birthday_cutoff
from mentoring.people.selectors import matchable_mentees
from mentoring.people.selectors import matchable_mentors

# Profile columns stored as JSON lists, read as text (see _Parsed and _load).
JSON_FIELDS = ("languages", "formats", "availability")
PERSONAL = (Interest.Category.PERSONAL.value,)
CHOSEN = (Interest.Category.CAREER.value, Interest.Category.ACADEMIC.value)


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


def cleared_ids(users: QuerySet[User], on: date) -> set[int]:
    """Which of these mentors pass the one "cleared for minors" rule on `on`, in one query."""
    cleared = MentorProfile.objects.filter(user__in=users).cleared_for_minors(on)
    return set(cleared.values_list("user_id", flat=True))


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


def _links_send(m2m: Any, owners: list[int]) -> Sent:
    """One pass over an M2M table, grouped by owner in the database: owner id → a JSON list of
    its interest ids (one row per owner, not per link, so Python handles a few thousand lists
    instead of a hundred thousand rows)."""
    owner = f"{m2m.field.m2m_field_name()}_id"
    rows = m2m.through.objects.filter(AmongIds(F(owner), owners)).values(owner)
    return Sent(rows.annotate(ids=Cast(IdList("interest_id"), TextField())), (owner, "ids"))


def _links(
    sent: Sent, names: dict[str, dict[int, str]], categories: tuple[str, ...]
) -> list[dict[int, frozenset[str]]]:
    """For each category, owner id → the names of its interests in that category."""
    found = sent.rows()
    # Every group's list in one json.loads: one C pass instead of a call per owner.
    lists = json.loads(f"[{','.join(ids for _, ids in found)}]")
    return [_named(found, lists, names[c].get) for c in categories]


def _named(
    found: list[tuple[Any, ...]], lists: list[list[int]], name: Callable[[int], str | None]
) -> dict[int, frozenset[str]]:
    """Owner id → the names of its ids. An id of another category names None, dropped by a
    second set only where there is one (mypy cannot see that the None is gone)."""
    return {
        pk: (named - _NO_NAME if None in (named := frozenset(map(name, ids))) else named)  # type: ignore[misc]
        for (pk, _), ids in zip(found, lists, strict=True)
    }


_NO_NAME = frozenset({None})


def _people(users: QuerySet[User], profile: str, role: dict[str, Any]) -> list[tuple]:
    """`users` who have a profile and a `profile`, by pk, with both profiles' ids and the
    `role` columns (capacity, is_minor) computed by the database.

    The people are read first so that the M2M passes filter on the ids read (the `users` rule
    is evaluated once, not once per table). The JSON columns come as text, what the database
    sends: see _Parsed and _load.
    """
    rows = users.filter(profile__isnull=False, **{f"{profile}__isnull": False}).order_by("pk")
    rows = rows.annotate(**{f"{f}_text": Cast(f"profile__{f}", TextField()) for f in JSON_FIELDS})
    rows = rows.annotate(**{f"role_{k}": v for k, v in role.items()})
    fields: tuple[str, ...] = ("pk", "timezone", "profile__id", f"{profile}__id", "profile__area")
    fields += (*(f"{f}_text" for f in JSON_FIELDS), "role_capacity", "role_is_minor")
    return fetch(rows, fields)


def _candidate(**fields: Any) -> engine.Candidate:
    """engine.Candidate(**fields), every field given, without the frozen class's __init__.

    That __init__ sets each of the 11 fields through object.__setattr__ (about 3 µs a
    Candidate, a fifth of a 13,000-person load's Python time); filling the new instance's
    __dict__ at once makes the same frozen, equal, hashable object in a third of it. It
    relies on Candidate having a __dict__ and no __post_init__ (a test checks both).
    """
    candidate = object.__new__(engine.Candidate)
    candidate.__dict__.update(fields)
    return candidate


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a load builds its objects, on again after.

    A 13,000-person load makes a few hundred thousand objects that hold no cycle, and the
    candidates live as long as the run: each time the collector ran it walked all of them
    again (about half the load's CPU) and could free none. Afterwards they are filed with the
    old objects (freeze, then unfreeze into the oldest generation) rather than walked once
    more as young ones; not when something else froze objects, which unfreeze would release.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_on:
            gc.enable()


def _hours(people: list[tuple], today: date) -> list[frozenset[str]]:
    """Each person's ticked slots (the JSON text _people reads) as UTC hours in `today`'s week."""
    # Every availability list in one json.loads: one C pass instead of a call per person.
    ticked = json.loads(f"[{','.join(row[7] for row in people)}]")
    zones = _Zones(today)
    return [
        frozenset().union(*map(zones[row[1]].__getitem__, slots or ()))
        for row, slots in zip(people, ticked, strict=True)
    ]


@_collector_paused()
def _load(
    users: QuerySet[User],
    today: date,
    profile: str,
    chosen: Any,
    role: dict[str, Any],
    cleared: set[int] | frozenset[int] = frozenset(),
) -> list[engine.Candidate]:
    """These users in the `profile` role, `chosen` their career and academic interests, in a
    constant number of queries (one per table), by pk.

    Values lists and one pass per M2M instead of model instances and prefetches: at 10,000
    people, building model objects cost many times the database's own time. `role` gives
    each Candidate's capacity and is_minor as SQL (the defaults for the other role).
    """
    names: dict[str, dict[int, str]] = {c: {} for c in Interest.Category.values}
    # The English names whatever the language: matching compares them and keeps them.
    for pk, name, category in Interest.objects.values_list("pk", DEFAULT_NAME, "category"):
        names[category][pk] = name
    people = _people(users, profile, role)
    with sent_together(users.db) as go:
        personal_sent = _links_send(Profile.personal_interests, [row[2] for row in people])
        chosen_sent = _links_send(chosen, [row[3] for row in people])
        go()
        hours = _hours(people, today)  # while the database reads the links
        (personal,) = _links(personal_sent, names, PERSONAL)
        career, academic = _links(chosen_sent, names, CHOSEN)
    parsed, none = _Parsed(), frozenset[str]()
    return [
        _candidate(
            id=pk,
            career=career.get(own_id, none),
            academic=academic.get(own_id, none),
            personal=personal.get(profile_id, none),
            languages=parsed[languages],
            formats=parsed[formats],
            availability=availability,
            area=area,
            capacity=capacity,
            is_minor=bool(is_minor),  # SQLite has no booleans: 0 or 1
            cleared_for_minors=pk in cleared,
        )
        for (
            pk,
            _,
            profile_id,
            own_id,
            area,
            languages,
            formats,
            _,
            capacity,
            is_minor,
        ), availability in zip(people, hours, strict=True)
    ]


def load_mentees(users: QuerySet[User], today: date) -> list[engine.Candidate]:
    """These users as mentees, in a constant number of queries (one per table), by pk."""
    born = "mentee_profile__date_of_birth"
    minor = Q(**{f"{born}__isnull": False, f"{born}__gt": adult_birthday_cutoff(today)})
    role = {"capacity": Value(1), "is_minor": ExpressionWrapper(minor, BooleanField())}
    return _load(users, today, "mentee_profile", MenteeProfile.seeking, role)


def load_mentors(users: QuerySet[User], program: Program, today: date) -> list[engine.Candidate]:
    """These users as mentors of `program`, in a constant number of queries, by pk."""
    most = Value(program.max_mentees_per_mentor)
    role = {"capacity": Least("mentor_profile__capacity", most), "is_minor": Value(False)}
    cleared = cleared_ids(users, today)
    return _load(users, today, "mentor_profile", MentorProfile.offering, role, cleared)


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
