"""In Chromium at phone width: the campaign home page's calls to action are all reachable."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALLS_TO_ACTION = (
    "Become a mentor",
    "Share by email",
    "See the events",
    "Thank your mentor",
    "Nominate a mentor",
    "Find a mentee",
    "Browse programs",
)


def test_every_call_to_action_is_visible_and_fits_at_360_px(page: Page, live_server) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")
    for name in CALLS_TO_ACTION:
        link = page.get_by_role("link", name=name, exact=True).first
        link.scroll_into_view_if_needed()
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, name
    # Nothing forces a horizontal scroll on a small phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Thank your mentor", exact=True).first.click()
    expect(page).to_have_url(live_server.url + "/accounts/login/?next=/thank/")
