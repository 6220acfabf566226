"""Issue #18: moving coordinator-written texts onto modeltranslation keeps every text.

The database is taken back to before the four migrations that add the per-language columns
(events, programs and interests, stories, the guide), rows are written as the old code wrote
them (one column, English; the pages translated interests and the guide through the catalogue),
and the migrations are applied: each text is now its English, the catalogue's Spanish became the
Spanish column (the demo keeps its Spanish), and a text the catalogue never had reads in English
for a Spanish reader.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from events.models import Event
from events.models import VolunteerRole
from mentoring.community.models import GuideQuestion
from mentoring.people.models import Interest
from mentoring.people.models import Program
from tests.events.hosting_data import details
from tests.migrating import migrate
from tests.migrating import migrate_to_the_latest

BEFORE = [
    ("events", "0004_event_language"),
    ("mentoring", "0014_program_minor_meetings"),
    ("campaign", "0002_observance_texts_per_language"),
    ("community", "0001_initial"),
]
AFTER = [
    ("events", "0005_event_texts_per_language"),
    ("mentoring", "0015_program_interest_texts_per_language"),
    ("campaign", "0003_story_texts_per_language"),
    ("community", "0002_guide_texts_per_language"),
]


def spanish_of(text: str) -> str:
    with translation.override("es"):
        return translation.gettext(text)


@pytest.mark.django_db(transaction=True)
def test_texts_keep_their_english_and_the_catalogues_spanish_across_the_move() -> None:
    state = migrate(BEFORE).loader.project_state(BEFORE).apps
    old_interest = state.get_model("mentoring", "Interest")
    old_interest.objects.create(category="career", name="Beekeeping", slug="beekeeping")
    old_program = state.get_model("mentoring", "Program")
    old_program.objects.create(name="Spring cohort", slug="spring", description="Ten weeks.")
    # An event as a host proposes it (the hosting tests' details), with the texts checked here.
    old_event = state.get_model("events", "Event").objects.create(
        slug="kick-off", **details(title="Kick-off workshop", description="Meet your mentor.")
    )
    state.get_model("events", "VolunteerRole").objects.create(event=old_event, name="Greeter")
    question_text = state.get_model("community", "GuideQuestion").objects.first().text
    # The shipped taxonomy and guide are in the catalogue: the Spanish the pages showed.
    assert spanish_of("Software engineering") != "Software engineering"
    assert spanish_of(question_text) != question_text
    try:
        migrate(AFTER)
        shipped = Interest.objects.get(slug="software-engineering")
        added = Interest.objects.get(slug="beekeeping")
        question = GuideQuestion.objects.get(text_en=question_text)
        program = Program.objects.get(slug="spring")
        event = Event.objects.get(slug="kick-off")
        role = VolunteerRole.objects.get(event=event)
        with translation.override("es"):
            assert shipped.name == spanish_of("Software engineering")
            assert question.text == spanish_of(question_text)
            # Nothing in the catalogue: the English, until a coordinator types the Spanish.
            assert (added.name, program.name, event.title, role.name) == (
                "Beekeeping",
                "Spring cohort",
                "Kick-off workshop",
                "Greeter",
            )
            assert (program.description, event.description) == ("Ten weeks.", "Meet your mentor.")
        with translation.override("en"):
            assert (shipped.name, question.text) == ("Software engineering", question_text)
        # The English has its own column; a Spanish column with nothing to say stays empty.
        assert (shipped.name_en, event.title_en, role.name_en) == (
            "Software engineering",
            "Kick-off workshop",
            "Greeter",
        )
        assert added.name_es is None and event.title_es is None
    finally:
        migrate_to_the_latest()
