"""How a time range reads: on the event's own clock, with the date repeated across midnight."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from django.utils import translation

from mentoring.core.dates import time_range


def test_a_range_within_one_local_day_names_the_date_once() -> None:
    starts = datetime(2027, 1, 4, 1, 0, tzinfo=UTC)  # 19:00 on the 3rd in Chicago
    with translation.override("en"):
        text = time_range(starts, starts + timedelta(hours=1), "America/Chicago")
    assert text == "Sunday 3 January 2027, 19:00–20:00 CST (America/Chicago)"


def test_a_range_across_local_midnight_repeats_the_date() -> None:
    starts = datetime(2027, 1, 5, 4, 0, tzinfo=UTC)  # 22:00 on the 4th in Chicago
    with translation.override("en"):
        text = time_range(starts, starts + timedelta(hours=2), "America/Chicago")
    assert text == "Monday 4 January 2027, 22:00 – Tue 5 Jan 2027, 00:00 CST (America/Chicago)"


def test_the_same_moment_reads_on_each_zones_own_clock() -> None:
    starts = datetime(2027, 1, 4, 17, 0, tzinfo=UTC)
    ends = starts + timedelta(hours=2)
    with translation.override("en"):
        assert time_range(starts, ends, "Asia/Tokyo", style="hours").startswith("02:00–04:00")
        assert time_range(starts, ends, "Europe/Paris", style="hours").startswith("18:00–20:00")
