"""Production logs: JSON lines, one request id per request, and no secret token in any of them."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import secrets
from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailConfirmationHMAC
from django.conf import settings
from django.test import Client
from django.urls import NoReverseMatch
from django.urls import reverse

from events.emails import cancel_token
from events.services import registrations as event_services
from mentoring.logs import logging_config
from mentoring.people.consent import consent_token_make
from mentoring.redaction import secret_routes
from tests.factories import EmailAddressFactory
from tests.factories import EventFactory
from tests.factories import GuardianConsentFactory
from tests.factories import UserFactory
from tests.site.test_settings import PRODUCTION
from tests.site.test_settings import run_django

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_log() -> Iterator[io.StringIO]:
    """The real LOGGING of a DJANGO_DEBUG=0 deployment, writing into a buffer."""
    stream = io.StringIO()
    logging.config.dictConfig(logging_config(json_lines=True, level="INFO"))
    for handler in logging.getLogger().handlers:
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(stream)
    yield stream
    logging.config.dictConfig(settings.LOGGING)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


# --- request id ---------------------------------------------------------------------------------


def test_every_response_carries_a_fresh_request_id(client: Client) -> None:
    first, second = client.get("/"), client.get("/")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_proxys_request_id_is_kept(client: Client) -> None:
    response = client.get("/", headers={"X-Request-ID": "lb-7f3a.9_x"})
    assert response["X-Request-ID"] == "lb-7f3a.9_x"


@pytest.mark.parametrize("forged", ["two words", "a" * 65, "id\x1b[31m", "x\r\nInjected: 1"])
def test_a_request_id_that_could_forge_a_log_line_is_replaced(client: Client, forged: str) -> None:
    response = client.get("/", headers={"X-Request-ID": forged})
    assert response["X-Request-ID"] != forged
    assert len(response["X-Request-ID"]) == 32


def test_every_line_of_a_request_has_its_id(client: Client, production_log: io.StringIO) -> None:
    client.get("/no-such-page/", headers={"X-Request-ID": "req-123"})
    logged = lines(production_log)
    # The access line and Django's "Not Found", which is written after the middleware returned.
    assert {line["logger"] for line in logged} >= {"mentoring.request", "django.request"}
    assert {line["request_id"] for line in logged} == {"req-123"}


def test_production_lines_are_json_with_level_logger_and_time(
    client: Client, production_log: io.StringIO
) -> None:
    client.get("/")
    (access,) = [line for line in lines(production_log) if line["logger"] == "mentoring.request"]
    assert access["level"] == "INFO"
    assert access["message"].startswith("GET / 200 ")
    assert access["time"].endswith("+00:00")


# --- no token in any log ------------------------------------------------------------------------


def _consent() -> tuple[str, str]:
    token = consent_token_make(GuardianConsentFactory.create().pk)
    return reverse("guardian_consent", args=[token]), token


def _cancel() -> tuple[str, str]:
    user = UserFactory.create()
    registration = event_services.registration_create(event=EventFactory.create(), user=user)
    token = cancel_token(registration)
    return reverse("events:cancel_link", args=[token]), token


def _feed() -> tuple[str, str]:
    token = event_services.calendar_feed_reset(user=UserFactory.create()).token
    return reverse("events:feed", args=[token]), token


def _email_confirmation() -> tuple[str, str]:
    key = EmailConfirmationHMAC(EmailAddressFactory.create(verified=False)).key
    return reverse("account_confirm_email", args=[key]), key


def _password_reset() -> tuple[str, str]:
    key = secrets.token_urlsafe(20)
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": key})
    return url, key


def _unsubscribe() -> tuple[str, str]:
    token = secrets.token_urlsafe(24)
    return reverse("email_unsubscribe", args=[token]), token


TOKEN_URLS: list[Callable[[], tuple[str, str]]] = [
    _consent,
    _cancel,
    _feed,
    _email_confirmation,
    _password_reset,
    _unsubscribe,
]


def token_urls() -> list[tuple[str, str]]:
    made = []
    for make in TOKEN_URLS:
        try:
            made.append(make())
        except NoReverseMatch:  # a route this checkout does not have (yet)
            continue
    return made


def test_every_url_with_a_secret_is_exercised_here() -> None:
    # A new token URL fails this until it is added to TOKEN_URLS (and so to the test below).
    urls = [url for url, _ in token_urls()]
    covered = {route.pattern for route in secret_routes() for url in urls if route.match(url, 1)}
    assert covered == {route.pattern for route in secret_routes()}


def test_no_token_reaches_the_production_log(client: Client, production_log: io.StringIO) -> None:
    strict = Client(enforce_csrf_checks=True)  # its refusal logs the path as a warning
    made = token_urls()
    for url, _ in made:
        client.get(url)
        client.get(url.rstrip("/"))  # the slash-less variant, redirected by CommonMiddleware
        client.post(url, {"decision": "consent"}, headers={"referer": f"https://example.org{url}"})
        strict.post(url, {"decision": "consent"})
    written = production_log.getvalue()
    assert "[redacted]" in written and "Forbidden (CSRF" in written  # all of it was logged
    for url, secret in made:
        assert secret not in written, f"{url} leaked into the log"


def test_the_development_log_redacts_too(client: Client) -> None:
    stream = io.StringIO()
    logging.config.dictConfig(logging_config(json_lines=False, level="INFO"))
    try:
        for handler in logging.getLogger().handlers:
            assert isinstance(handler, logging.StreamHandler)
            handler.setStream(stream)
        url, _ = _feed()
        client.get(url.replace(".ics", "x.ics"))  # an unknown token: "Not Found: …"
    finally:
        logging.config.dictConfig(settings.LOGGING)
    assert "Not Found: /events/feed/[redacted]" in stream.getvalue()


@pytest.mark.parametrize(
    ("variables", "formatter"),
    [({}, "plain"), (PRODUCTION, "json"), ({**PRODUCTION, "LOG_FORMAT": "plain"}, "plain")],
)
def test_production_logs_json_unless_told_otherwise(
    variables: dict[str, str], formatter: str
) -> None:
    done = run_django(
        "from django.conf import settings; print(settings.LOGGING['handlers']['console']"
        "['formatter'])",
        **variables,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == formatter
