"""In Chromium (#15): a mentor writes to a minor, the phone number is masked, the minor reports
the message from /me/, and the coordinator reads the conversation and gets both alerts."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from matching.models import Match
from matching.services import match_approve, matching_run
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import User
from tests.browser.steps import sign_in
from tests.conftest import PASSWORD
from tests.matching import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _a_zone_where_it_is_midday() -> str:
    # Messages to a minor wait overnight on the minor's clock; the journey runs in their day.
    offset = (12 - timezone.now().hour + 12) % 24 - 12  # UTC-12 … UTC+11
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"


def test_a_masked_message_to_a_minor_is_reported_and_the_coordinator_reads_it(
    page: Page, live_server, coordinator: User
) -> None:
    prog = f.program("youth-2027", name="Youth 2027", is_youth=True)
    kid = f.mentee(prog, name="Lucía Ramos", email="lucia@example.org", age=15, password=PASSWORD)
    f.give_consent(kid)
    mentor = f.mentor(
        prog, name="Marisol Entwistle", email="marisol@example.org", password=PASSWORD
    )
    f.clear_for_minors(mentor)
    matching_run(program=prog, by=coordinator)
    match = match_approve(match=Match.objects.get(), by=coordinator)
    User.objects.filter(pk=kid.pk).update(timezone=_a_zone_where_it_is_midday())
    base = live_server.url

    sign_in(page, "marisol@example.org", url=f"{base}/accounts/login/?next=/matching/{match.pk}/")
    page.get_by_role("link", name="Messages: write to them in your private conversation").click()
    expect(page.get_by_text("coordinators can read this conversation")).to_be_visible()
    page.get_by_label("Your message").fill("Text me on +1 555 010 0199")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("[contact details hidden]")).to_be_visible()
    expect(page.get_by_text("0199")).to_have_count(0)

    page.context.clear_cookies()
    sign_in(page, "lucia@example.org", url=f"{base}/accounts/login/?next=/me/")
    page.get_by_role("link", name="1 unread message").click()
    page.get_by_text("Report this message").click()
    page.get_by_label("What worries you about this message? (optional)").fill("Asked for texts")
    page.get_by_role("button", name="Tell a coordinator").click()
    expect(page.get_by_text("Thank you: a coordinator was told")).to_be_visible()

    page.context.clear_cookies()
    sign_in(
        page, coordinator.email, url=f"{base}/accounts/login/?next=/matching/{match.pk}/messages/"
    )
    expect(page.get_by_text("You are reading as a coordinator of the program.")).to_be_visible()
    expect(page.get_by_text("This message was reported to a coordinator.")).to_be_visible()
    alerts = OutgoingEmail.objects.filter(kind="relationships.concern", to=coordinator.email)
    subjects = sorted(a.subject.removeprefix("[Pay It Forward] ") for a in alerts)
    assert subjects == [
        "A participant reported a message",
        "Contact details were hidden from a message to a minor",
    ]
