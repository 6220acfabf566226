"""Programs for the directory tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mentoring.people.models import Program


@pytest.fixture
def make_program(db: None) -> Callable[..., Program]:
    counter = iter(range(1, 10_000))

    def make(**fields: Any) -> Program:
        n = next(counter)
        defaults: dict[str, Any] = {
            "name": f"Program {n:03d}",
            "slug": f"program-{n}",
            "organizer": "Riverside Youth Club",
            "status": Program.Status.OPEN,
        }
        return Program.objects.create(**(defaults | fields))

    return make
