"""In Chromium, in English and in Spanish: a mentor proposes an event, a coordinator approves it
in the admin, a volunteer registers, and the host sees one registration and no email address."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page
from playwright.sync_api import expect

from events.models import Event
from mentoring.people.models import MentorProfile
from mentoring.people.models import User
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as(page: Page, base: str, email: str, language: str, then: str) -> None:
    """A fresh session in `language`; fields are found by name so the steps work in Spanish."""
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page.goto(f"{base}/accounts/login/?next={then}")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=login]) button[type=submit]").click()
    path = urlsplit(then).path
    page.wait_for_url(lambda url: urlsplit(url).path == path)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_mentor_hosts_a_coordinator_approves_a_volunteer_registers(
    page: Page, live_server, mentor: User, coordinator: User, volunteer: User, language: str
) -> None:
    MentorProfile.objects.create(user=mentor)
    base = live_server.url
    day = (timezone.now() + timedelta(days=14)).strftime("%Y-%m-%d")

    # Marisol proposes a workshop through the form.
    log_in_as(page, base, mentor.email, language, "/events/host/")
    page.locator("input[name=title]").fill("Résumé clinic for first jobs")
    page.locator("select[name=kind]").select_option("workshop")
    page.locator("textarea[name=description]").fill("Bring your résumé; leave with a better one.")
    page.locator("select[name=timezone]").select_option("America/Chicago")
    page.locator("input[name=starts_at]").fill(f"{day}T18:00")
    page.locator("input[name=ends_at]").fill(f"{day}T20:00")
    page.locator("input[name=venue]").fill("Springfield Library, Room 3")
    page.locator("input[name=capacity]").fill("10")
    page.locator("textarea[name=host_reason]").fill("I hire juniors and see the same mistakes.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/events/hosting/\d+/$"))
    event = Event.objects.get(host=mentor)
    assert (event.status, event.review) == ("draft", "proposed")
    assert timezone.localtime(event.starts_at, event.tzinfo).hour == 18

    # Cora approves it in the admin, from the list of host proposals.
    log_in_as(page, base, coordinator.email, language, "/admin/events/event/?origin=host")
    page.locator(f"input[name=_selected_action][value='{event.pk}']").check()
    page.locator("select[name=action]").select_option("approve_proposals")
    page.locator(".actions button[type=submit]").click()
    expect(page.locator("ul.messagelist")).to_be_visible()
    event.refresh_from_db()
    assert (event.status, event.review) == ("published", "approved")

    # Val registers on the public event page.
    log_in_as(page, base, volunteer.email, language, "/events/")
    page.locator(f"a[href='/events/{event.pk}/']").first.click()
    page.locator(f"form[action='/events/{event.pk}/register/'] button[type=submit]").click()
    expect(page.locator(".event-registration .event-status")).to_be_visible()
    assert event.registrations.get().user == volunteer

    # Marisol sees one registration, by first name, and no address.
    log_in_as(page, base, mentor.email, language, f"/events/hosting/{event.pk}/")
    section = page.locator("section.host-registrations")
    expect(section.locator("tbody tr")).to_have_count(1)
    expect(section.locator("tbody tr")).to_contain_text("Val")
    assert "@" not in section.inner_text()
    assert volunteer.email not in page.content()
