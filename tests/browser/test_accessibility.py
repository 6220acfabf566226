"""In Chromium with axe-core: no WCAG 2.2 AA violation on the pages most people see first.

Each language gets one browser context (the `django_language` cookie picks the language) and one
login; every page is checked at desktop width, and the pages people open from a shared link are
checked again at phone width. All problems are collected first, so one failure lists them all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Browser
from playwright.sync_api import ConsoleMessage
from playwright.sync_api import Page

from events.models import Event
from events.models import VolunteerRole
from events.services.registrations import registration_create
from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.models import Goal
from matching.relationships.models import Message
from matching.services import match_approve
from matching.services import matching_run
from mentoring.campaign.models import Nomination
from mentoring.campaign.models import ObservanceDay
from mentoring.campaign.selectors import campaign_year
from mentoring.people.models import User
from tests.browser.conftest import refused_by_the_csp
from tests.conftest import PASSWORD
from tests.conftest import require
from tests.factories import EventFactory
from tests.matching import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe files these under "best practice", but they are how screen-reader users find their way
# (WCAG 1.3.1 and 2.4.1): a sound heading outline, one main landmark, everything in a landmark.
HEADINGS = ["heading-order", "page-has-heading-one", "empty-heading"]
LANDMARKS = ["landmark-one-main", "landmark-unique", "region", "skip-link"]
STRUCTURE = HEADINGS + LANDMARKS
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_22_AA},
    "rules": {rule: {"enabled": True} for rule in STRUCTURE},
}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# A table scrolling in its own box hides its last columns as surely as a page that is too wide:
# the Evening column of the availability grid and the cancel buttons of /me/events/ did.
# (Fields scroll their own text; .visually-hidden clips with overflow hidden, not auto.)
SCROLLS_INSIDE = """() => [...document.querySelectorAll('body *')]
  .filter((el) => !el.matches('input, textarea, select')
    && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
    && el.scrollWidth > el.clientWidth + 1)
  .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}">`)"""

# Only what a failure message needs, so the page does not ship axe's whole report back.
RUN_AXE = """async (options) => {
  const results = await axe.run(document, options);
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
}"""


@pytest.fixture(autouse=True)
def _axe_installed() -> None:
    require(AXE.exists(), f"needs axe-core at {AXE} (run `make install-dev`)", "REQUIRE_BROWSER")


def pages_people_see(marisol: User) -> tuple[Event, list[str]]:
    """An upcoming event with a volunteer role, a January calendar and a Mentor of the Month."""
    event = EventFactory(  # next week, as the factory makes it
        title="Resume workshop",
        slug="resume-workshop",
        description="Bring your resume; mentors review it with you.",
        venue="Springfield Library",
        capacity=30,
    )
    VolunteerRole.objects.create(event=event, name="Greeter", slots=2)
    year = campaign_year(timezone.localdate())
    ObservanceDay.objects.create(
        year=year, date=date(year, 1, 17), name="International Mentoring Day", slug="imd"
    )
    Nomination.objects.create(
        nominator=marisol,
        mentor=marisol,
        story="She reviewed forty resumes in one evening.",
        month=timezone.localdate().replace(day=1),
        status=Nomination.Status.FEATURED,
        featured_title="Forty resumes in one evening",
    )
    return event, ["/", "/accounts/signup/", "/accounts/login/", "/events/", f"/events/{event.pk}/"]


