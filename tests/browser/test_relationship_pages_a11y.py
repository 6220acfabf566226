"""Issue #15 acceptance, in Chromium with axe-core: the pages of a match have no WCAG 2.2 AA
violation at desktop width and at 390 px, and none is wider than a phone.

Each mentor opens every page of their match at its fullest (a message to answer, a goal, a
meeting proposed to them, one agreed, one to say whether it took place), the page to suggest
another time, the meetings page again after answering in one click (its notice showing) and
with the proposal form's error showing, in English and in Spanish. One mentor's mentee is an
adult, the other's is 15: a minor's match adds the program's guidance and the coordinators'
notice, and its coordinator reads the conversation and the meetings without the forms. The
checks (axe, reflow, boxes scrolling sideways) are the ones every page gets in
test_accessibility.py.
"""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser
from playwright.sync_api import Page

from matching.models import Match
from matching.relationships.models import Goal
from matching.relationships.models import Meeting
from matching.relationships.models import Message
from matching.services import match_approve
from matching.services import matching_run
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.browser.test_accessibility import DESKTOP
from tests.browser.test_accessibility import PHONE
from tests.browser.test_accessibility import problems_here
from tests.browser.test_accessibility import problems_on
from tests.browser.test_accessibility import sign_in
from tests.conftest import PASSWORD
from tests.factories import program_coordinator
from tests.matching import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
CORA = "cora.youth@example.org"
UNCHOOSE_THE_FORMAT = """() => {
  const form = document.querySelector('form:has(input[name=format])');
  form.noValidate = true;
  form.querySelectorAll('input[name=format]').forEach((radio) => { radio.checked = false; });
}"""


def _approved(prog: Program, by: User) -> Match:
    matching_run(program=prog, by=by)
    return match_approve(match=Match.objects.get(program=prog), by=by)


def _meeting(match: Match, days: int, **fields: Any) -> Meeting:
    starts = (timezone.now() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    fields = {"proposed_by": "mentee", "format": "online", **fields}
    return Meeting.objects.create(
        match=match, starts_at=starts, ends_at=starts + timedelta(hours=1), **fields
    )


def at_its_fullest(match: Match) -> None:
    """A message and a goal; two meetings asked of the mentor (one per width to answer), one
    agreed, and one agreed and over, asking "did you meet?"."""
    Message.objects.create(
        match=match, side="mentee", body="Hello! Shall we meet?", deliver_after=timezone.now()
    )
    Goal.objects.create(
        match=match, side="mentee", what="Send three applications", by_when=date(2027, 3, 1)
    )
    _meeting(match, 3, place="https://meet.example.org/our-first-call")
    _meeting(match, 4)
    agreed = {"status": Meeting.Status.ACCEPTED, "accepted_at": timezone.now()}
    _meeting(match, 6, proposed_by="mentor", **agreed)
    _meeting(match, -2, **agreed)


def two_matches(coordinator: User) -> list[Match]:
    """Marisol mentors Tomás (25); Rafael, cleared, mentors Lucía (15, with consent)."""
    adults = f.program("spring-2027")
    f.mentee(adults, name="Tomás Ng", email="tomas@example.org")
    f.mentor(adults, name="Marisol Entwistle", email="marisol@example.org", password=PASSWORD)
    youth = f.program("youth-2027", name="Youth 2027", is_youth=True)
    program_coordinator(youth, CORA)
    f.give_consent(f.mentee(youth, name="Lucía Ramos", email="lucia@example.org", age=15))
    rafael = f.mentor(youth, name="Rafael Ortiz", email="rafael@example.org", password=PASSWORD)
    f.clear_for_minors(rafael)
    matches = [_approved(adults, coordinator), _approved(youth, coordinator)]
    for match in matches:
        at_its_fullest(match)
    return matches


def match_pages(match: Match) -> list[str]:
    base = f"/matching/{match.pk}"
    return ["/me/", f"{base}/", f"{base}/messages/", f"{base}/plan/", f"{base}/meetings/"]


def mentors_problems(page: Page, base: str, match: Match, language: str, width: str) -> list[str]:
    problems = []
    for path in match_pages(match):
        problems += problems_on(page, base + path, language, width)
    # The first proposal still asked of the mentor: suggest another time, then accept it.
    asked = Meeting.objects.filter(match=match, status=Meeting.Status.PROPOSED).first()
    assert asked is not None
    change = f"{base}/matching/{match.pk}/meetings/{asked.pk}/change/"
    problems += problems_on(page, change, language, width)
    page.goto(f"{base}/matching/{match.pk}/meetings/")
    page.locator(f"#meeting-{asked.pk} button[value=accept]").click()
    page.locator(".message--success").wait_for()
    problems += problems_here(page, language, f"meetings after accepting [{language}, {width}]")
    # The proposal refused, its error showing, as people meet it after a slip: no way to meet
    # chosen (past the browser's own check, which would stop the form being sent).
    page.evaluate(UNCHOOSE_THE_FORMAT)
    page.locator("form:has(input[name=format]) button[type=submit]").click()
    page.locator(".errorlist").first.wait_for()
    problems += problems_here(page, language, f"proposal with errors [{language}, {width}]")
    return problems


def new_page(browser: Browser, context_args: dict[str, Any], base: str, language: str) -> Page:
    """A browser of its own, reading the site in `language` (the django_language cookie)."""
    context = browser.new_context(**context_args)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return context.new_page()


# Spanish too: its longer words are the likelier to push a phone-width page sideways.
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_matchs_pages_have_no_violation_at_desktop_and_phone_width(
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server,
    coordinator: User,
    language: str,
) -> None:
    matches = two_matches(coordinator)
    base = live_server.url
    problems: list[str] = []
    for match in matches:
        page = new_page(browser, browser_context_args, base, language)
        try:
            sign_in(page, base, match.mentor.email)
            for width, size in WIDTHS.items():
                page.set_viewport_size(size)
                where = f"{width}, {match.mentor}"
                problems += mentors_problems(page, base, match, language, where)
        finally:
            page.context.close()

    # Cora reads the minor's match: the conversation and the meetings, without their forms.
    minors = matches[1]
    page = new_page(browser, browser_context_args, base, language)
    try:
        sign_in(page, base, CORA)
        for width, size in WIDTHS.items():
            page.set_viewport_size(size)
            for path in ("messages/", "meetings/"):
                url = f"{base}/matching/{minors.pk}/{path}"
                problems += problems_on(page, url, language, f"{width}, coordinator")
            assert page.locator("form[method=post] button[value=accept]").count() == 0
    finally:
        page.context.close()
    assert not problems, "WCAG 2.2 AA problems on a match's pages:\n" + "\n".join(problems)
