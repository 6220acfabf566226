"""docker-compose cannot run here (no engine), so its shape is checked as data."""

from __future__ import annotations

import io
import re
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
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


# --- the image ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_the_image_installs_the_hashed_lock(dockerfile: str) -> None:
    assert "COPY requirements.lock" in dockerfile
    assert "pip install --require-hashes -r requirements.lock" in dockerfile


def test_the_code_is_copied_owned_by_the_app_user_who_runs_it(dockerfile: str) -> None:
    assert "COPY --chown=app:app . ." in dockerfile
    assert "chown -R" not in dockerfile  # a second copy of every file in another layer
    assert "\nUSER app\n" in dockerfile


def test_the_image_has_a_health_check_on_the_health_page(dockerfile: str) -> None:
    check = dockerfile.split("\nHEALTHCHECK ", 1)[1].split("\n# ", 1)[0]
    assert "CMD" in check and "http://127.0.0.1:8000/health/" in check


@pytest.mark.parametrize("kept_out", [".env", "db.sqlite3*", ".git", ".venv", "node_modules"])
def test_secrets_and_local_state_stay_out_of_the_image(kept_out: str) -> None:
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert kept_out in ignored


def test_web_runs_gunicorn_with_its_config_file(compose: dict[str, Any], dockerfile: str) -> None:
    assert "--config gunicorn.conf.py" in command_of(compose["services"]["web"])
    assert '"--config", "gunicorn.conf.py"' in dockerfile


# --- gunicorn -----------------------------------------------------------------------------------


def gunicorn_config(monkeypatch: pytest.MonkeyPatch, **variables: str) -> Any:
    from gunicorn.config import Config

    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    found = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config = Config()
    for name, value in found.items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_gunicorn_takes_its_size_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    config = gunicorn_config(monkeypatch, WEB_CONCURRENCY="5", GUNICORN_MAX_REQUESTS="700")
    assert config.workers == 5
    assert config.max_requests == 700 and config.max_requests_jitter > 0
    assert gunicorn_config(monkeypatch).max_requests > 0  # on by default, not only when set


def test_gunicorn_logs_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    config = gunicorn_config(monkeypatch, GUNICORN_ACCESS_LOG="-")
    logger = config.logger_class(config)
    stream = io.StringIO()
    for log in (logger.access_log, logger.error_log):
        for handler in log.handlers:
            handler.setStream(stream)
    secret = "tok3n-s3cret_value"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/events/feed/{secret}.ics",
        "PATH_INFO": f"/events/feed/{secret}.ics",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://example.org/consent/{secret}/",
    }
    response = SimpleNamespace(status="200 OK", sent=12, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3))
    logger.error("Invalid request from %s: %s", "127.0.0.1", f"GET /events/cancel/{secret}/")
    written = stream.getvalue()
    assert "GET /events/feed/[redacted] HTTP/1.1" in written
    assert "/events/cancel/[redacted]" in written
    assert secret not in written


# --- the project's own papers -------------------------------------------------------------------


def test_the_license_is_the_full_agpl_text() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in text
    assert "END OF TERMS AND CONDITIONS" in text


@pytest.mark.parametrize(("name", "must_say"), [("SECURITY.md", "report"), ("CHANGELOG.md", "#")])
def test_security_policy_and_changelog_exist(name: str, must_say: str) -> None:
    assert must_say in (ROOT / name).read_text().lower()
