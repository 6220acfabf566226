"""In Chromium: a mentee and a mentor sign up, confirm their email and finish the wizard;
a 13–17-year-old's guardian consents through the link captured from the email."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from mentoring.people.models import GuardianConsent
from mentoring.people.models import Interest
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.browser.steps import sign_in
from tests.browser.steps import sign_up_and_follow_the_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONSENT_LINK = re.compile(r"https?://\S+/consent/\S+/")


@pytest.fixture
def program(transactional_db: None) -> Program:
    for category, name in [("career", "Nursing"), ("academic", "Biology"), ("personal", "Music")]:
        # The taxonomy migration may already hold these; reuse rather than duplicate them.
        if not Interest.objects.filter(category=category, name=name).exists():
            Interest.objects.create(category=category, name=name, slug=f"journey-{name.lower()}")
    return Program.objects.create(
        name="National Mentoring Month 2027", slug="nmm-2027", status=Program.Status.OPEN
    )


def sign_up_and_confirm(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/signup/")
    sign_up_and_follow_the_link(page, email)
    page.goto(base + "/me/onboarding/")
    if "/accounts/login/" in page.url:
        sign_in(page, email)
    expect(page.get_by_role("heading", name="Welcome! What would you like to do?")).to_be_visible()


def save(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def fill_about(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Short bio").fill("Here to learn and help.")
    page.get_by_label("English").check()
    page.get_by_label("Online").check()
    page.get_by_label("Monday Evening").check()
    page.get_by_label("Saturday Morning").check()
    page.get_by_label("Music", exact=True).check()
    page.get_by_label("Timezone").select_option("America/Chicago")
    save(page)


def test_a_mentee_signs_up_and_finishes_the_wizard(page: Page, live_server, program) -> None:
    sign_up_and_confirm(page, live_server.url, "mia.mentee@example.org")
    page.get_by_label("Find a mentor").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("Step 1 of 3")).to_be_visible()
    page.get_by_label("Date of birth").fill("2001-04-02")
    save(page)
    expect(page.get_by_text("Step 2 of 3")).to_be_visible()
    fill_about(page, "Mia")
    expect(page.get_by_text("Step 3 of 3")).to_be_visible()
    page.get_by_label("Nursing", exact=True).check()
    page.get_by_label("Your goals, in your own words").fill("Become a nurse.")
    save(page)

    expect(page.get_by_role("heading", name="My dashboard")).to_be_visible()
    expect(page.get_by_text("Your profile is complete.")).to_be_visible()
    user = User.objects.get(email="mia.mentee@example.org")
    assert user.timezone == "America/Chicago"
    assert MenteeProfile.objects.get(user=user).goals == "Become a nurse."


def test_a_mentor_signs_up_and_finishes_the_wizard(page: Page, live_server, program) -> None:
    sign_up_and_confirm(page, live_server.url, "max.mentor@example.org")
    page.get_by_label("Become a mentor").check()
    page.get_by_label("Volunteer at events").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("Step 1 of 3")).to_be_visible()
    fill_about(page, "Max")
    page.get_by_label("Nursing", exact=True).check()
    page.get_by_label("How many mentees you can take").fill("2")
    page.get_by_label("Years of experience").fill("12")
    save(page)
    expect(page.get_by_text("988 Suicide & Crisis Lifeline")).to_be_visible()
    page.get_by_label("I have read and accept the mentor code of conduct").check()
    save(page)

    expect(page.get_by_role("heading", name="My dashboard")).to_be_visible()
    mentor = MentorProfile.objects.get(user__email="max.mentor@example.org")
    assert mentor.capacity == 2 and mentor.code_of_conduct_accepted_at is not None


def test_a_teen_mentees_guardian_consents_through_the_emailed_link(
    page: Page, browser: Browser, live_server, program
) -> None:
    sign_up_and_confirm(page, live_server.url, "teo.teen@example.org")
    page.get_by_label("Find a mentor").check()
    page.get_by_role("button", name="Continue").click()
    born = timezone.localdate().replace(year=timezone.localdate().year - 15, day=1)
    page.get_by_label("Date of birth").fill(born.isoformat())
    save(page)
    expect(page.get_by_text("Step 2 of 4")).to_be_visible()
    page.get_by_label("Parent or guardian's name").fill("Gia Guardian")
    page.get_by_label("Parent or guardian's email").fill("gia@example.org")
    save(page)
    expect(page.get_by_text("Step 3 of 4")).to_be_visible()

    message = mail.outbox[-1]
    assert message.to == ["gia@example.org"]
    link = CONSENT_LINK.search(message.body)
    assert link, message.body

    # The guardian opens the link in their own browser, with no account.
    guardian = browser.new_context().new_page()
    guardian.goto(link.group(0))
    expect(guardian.get_by_role("heading", name="What you are agreeing to")).to_be_visible()
    guardian.get_by_role("button", name="I consent").click()
    expect(guardian.get_by_text("your consent is recorded")).to_be_visible()

    consent = GuardianConsent.objects.get(mentee__email="teo.teen@example.org")
    assert consent.status == GuardianConsent.Status.GIVEN
    assert consent.decided_from_ip == "127.0.0.1" and consent.policy_text
