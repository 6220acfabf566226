"""/health/: answered whatever Host the probe sends, each part reported on its own, and 503
only when the database is down."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.site.test_redis_outage import free_port
from tests.site.test_settings import PRODUCTION
from tests.site.test_settings import output_of


@pytest.mark.django_db
def test_the_probe_is_answered_for_a_host_the_site_does_not_serve(
    client: Client, settings: Any
) -> None:
    # compose probes http://localhost:8000 while DJANGO_ALLOWED_HOSTS names the real host,
    # and over plain HTTP while production redirects everything else to HTTPS.
    settings.ALLOWED_HOSTS = ["example.org"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/", HTTP_HOST="localhost").status_code == 400
    response = client.get("/health/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_the_probe_reports_database_cache_broker_and_the_outbox_apart(client: Client) -> None:
    report = client.get("/health/").json()
    assert report == {
        "database": "ok",
        "cache": "ok",
        "broker": report["broker"],
        "oldest_unsent_email_seconds": None,
        "status": "ok",
    }
    assert report["broker"] in {"ok", "not used"}


def test_the_probe_says_503_when_the_database_is_down() -> None:
    # A real outage: PostgreSQL on a port where nothing listens.
    printed = output_of(
        "from django.test import Client\n"
        "r = Client().get('/health/', HTTP_HOST='localhost')\n"
        "print(r.status_code, r.content.decode())",
        **PRODUCTION,
        DATABASE_URL=f"postgres://nobody@127.0.0.1:{free_port()}/nothing",
    )
    status, _, body = printed.splitlines()[-1].partition(" ")
    assert status == "503"
    assert '"database": "down"' in body
    assert '"status": "down"' in body
