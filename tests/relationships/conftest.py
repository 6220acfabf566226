from __future__ import annotations

import pytest

from matching.models import Match
from mentoring.people.models import User
from tests import factories


@pytest.fixture
def approved(coordinator: User) -> Match:
    """An approved match of Tomás and Marisol in the spring program."""
    return factories.tomas_and_marisol(coordinator, phone="+1 555 0100")
