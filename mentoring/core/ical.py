"""iCalendar plumbing two apps share (events, relationships' meetings): the file and its download.

Calendar apps match an entry by its UID and replace it when a higher SEQUENCE arrives, so each
app gives an entry a UID that never changes and counts its changes; this module only wraps the
VEVENTs in a calendar and hands the file to the browser.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from icalendar import Calendar
from icalendar import Event as VEvent


def calendar_bytes(vevents: Iterable[VEvent], method: str, prodid: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    for vevent in vevents:
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
