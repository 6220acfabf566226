"""The demo calendar: January 2027, some events full with a waitlist, idempotent."""

from __future__ import annotations

import random

import pytest
from django.utils import translation

from events.demo import seed_events
from events.models import Event
from events.models import Registration
from mentoring.people.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_calendar_is_full_january_and_a_second_run_adds_nothing() -> None:
    User.objects.bulk_create(User(email=f"demo{i}@example.org") for i in range(120))
    seed_events(random.Random(1))
    registrations = Registration.objects.count()
    assert {e.starts_at.year * 100 + e.starts_at.month for e in Event.objects.all()} == {202701}
    assert set(Event.objects.values_list("kind", flat=True)) >= {
        "workshop", "training", "webinar", "hackathon", "case_study", "appreciation",
    }  # fmt: skip
    assert Registration.objects.waitlisted().exists()
    assert Registration.objects.exclude(volunteer_role=None).exists()

    seed_events(random.Random(1))
    assert Registration.objects.count() == registrations


def test_the_demo_has_an_event_held_in_spanish_for_spanish_readers() -> None:
    User.objects.bulk_create(User(email=f"demo{i}@example.org") for i in range(40))
    seed_events(random.Random(1))
    spanish = Event.objects.get(language="es")
    with translation.override("es"):
        assert "Mes Nacional de la Mentoría" in spanish.description
    # Its texts have English too (modeltranslation): an English reader learns what it is.
    assert spanish.title == "Workshop in Spanish: your first résumé"
    assert spanish.roles.exists()
