"""In Chromium: a coordinator runs matching, reads a breakdown and approves two matches in bulk;
the mentee then sees their mentor and why, and everyone got an email."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Page
from playwright.sync_api import expect

from mentoring.people.models import User
from tests.browser.steps import sign_in
from tests.conftest import PASSWORD
from tests.matching import factories as f

# serialized_rollback: the Coordinators group and taxonomy from our data migrations are put back
# after an earlier transactional test flushed them.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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

    sign_in(page, coordinator.email, url=live_server.url + "/admin/")
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
    sign_in(page, tomas.email, url=live_server.url + "/accounts/login/")
    page.goto(live_server.url + "/me/")
    card = page.locator(".match-card")
    expect(card).to_contain_text("Your mentor: Marisol Entwistle")
    expect(card).to_contain_text("Career: you both named Data science, Software engineering")
    # Her address stays private (she did not choose to share it); the conversation is the way.
    expect(card.get_by_role("link", name="marisol@example.org")).to_have_count(0)
    expect(card.get_by_role("link", name="Messages: write to them")).to_be_visible()


def test_on_the_demo_program_a_coordinator_runs_matching_and_approves_two_in_bulk(
    page: Page, live_server
) -> None:
    from io import StringIO

    from django.core.management import call_command

    from matching.models import Match
    from mentoring.people.demo import DEMO_PASSWORD
    from mentoring.people.demo import DEMO_PROGRAM_SLUG

    call_command("seed_demo", stdout=StringIO())
    already = set(Match.objects.holding().values_list("pk", flat=True))

    sign_in(
        page,
        "coordinator@example.org",
        DEMO_PASSWORD,
        url=live_server.url + "/admin/mentoring/program/",
    )
    page.get_by_role("row").filter(has_text="National Mentoring Month 2027").locator(
        "input.action-select"
    ).check()
    page.locator("select[name=action]").select_option("run_matching_action")
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.get_by_text("proposed").first).to_be_visible()

    page.goto(live_server.url + "/admin/matching/match/?status__exact=proposed")
    expect(page.locator("#result_list")).to_contain_text("Career")
    boxes = page.locator("#result_list input.action-select")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.locator("select[name=action]").select_option("approve_selected")
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.get_by_text("Approved 2 matches.")).to_be_visible()

    approved = Match.objects.holding().exclude(pk__in=already).select_related("mentee", "mentor")
    assert approved.count() == 2
    assert all(m.program.slug == DEMO_PROGRAM_SLUG for m in approved)
    match = approved.first()
    told = {address for message in mail.outbox for address in message.to}
    assert {match.mentee.email, match.mentor.email} <= told

    page.context.clear_cookies()
    sign_in(page, match.mentee.email, DEMO_PASSWORD, url=live_server.url + "/accounts/login/")
    page.goto(live_server.url + "/me/")
    card = page.locator(".match-card").filter(has_text=match.mentor.profile.display_name)
    expect(card).to_contain_text("Why you were matched")
    expect(card.get_by_role("link", name=match.mentor.email)).to_have_count(0)
    expect(card.get_by_role("link", name="Messages: write to them")).to_be_visible()
