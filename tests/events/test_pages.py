"""Event pages: the list's constant query count, detail, .ics and feeds, and bad input."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from events.forms.registrations import EventAdminForm
from events.models import CalendarFeed
from events.models import Event
from events.services import registrations as services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def bulk_events(n: int) -> None:
    starts = timezone.now() + timedelta(days=2)
    Event.objects.bulk_create(
        Event(
            title=f"Webinar {i}",
            slug=f"webinar-{i}",
            kind=Event.Kind.WEBINAR,
            starts_at=starts + timedelta(hours=i),
            ends_at=starts + timedelta(hours=i, minutes=45),
            online_url="https://meet.example.org/w",
            capacity=20,
            status=Event.Status.PUBLISHED,
        )
        for i in range(n)
    )


@pytest.mark.parametrize("n", [5, 500])
def test_the_list_uses_the_same_queries_for_5_and_500_events(
    client: Client, django_assert_num_queries, n: int
) -> None:
    bulk_events(n)
    with django_assert_num_queries(2):  # count for the paginator, then one page with seats
        response = client.get("/events/")
    assert response.status_code == 200
    assert b"20 seats left" in response.content


def test_the_list_filters_by_kind_and_place(client: Client, event) -> None:
    bulk_events(3)
    online = client.get("/events/", {"mode": "online"}).content.decode()
    assert "Webinar 0" in online and event.title not in online
    workshops = client.get("/events/", {"kind": "workshop"}).content.decode()
    assert event.title in workshops and "Webinar 0" not in workshops


@pytest.mark.parametrize(
    "url", ["/events/abc/", "/events/1x/register/", "/events/registrations/x/cancel/"]
)
def test_non_numeric_ids_are_404(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


def test_a_bad_cancel_token_is_404(client: Client) -> None:
    assert client.get("/events/cancel/not-a-token/").status_code == 404


def test_the_online_link_is_shown_only_to_confirmed_registrants(client, make_event, mentee):
    event = make_event(venue="", online_url="https://meet.example.org/secret", capacity=1)
    assert b"meet.example.org/secret" not in client.get(event.get_absolute_url()).content
    client.login(email=mentee.email, password=PASSWORD)
    client.post(f"/events/{event.pk}/register/")
    assert b"meet.example.org/secret" in client.get(event.get_absolute_url()).content


def test_a_foreign_role_id_is_a_form_error_not_a_500(client, event, mentee) -> None:
    client.login(email=mentee.email, password=PASSWORD)
    response = client.post(f"/events/{event.pk}/register/", {"role": "99999"}, follow=True)
    assert response.status_code == 200
    assert b"volunteer roles" in response.content
    assert not event.registrations.exists()


def test_my_events_shows_waitlist_positions(client, make_event, make_user, mentee) -> None:
    event = make_event(capacity=1)
    services.registration_create(event=event, user=make_user())
    services.registration_create(event=event, user=mentee)
    client.login(email=mentee.email, password=PASSWORD)
    for url in ("/me/events/", "/events/mine/"):
        assert b"Waitlist #1" in client.get(url).content


def test_the_private_feed_has_one_vevent_per_registration_in_utc(
    client, make_event, mentee
) -> None:
    events = [make_event(), make_event()]
    for event in events:
        services.registration_create(event=event, user=mentee)
    feed = CalendarFeed.objects.create(user=mentee)
    response = client.get(feed.get_absolute_url())
    vevents = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(vevents) == 2
    assert {v.decoded("dtstart") for v in vevents} == {e.starts_at for e in events}
    assert {str(v["uid"]) for v in vevents} == {f"event-{e.pk}@pay-it-forward" for e in events}

    old = feed.token
    services.calendar_feed_reset(user=mentee)
    assert client.get(f"/events/feed/{old}.ics").status_code == 404


def test_moving_an_event_bumps_its_calendar_sequence(event) -> None:
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    event.save()
    event.refresh_from_db()
    assert event.sequence == 1


def admin_form(event: Event | None = None, **changes: object) -> EventAdminForm:
    starts = timezone.now() + timedelta(days=3)
    data = {
        "title": "Hackathon",
        "slug": "hackathon",
        "kind": "hackathon",
        "language": "en",
        "starts_at": starts.strftime("%Y-%m-%d 10:00:00"),
        "ends_at": starts.strftime("%Y-%m-%d 18:00:00"),
        "timezone": "America/Chicago",
        "venue": "Innovation Hub",
        "capacity": "30",
        "status": "published",
    }
    data.update({k: str(v) for k, v in changes.items()})
    return EventAdminForm(data, instance=event)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"capacity": -1}, "capacity"),
        ({"capacity": 10_000_000}, "capacity"),
        ({"ends_at": "2020-01-01 09:00:00"}, "ends_at"),
        (
            {"registration_closes_at": "2099-01-01 00:00:00"},
            "registration_closes_at",
        ),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_the_admin_form_rejects_bad_input(changes: dict, field: str) -> None:
    assert admin_form().is_valid(), admin_form().errors
    form = admin_form(**changes)
    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_the_admin_form_refuses_capacity_below_confirmed(event, make_user) -> None:
    for _ in range(3):
        services.registration_create(event=event, user=make_user())
    form = admin_form(event, slug=event.slug, capacity=2)
    assert not form.is_valid()
    assert "already confirmed" in str(form.errors["capacity"])


def test_the_detail_shows_the_events_own_clock_to_a_viewer_elsewhere(
    client, make_event, make_user
) -> None:
    starts = timezone.make_aware(
        timezone.datetime(2030, 1, 5, 18, 0), timezone.get_fixed_timezone(-360)
    )
    event = make_event(starts_at=starts)  # 18:00 in Chicago (UTC−6 in January)
    client.force_login(make_user(timezone="Europe/Paris"))
    text = client.get(event.get_absolute_url()).content.decode()
    assert "Saturday 5 January 2030, 18:00–20:00 CST (America/Chicago)" in text
    assert "01:00" not in text  # not the viewer's Paris time


def test_visitors_and_members_read_times_on_the_events_own_clock(
    client: Client, make_event, make_user
) -> None:
    # 2 Feb 2027 00:30 UTC is 1 Feb 18:30 in Chicago and 2 Feb 09:30 in Tokyo.
    starts = datetime(2027, 2, 2, 0, 30, tzinfo=UTC)
    event = make_event(starts_at=starts, timezone="America/Chicago", title="Reloj")
    for viewer in (None, make_user(timezone="Asia/Tokyo")):
        if viewer:
            client.force_login(viewer)
        pages = {"/events/": "Mon 1 Feb 2027", f"/events/{event.pk}/": "Monday 1 February 2027"}
        for page, day in pages.items():
            html = client.get(page).text
            assert f"{day}, 18:30–20:30 CST (America/Chicago)" in html, page
            assert "00:30" not in html and "09:30" not in html, page


def test_an_event_page_carries_open_graph_tags_and_plain_share_links(
    client: Client, make_event
) -> None:
    event = make_event(title='Taller <b>"CV"</b>', description="Trae tu currículum.")
    html = client.get(f"/events/{event.pk}/").text
    assert 'property="og:title" content="Taller &lt;b&gt;&quot;CV&quot;&lt;/b&gt;"' in html
    assert 'property="og:description" content="Trae tu currículum."' in html
    assert "twitter.com/intent/tweet" in html and "MentoringMonth" in html
    assert "mailto:?subject=" in html
    assert "<script" not in html  # no third-party scripts or trackers


def test_an_event_is_marked_with_the_language_it_is_held_in(client: Client, make_event) -> None:
    english = make_event(title="Résumé clinic", language="en")
    spanish = make_event(title="Taller de currículum", language="es")
    client.cookies["django_language"] = "es"
    listing = client.get("/events/").text
    assert '<h2 class="event-card__title" lang="en">' in listing
    assert '<h2 class="event-card__title" lang="es">' in listing
    detail = client.get(f"/events/{english.pk}/").text
    assert '<h1 lang="en">Résumé clinic</h1>' in detail
    assert "Se realiza en" in detail  # a Spanish reader is told it is not in Spanish
    assert "Se realiza en" not in client.get(f"/events/{spanish.pk}/").text
