"""In Chromium: from the home page a visitor finds a program and starts joining it as a mentee."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from mentoring.people.models import Program
from mentoring.people.models import User
from tests.browser.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_goes_from_home_to_joining_a_program(
    page: Page, live_server, mentee: User
) -> None:
    program = Program.objects.create(
        name="Career Bridges",
        slug="career-bridges",
        organizer="Riverside Library",
        status=Program.Status.OPEN,
        time_commitment="One hour a week",
    )
    Program.objects.create(name="Closed Circle", slug="closed-circle")

    # Two clicks: the program from the home page, then "Join as mentee".
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="Closed Circle")).to_have_count(0)
    page.get_by_role("link", name="Career Bridges").click()
    expect(page.get_by_text("One hour a week")).to_be_visible()
    page.get_by_role("link", name="Join as mentee").click()

    # Joining needs an account: log in (or sign up) and come straight back to the program.
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    sign_in(page, mentee.email)

    expect(page).to_have_url(re.compile(r"/me/onboarding/roles/\?program=career-bridges"))
    expect(page.get_by_label("Find a mentor")).to_be_checked()
    expect(page.get_by_label("Become a mentor")).not_to_be_checked()
    expect(page.get_by_label("Program")).to_have_value(str(program.pk))


def test_the_directory_is_one_click_from_the_home_page_too(page: Page, live_server) -> None:
    Program.objects.create(name="Career Bridges", slug="career-bridges", status=Program.Status.OPEN)
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Career Bridges")).to_be_visible()
