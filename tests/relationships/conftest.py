from __future__ import annotations

import pytest

from matching.models import Match
from matching.services import match_approve, matching_run
from mentoring.people.models import User
from tests import factories as f


@pytest.fixture
def approved(coordinator: User) -> Match:
    """An approved match of Tomás and Marisol in the spring program."""
    prog = f.program()
    f.mentee(prog, name="Tomás Ng", email="tomas@example.org")
    f.mentor(prog, name="Marisol Entwistle", email="marisol@example.org", phone="+1 555 0100")
    matching_run(program=prog, by=coordinator)
    return match_approve(match=Match.objects.get(), by=coordinator)
