"""`seed_demo`: deterministic for a seed, and a second run changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_seed_demo_prints_the_demo_logins_and_is_idempotent() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    for role in ("coordinator", "mentor", "mentee", "volunteer"):
        assert f"{role}@example.org" in out.getvalue()
    first = row_counts()
    call_command("seed_demo", stdout=StringIO())
    assert row_counts() == first
