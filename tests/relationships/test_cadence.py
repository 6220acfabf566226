"""Check-ins fall due on MENTOR's cadence: twice in the first month, monthly after."""

from __future__ import annotations

from datetime import date

from matching.relationships.services.checkins import checkin_due_dates


def test_it_is_due_on_days_14_and_28_then_on_the_approval_day_each_month() -> None:
    assert checkin_due_dates(date(2027, 1, 10), date(2027, 6, 30)) == [
        date(2027, 1, 24),
        date(2027, 2, 7),
        date(2027, 3, 10),
        date(2027, 4, 10),
        date(2027, 5, 10),
        date(2027, 6, 10),
    ]


def test_a_day_missing_in_a_short_month_becomes_its_last_day() -> None:
    assert checkin_due_dates(date(2027, 1, 31), date(2027, 5, 31)) == [
        date(2027, 2, 14),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
    ]


def test_nothing_is_due_after_the_agreed_end() -> None:
    assert checkin_due_dates(date(2027, 1, 10), date(2027, 1, 30)) == [date(2027, 1, 24)]
