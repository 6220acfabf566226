"""In Chromium: sign up, confirm from the captured email, log in, log out; admin login."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from mentoring.people.models import User
from tests.browser.steps import sign_in
from tests.browser.steps import sign_up_and_follow_the_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_confirm_log_in_and_log_out(page: Page, live_server) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up").first.click()
    sign_up_and_follow_the_link(page, "journey@example.org")

    # Confirming in the browser that signed up may already sign the person in.
    if page.get_by_role("button", name="Log out").count():
        page.get_by_role("button", name="Log out").click()
        if page.get_by_role("button", name="Sign Out").count():
            page.get_by_role("button", name="Sign Out").click()

    sign_in(page, "journey@example.org", url=live_server.url + "/accounts/login/")
    expect(page.get_by_role("heading", name="My dashboard")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    assert User.objects.get(email="journey@example.org").emailaddress_set.get().verified


def test_a_coordinator_logs_into_the_admin(page: Page, live_server, coordinator: User) -> None:
    sign_in(page, coordinator.email, url=live_server.url + "/admin/")
    expect(page.get_by_role("heading", name="Program console")).to_be_visible()
