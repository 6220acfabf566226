"""Issue #18's acceptance test for time: one event, every place that shows it, three readers.

Webinar #1 is on Monday 4 January at 19:00 in Chicago, which is already the 5th in UTC, Berlin
and Tokyo. Whoever reads it, wherever they live, every page, admin screen, email and calendar
file says the same local day and hour, and names the zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from events.emails import cancel_token
from events.emails import reminder_message
from events.models import CalendarFeed
from events.models import Event
from events.models import Registration
from events.models import Reminder
from events.services import hosting
from events.services import registrations as services
from mentoring.campaign import selectors
from mentoring.core.mail import build_templated
from mentoring.people.models import User
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = timezone.now().year + 2  # always ahead, so the event is upcoming on every page
DAY = date(YEAR, 1, 4)
READERS = ("America/Los_Angeles", "Europe/Berlin", "Asia/Tokyo")
LABEL = "19:00–20:00 CST (America/Chicago)"
LONG = f"{DAY:%A} 4 January {YEAR}, {LABEL}"  # "Monday 4 January 2027, 19:00–20:00 CST …"
SHORT = f"{DAY:%a} 4 Jan {YEAR}, {LABEL}"
# The same moment on each reader's own clock, which must show nowhere.
LATER = (Reminder.Kind.PROMOTION, Reminder.Kind.FOLLOW_UP)
THEIR_HOURS = {"America/Los_Angeles": "17:00", "Europe/Berlin": "02:00", "Asia/Tokyo": "10:00"}


@pytest.fixture
def webinar(make_user) -> Event:
    host = make_user("host@example.org", first_name="Hana")
    return EventFactory.create(
        title="Webinar #1",
        slug="webinar-1",
        kind=Event.Kind.WEBINAR,
        starts_at=datetime(YEAR, 1, 5, 1, 0, tzinfo=UTC),  # 19:00 CST on the 4th
        ends_at=datetime(YEAR, 1, 5, 2, 0, tzinfo=UTC),
        timezone="America/Chicago",
        venue="",
        online_url="https://meet.example.org/webinar-1",
        capacity=1,
        host=host,
        review=Event.Review.APPROVED,
    )


@pytest.fixture(autouse=True)
def _campaign_year(monkeypatch: pytest.MonkeyPatch) -> None:
    # The home page shows the coming January; this test's January is YEAR's.
    monkeypatch.setattr(selectors, "campaign_year", lambda today: YEAR)


def living_in(user: User, zone: str) -> User:
    User.objects.filter(pk=user.pk).update(timezone=zone)
    user.refresh_from_db()
    return user


def as_reader(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def public_pages(client: Client, event: Event) -> Iterator[tuple[str, str]]:
    home = client.get("/").text
    assert f'<time datetime="{YEAR}-01-04">' in home
    start = home.index(f'<time datetime="{YEAR}-01-04">')
    yield "home calendar", home[start : home.index("</li>", start)]
    yield "list on its day", client.get("/events/", {"on": DAY.isoformat()}).text
    yield "detail", client.get(event.get_absolute_url()).text


def test_every_page_email_and_calendar_file_shows_the_same_local_day_and_hour(
    webinar: Event, make_user, coordinator
) -> None:
    host = webinar.host
    for zone in READERS:
        reader = make_user(f"reader-{zone.split('/')[1].lower()}@example.org", timezone=zone)
        living_in(host, zone)
        living_in(coordinator, zone)
        texts: dict[str, str] = {}

        texts.update(public_pages(Client(), webinar))  # a visitor, whose zone we don't know
        texts.update({f"{k} (signed in)": v for k, v in public_pages(as_reader(reader), webinar)})
        hosting_client = as_reader(host)
        texts["host list"] = hosting_client.get("/events/hosting/").text
        texts["host page"] = hosting_client.get(f"/events/hosting/{webinar.pk}/").text
        admin = as_reader(coordinator)
        texts["admin list"] = admin.get("/admin/events/event/").text

        # Emails: registering (a seat, then the waitlist), each reminder, the host's emails.
        mail.outbox.clear()
        Registration.objects.filter(event=webinar).delete()
        confirmed = services.registration_create(event=webinar, user=reader)
        waiting_reader = make_user(f"waiting-{zone.split('/')[1].lower()}@example.org")
        waiting = services.registration_create(event=webinar, user=living_in(waiting_reader, zone))
        assert waiting.status == Registration.Status.WAITLISTED
        for kind in (Reminder.Kind.DAY_BEFORE, Reminder.Kind.HOUR_BEFORE, *LATER):
            reminder = Reminder(registration=confirmed, kind=kind, due_at=timezone.now())
            mail.outbox.append(reminder_message(reminder))
        texts["cancel page"] = Client().get(f"/events/cancel/{cancel_token(confirmed)}/").text
        Event.objects.filter(pk=webinar.pk).update(host_reminded_at=None)
        hosting.host_email_send(event_id=webinar.pk, kind="reminder")
        hosting.host_message_registrants(event=webinar, user=host, body="Bring a question.")
        for template in ("email/events/host_proposal_received", "email/relationships/kickoff"):
            context = {"event": webinar, "events": [webinar], "match": None}
            mail.outbox.append(build_templated(to=coordinator, template=template, context=context))
        for n, message in enumerate(mail.outbox):
            texts[f"email {n}: {message.subject}"] = message.body
            for html, _mime in getattr(message, "alternatives", []):
                texts[f"email {n} (html): {message.subject}"] = str(html)

        for place, text in texts.items():
            assert LONG in text or SHORT in text or LABEL in text, (zone, place)
            assert f"{THEIR_HOURS[zone]}–" not in text, (zone, place)
        assert len([p for p in texts if p.startswith("email")]) >= 9, list(texts)

        # The admin form shows the times as typed on the event's clock.
        form = admin.get(f"/admin/events/event/{webinar.pk}/change/").text
        assert f'value="{DAY.isoformat()}"' in form and 'value="19:00:00"' in form, zone

        # Calendar files: the event's zone, 19:00 on the 4th.
        feed = CalendarFeed.objects.get_or_create(user=reader)[0]
        files = {
            "public .ics": Client().get(f"/events/{webinar.pk}/event.ics").content,
            "registration .ics": as_reader(reader)
            .get(f"/events/registrations/{confirmed.pk}/event.ics")
            .content,
            "feed": Client().get(feed.get_absolute_url()).content,
            "email invite": next(
                c for m in mail.outbox for _n, c, t in m.attachments if t == "text/calendar"
            ),
        }
        for place, content in files.items():
            (vevent,) = Calendar.from_ical(content).walk("VEVENT")
            start = vevent["dtstart"]
            assert start.params["TZID"] == "America/Chicago", (zone, place)
            assert start.dt.replace(tzinfo=None) == datetime(YEAR, 1, 4, 19, 0), (zone, place)


def test_the_admin_list_labels_each_event_with_its_own_zone(client: Client, coordinator):
    starts = datetime(YEAR, 3, 2, 23, 0, tzinfo=UTC)
    EventFactory.create(title="Brooklyn", starts_at=starts, timezone="America/New_York")
    EventFactory.create(title="Kreuzberg", starts_at=starts, timezone="Europe/Berlin")
    client.force_login(living_in(coordinator, "Asia/Tokyo"))
    listing = client.get("/admin/events/event/").text
    assert "18:00–20:00 EST (America/New_York)" in listing
    assert "00:00–02:00 CET (Europe/Berlin)" in listing
