"""Issue #18: the directory's "Adults" filter finds the programs adults can join."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from mentoring.people.models import Program
from tests import factories as f

pytestmark = pytest.mark.django_db


def _listed(client: Client, query: str) -> list[str]:
    return re.findall(r'<h2><a href="/programs/[\w-]+/">([^<]+)</a></h2>', client.get(query).text)


def test_the_adults_filter_finds_a_youth_program_whose_mentees_are_mostly_adults(
    client: Client,
) -> None:
    # Like the demo: the only program welcomes under-18s, and most of its mentees are adults.
    program = f.ProgramFactory.create(
        name="National Mentoring Month", slug="nmm", status=Program.Status.OPEN, is_youth=True
    )
    for age in (25, 31, 16):
        f.mentee(program, age=age)

    assert _listed(client, "/programs/?audience=adult") == ["National Mentoring Month"]
    assert _listed(client, "/programs/?audience=youth") == ["National Mentoring Month"]
    assert "Adults, and young people under 18" in client.get("/programs/nmm/").text


def test_a_program_without_under_18s_is_not_listed_for_youth(client: Client) -> None:
    f.ProgramFactory.create(name="Career switchers", status=Program.Status.OPEN, is_youth=False)
    assert _listed(client, "/programs/?audience=youth") == []
    assert _listed(client, "/programs/?audience=adult") == ["Career switchers"]
