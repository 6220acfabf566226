"""In Chromium: a volunteer takes a role, sees it on /me/events/, gets the .ics, cancels,
and the first person on that role's waitlist is promoted and told by email."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page
from playwright.sync_api import expect

from events.models import Event
from events.models import Registration
from events.models import VolunteerRole
from events.services import registrations as services
from mentoring.people.models import User
from tests import factories
from tests.browser.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_volunteer_signs_up_downloads_the_ics_and_cancels(
    page: Page, live_server, volunteer: User, make_user
) -> None:
    starts = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    event = factories.EventFactory(
        title="Hackathon for good",
        slug="hackathon-for-good",
        kind=Event.Kind.HACKATHON,
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        venue="Innovation Hub, Springfield",
        capacity=40,
    )
    VolunteerRole.objects.create(event=event, name="Judge", slots=1)

    sign_in(page, volunteer.email, url=live_server.url + "/accounts/login/")

    page.goto(live_server.url + "/events/")
    page.get_by_role("link", name="Hackathon for good").click()
    page.get_by_label("Register as").select_option(label="Volunteer: Judge")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You're confirmed as Judge.")).to_be_visible()

    # Someone else wants the same role: it is full, so they wait.
    waiting = make_user("wanda.waiting@example.org", first_name="Wanda")
    role = event.roles.get()
    assert services.registration_create(event=event, user=waiting, volunteer_role=role).status == (
        "waitlisted"
    )

    page.goto(live_server.url + "/me/events/")
    row = page.get_by_role("row").filter(has_text="Hackathon for good")
    expect(row).to_contain_text("Judge")
    with page.expect_download() as download:
        row.get_by_role("link", name=".ics").click()
    vevent = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == event.starts_at
    assert vevent.decoded("dtend") == event.ends_at

    mail.outbox.clear()
    row.get_by_role("button", name="Cancel Hackathon for good").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
    promoted = Registration.objects.get(user=waiting, event=event)
    assert promoted.status == "confirmed" and promoted.promoted_at
    assert [m.to for m in mail.outbox] == [[waiting.email]]
