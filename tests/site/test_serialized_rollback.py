"""A transactional test starts from the rows the migrations made: the flush after the test
before empties every table, the restore puts back the same rows table by table
(tests/database_reset.py), on whichever database the run uses."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connections

from mentoring.people.models import Interest
from mentoring.people.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot() -> str:
    return type(connections["default"])._test_serialized_contents


def _now() -> list[dict[str, object]]:
    return json.loads(connections["default"].creation.serialize_db_to_string())


def test_a_transactional_test_finds_every_migrated_row() -> None:
    assert _now() == json.loads(_snapshot())


def test_after_a_flush_and_the_restore_the_rows_and_links_are_back_and_nothing_else() -> None:
    UserFactory.create(email="left.behind@example.org")
    Interest.objects.all().delete()
    Group.objects.all().delete()
    # What TransactionTestCase does after a test and before the next one, in that order.
    call_command(
        "flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=True
    )
    connections["default"].creation.deserialize_db_from_string(_snapshot())

    rows = _now()
    assert rows == json.loads(_snapshot())
    assert not User.objects.exists()
    coordinators = next(row for row in rows if row["model"] == "auth.group")
    assert coordinators["fields"]["permissions"], "the group's permissions are links, restored too"
