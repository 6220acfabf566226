"""Steps several browser journeys take the same way: signing up, confirming, signing in."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.conftest import PASSWORD

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def sign_in(page: Page, email: str, password: str = PASSWORD, url: str | None = None) -> None:
    """Fill the sign-in form: on `url` when given, else on the page already open."""
    if url is not None:
        page.goto(url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_role("button", name="Sign In").click()


def sign_up_and_follow_the_link(page: Page, email: str) -> None:
    """Fill the sign-up form on the open page, then open the emailed link and confirm."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    link = CONFIRM_LINK.search(mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()
