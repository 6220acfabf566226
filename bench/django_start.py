"""How a benchmark script starts Django: the project's settings, no broker, its own database."""

from __future__ import annotations

import os
import sys


def start_django(*, database_url: str | None = None, email_url: str | None = None) -> None:
    """Start Django for a benchmark. Without `database_url`, DATABASE_URL must name a PostgreSQL
    database of the benchmark's own (it migrates and fills it; see the script's docstring)."""
    if database_url is not None:
        os.environ["DATABASE_URL"] = database_url
    elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (see the docstring).")
    os.environ.pop("REDIS_URL", None)  # no broker: the benchmark starts what it measures
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentoring.settings"
    if email_url is not None:
        os.environ["EMAIL_URL"] = email_url

    import django

    django.setup()
