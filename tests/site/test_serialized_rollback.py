"""A transactional test starts from the rows the migrations made: the flush after the test
before empties every table, the restore puts back the same rows table by table
(tests/database_reset.py). The three run in this order, on whichever database the run uses."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.db import connections

from mentoring.people.models import Interest
from mentoring.people.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot() -> list[dict[str, object]]:
    return json.loads(type(connections["default"])._test_serialized_contents)


def _now() -> list[dict[str, object]]:
    return json.loads(connections["default"].creation.serialize_db_to_string())


def test_the_first_finds_every_migrated_row() -> None:
    assert _now() == _snapshot()


def test_a_test_that_adds_and_deletes_rows() -> None:
    assert _now() == _snapshot()
    UserFactory.create(email="left.behind@example.org")
    Interest.objects.all().delete()
    Group.objects.all().delete()
    assert not Interest.objects.exists()


def test_after_a_flush_the_rows_and_their_links_are_back_and_nothing_else() -> None:
    rows = _now()
    assert rows == _snapshot()
    assert not User.objects.exists()
    coordinators = next(row for row in rows if row["model"] == "auth.group")
    assert coordinators["fields"]["permissions"], "the group's permissions are links, restored too"
