"""Check-ins fall due on MENTOR's cadence: twice in the first month, monthly after."""

from __future__ import annotations

from datetime import date

import pytest

from matching.relationships.services.checkins import checkin_due_dates


def days(*iso: str) -> list[date]:
    return [date.fromisoformat(day) for day in iso]


@pytest.mark.parametrize(
    ("approved", "agreed_end", "due"),
    [
        pytest.param(
            "2027-01-10",
            "2027-06-30",
            days(
                "2027-01-24", "2027-02-07", "2027-03-10", "2027-04-10", "2027-05-10", "2027-06-10"
            ),
            id="on days 14 and 28, then on the approval day each month",
        ),
        pytest.param(
            "2027-01-31",
            "2027-05-31",
            days("2027-02-14", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"),
            id="a day missing in a short month becomes its last day",
        ),
        pytest.param(
            "2027-01-10",
            "2027-01-30",
            days("2027-01-24"),
            id="nothing is due after the agreed end",
        ),
    ],
)
def test_checkins_fall_due_on_the_cadence(approved: str, agreed_end: str, due: list[date]) -> None:
    [start, end] = days(approved, agreed_end)
    assert checkin_due_dates(start, end) == due
