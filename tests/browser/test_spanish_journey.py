"""Issue #7 acceptance, in Chromium: a visitor who picks Spanish once in the footer goes from the
home page to a confirmed event registration, or to a finished mentor sign-up, without meeting
an English sentence; the emails sent on the way are Spanish too.

Every page visited goes through the same detector as the page walk (tests/i18n_check.py).
Fields are found by their names, not their labels, so the test does not care how a label is
worded, only that no page shows English. The data made here is Spanish on purpose.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page
from playwright.sync_api import expect

from events.models import Event
from events.models import Registration
from mentoring.people.models import Enrollment
from mentoring.people.models import Interest
from mentoring.people.models import MentorProfile
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.campaign import spanish_data
from tests.conftest import PASSWORD
from tests.i18n_check import SPANISH_LETTERS
from tests.i18n_check import english_fragments

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


class Journey:
    """Remembers every page seen and the English each one showed, to fail once with all of it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.english: dict[str, list[str]] = {}

    def look(self) -> None:
        self.page.wait_for_load_state()
        assert self.page.locator("html").get_attribute("lang") == "es", self.page.url
        if found := english_fragments(self.page.content()):
            self.english.setdefault(self.page.url, found)

    def submit(self) -> None:
        """Press the page's main form button (not the footer's language form)."""
        self.page.locator("main form").first.locator("button[type=submit]").first.click()
        self.look()

    def assert_no_english(self) -> None:
        assert not self.english, "English met on the way:\n" + "\n".join(
            f"{url}\n  " + "\n  ".join(found) for url, found in self.english.items()
        )


def choose_spanish_on_the_home_page(page: Page, url: str) -> None:
    """Once, in the footer: every later page must remember it."""
    page.goto(url + "/")
    # A Spanish reader looks for their language by its own name.
    page.locator("#language-select").select_option(label="Español")
    page.locator("form.language-form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")


def sign_up_and_confirm(journey: Journey, email: str) -> None:
    page = journey.page
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    journey.submit()
    assert "/accounts/confirm-email/" in page.url  # "check your inbox"
    link = CONFIRM_LINK.search(mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(link.group(0))
    journey.look()
    journey.submit()
    # Confirming may sign the person in; otherwise allauth shows the login form next.
    if page.locator("input[name=login]").count():
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(PASSWORD)
        journey.submit()
    expect(page.locator("form[action='/accounts/logout/']")).to_have_count(1)


def assert_spanish_email(message: mail.EmailMessage) -> None:
    text = f"{message.subject}\n{message.body}"
    assert SPANISH_LETTERS.search(text), text  # something Spanish, not just no English
    found = english_fragments(text)
    assert not found, f"English in the email {message.subject!r}:\n" + "\n".join(found)


@pytest.fixture
def taller(db: None) -> Event:
    return spanish_data.taller(15, capacity=20)


@pytest.fixture
def programa(db: None) -> Program:
    # The migrations' taxonomy is there (serialized rollback restores it for every transactional
    # test): its "Nursing" reads "Enfermería" on the Spanish page, and is the one we pick.
    assert Interest.objects.filter(category="career", name="Nursing").exists()
    return spanish_data.programa("Acompaña a una persona joven durante el mes de enero.")


@pytest.fixture
def journey(page: Page, live_server) -> Journey:
    """A visitor who has just chosen Spanish on the home page, where both journeys start."""
    journey = Journey(page)
    choose_spanish_on_the_home_page(page, live_server.url)
    journey.look()
    return journey


def test_a_visitor_registers_for_an_event_in_spanish(journey: Journey, taller: Event) -> None:
    page = journey.page

    page.locator("main a[href='/events/']").first.click()
    journey.look()
    page.locator(f"main a[href='/events/{taller.pk}/']").first.click()
    journey.look()
    page.locator("main a[href^='/accounts/login/']").first.click()  # "log in to register"
    journey.look()
    page.locator("main a[href^='/accounts/signup/']").first.click()  # no account yet
    journey.look()
    sign_up_and_confirm(journey, "ana.visitante@example.org")

    # Signed in, back to the event through the home page, as a visitor would.
    page.locator("a.brand").click()
    journey.look()
    page.locator("main a[href='/events/']").first.click()
    journey.look()
    page.locator(f"main a[href='/events/{taller.pk}/']").first.click()
    journey.look()
    journey.submit()
    expect(page.locator(".event-status")).to_be_visible()

    journey.assert_no_english()
    user = User.objects.get(email="ana.visitante@example.org")
    assert Registration.objects.get(user=user, event=taller).status == "confirmed"
    assert user.language == "es"
    confirmation = mail.outbox[0]
    assert CONFIRM_LINK.search(confirmation.body)
    assert_spanish_email(confirmation)
    # mentoring/mail.py renders this one in the recipient's language (User.language).
    registration = next(m for m in mail.outbox if taller.title in m.subject + m.body)
    assert registration.to == [user.email]
    assert_spanish_email(registration)


def test_a_visitor_finishes_the_mentor_sign_up_in_spanish(
    journey: Journey, programa: Program
) -> None:
    page = journey.page

    page.locator("main a[href='/accounts/signup/']").first.click()  # "become a mentor"
    journey.look()
    sign_up_and_confirm(journey, "bruno.mentor@example.org")

    # Signed in, a newcomer is sent on to onboarding: first, roles and program.
    assert page.url.endswith("/me/onboarding/roles/")
    page.locator("input[name=roles][value=mentor]").check()
    page.locator("select[name=program]").select_option(label=programa.name)
    journey.submit()

    assert page.url.endswith("/me/onboarding/about/")
    page.locator("input[name=display_name]").fill("Bruno")
    page.locator("textarea[name=bio]").fill("Enfermero; me gusta acompañar a quien empieza.")
    page.locator("input[name=languages][value=es]").check()
    page.locator("input[name=formats][value=online]").check()
    page.locator("input[name=availability][value=mon-evening]").check()
    page.locator("select[name=timezone]").select_option("America/Chicago")
    journey.submit()

    assert page.url.endswith("/me/onboarding/mentor/")
    page.get_by_label("Enfermería").check()
    page.locator("input[name=capacity]").fill("2")
    page.locator("input[name=years_experience]").fill("8")
    journey.submit()

    assert page.url.endswith("/me/onboarding/conduct/")
    page.locator("input[name=accept]").check()
    journey.submit()
    assert page.url.endswith("/me/")

    journey.assert_no_english()
    user = User.objects.get(email="bruno.mentor@example.org")
    assert MentorProfile.objects.get(user=user).code_of_conduct_accepted_at is not None
    assert Enrollment.objects.filter(user=user, program=programa, role="mentor").exists()
    assert user.language == "es"  # later emails (match approved, reminders) follow it
    assert_spanish_email(mail.outbox[0])
