"""Issue #15 acceptance, in Chromium: after the match, the two people talk and keep a plan.

An adult pair (in English, and in Spanish from the browser's Accept-Language) exchange messages,
the second one arriving from the digest email, and set and update two goals; a mentor and a
minor do the same while the coordinator reads the conversation in the admin, a phone number in
a message is masked, and the minor's report reaches the coordinator by email.

Each journey is a list of steps, one function each, so a later step (agreeing a meeting) slots
in between two of them. Fields are found by their names, not their labels, so the steps work in
either language; the conversation, the plan and /me/ are checked with axe-core at desktop width.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser
from playwright.sync_api import ConsoleMessage
from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import expect

from matching.models import Match
from matching.relationships.models import Goal
from matching.relationships.models import Meeting
from matching.relationships.models import Message
from matching.relationships.services.messages import DIGEST_DELAY
from matching.relationships.services.messages import message_digests_send
from matching.services import match_approve
from matching.services import matching_run
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import AVAILABILITY_SLOTS
from mentoring.people.models import Profile
from mentoring.people.models import User
from tests.browser.conftest import refused_by_the_csp
from tests.browser.test_accessibility import DESKTOP
from tests.browser.test_accessibility import problems_here
from tests.browser.test_accessibility import sign_in as sign_in_by_field_names
from tests.conftest import PASSWORD
from tests.factories import program_coordinator
from tests.i18n_check import english_fragments
from tests.matching import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENTOR, MENTEE = "marisol@example.org", "tomas@example.org"
CORA = "cora.youth@example.org"


@dataclass
class Journey:
    """One browser, several people in turn; what each page showed that it should not is kept
    (axe findings, English on a Spanish page) and reported once at the end."""

    page: Page
    base: str
    match: Match
    language: str = "en"
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The `page` fixture checks this for its own pages; a Spanish browser is a context of
        # its own, so every journey listens here.
        def refused(message: ConsoleMessage) -> None:
            if refused_by_the_csp(message):
                self.problems.append(message.text)

        self.page.on("console", refused)

    def as_(self, email: str) -> None:
        self.page.context.clear_cookies()
        sign_in_by_field_names(self.page, self.base, email)

    def check(self, where: str) -> None:
        self.page.wait_for_load_state()
        self.problems += problems_here(self.page, self.language, f"{where} [{self.language}]")
        if self.language == "es":
            english = english_fragments(self.page.content())
            self.problems += [f"{where}: English on a Spanish page: {text}" for text in english]

    def assert_no_problems(self) -> None:
        assert not self.problems, "\n".join(self.problems)

    # --- steps ---------------------------------------------------------------------------------

    def opens_the_conversation_from_me(self) -> None:
        self.page.goto(self.base + "/me/")
        self.check("/me/ with a match")
        self.page.locator(f"a[href='/matching/{self.match.pk}/messages/']").first.click()
        self.page.wait_for_url(f"**/matching/{self.match.pk}/messages/")

    def writes(self, body: str) -> None:
        self.page.locator("form.form textarea[name=body]").fill(body)
        with self.page.expect_navigation():
            self.page.locator("form.form button[type=submit]").click()
        expect(self.page.locator(".message--mine").last).to_be_visible()

    def reads(self, *bodies: str) -> None:
        for body in bodies:
            expect(self.page.locator("article.message").filter(has_text=body)).to_be_visible()
        self.check("conversation")

    def follows_the_digest_email(self, to: str) -> None:
        """The digest job runs past its delay; the recipient opens the link it emailed them."""
        mail.outbox.clear()
        message_digests_send(now=timezone.now() + DIGEST_DELAY + timedelta(minutes=1))
        [digest] = [m for m in mail.outbox if m.to == [to]]
        if self.language == "es":
            assert digest.subject.endswith("Mensajes nuevos de Marisol Entwistle"), digest.subject
        link = re.search(r"https?://\S+/matching/\d+/messages/", str(digest.body))
        assert link, digest.body
        self.as_(to)
        self.page.goto(link.group(0))

    def reports_the_message(self, body: str, why: str) -> None:
        message = self.page.locator("article.message").filter(has_text=body)
        message.locator("summary").click()
        message.locator("textarea[name=reason]").fill(why)
        with self.page.expect_navigation():
            message.locator("button[type=submit]").click()
        expect(message).to_contain_text("This message was reported to a coordinator.")

    def opens_the_plan(self) -> None:
        plan = f"/matching/{self.match.pk}/plan/"
        if not self.page.url.endswith(plan):
            self.page.goto(self.base + plan)

    def goal(self, what: str) -> Locator:
        title = self.page.locator("h2.goal__title", has_text=what)
        return self.page.locator("form.goal").filter(has=title)

    def adds_a_goal(self, what: str, by_when: str) -> None:
        self.opens_the_plan()
        form = self.page.locator("#new-goal")
        form.locator("[name=new-what]").fill(what)
        form.locator("[name=new-by_when]").fill(by_when)
        with self.page.expect_navigation():
            form.locator("button[type=submit]").click()
        expect(self.goal(what)).to_be_visible()

    def marks_a_goal(self, what: str, status: str, by_when: str | None = None) -> None:
        self.opens_the_plan()
        goal = self.goal(what)
        if by_when is not None:
            goal.locator("[name$=-by_when]").fill(by_when)
        goal.locator("select[name$=-status]").select_option(value=status)
        with self.page.expect_navigation():
            goal.locator("button[type=submit]").click()
        expect(self.goal(what).locator("select[name$=-status]")).to_have_value(status)
        self.check("plan")

    def proposes_a_meeting(self) -> None:
        """The first hour both people share, online, from the match's meetings page."""
        self.page.goto(self.base + f"/matching/{self.match.pk}/meetings/")
        form = self.page.locator("form.form")
        first = form.locator("select[name=starts_at] option").first.get_attribute("value")
        form.locator("select[name=starts_at]").select_option(value=first)
        form.locator("[name=format][value=online]").check()
        form.locator("[name=place]").fill("https://meet.example/nmm")
        form.locator("button[type=submit]").click()
        expect(self.page.locator(".meeting")).to_have_count(1)
        self.check("meetings")

    def accepts_the_meeting_from_me(self) -> None:
        self.page.goto(self.base + "/me/")
        self.page.locator(".meeting button[value=accept]").click()
        expect(self.page.locator(".meeting a[href$='meeting.ics']").first).to_be_visible()
        self.check("/me/ with an agreed meeting")

    def downloads_the_ics(self) -> None:
        with self.page.expect_download() as download:
            self.page.locator(".meeting a[href$='meeting.ics']").first.click()
        body = Path(download.value.path()).read_text()
        meeting = Meeting.objects.get(match=self.match)
        assert f"UID:{meeting.uid}" in body and "METHOD:REQUEST" in body, body

    def says_we_met(self) -> None:
        """A day later (the clock moves on in the database), one click on the match page."""
        start = timezone.now() - timedelta(days=1)
        Meeting.objects.filter(match=self.match).update(
            starts_at=start, ends_at=start + timedelta(hours=1)
        )
        self.page.goto(self.base + f"/matching/{self.match.pk}/")
        self.page.locator(".meeting button[value=held]").click()
        self.page.wait_for_url(f"**/matching/{self.match.pk}/")
        expect(self.page.locator(".meeting button[value=held]")).to_have_count(0)
        self.check("match page after the meeting")


