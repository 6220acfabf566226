"""Demo relationships: active matches with history, one open concern, one quiet; idempotent."""

from __future__ import annotations

import random

import pytest

from matching.models import Match
from matching.relationships.demo import seed_relationships
from matching.relationships.models import CheckIn
from matching.services import matching_run
from mentoring.people.demo import DEMO_PROGRAM_SLUG
from mentoring.people.models import User
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


def test_seeding_twice_gives_active_matches_a_concern_and_a_quiet_one(coordinator: User) -> None:
    prog = f.program(DEMO_PROGRAM_SLUG)
    for i in range(4):
        f.mentee(prog, email=f"mentee{i}@example.org")
        f.mentor(prog, email=f"mentor{i}@example.org")
    matching_run(program=prog, by=coordinator)
    assert seed_relationships(random.Random(1))
    assert seed_relationships(random.Random(1)) == []
    assert Match.objects.filter(status=Match.Status.ACTIVE).count() == 3
    assert Match.objects.filter(status=Match.Status.APPROVED).count() == 1
    assert CheckIn.objects.filter(submitted_at__isnull=False).count() >= 6
    assert CheckIn.objects.concerns().count() == 1
