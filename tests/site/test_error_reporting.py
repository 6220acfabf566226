"""Errors reach the operator (Sentry when configured, email to ADMINS) without a token in them."""

from __future__ import annotations

import json
import logging
import secrets
import sys

import pytest
from django.core import mail
from django.test import RequestFactory

from mentoring.redaction import RedactingExceptionReporter
from mentoring.redaction import sentry_before_send
from tests.site.test_settings import PRODUCTION
from tests.site.test_settings import run_django

TOKEN = secrets.token_urlsafe(24)
CANCEL_URL = f"/events/cancel/{TOKEN}/"


def test_sentry_stays_off_without_a_dsn() -> None:
    done = run_django("import sentry_sdk; print(sentry_sdk.get_client().is_active())")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "False"


def test_sentry_reports_with_a_dsn_and_no_personal_data() -> None:
    done = run_django(
        "import sentry_sdk, json; o = sentry_sdk.get_client().options\n"
        "print(json.dumps([sentry_sdk.get_client().is_active(), o['send_default_pii'],"
        " o['before_send'].__name__, o['environment']]))",
        **PRODUCTION,
        SENTRY_DSN="https://public@sentry.example.invalid/1",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [
        True,
        False,
        "sentry_before_send",
        "production",
    ]


def test_a_sentry_event_loses_its_token_urls() -> None:
    event = {
        "request": {"url": f"https://example.org{CANCEL_URL}", "method": "GET"},
        "breadcrumbs": {"values": [{"message": f"Not Found: {CANCEL_URL}"}]},
        "exception": {"values": [{"value": "boom", "stacktrace": {"frames": []}}]},
    }
    scrubbed = json.dumps(sentry_before_send(event, {}))
    assert TOKEN not in scrubbed
    assert "https://example.org/events/cancel/[redacted]" in scrubbed


def test_admins_are_read_from_the_environment() -> None:
    done = run_django(
        "from django.conf import settings; import json; print(json.dumps(settings.ADMINS))",
        DJANGO_ADMINS="Ana Ops <ana@example.org>, oncall@example.org",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [
        ["Ana Ops", "ana@example.org"],
        ["", "oncall@example.org"],
    ]


def test_old_secret_keys_can_stay_valid_while_rotating() -> None:
    old = secrets.token_urlsafe(50)
    done = run_django(
        "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)",
        **PRODUCTION,
        DJANGO_SECRET_KEY_FALLBACKS=old,
    )
    assert done.returncode == 0, done.stderr
    assert old in done.stdout


def test_the_error_report_to_admins_hides_the_token() -> None:
    request = RequestFactory().get(CANCEL_URL, headers={"referer": f"https://x.org{CANCEL_URL}"})
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        reporter = RedactingExceptionReporter(request, *sys.exc_info())
        text, html = reporter.get_traceback_text(), reporter.get_traceback_html()
    assert "boom" in text and "/events/cancel/[redacted]" in text
    assert TOKEN not in text and TOKEN not in html


@pytest.mark.django_db
def test_a_server_error_emails_the_admins_without_the_token(settings) -> None:
    settings.ADMINS = [("Ops", "ops@example.org")]
    request = RequestFactory().get(CANCEL_URL)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=True, extra={"request": request}
        )
    (email,) = mail.outbox
    assert email.to == ["ops@example.org"]
    assert "Internal Server Error: /events/cancel/[redacted]" in email.subject
    assert TOKEN not in email.subject and TOKEN not in email.body
