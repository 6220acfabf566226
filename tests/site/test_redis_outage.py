"""With Redis down the site degrades, never breaks: pages answer, /health/ names the culprit.

The Redis here is a server of the test's own, started on a free port and stopped by its pid, so
the outage is real (refused connections) without touching the Redis other tests share.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from events.models import Registration
from mentoring.celery import app as celery_app
from mentoring.core import cache as fail_open
from mentoring.people.models import User
from tests.conftest import PASSWORD
from tests.conftest import require
from tests.factories import EventFactory


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    binary = shutil.which("redis-server")
    require(binary is not None, "needs redis-server on PATH", "REQUIRE_SERVICES")
    port = free_port()
    server = subprocess.Popen(
        [
            str(binary),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(50):
            try:
                if redis.Redis.from_url(url, socket_connect_timeout=0.2).ping():
                    break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield url, server
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture
def redis_then_outage(
    own_redis: tuple[str, subprocess.Popen[bytes]],
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[], None]:
    """Cache and broker on our own Redis; call the result to stop that Redis."""
    url, server = own_redis
    settings.CACHES = {
        "default": {
            "BACKEND": "mentoring.core.cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "pif-outage",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)
    monkeypatch.setattr(celery_app.conf, "broker_url", url)
    # Celery keeps its connection pools once made; the ones made for another broker must go.
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    monkeypatch.setattr(fail_open, "_down_until", 0.0)

    # The harness can see a working Redis first: the outage below is a change, not a typo.
    cache.set("probe", "here")
    assert cache.get("probe") == "here"

    def stop() -> None:
        server.terminate()
        server.wait(timeout=10)

    return stop


@pytest.mark.django_db
def test_every_front_door_answers_while_redis_is_down(
    redis_then_outage: Callable[[], None],
    client: Client,
    make_user: Callable[..., User],
    django_capture_on_commit_callbacks: Callable[..., object],
    caplog: pytest.LogCaptureFixture,
) -> None:
    member = make_user("ines.member@example.org")
    coordinator = make_user("root@example.org", is_staff=True, is_superuser=True)
    event = EventFactory.create()
    redis_then_outage()
    with caplog.at_level("WARNING", logger="mentoring.core.cache"):
        assert cache.get("probe") is None  # a miss, not an error
    assert "cache unavailable" in caplog.text  # the outage is not silent

    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("account_login")).status_code == 200
    assert client.get(reverse("account_signup")).status_code == 200
    signup = {"email": "new.person@example.org", "password1": PASSWORD, "password2": PASSWORD}
    with django_capture_on_commit_callbacks(execute=True):  # the email's send hits the broker
        assert client.post(reverse("account_signup"), signup).status_code == 302
    client.logout()
    signin = {"login": member.email, "password": PASSWORD}
    assert client.post(reverse("account_login"), signin).status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:register", args=[event.pk]), {"role": ""})
    assert response.status_code == 302
    assert Registration.objects.filter(event=event, user=member).exists()

    client.force_login(coordinator)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:events_event_changelist")).status_code == 200

    health = client.get("/health/")
    assert health.status_code == 200
    report = health.json()
    assert report["database"] == "ok"
    assert report["cache"] == "down"
    assert report["broker"] == "down"
    assert report["status"] == "degraded"
