"""Behind a proxy, the visitor is the one counted and recorded, and only a configured proxy is
believed (TRUSTED_PROXY_COUNT)."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.test import RequestFactory
from django.urls import reverse

from mentoring.core.client_ip import client_ip
from mentoring.people.consent import consent_token_make
from mentoring.people.models import GuardianConsent
from mentoring.people.models import User
from tests.conftest import PASSWORD
from tests.factories import GuardianConsentFactory
from tests.site.test_settings import PRODUCTION
from tests.site.test_settings import run_django

PROXY = "10.0.0.2"


def seen(settings: Any, count: int, forwarded: str | None) -> str | None:
    settings.TRUSTED_PROXY_COUNT = count
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


def test_without_a_proxy_x_forwarded_for_is_ignored(settings: Any) -> None:
    assert seen(settings, 0, "198.51.100.9") == PROXY


def test_one_proxy_means_the_last_forwarded_address(settings: Any) -> None:
    # The visitor can write anything on the left; the proxy appends what it saw.
    assert seen(settings, 1, "6.6.6.6, 198.51.100.9") == "198.51.100.9"
    assert seen(settings, 2, "6.6.6.6, 198.51.100.9, 10.0.0.1") == "198.51.100.9"


def test_a_request_that_bypassed_the_proxy_is_its_own_peer(settings: Any) -> None:
    assert seen(settings, 1, None) == PROXY
    assert seen(settings, 2, "198.51.100.9") == PROXY
    assert seen(settings, 1, "not-an-address\x00") == PROXY


@pytest.mark.django_db
def test_failed_sign_ins_lock_out_the_visitor_not_everyone_behind_the_proxy(
    settings: Any, mentor: User
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    url = reverse("account_login")

    def sign_in(visitor: str, email: str, password: str) -> HttpResponse:
        client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=visitor)
        return client.post(url, {"login": email, "password": password})

    # allauth allows ten failed sign-ins a minute from one address; different emails, so the
    # per-account limit is not what stops this visitor.
    for n in range(10):
        sign_in("203.0.113.66", f"guess{n}@example.org", "wrong")
    blocked = sign_in("203.0.113.66", mentor.email, PASSWORD)
    assert blocked.status_code == 200
    assert "Too many failed login attempts" in blocked.content.decode()
    # Someone else behind the same proxy signs in as usual.
    assert sign_in("198.51.100.9", mentor.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_consent_record_keeps_the_guardians_address_not_the_proxys(
    settings: Any,
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    consent = GuardianConsentFactory.create(status=GuardianConsent.Status.REQUESTED)
    guardian = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    guardian.post(
        reverse("guardian_consent", args=[consent_token_make(consent.pk)]),
        {"decision": "consent"},
    )
    consent = GuardianConsent.objects.get(pk=consent.pk)
    assert consent.status == GuardianConsent.Status.GIVEN
    assert consent.decided_from_ip == "203.0.113.7"


def proxy_settings(**variables: str) -> str:
    done = run_django(
        "from django.conf import settings as s\n"
        "print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None), s.ALLAUTH_TRUSTED_PROXY_COUNT)",
        **PRODUCTION,
        **variables,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_x_forwarded_proto_is_believed_only_with_a_proxy_configured() -> None:
    assert proxy_settings() == "None 0"
    assert proxy_settings(TRUSTED_PROXY_COUNT="1") == "('HTTP_X_FORWARDED_PROTO', 'https') 1"
