"""The public event pages, kept for anonymous visitors: served without a query the second time,
dropped when an event, a role or a registration changes, per language, never for a signed-in
person, and the seats they show are right."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from events.models import Event
from events.models import Registration
from events.services import registrations as services
from mentoring.people.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run a change as if its transaction committed: that is when the pages are dropped."""

    def run(change: Callable[..., Any], **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return change(**kwargs)

    return run


def main(content: bytes) -> str:
    text = content.decode()
    return text[text.index("<main") : text.index("</main>")]


@pytest.mark.parametrize("url", ["/events/", "/events/{pk}/"])
def test_the_second_anonymous_visit_is_served_without_a_query(
    client: Client, event: Event, django_assert_num_queries: Any, url: str
) -> None:
    url = url.format(pk=event.pk)
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert main(second.content) == main(first.content)  # the shell has a new CSRF token
    assert "3 seats left" in main(second.content)


def test_a_registration_drops_the_pages(
    client: Client, event: Event, make_user: Callable[..., User], committed: Callable[..., Any]
) -> None:
    assert b"3 seats left" in client.get("/events/").content
    assert b"3 seats left" in client.get(f"/events/{event.pk}/").content
    committed(services.registration_create, event=event, user=make_user())
    assert b"2 seats left" in client.get("/events/").content
    assert b"2 seats left" in client.get(f"/events/{event.pk}/").content


def test_a_cancellation_and_an_edit_drop_the_pages(
    client: Client, event: Event, make_user: Callable[..., User], committed: Callable[..., Any]
) -> None:
    registration = committed(services.registration_create, event=event, user=make_user())
    assert b"2 seats left" in client.get(f"/events/{event.pk}/").content
    committed(services.registration_cancel, registration=registration)
    assert b"3 seats left" in client.get(f"/events/{event.pk}/").content

    def rename() -> None:
        event.title = "Renamed workshop"
        event.save()

    committed(rename)
    assert b"Renamed workshop" in client.get("/events/").content
    assert b"Renamed workshop" in client.get(f"/events/{event.pk}/").content


def test_an_uncommitted_change_keeps_the_cached_page(client: Client, event: Event) -> None:
    """The version moves on commit: a reader between the change and the commit would
    otherwise store the old page under the new version."""
    client.get("/events/")
    Event.objects.filter(pk=event.pk).update(title="Not yet committed")  # no signal at all
    assert b"Not yet committed" not in client.get("/events/").content


def test_each_language_has_its_own_page(client: Client, event: Event) -> None:
    english = client.get(f"/events/{event.pk}/").content.decode()
    client.cookies["django_language"] = "es"
    spanish = client.get(f"/events/{event.pk}/").content.decode()
    assert "3 seats left" in english and "Log in to register" in english
    assert "Quedan 3 plazas" in spanish and "Inicia sesión para inscribirte" in spanish


def test_query_strings_are_pages_of_their_own(client: Client, event: Event) -> None:
    assert event.title.encode() in client.get("/events/").content
    assert event.title.encode() not in client.get("/events/", {"kind": "webinar"}).content
    assert event.title.encode() in client.get("/events/").content


def test_a_signed_in_person_always_gets_a_fresh_private_page(
    client: Client, event: Event, volunteer: User, django_assert_max_num_queries: Any
) -> None:
    client.get(f"/events/{event.pk}/")  # an anonymous visit fills the cache
    client.login(email=volunteer.email, password=PASSWORD)
    registered = client.post(f"/events/{event.pk}/register/", follow=True).content
    # No commit callback ran here, so the anonymous page is still the old one; the signed-in
    # person's is rendered for them, with their own registration and the seat it took.
    assert b"confirmed as" in registered and b"2 seats left" in registered
    response = client.get(f"/events/{event.pk}/")
    assert b"2 seats left" in response.content
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert b"3 seats left" in client.get(f"/events/{event.pk}/").content


def test_the_cached_part_holds_no_csrf_token(client: Client, event: Event) -> None:
    """The shell around it (the language switcher's form) gets a token per visitor."""
    one = Client(enforce_csrf_checks=True)
    two = Client(enforce_csrf_checks=True)
    first = one.get(f"/events/{event.pk}/").content.decode()
    second = two.get(f"/events/{event.pk}/").content.decode()
    token = first.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token not in second
    assert "csrfmiddlewaretoken" not in main(first.encode())


def test_seats_count_only_confirmed_attendees(
    client: Client, event: Event, greeter: Any, make_user: Callable[..., User]
) -> None:
    for _ in range(4):  # three seats, then the waitlist
        services.registration_create(event=event, user=make_user())
    services.registration_create(event=event, user=make_user(), volunteer_role=greeter)
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 1
    page = client.get(f"/events/{event.pk}/").content
    assert b"Full" in page and b"0 slots left" in page
    assert b"Full" in client.get("/events/").content
