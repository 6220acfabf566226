"""In Chromium at 1,280 px (#14): a coordinator reads the whole Matches list of the demo
program, proposals and decided matches, without scrolling sideways."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page
from playwright.sync_api import expect

from matching.models import Match
from matching.services import match_approve
from matching.services import match_pause
from matching.services import matching_run
from mentoring.people.demo import DEMO_PASSWORD
from mentoring.people.demo import DEMO_PROGRAM_SLUG
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.browser.steps import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDE = 1280


def test_the_matches_list_fits_1280_px_with_every_column(page: Page, live_server) -> None:
    call_command("seed_demo", stdout=StringIO())
    cora = User.objects.get(email="coordinator@example.org")
    matching_run(program=Program.objects.get(slug=DEMO_PROGRAM_SLUG), by=cora)
    # Every state the list shows: proposed, approved, and approved but paused.
    first, second = Match.objects.proposed().order_by("-score")[:2]
    match_approve(match=first, by=cora)
    match_pause(match=match_approve(match=second, by=cora), by=cora, note="Exams")

    page.set_viewport_size({"width": WIDE, "height": 800})
    sign_in(page, cora.email, DEMO_PASSWORD, url=live_server.url + "/admin/")
    page.goto(live_server.url + "/admin/matching/match/")
    expect(page.locator("#result_list")).to_contain_text("Career")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= WIDE, f"the list is {width} px wide"
    # Django scrolls a too-wide table inside its own box: the page would fit, the columns not.
    results = page.locator("#changelist .results")
    inner = results.evaluate("box => [box.scrollWidth, box.clientWidth]")
    assert inner[0] <= inner[1], f"the table is {inner[0]} px in a {inner[1]} px box"
    right = results.evaluate("box => box.getBoundingClientRect().right")
    for header in page.locator("#result_list thead th").all():
        box = header.bounding_box()
        assert box is not None and box["x"] + box["width"] <= right, header.inner_text()
    expect(page.locator("#result_list")).to_contain_text("Approved, paused")
