"""In Chromium: a coordinator runs matching, reads a breakdown and approves two matches in bulk;
the mentee then sees their mentor and why, and everyone got an email."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from mentoring.models import User
from tests.conftest import PASSWORD
from tests.matching import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_a_coordinator_approves_in_bulk_and_the_mentee_sees_their_mentor(
    page: Page, live_server, coordinator: User
) -> None:
    prog = f.program("nmm-2027", name="National Mentoring Month 2027")
    tomas = f.mentee(
        prog,
        name="Tomás Ng",
        email="tomas@example.org",
        seeking=("Software engineering", "Data science"),
        password=PASSWORD,
    )
    f.mentor(
        prog,
        name="Marisol Entwistle",
        email="marisol@example.org",
        offering=("Software engineering", "Data science"),
    )
    f.mentee(prog, name="Ana Ruiz", email="ana@example.org", seeking=("Nursing",))
    f.mentor(prog, name="Ben Okafor", email="ben@example.org", offering=("Nursing",))

    log_in(page, live_server.url + "/admin/", coordinator.email)
    page.goto(live_server.url + "/admin/matching/match/")
    page.get_by_role("button", name="Run matching for National Mentoring Month 2027").click()
    expect(page.get_by_text("2 proposed, 0 unmatched")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Tomás Ng")
    expect(row).to_contain_text("Career 0.50 — both: Data science, Software engineering")
    assert not mail.outbox  # proposals are never announced

    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("approve_selected")
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.get_by_text("Approved 2 matches.")).to_be_visible()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == [
        "ana@example.org",
        "ben@example.org",
        "marisol@example.org",
        "tomas@example.org",
    ]

    page.context.clear_cookies()
    log_in(page, live_server.url + "/accounts/login/", tomas.email)
    page.goto(live_server.url + "/me/")
    card = page.locator(".match-card")
    expect(card).to_contain_text("Your mentor: Marisol Entwistle")
    expect(card).to_contain_text("Career: you both named Data science, Software engineering")
    expect(card.get_by_role("link", name="marisol@example.org")).to_be_visible()
