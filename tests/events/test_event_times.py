"""Issue #18, times and dates: each event time is on the event's own clock, zone named, and the
reminders and calendar files say only what is true."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from events.emails import cancel_token
from events.models import CalendarFeed
from events.models import Event
from events.models import Registration
from events.models import Reminder
from events.services import registrations as services
from mentoring.campaign.selectors import campaign_year
from mentoring.campaign.selectors import january_calendar

# Emails leave through the outbox after the commit: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)

CHICAGO = "America/Chicago"


def subject(message: mail.EmailMessage) -> str:
    return message.subject.removeprefix("[Pay It Forward] ")


def evening_in_chicago(year: int) -> datetime:
    # Mon 4 Jan, 19:00 in Chicago is Tue 5 Jan, 01:00 UTC: the UTC day is a day late.
    return datetime(year, 1, 5, 1, 0, tzinfo=UTC)


def test_the_home_calendar_puts_an_evening_event_on_its_own_day_for_visitors(
    client: Client, make_event
) -> None:
    year = campaign_year(timezone.localdate())
    event = make_event(title="Webinar #1", starts_at=evening_in_chicago(year), timezone=CHICAGO)
    (entry,) = [e for e in january_calendar(year) if e.get("event") == event]
    assert entry["date"] == date(year, 1, 4)
    html = client.get("/").text
    day = html.index(f'<time datetime="{year}-01-04">')
    assert day < html.index("Webinar #1") < html.index("19:00–21:00 CST (America/Chicago)")
    assert f'<time datetime="{year}-01-05">' not in html


def test_the_day_filter_finds_events_on_the_day_they_are_shown_not_the_utc_day(
    client: Client, make_event
) -> None:
    year = timezone.now().year + 1
    make_event(title="Chicago evening", starts_at=evening_in_chicago(year), timezone=CHICAGO)
    # Tue 5 Jan, 08:00 in Tokyo is still Mon 4 Jan in UTC: it belongs to the 5th.
    tokyo = datetime(year, 1, 4, 23, 0, tzinfo=UTC)
    make_event(title="Tokyo morning", starts_at=tokyo, timezone="Asia/Tokyo")
    fourth = client.get("/events/", {"on": f"{year}-01-04"}).text
    fifth = client.get("/events/", {"on": f"{year}-01-05"}).text
    assert "Chicago evening" in fourth and "Tokyo morning" not in fourth
    assert "Tokyo morning" in fifth and "Chicago evening" not in fifth


def test_the_admin_saves_a_time_typed_on_the_events_clock_not_the_coordinators(
    client: Client, coordinator
) -> None:
    coordinator.timezone = "Europe/Berlin"  # the coordinator lives elsewhere
    coordinator.save(update_fields=["timezone"])
    client.force_login(coordinator)
    day = (timezone.now() + timedelta(days=30)).date()
    data = {
        "title_en": "Chicago mixer",  # the admin asks for each language
        "slug": "chicago-mixer",
        "kind": "workshop",
        "language": "en",
        "starts_at_0": day.isoformat(),
        "starts_at_1": "18:00",
        "ends_at_0": day.isoformat(),
        "ends_at_1": "20:00",
        "timezone": CHICAGO,
        "venue": "Chicago Public Library",
        "capacity": "30",
        "status": "published",
        "sequence": "0",
    }
    for prefix in ("roles", "registrations"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post("/admin/events/event/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(slug="chicago-mixer")
    assert timezone.localtime(event.starts_at, event.tzinfo).strftime("%H:%M") == "18:00"
    listing = client.get("/admin/events/event/").text
    assert "18:00–20:00 C" in listing and "(America/Chicago)" in listing
    form = client.get(f"/admin/events/event/{event.pk}/change/").text
    assert 'value="18:00:00"' in form  # shown again as typed, not as 01:00 in Berlin


def test_the_hosts_page_shows_a_new_york_event_on_new_yorks_clock(client: Client, make_user):
    host = make_user(timezone="UTC")
    starts = datetime(2031, 3, 4, 23, 0, tzinfo=UTC)  # 18:00 in New York (EST)
    event = Event.objects.create(
        title="Brooklyn résumé night",
        slug="brooklyn",
        kind="workshop",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        timezone="America/New_York",
        venue="Brooklyn Public Library",
        host=host,
        review=Event.Review.PROPOSED,
    )
    client.force_login(host)
    for url in ("/events/hosting/", f"/events/hosting/{event.pk}/"):
        html = client.get(url).text
        assert "18:00–20:00 EST (America/New_York)" in html, url
        assert "23:00" not in html, url


def test_the_cancel_confirmation_names_the_events_own_time(client: Client, event, mentee):
    registration = services.registration_create(event=event, user=mentee)
    html = client.get(f"/events/cancel/{cancel_token(registration)}/").text
    local = timezone.localtime(event.starts_at, event.tzinfo)
    assert f"{local:%H:%M}–" in html and "(America/Chicago)" in html
    assert timezone.localtime(event.starts_at, UTC).strftime("%H:%M") not in html


def test_registering_an_hour_before_plans_no_tomorrow_reminder(make_event, mentee) -> None:
    event = make_event(starts_at=timezone.now().replace(microsecond=0) + timedelta(minutes=65))
    mail.outbox.clear()
    registration = services.registration_create(event=event, user=mentee)
    kinds = set(registration.reminders.values_list("kind", flat=True))
    assert kinds == {"confirmation", "hour_before", "follow_up"}
    call_command("send_due_reminders")
    assert [subject(m) for m in mail.outbox] == [f"You're registered: {event.title}"]


def test_a_day_before_reminder_is_dropped_once_the_hour_before_one_is_due(event, mentee):
    registration = services.registration_create(event=event, user=mentee)
    # Promoted late, or the scan was down: the start is now 50 minutes away.
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() + timedelta(minutes=50))
    Reminder.objects.filter(registration=registration, kind="day_before").update(
        due_at=timezone.now() - timedelta(hours=23)
    )
    Reminder.objects.filter(registration=registration, kind="hour_before").update(
        due_at=timezone.now() - timedelta(minutes=10)
    )
    mail.outbox.clear()
    call_command("send_due_reminders")
    assert [subject(m) for m in mail.outbox] == [f"Starting in an hour: {event.title}"]


def vevent_of(content: bytes) -> tuple[str, str]:
    calendar = Calendar.from_ical(content)
    return str(calendar["method"]), str(calendar.walk("VEVENT")[0]["status"])


def test_a_waitlisted_place_is_tentative_and_its_email_invites_to_no_seat(
    client: Client, make_event, make_user, mentee
) -> None:
    event = make_event(capacity=1)
    services.registration_create(event=event, user=make_user())
    mail.outbox.clear()
    waiting = services.registration_create(event=event, user=mentee)
    assert waiting.status == Registration.Status.WAITLISTED
    (email,) = mail.outbox
    assert "waitlist" in email.subject
    assert not [a for a in email.attachments if a[2] == "text/calendar"]
    feed = CalendarFeed.objects.create(user=mentee)
    assert vevent_of(client.get(feed.get_absolute_url()).content) == ("PUBLISH", "TENTATIVE")
    client.force_login(mentee)
    download = client.get(f"/events/registrations/{waiting.pk}/event.ics").content
    assert vevent_of(download) == ("PUBLISH", "TENTATIVE")
    services.registration_cancel(registration=waiting)
    cancelled = client.get(f"/events/registrations/{waiting.pk}/event.ics").content
    assert vevent_of(cancelled) == ("CANCEL", "CANCELLED")


def test_a_confirmed_place_is_an_invitation(client: Client, event, mentee) -> None:
    mail.outbox.clear()
    services.registration_create(event=event, user=mentee)
    (name, content, mimetype) = mail.outbox[0].attachments[0]
    assert mimetype == "text/calendar"
    assert vevent_of(content) == ("REQUEST", "CONFIRMED")
