"""The Spanish program and workshop that the Spanish page walk (test_spanish_pages) and the
Spanish browser journey (tests/browser/test_spanish_journey) both visit. The data is Spanish on
purpose: only the site's own words can then read English."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from events.models import Event
from mentoring.people.models import Program
from tests.factories import EventFactory


def programa(description: str, **fields: Any) -> Program:
    """An open program, "Programa de mentoría de enero"."""
    return Program.objects.create(
        name="Programa de mentoría de enero",
        slug="programa-enero",
        description=description,
        status=Program.Status.OPEN,
        max_mentees_per_mentor=3,
        **fields,
    )


def taller(days: int, **fields: Any) -> Event:
    """A workshop at the library, `days` from now."""
    return EventFactory(
        title="Taller de currículum en la biblioteca",
        slug="taller-curriculum",
        description="Trae tu currículum y sal con una versión mejor.",
        starts_at=(timezone.now() + timedelta(days=days)).replace(microsecond=0),
        venue="Biblioteca de Springfield",
        **fields,
    )
