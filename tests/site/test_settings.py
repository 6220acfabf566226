"""The one settings file: embedded defaults, production refusals, `check --deploy`."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests import commands

ROOT = commands.ROOT
OUR_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SITE_URL",
)
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "example.org",
}


def run_django(code: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """Run Python with Django set up, in a clean environment plus `variables`."""
    # DJANGO_ALLOW_ASYNC_UNSAFE comes from the browser tests and is no part of a deployment.
    skip = (*OUR_VARIABLES, "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(variables, DJANGO_SETTINGS_MODULE="mentoring.settings")
    script = "import django; django.setup()\n" + code
    return commands.run([sys.executable, "-c", script], env=env)


def output_of(code: str, **variables: str) -> str:
    """What `code` prints, run as run_django runs it; it must exit cleanly."""
    done = run_django(code, **variables)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def settings_seen_with(**variables: str) -> dict[str, object]:
    printed = output_of(
        "from django.conf import settings as s; import json\n"
        "db = s.DATABASES['default']\n"
        "print(json.dumps({'engine': db['ENGINE'], 'options': db.get('OPTIONS', {}),"
        " 'conn_max_age': db.get('CONN_MAX_AGE'), 'health': db.get('CONN_HEALTH_CHECKS'),"
        " 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL,"
        " 'email': s.EMAIL_BACKEND, 'debug': s.DEBUG, 'cache': s.CACHES['default']['BACKEND']}))",
        **variables,
    )
    return json.loads(printed.splitlines()[-1])


def test_with_no_environment_it_runs_on_sqlite_with_eager_celery_and_console_email() -> None:
    seen = settings_seen_with()
    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in seen["options"]["init_command"]
    assert seen["eager"] is True
    assert seen["email"] == "django.core.mail.backends.console.EmailBackend"
    assert seen["debug"] is True


def test_sqlite_really_runs_in_wal_mode(tmp_path: Path) -> None:
    journal_mode = output_of(
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}",
    )
    assert journal_mode == "wal"


def test_postgres_connections_persist_and_are_health_checked() -> None:
    seen = settings_seen_with(DATABASE_URL="postgres://postgres@127.0.0.1:5432/anything")
    assert seen["engine"] == "django.db.backends.postgresql"
    assert seen["conn_max_age"] and seen["conn_max_age"] > 0
    assert seen["health"] is True


def test_redis_url_switches_celery_and_the_cache_to_redis() -> None:
    seen = settings_seen_with(REDIS_URL="redis://127.0.0.1:6379/0")
    assert seen["eager"] is False
    assert seen["broker"] == "redis://127.0.0.1:6379/0"
    # Django's Redis cache, failing open (tests/site/test_redis_outage.py).
    assert seen["cache"] == "mentoring.core.cache.FailOpenRedisCache"


def test_production_settings_refuse_the_development_secret_key() -> None:
    done = run_django("", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.org")
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY" in done.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts() -> None:
    done = run_django("", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"])
    assert done.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in done.stderr


def test_check_deploy_is_clean_with_production_variables() -> None:
    done = run_django(
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')",
        **PRODUCTION,
    )
    assert done.returncode == 0, done.stderr + done.stdout


def test_no_system_check_is_silenced() -> None:
    from django.conf import settings

    assert settings.SILENCED_SYSTEM_CHECKS == []


@pytest.mark.parametrize("variable", OUR_VARIABLES)
def test_every_variable_is_documented_in_env_example(variable: str) -> None:
    names = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert variable in names