@dataclass(frozen=True)
class Words:
    """What the two people write, in the journey's language (a Spanish page shows no English)."""

    program: str
    hello: str
    reply: str
    goals: tuple[str, str]


WORDS = {
    "en": Words(
        program="National Mentoring Month 2027",
        hello="Hello Tomás: shall we start with your CV?",
        reply="Yes please, and then internships.",
        goals=("Rewrite my CV", "Send three internship applications"),
    ),
    "es": Words(
        program="Mes Nacional de la Mentoría 2027",
        hello="Hola Tomás: ¿empezamos por tu currículum?",
        reply="Sí, por favor, y después las prácticas.",
        goals=("Reescribir mi currículum", "Enviar tres solicitudes de prácticas"),
    ),
}


def adult_pair(coordinator: User, program_name: str) -> Match:
    prog = f.program("nmm-2027", name=program_name)
    f.mentee(prog, name="Tomás Ng", email=MENTEE, password=PASSWORD, languages=("en", "es"))
    f.mentor(prog, name="Marisol Entwistle", email=MENTOR, password=PASSWORD)
    matching_run(program=prog, by=coordinator)
    return match_approve(match=Match.objects.get(), by=coordinator)


@pytest.fixture
def browser_page(
    request: pytest.FixtureRequest, browser: Browser, browser_context_args: dict[str, Any]
) -> Iterator[Page]:
    """A desktop browser whose Accept-Language is the test's language."""
    locale = {"en": "en-US", "es": "es-ES"}[request.getfixturevalue("language")]
    context = browser.new_context(**{**browser_context_args, "locale": locale}, viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_adult_pair_talks_and_keeps_a_plan_of_two_goals(
    browser_page: Page, live_server, coordinator: User, language: str
) -> None:
    words = WORDS[language]
    match = adult_pair(coordinator, words.program)
    # Pages follow the browser's Accept-Language; emails the language each account keeps.
    User.objects.filter(email__in=[MENTOR, MENTEE]).update(language=language)
    page = browser_page
    journey = Journey(page, live_server.url, match, language)
    later = timezone.localdate() + timedelta(days=60)
    first, second = words.goals

    journey.as_(MENTOR)
    journey.opens_the_conversation_from_me()
    journey.writes(words.hello)
    journey.follows_the_digest_email(MENTEE)
    journey.reads(words.hello)
    journey.writes(words.reply)
    journey.proposes_a_meeting()
    journey.adds_a_goal(first, later.isoformat())
    journey.adds_a_goal(second, later.isoformat())

    journey.as_(MENTOR)
    journey.opens_the_conversation_from_me()
    journey.reads(words.reply)
    journey.accepts_the_meeting_from_me()
    journey.downloads_the_ics()
    journey.says_we_met()
    journey.marks_a_goal(first, Goal.Status.DONE)
    soon = (later - timedelta(days=20)).isoformat()
    journey.marks_a_goal(second, Goal.Status.IN_PROGRESS, soon)

    goals = {g.what: (g.status, g.by_when.isoformat()) for g in Goal.objects.filter(match=match)}
    assert goals == {
        first: (Goal.Status.DONE, later.isoformat()),
        second: (Goal.Status.IN_PROGRESS, soon),
    }
    assert Message.objects.filter(match=match).count() == 2
    assert Meeting.objects.get(match=match).outcome == Meeting.Outcome.HELD
    journey.assert_no_problems()


def _a_zone_where_it_is_midday() -> str:
    # Messages to a minor wait overnight on the minor's clock; the journey runs in their day.
    offset = (12 - timezone.now().hour + 12) % 24 - 12  # UTC-12 … UTC+11
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"


def minors_match() -> Match:
    prog = f.program("youth-2027", name="Youth 2027", is_youth=True)
    cora = program_coordinator(prog, CORA)
    kid = f.mentee(prog, name="Lucía Ramos", email="lucia@example.org", age=15, password=PASSWORD)
    f.give_consent(kid)
    mentor = f.mentor(prog, name="Marisol Entwistle", email=MENTOR, password=PASSWORD)
    f.clear_for_minors(mentor)
    matching_run(program=prog, by=cora)
    match = match_approve(match=Match.objects.get(), by=cora)
    User.objects.filter(pk=kid.pk).update(timezone=_a_zone_where_it_is_midday())
    # Free at every hour of the week, so the two share hours to meet whatever the minor's zone.
    Profile.objects.filter(user__in=[kid, mentor]).update(availability=list(AVAILABILITY_SLOTS))
    return match


def test_a_mentor_and_a_minor_talk_meet_and_keep_goals_while_the_coordinator_reads_it(
    page: Page, live_server
) -> None:
    match = minors_match()
    journey = Journey(page, live_server.url, match)
    page.set_viewport_size(DESKTOP)

    journey.as_(MENTOR)
    journey.opens_the_conversation_from_me()
    expect(page.get_by_text("coordinators can read this conversation")).to_be_visible()
    journey.writes("Text me on +1 555 010 0199")
    expect(page.get_by_text("[contact details hidden]")).to_be_visible()
    expect(page.get_by_text("0199")).to_have_count(0)
    journey.adds_a_goal("Choose a science fair project", "2027-03-01")
    journey.adds_a_goal("Visit the museum's lab day", "2027-04-01")
    journey.proposes_a_meeting()
    expect(page.get_by_text("guidance for meetings with a mentee under 18")).to_be_visible()

    journey.as_("lucia@example.org")
    page.get_by_role("link", name="1 unread message").click()
    journey.reads("[contact details hidden]")
    mail.outbox.clear()
    journey.reports_the_message("[contact details hidden]", "Asked for texts")
    [alert] = [m for m in mail.outbox if m.to == [CORA]]
    assert alert.subject.endswith("A participant reported a message"), alert.subject
    assert f"/matching/{match.pk}/messages/" in alert.body
    journey.writes("I would rather write here, thank you.")
    journey.marks_a_goal("Choose a science fair project", Goal.Status.IN_PROGRESS)
    journey.accepts_the_meeting_from_me()
    journey.downloads_the_ics()
    journey.says_we_met()
    journey.marks_a_goal("Visit the museum's lab day", Goal.Status.DONE)

    # Cora (Coordinators group, not a superuser) follows the to-do on the admin index.
    journey.as_(CORA)
    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Messages reported in the last 7 days: 1").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    journey.check("admin: reported messages")
    page.locator("#result_list").get_by_role("link", name="Lucía Ramos ↔ Marisol Entwistle").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="[contact details hidden]")).to_contain_text("Asked for texts")
    expect(rows.filter(has_text="I would rather write here")).to_be_visible()
    journey.check("admin: the minor's conversation")
    rows.get_by_role("link", name="I would rather write here, thank you.").click()
    expect(page.locator(".readonly").filter(has_text="I would rather write here")).to_be_visible()
    expect(page.locator("input[type=submit]")).to_have_count(0)  # read, never change
    journey.check("admin: one message")
    alerts = OutgoingEmail.objects.filter(kind="relationships.concern", to=CORA)
    assert sorted(a.subject.removeprefix("[Pay It Forward] ") for a in alerts) == [
        "A participant reported a message",
        "Contact details were hidden from a message to a minor",
    ]
    journey.assert_no_problems()
