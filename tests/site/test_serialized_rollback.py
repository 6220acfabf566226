"""A transactional test starts from the rows the migrations made, restored table by table."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.db import connections

from mentoring.people.models import Interest

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot() -> list[dict[str, object]]:
    return json.loads(type(connections["default"])._test_serialized_contents)


def _now() -> list[dict[str, object]]:
    return json.loads(connections["default"].creation.serialize_db_to_string())


def test_the_first_transactional_test_finds_every_migrated_row() -> None:
    assert _now() == _snapshot()


def test_the_next_one_finds_them_again_after_the_first_wrote_and_was_flushed() -> None:
    # The flush after the test before took every row; the restore put back the same ones.
    Interest.objects.all().delete()
    Group.objects.all().delete()
    assert not Interest.objects.exists()


def test_after_a_flush_the_rows_and_their_links_are_back() -> None:
    rows = _now()
    assert rows == _snapshot()
    coordinators = next(row for row in rows if row["model"] == "auth.group")
    assert coordinators["fields"]["permissions"], "the group's permissions are links, restored too"
