"""In Chromium: sign up, confirm from the captured email, log in, log out; admin login."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from mentoring.people.models import User
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def test_sign_up_confirm_log_in_and_log_out(page: Page, live_server) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("journey@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    link = CONFIRM_LINK.search(mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()

    # Confirming in the browser that signed up may already sign the person in.
    if page.get_by_role("button", name="Log out").count():
        page.get_by_role("button", name="Log out").click()
        if page.get_by_role("button", name="Sign Out").count():
            page.get_by_role("button", name="Sign Out").click()

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("journey@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="My dashboard")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    assert User.objects.get(email="journey@example.org").emailaddress_set.get().verified


def test_a_coordinator_logs_into_the_admin(page: Page, live_server, coordinator: User) -> None:
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Program console")).to_be_visible()