def problems_on(page: Page, url: str, language: str, width: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    return problems_here(page, language, f"{url} [{language}, {width}]")


def problems_here(page: Page, language: str, where: str) -> list[str]:
    """The page as it is now: its language, then everything axe finds against WCAG 2.2 AA."""
    found = []
    html_lang = page.get_attribute("html", "lang")
    if html_lang != language:
        found.append(f"{where}: <html lang={html_lang!r}>, expected {language!r}")
    # Reflow (WCAG 1.4.10): nothing may force a sideways scroll, least of all on a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        found.append(f"{where}: the page is {overflow}px wider than the window")
    for box in page.evaluate(SCROLLS_INSIDE):
        found.append(f"{where}: {box} scrolls sideways, hiding what is past its edge")
    # Evaluated, not added as an inline <script>: the site's CSP rightly refuses those.
    page.evaluate(AXE.read_text())
    for violation in page.evaluate(RUN_AXE, AXE_OPTIONS):
        nodes = "; ".join(violation["nodes"][:8])
        found.append(
            f"{where}: {violation['id']} ({violation['impact']}) {violation['help']} — {nodes}"
        )
    return found


def sign_in(page: Page, base: str, email: str) -> None:
    # By field name, not label: the labels are in the page's language.
    page.goto(base + "/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_first_pages_have_no_wcag_22_aa_violation_in_each_language(
    browser: Browser, browser_context_args: dict[str, Any], live_server, language: str
) -> None:
    # Marisol has a full profile, so /me/ shows every section a mentor sees.
    marisol = factories.mentor(
        factories.program("spring-2027"),
        name="Marisol Entwistle",
        email="marisol.mentor@example.org",
        password=PASSWORD,
    )
    event, anonymous_pages = pages_people_see(marisol)
    base = live_server.url
    context = browser.new_context(**browser_context_args)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = context.new_page()
    try:
        problems: list[str] = []
        page.set_viewport_size(PHONE)
        for path in ("/", f"/events/{event.pk}/"):
            problems += problems_on(page, base + path, language, "phone")
        page.set_viewport_size(DESKTOP)
        for path in anonymous_pages:
            problems += problems_on(page, base + path, language, "desktop")

        # Forms with their error messages showing, as people meet them after a slip.
        page.goto(base + "/accounts/signup/")
        page.locator("input[name=email]").fill("new.person@example.org")
        page.locator("input[name=password1]").fill("Another-long-passphrase-1")
        page.locator("input[name=password2]").fill("not the same one")
        page.locator("input[name=password2]").press("Enter")
        page.locator(".errorlist").first.wait_for()
        problems += problems_here(page, language, f"sign-up with errors [{language}]")
        page.goto(base + "/accounts/login/")
        page.locator("input[name=login]").fill(marisol.email)
        page.locator("input[name=password]").fill("wrong password")
        page.locator("input[name=password]").press("Enter")
        page.locator(".errorlist").first.wait_for()
        problems += problems_here(page, language, f"login with errors [{language}]")

        sign_in(page, base, marisol.email)
        for path in ("/me/", f"/events/{event.pk}/"):
            problems += problems_on(page, base + path, language, "desktop, signed in")
        # Registered: the status line, the calendar link and the cancel button.
        page.locator("select[name=role]").select_option(value=str(event.roles.get().pk))
        page.locator("form[action$='/register/'] button[type=submit]").click()
        page.locator(".event-status").wait_for()
        problems += problems_here(page, language, f"event detail, registered [{language}]")
        page.set_viewport_size(PHONE)
        # Sign-up goes on into the profile step, whose availability grid is wider than a phone.
        for path in ("/me/", "/me/onboarding/about/"):
            problems += problems_on(page, base + path, language, "phone, signed in")
    finally:
        context.close()
    assert not problems, "WCAG 2.2 AA problems:\n" + "\n".join(problems)


def everything_a_participant_reaches(coordinator: User) -> tuple[list[str], list[str]]:
    """A mentor with a match, a check-in, a registration and two hosted events; a minor mentee
    half-way through onboarding. Returns each one's pages, as reached from /me/."""
    prog = factories.program("spring-2027")
    marisol = factories.mentor(
        prog, name="Marisol Entwistle", email="marisol.mentor@example.org", password=PASSWORD
    )
    factories.mentee(prog, name="Tomás Ng", email="tomas@example.org")
    matching_run(program=prog, by=coordinator)
    match = match_approve(match=Match.objects.get(), by=coordinator)
    Match.objects.filter(pk=match.pk).update(status=Match.Status.ACTIVE)
    checkin = CheckIn.objects.create(match=match, side="mentor", due_on=timezone.localdate())
    # A message to answer or report and a goal to update: both pages at their fullest.
    Message.objects.create(match=match, side="mentee", body="Hello!", deliver_after=timezone.now())
    Goal.objects.create(
        match=match, side="mentee", what="Send three applications", by_when=date(2027, 3, 1)
    )
    # A long title and a volunteer role: the widest row /me/events/ shows.
    event = EventFactory(title="Resume workshop for career changers and returners", capacity=30)
    role = VolunteerRole.objects.create(event=event, name="Greeter", slots=2)
    registration = registration_create(event=event, user=marisol, volunteer_role=role)
    proposed = EventFactory(host=marisol, status=Event.Status.DRAFT, review=Event.Review.PROPOSED)
    hosted = EventFactory(host=marisol, review=Event.Review.APPROVED)
    registration_create(event=hosted, user=User.objects.get(email="tomas@example.org"))
    mentor_pages = [
        "/me/",
        "/me/events/",
        "/me/email/",
        "/me/contact/",
        "/me/delete/",
        "/me/onboarding/about/",
        "/me/onboarding/mentor/",
        "/me/onboarding/conduct/",
        "/events/",
        f"/events/{event.pk}/",
        f"/events/registrations/{registration.pk}/cancel/",
        "/events/host/",
        "/events/share-skills/",
        "/events/hosting/",
        f"/events/hosting/{proposed.pk}/",
        f"/events/hosting/{hosted.pk}/",
        f"/matching/{match.pk}/",
        f"/matching/{match.pk}/agreement/",
        f"/matching/{match.pk}/messages/",
        f"/matching/{match.pk}/plan/",
        f"/matching/checkin/{checkin.pk}/",
        "/thank/",
        "/thank/received/",
        "/nominate/",
    ]
    # Under 18 with no guardian named yet: every mentee step still applies.
    factories.mentee(prog, name="Ana Ruiz", email="ana@example.org", age=15, password=PASSWORD)
    mentee_pages = ["/me/", "/me/onboarding/dob/", "/me/onboarding/guardian/"]
    mentee_pages += ["/me/onboarding/about/", "/me/onboarding/goals/", "/me/onboarding/roles/"]
    return mentor_pages, mentee_pages


def test_no_page_a_participant_reaches_is_wider_than_a_phone(
    browser: Browser, browser_context_args: dict[str, Any], live_server, coordinator: User
) -> None:
    mentor_pages, mentee_pages = everything_a_participant_reaches(coordinator)
    base = live_server.url
    problems: list[str] = []

    def refused(message: ConsoleMessage) -> None:
        # The phone layout is stylesheet-only: an inline style the CSP refuses is a failure.
        if refused_by_the_csp(message):
            problems.append(message.text)

    for email, paths in (
        ("marisol.mentor@example.org", mentor_pages),
        ("ana@example.org", mentee_pages),
    ):
        context = browser.new_context(**browser_context_args, viewport=PHONE)
        page = context.new_page()
        page.on("console", refused)
        try:
            sign_in(page, base, email)
            for path in paths:
                problems += problems_on(page, base + path, "en", "phone")
        finally:
            context.close()
    assert not problems, "Problems at 390 px:\n" + "\n".join(problems)


def test_the_keyboard_reaches_a_visible_skip_link_first(page: Page, live_server) -> None:
    page.goto(live_server.url + "/events/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
          const el = document.activeElement, style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return {href: el.getAttribute('href'), outline: style.outlineStyle,
                  width: parseFloat(style.outlineWidth), visible: box.top >= 0 && box.height > 0};
        }"""
    )
    assert focused["href"] == "#main"
    assert focused["visible"], "the focused skip link stays off-screen"
    assert focused["outline"] != "none" and focused["width"] >= 2, focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


FOCUS_RING = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {
    what: el.tagName.toLowerCase() + (el.name ? `[name=${el.name}]` : '') + ' ' +
          (el.textContent || '').trim().slice(0, 30),
    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""


@pytest.mark.parametrize("path", ["/", "/accounts/signup/"])
def test_every_keyboard_stop_shows_a_focus_ring(page: Page, live_server, path: str) -> None:
    # WCAG 2.4.7: Tab through the whole page; each link, button and field must show where it is.
    page.goto(live_server.url + path)
    stops = page.evaluate(
        "document.querySelectorAll('a[href], button, input:not([type=hidden]), select').length"
    )
    unseen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_RING)
        if not focused["ring"]:
            unseen.append(focused["what"])
    assert stops > 5 and not unseen, f"no visible focus on: {unseen}"
