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
from mentoring.core.mail import Attachment
from mentoring.core.mail import absolute_url
from mentoring.people.models import MeetingFormat

PRODID = "-//Pay It Forward//Meetings//EN"


def _method(meeting: Meeting) -> str:
    return "REQUEST" if meeting.status == Meeting.Status.ACCEPTED else "CANCEL"


def ics_filename(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}.ics"


def meeting_attachment(meeting: Meeting) -> Attachment:
    """The .ics as an email carries it. The method is said again on the part's Content-Type
    (RFC 6047): that is where mail programs look to offer "add" or "remove from calendar"."""
    return ics_filename(meeting), meeting_ics(meeting), f"text/calendar; method={_method(meeting)}"


def meeting_ics(meeting: Meeting) -> bytes:
    match = meeting.match
    cancelled = _method(meeting) == "CANCEL"
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
    return calendar_bytes([vevent], _method(meeting), PRODID)
