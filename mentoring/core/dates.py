"""One rule for time: stored in UTC, shown on the clock of the place it happens, zone named.

An event's time means the clock on the wall where it happens, so every page, admin list,
email and calendar file shows it in the event's own timezone with that zone named: a reader
in Berlin and one in Chicago read the same words for the same event. Personal things (when a
message was sent) follow the reader's zone instead, through Django's active timezone.
"""

from __future__ import annotations

import zoneinfo
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from django.utils import dateformat
from django.utils import timezone
from django.utils.translation import gettext as _


def zone(name: str) -> zoneinfo.ZoneInfo:
    """The named zone; UTC for an empty or unknown name, so a bad row never breaks a page."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def zone_label(local: datetime) -> str:
    """ "CST (America/Chicago)": the abbreviation people know, and the name that is unambiguous.

    Zones without a lettered abbreviation ("-03") are named only by their name.
    """
    name = str(getattr(local.tzinfo, "key", "UTC"))
    abbreviation = local.tzname() or ""
    if name == "UTC" or not abbreviation[:1].isalpha():
        return name
    return f"{abbreviation} ({name})"


def _formats() -> dict[str, str]:
    # Translated at call time: each language writes its dates its own way.
    return {"long": _("l j F Y, H:i"), "short": _("D j M Y, H:i"), "hours": "H:i"}


def time_range(starts: datetime, ends: datetime, tz_name: str, *, style: str = "long") -> str:
    """ "Monday 4 January 2027, 19:00–20:00 CST (America/Chicago)", in the active language.

    style "short" abbreviates ("Mon 4 Jan 2027, …") for lists; "hours" leaves the date out for
    lists that already show the day. An end on another local day repeats the date.
    """
    tz = zone(tz_name)
    start, end = timezone.localtime(starts, tz), timezone.localtime(ends, tz)
    formats = _formats()
    same_day = start.date() == end.date()
    first = dateformat.format(start, formats[style])
    last = dateformat.format(end, "H:i" if same_day else formats["short"])
    joined = f"{first}–{last}" if same_day else f"{first} – {last}"
    return f"{joined} {zone_label(start)}"


def local_date(moment: datetime, tz_name: str) -> date:
    """The day a moment falls on, on the clock in tz_name."""
    return timezone.localtime(moment, zone(tz_name)).date()


def day_bounds(first: date, last: date, tz_name: str) -> tuple[datetime, datetime]:
    """[start, end) of the local days first … last in tz_name, as aware datetimes."""
    tz = zone(tz_name)
    return (
        datetime.combine(first, time.min, tz),
        datetime.combine(last + timedelta(days=1), time.min, tz),
    )


def at_place(value: datetime, tz_name: str) -> datetime:
    """Read a typed time as wall-clock time in tz_name (Django read it in the typist's zone)."""
    naive = timezone.make_naive(value) if timezone.is_aware(value) else value
    return timezone.make_aware(naive, zone(tz_name))


def wall_clock(value: datetime, tz_name: str) -> datetime:
    """The naive wall-clock time in tz_name, for a form field to show as typed."""
    return timezone.localtime(value, zone(tz_name)).replace(tzinfo=None)
