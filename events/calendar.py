"""iCalendar files: one VEVENT per event, with a UID that never changes and a SEQUENCE that grows.

Calendar apps match entries by UID; a higher SEQUENCE tells them to update the entry they have
rather than add a second one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Event as VEvent

from events.models import Event
from events.models import Registration
from mentoring.core.ical import calendar_bytes
from mentoring.core.mail import absolute_url

PRODID = "-//Pay It Forward//Events//EN"


def site_url() -> str:
    return absolute_url("")


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@pay-it-forward"


def _status(event: Event, registration: Registration | None) -> str:
    """What the entry says about the person's place: a waitlisted one is not confirmed."""
    if event.status == Event.Status.CANCELLED:
        return "CANCELLED"
    states: dict[str, str] = {
        Registration.Status.CANCELLED: "CANCELLED",
        Registration.Status.WAITLISTED: "TENTATIVE",
    }
    return states.get(registration.status, "CONFIRMED") if registration else "CONFIRMED"


def _vevent(event: Event, *, registration: Registration | None = None) -> VEvent:
    show_link = bool(registration and registration.status == Registration.Status.CONFIRMED)
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.starts_at.astimezone(event.tzinfo))
    vevent.add("dtend", event.ends_at.astimezone(event.tzinfo))
    vevent.add("summary", event.title)
    description = event.description
    if show_link and event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    vevent.add("description", description)
    vevent.add("location", event.venue or "Online")
    vevent.add("url", site_url() + event.get_absolute_url())
    vevent.add("sequence", event.sequence)
    vevent.add("status", _status(event, registration))
    if event.organizer:
        vevent.add("organizer", f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    return vevent


def _calendar(vevents: Iterable[VEvent], method: str) -> bytes:
    return calendar_bytes(vevents, method, PRODID)


def event_ics(event: Event) -> bytes:
    """ "Add to calendar" for anyone: no online link, which is for confirmed registrants only."""
    return _calendar([_vevent(event)], "PUBLISH")


def registration_ics(registration: Registration) -> bytes:
    """An invitation for a confirmed place, a cancellation for a cancelled one, and for a
    waitlisted one a tentative entry published, not an invitation to a seat they lack."""
    methods: dict[str, str] = {
        Registration.Status.CONFIRMED: "REQUEST",
        Registration.Status.CANCELLED: "CANCEL",
    }
    vevent = _vevent(registration.event, registration=registration)
    return _calendar([vevent], methods.get(registration.status, "PUBLISH"))


class CalendarParts:
    """Each event's .ics, built once and reused by every reminder of a batch for that event.

    Building it (add_missing_timezones above all) was nearly half of a reminder's rendering
    time, and it depends only on the event and the registration's status, never on the person.
    One instance lives for one batch, so an edited event is rebuilt by the next batch.
    """

    def __init__(self) -> None:
        self._built: dict[tuple[int, str], bytes] = {}

    def for_registration(self, registration: Registration) -> bytes:
        key = (registration.event_id, registration.status)
        if key not in self._built:
            self._built[key] = registration_ics(registration)
        return self._built[key]


def feed_ics(registrations: Iterable[Registration]) -> bytes:
    """A person's private feed: every active registration, one VEVENT each."""
    return _calendar([_vevent(r.event, registration=r) for r in registrations], "PUBLISH")
