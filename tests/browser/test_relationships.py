"""In Chromium: both sides accept the agreement, the mentee submits a check-in from the emailed
link, and the coordinator sees it in the program-health view."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page
from playwright.sync_api import expect

from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.services.checkins import checkin_create_due
from matching.services import match_approve
from matching.services import matching_run
from mentoring.people.models import User
from tests.browser.steps import sign_in
from tests.conftest import PASSWORD
from tests.matching import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as(page: Page, url: str, email: str) -> None:
    page.context.clear_cookies()
    sign_in(page, email, url=url)


def test_both_accept_the_mentee_checks_in_and_the_coordinator_sees_it(
    page: Page, live_server, coordinator: User
) -> None:
    prog = f.program("nmm-2027", name="National Mentoring Month 2027")
    f.mentee(prog, name="Tomás Ng", email="tomas@example.org", password=PASSWORD)
    f.mentor(prog, name="Marisol Entwistle", email="marisol@example.org", password=PASSWORD)
    matching_run(program=prog, by=coordinator)
    match = match_approve(match=Match.objects.get(), by=coordinator)
    login = f"{live_server.url}/accounts/login/?next="
    agreement = f"/matching/{match.pk}/agreement/"

    log_in_as(
        page,
        login + agreement,
        "tomas@example.org",
    )
    page.get_by_label("How often will you meet?").fill("Every two weeks")
    page.get_by_label("How will you meet?").fill("Video call")
    page.get_by_label("Until when?").fill((timezone.localdate() + timedelta(days=120)).isoformat())
    page.get_by_role("button", name="Accept the agreement").click()
    expect(page.get_by_text("You accepted. Waiting for the other side.")).to_be_visible()

    log_in_as(
        page,
        login + agreement,
        "marisol@example.org",
    )
    expect(page.get_by_text("Video call")).to_be_visible()
    page.get_by_role("button", name="Accept the agreement").click()
    expect(page.get_by_text("You both accepted: your match is active.")).to_be_visible()
    assert Match.objects.get(pk=match.pk).status == Match.Status.ACTIVE

    Match.objects.filter(pk=match.pk).update(decided_at=timezone.now() - timedelta(days=15))
    mail.outbox.clear()
    checkin_create_due()
    body = next(m.body for m in mail.outbox if m.to == ["tomas@example.org"])
    path = re.search(r"/matching/checkin/\d+/", body)
    assert path, body
    log_in_as(page, login + path.group(0), "tomas@example.org")
    page.get_by_text("Yes").first.check()
    page.locator("input[name=rating][value='4']").check()
    page.get_by_label("Progress on the mentee's goals").fill("Finished my CV")
    page.get_by_role("button", name="Send check-in").click()
    expect(page.get_by_text("Thank you: your check-in was sent.")).to_be_visible()
    assert CheckIn.objects.get(side="mentee").rating == 4

    log_in_as(
        page,
        f"{live_server.url}/admin/login/?next=/admin/relationships/checkin/health/",
        coordinator.email,
    )
    expect(page.get_by_role("heading", name="Program health")).to_be_visible()
    expect(page.locator("tr.checkin").filter(has_text="Mentee")).to_contain_text("4")
