"""Issue #18: weekly availability is ticked on each person's own clock, and matching compares the
hours it covers, so "Monday evening" in Chicago and in Berlin is not one moment."""

from __future__ import annotations

from datetime import date

import pytest

from matching import candidates
from matching import engine
from mentoring.people.models import User
from tests.matching import factories as f

pytestmark = pytest.mark.django_db

JANUARY = date(2027, 1, 4)  # a Monday; both cities keep winter time


def in_zone(user: User, name: str) -> User:
    User.objects.filter(pk=user.pk).update(timezone=name)
    return user


def test_a_local_slot_becomes_the_utc_hours_it_covers() -> None:
    chicago = candidates.utc_hours(["mon-evening"], "America/Chicago", JANUARY)
    berlin = candidates.utc_hours(["mon-evening"], "Europe/Berlin", JANUARY)
    assert chicago == {"mon-23", "tue-00", "tue-01", "tue-02"}  # 17:00–21:00 CST
    assert berlin == {"mon-16", "mon-17", "mon-18", "mon-19"}  # 17:00–21:00 CET
    # Sunday evening in Tokyo is still Sunday morning in UTC; the week wraps, not the clock.
    assert "sun-08" in candidates.utc_hours(["sun-evening"], "Asia/Tokyo", JANUARY)


def test_daylight_saving_moves_the_hours_a_slot_covers() -> None:
    winter = candidates.utc_hours(["mon-evening"], "America/Chicago", JANUARY)
    summer = candidates.utc_hours(["mon-evening"], "America/Chicago", date(2027, 7, 5))
    assert min(summer) == "mon-22" and winter != summer


def monday_evenings(mentee_zone: str, mentor_zone: str) -> engine.Proposal:
    """A mentee and a mentor who both ticked only Monday evening, each on their own clock."""
    prog = f.program()
    in_zone(f.mentee(prog, name="Ana Chicago"), mentee_zone)
    in_zone(f.mentor(prog, name="Bert Elsewhere"), mentor_zone)
    return engine.propose(
        candidates.program_mentees(prog, JANUARY), candidates.program_mentors(prog, JANUARY)
    )


def test_monday_evening_in_chicago_and_in_berlin_share_no_hour() -> None:
    proposal = monday_evenings("America/Chicago", "Europe/Berlin")
    assert proposal.matched == 0
    assert list(proposal.unmatched.values()) == [engine.REASON_NO_SLOT]


def test_monday_evening_in_chicago_and_in_new_york_overlap() -> None:
    assert monday_evenings("America/Chicago", "America/New_York").matched == 1
