"""Every page carries the Content-Security-Policy, no page with personal data is cached, and the
language cookie travels like the session's."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from events.emails import cancel_token
from events.models import CalendarFeed
from events.models import Event
from events.services import registrations as events
from mentoring.people.consent import consent_token_make
from mentoring.people.models import GuardianConsent
from mentoring.people.models import User
from tests.factories import EventFactory
from tests.factories import GuardianConsentFactory
from tests.site.test_settings import PRODUCTION
from tests.site.test_settings import run_django

ROOT = Path(__file__).resolve().parents[2]
POLICY = ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")


def directives(response: Any) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


@pytest.fixture
def event() -> Event:
    return EventFactory.create()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/accounts/login/",
        "/accounts/signup/",
        "/events/",
        "/guide/",
        "/no-such-page/",
        "/admin/login/",
    ],
)
def test_public_pages_carry_the_policy(client: Client, url: str) -> None:
    assert set(POLICY) <= directives(client.get(url))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/", "/admin/mentoring/user/", "/admin/matching/match/"])
def test_the_admin_carries_the_policy(
    client: Client, make_user: Callable[..., User], url: str
) -> None:
    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200
    assert set(POLICY) <= directives(response)


INLINE = re.compile(r"<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\ssrc=)(?![^>]*/json)")


def rendered_markup() -> list[Path]:
    """Page templates, and the admin code that writes HTML (format_html)."""
    pages = [p for p in (ROOT / "templates").rglob("*.html") if "email" not in p.parts]
    admins = [
        p
        for folder in ("mentoring", "events", "matching")
        for p in (ROOT / folder).rglob("*.py")
        if p.stem.startswith("admin") or p.parent.name == "admin"
    ]
    return pages + admins


def test_no_page_template_or_admin_code_holds_inline_style_or_script() -> None:
    # The policy would block them. Emails are exempt: they are read in mail clients, not here.
    offenders = [
        str(p.relative_to(ROOT)) for p in rendered_markup() if INLINE.search(p.read_text())
    ]
    assert offenders == []


def no_store(response: Any) -> bool:
    control = response.get("Cache-Control", "")
    return "no-store" in control and "private" in control


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/me/",
        "/me/events/",
        "/events/mine/",
        "/events/hosting/",
        "/me/export/",
        "/me/delete/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/admin/",
    ],
)
def test_pages_for_a_signed_in_person_are_never_cached(
    client: Client, make_user: Callable[..., User], url: str
) -> None:
    client.force_login(make_user(is_staff=url.startswith("/admin/"), is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200, url
    assert no_store(response), response.get("Cache-Control")


@pytest.mark.django_db
def test_a_signed_in_persons_event_page_and_ics_are_never_cached(
    client: Client, event: Event, mentee: User
) -> None:
    registration = events.registration_create(event=event, user=mentee)
    client.force_login(mentee)
    assert no_store(client.get(event.get_absolute_url()))
    assert no_store(client.get(reverse("events:registration_ics", args=[registration.pk])))


@pytest.mark.django_db
def test_private_links_are_never_cached_without_signing_in(
    client: Client, event: Event, mentee: User
) -> None:
    registration = events.registration_create(event=event, user=mentee)
    feed = CalendarFeed.objects.create(user=mentee)
    consent = GuardianConsentFactory.create(status=GuardianConsent.Status.REQUESTED)
    for url in (
        reverse("events:cancel_link", args=[cancel_token(registration)]),
        feed.get_absolute_url(),
        reverse("guardian_consent", args=[consent_token_make(consent.pk)]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url


@pytest.mark.django_db
def test_the_language_cookie_is_http_only_and_same_site(client: Client) -> None:
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    cookie = client.cookies["django_language"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_language_cookie_is_secure_in_production() -> None:
    done = run_django(
        "from django.conf import settings as s; print(s.LANGUAGE_COOKIE_SECURE)", **PRODUCTION
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "True"
