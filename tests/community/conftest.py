"""Programs for the directory tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mentoring.people.models import Program
from tests.factories import ProgramFactory


@pytest.fixture
def make_program(db: None) -> Callable[..., Program]:
    def make(**fields: Any) -> Program:
        fields.setdefault("organizer", "Riverside Youth Club")
        return ProgramFactory.create(**fields)

    return make
