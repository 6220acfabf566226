"""docker-compose cannot run here (no engine), so its shape is checked as data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command_of(service: dict[str, Any]) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def test_compose_has_the_scaled_out_services(compose: dict[str, Any]) -> None:
    assert {"web", "worker", "beat", "db", "redis"} <= set(compose["services"])


def test_web_is_gunicorn_and_worker_and_beat_are_celery(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert command_of(services["web"]).startswith("gunicorn mentoring.wsgi")
    assert "celery -A mentoring worker" in command_of(services["worker"])
    assert "celery -A mentoring beat" in command_of(services["beat"])


def test_exactly_one_beat(compose: dict[str, Any]) -> None:
    assert compose["services"]["beat"]["deploy"]["replicas"] == 1


def test_db_is_postgres_and_redis_is_redis(compose: dict[str, Any]) -> None:
    assert compose["services"]["db"]["image"].startswith("postgres:")
    assert compose["services"]["redis"]["image"].startswith("redis:")


@pytest.mark.parametrize("name", ["db", "redis", "web", "worker", "beat"])
def test_services_have_healthchecks(compose: dict[str, Any], name: str) -> None:
    assert compose["services"][name]["healthcheck"]["test"]


def test_migrations_run_before_web_starts(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert "manage.py migrate" in command_of(services["migrate"])
    for name in ("web", "worker", "beat"):
        needs = services[name]["depends_on"]
        assert needs["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_every_app_service_points_at_postgres_and_redis(compose: dict[str, Any]) -> None:
    for name in ("web", "worker", "beat", "migrate"):
        env = compose["services"][name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")
        assert env["DJANGO_DEBUG"] == "0"


def test_the_readme_starts_with_the_two_commands_ci_relies_on() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    first_commands = [line.strip() for line in readme.split("```")[1].splitlines() if line.strip()]
    assert first_commands[:2] == ["make run", "make test"]
    assert "make test" in ci


def test_web_is_published_only_to_this_host(compose: dict[str, Any]) -> None:
    # Anyone reaching gunicorn directly could forge X-Forwarded-For; only the proxy may.
    for port in compose["services"]["web"].get("ports", []):
        assert str(port).startswith("127.0.0.1:"), port


def test_the_proxy_count_is_one_setting_passed_to_every_app_service(
    compose: dict[str, Any],
) -> None:
    for name in ("web", "worker", "beat", "migrate"):
        assert "TRUSTED_PROXY_COUNT" in compose["services"][name]["environment"]


@pytest.mark.django_db
def test_the_web_health_check_passes_with_the_real_host_in_allowed_hosts(
    compose: dict[str, Any], client: Any, settings: Any
) -> None:
    # The probe runs inside the container against localhost, while production names its real
    # host in DJANGO_ALLOWED_HOSTS and redirects plain HTTP: neither may refuse the probe.
    probe = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    url = urlsplit(re.search(r"https?://[^'\"\s]+", probe).group(0))  # type: ignore[union-attr]
    settings.ALLOWED_HOSTS = ["mentoring.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/", HTTP_HOST=url.netloc).status_code == 400  # the rule is on
    assert client.get(url.path, HTTP_HOST=url.netloc).status_code == 200
