"""Issue #18: moving the observance days' Spanish twins onto modeltranslation keeps every text.

The database is taken back to the migration before the move (Django's MigrationExecutor), a row
is written as the old code wrote it (English in `name`, Spanish in the `name_es` twin), and the
move is applied: a Spanish reader still reads the Spanish, an English one the English, and a
text never translated falls back to the English.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from mentoring.campaign.models import ObservanceDay
from tests.campaign.data import english_and_spanish
from tests.migrating import migrate
from tests.migrating import migrate_to_the_latest

BEFORE = [("campaign", "0001_initial")]
AFTER = [("campaign", "0002_observance_texts_per_language")]


# The day's texts as the old code kept them: (English in `field`, Spanish in `field_es`).
TEXTS = {
    "name": ("International Mentoring Day", "Día Internacional de la Mentoría"),
    "description": ("A day to thank a mentor.", "Un día para dar las gracias."),
    "prompt_subject": ("Thank your mentor today", "Da las gracias hoy"),
    "prompt_text": ("Write them a note.", "Escríbele una nota."),
}


@pytest.mark.django_db(transaction=True)
def test_the_spanish_of_observance_days_survives_the_move_to_modeltranslation() -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE).apps.get_model("campaign", "ObservanceDay")
    old.objects.create(
        year=2027, date=date(2027, 1, 17), slug="dia", **english_and_spanish(**TEXTS)
    )
    old.objects.create(year=2027, date=date(2027, 1, 20), slug="solo", name="Only in English")
    try:
        migrate(AFTER)
        day = ObservanceDay.objects.get(slug="dia")
        english_only = ObservanceDay.objects.get(slug="solo")
        for field, (english, spanish) in TEXTS.items():
            with translation.override("es"):
                assert getattr(day, field) == spanish, field
            with translation.override("en"):
                assert getattr(day, field) == english, field
            assert getattr(day, f"{field}_en") == english, field  # the English has its own column
        with translation.override("es"):
            assert english_only.name == "Only in English"  # nothing typed in Spanish: the English
    finally:
        migrate_to_the_latest()
