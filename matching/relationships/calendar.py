"""A meeting's .ics: one VEVENT whose UID never changes and whose SEQUENCE counts the changes.

An agreed meeting is a REQUEST; a cancelled or declined one that was ever agreed is a CANCEL,
so the calendar that holds it takes it out. The summary names only display names: a minor's
email or phone never reaches a calendar file.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from matching.relationships.models import Meeting
from mentoring.core.ical import calendar_bytes
from mentoring.core.mail import absolute_url
from mentoring.people.models import MeetingFormat

PRODID = "-//Pay It Forward//Meetings//EN"


def meeting_ics(meeting: Meeting) -> bytes:
    match = meeting.match
    cancelled = meeting.status != Meeting.Status.ACCEPTED
    vevent = VEvent()
    vevent.add("uid", meeting.uid)
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", meeting.starts_at)
    vevent.add("dtend", meeting.ends_at)
    vevent.add(
        "summary",
        _("Mentoring: %(mentee)s and %(mentor)s")
        % {
            "mentee": match.mentee.profile.display_name,
            "mentor": match.mentor.profile.display_name,
        },
    )
    online = meeting.format == MeetingFormat.ONLINE
    vevent.add("location", meeting.place or (_("Online") if online else ""))
    vevent.add("url", absolute_url(f"/matching/{match.pk}/meetings/"))
    vevent.add("sequence", meeting.sequence)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return calendar_bytes([vevent], "CANCEL" if cancelled else "REQUEST", PRODID)
