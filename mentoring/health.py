"""The health probe used by docker-compose and load balancers.

It answers 503 only when the database is down: without it nothing works, so the probe should
take the process out of rotation. Cache and broker outages only degrade the site (pages render,
emails wait in the outbox), so they are reported but keep the probe at 200.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from mentoring.celery import app as celery_app
from mentoring.core.outbox import oldest_unsent_age

log = logging.getLogger(__name__)

PATH = "/health/"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    ping = getattr(cache, "ping", None)  # the fail-open Redis cache hides errors elsewhere
    if ping is not None:
        ping()


def _broker() -> None:
    with celery_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)


def _state(check: Callable[[], None], name: str) -> str:
    try:
        check()
    except Exception as error:  # any failure at all means this part is down
        log.warning("health: %s is down: %s", name, error)
        return "down"
    return "ok"


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    report: dict[str, object] = {
        "database": _state(_database, "database"),
        "cache": _state(_cache, "cache"),
        # Without Redis, tasks run in-process: there is no broker to be down.
        "broker": "not used" if settings.CELERY_TASK_ALWAYS_EAGER else _state(_broker, "broker"),
    }
    # A growing age means the broker or SMTP is down: for monitoring, not for the probe.
    seconds = None
    if report["database"] == "ok":
        age = oldest_unsent_age()
        seconds = None if age is None else int(age.total_seconds())
    report["oldest_unsent_email_seconds"] = seconds
    down = [part for part in ("database", "cache", "broker") if report[part] == "down"]
    report["status"] = "down" if "database" in down else "degraded" if down else "ok"
    return JsonResponse(report, status=503 if "database" in down else 200)


class HealthMiddleware:
    """Answer the probe first, before host validation and the HTTPS redirect.

    Probes come over plain HTTP with whatever Host the prober uses (compose: localhost), which
    DJANGO_ALLOWED_HOSTS rightly refuses everywhere else.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == PATH:
            return health(request)
        return self.get_response(request)
