"""Logging: one request id on every line of a request, JSON in production, no secret anywhere.

Imported by settings.py, so it imports nothing of Django at module level: the filters reach
for the URL map (mentoring.redaction) only when a record is written.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.http import HttpResponse

# Set by RequestIdMiddleware for the length of one request.
request_id: ContextVar[str] = ContextVar("request_id", default="-")
# What a proxy or load balancer may hand us; anything else could forge or break a log line.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
request_log = logging.getLogger("mentoring.request")


class RequestIdMiddleware:
    """Takes the proxy's X-Request-ID (or makes one), logs it on every line, returns it.

    First in MIDDLEWARE, so redirects and refusals of later middleware carry the id too; it
    also writes the one access line of the request (gunicorn's own access log is off).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if VALID_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        # Not reset on the way out: Django logs "Not Found: …" after the middleware returned,
        # and that line belongs to this request too. The next request sets its own.
        request_id.set(rid)
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = rid
        took = (time.monotonic() - started) * 1000
        path = request.get_full_path()
        request_log.info("%s %s %s %.0fms", request.method, path, response.status_code, took)
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class RedactFilter(logging.Filter):
    """Renders the message and its traceback now, with token URLs redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        from mentoring.redaction import redact

        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: what log collectors parse without a grok pattern."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def logging_config(*, json_lines: bool, level: str) -> dict[str, Any]:
    """settings.LOGGING: every record, Django's own included, passes the two filters."""
    filters = ["request_id", "redact"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "mentoring.logs.RequestIdFilter"},
            "redact": {"()": "mentoring.logs.RedactFilter"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {
            "json": {"()": "mentoring.logs.JsonFormatter"},
            "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": filters,
                "formatter": "json" if json_lines else "plain",
            },
            # Django's server-error email to ADMINS, with the failing URL's token redacted.
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["require_debug_false", *filters],
                "reporter_class": "mentoring.redaction.RedactingExceptionReporter",
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Replaces Django's defaults, whose handlers would print paths unredacted.
            "django": {"handlers": ["mail_admins"], "level": level, "propagate": True},
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "django.db.backends": {"level": "WARNING"},
            # One line a request (RequestIdMiddleware); runserver prints its own in development.
            "mentoring.request": {"level": "INFO" if json_lines else "WARNING"},
        },
    }
