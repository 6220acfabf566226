"""Issue #18: the admin pages a coordinator uses every day read in Spanish.

The walk of test_spanish_pages, for the program console: the index, the matches (list, one
match, the unmatched mentees), a program, the check-in health page, the events and the outbox.
The data is Spanish, so only the site's own words (and the taxonomy's) are judged.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import Match
from matching.services import matching_run
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import User
from tests import factories
from tests.campaign.test_spanish_pages import assert_all_spanish
from tests.i18n_check import english_fragments

pytestmark = pytest.mark.django_db


@pytest.fixture
def consola(client: Client, coordinator: User) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    client.force_login(coordinator)
    return client


def test_the_program_console_is_spanish(consola: Client, coordinator: User) -> None:
    program = factories.program("programa-primavera", name="Programa de primavera")
    common = {"languages": ("es",)}
    factories.mentee(program, name="Tomás Ng", seeking=("Software engineering",), **common)
    factories.mentee(program, name="Sofía Ruiz", seeking=("Nursing",), **common)
    factories.mentor(
        program, name="Lucía Pérez", offering=("Software engineering",), capacity=1, **common
    )
    matching_run(program=program, by=coordinator)
    match = Match.objects.get()
    event = factories.EventFactory(title="Taller de currículum", slug="taller")
    OutgoingEmail.objects.create(key="k", kind="prueba", to="ana@example.org", subject="Hola")
    urls = [
        reverse("admin:index"),
        reverse("admin:matching_match_changelist"),
        reverse("admin:matching_match_change", args=[match.pk]),
        reverse("admin:matching_match_unmatched") + f"?program={program.pk}",
        reverse("admin:mentoring_program_change", args=[program.pk]),
        reverse("admin:matching_health"),
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:core_outgoingemail_changelist"),
        reverse("admin:campaign_observanceday_add"),  # one field per language
    ]
    assert_all_spanish(consola, urls)
    # The engine's reason and the taxonomy inside the coordinator's explanation read in Spanish.
    assert "Consola del programa" in consola.get(urls[0]).text
    unmatched = consola.get(urls[3]).text
    assert "todos los mentores compatibles tienen sus plazas ocupadas" in unmatched
    assert "ambos: Ingeniería de software" in consola.get(urls[1]).text
    observance = consola.get(urls[-1]).text
    assert 'name="name_en"' in observance and 'name="name_es"' in observance


def test_the_daily_console_pages_added_since_are_spanish(
    consola: Client, coordinator: User
) -> None:
    """Import, the conversation and meeting lists, check-ins, closing and pausing a match."""
    from matching.relationships.availability import shared_hours
    from matching.relationships.services import meetings
    from matching.relationships.services import messages

    match = factories.tomas_and_marisol(coordinator)
    User.objects.filter(pk__in=[match.mentee_id, match.mentor_id]).update(language="es")
    reported = messages.message_send(match=match, user=match.mentor, body="¿Empezamos el lunes?")
    messages.message_report(message=reported, user=match.mentee, reason="Prueba")
    start = shared_hours(match, timezone.now())[0]
    terms = meetings.Terms(
        starts_at=start, minutes=60, format="online", place="https://meet.example"
    )
    meetings.meeting_propose(match=match, user=match.mentee, terms=terms)
    urls = [
        reverse("admin:mentoring_enrollment_import"),
        reverse("admin:relationships_message_changelist"),
        reverse("admin:relationships_meeting_changelist"),
        reverse("admin:relationships_checkin_changelist"),
        reverse("admin:relationships_closure_add") + f"?match={match.pk}",
        reverse("admin:matching_matchrun_changelist"),
        reverse("admin:matching_health") + f"?program={match.program_id}",
    ]
    assert_all_spanish(consola, urls)
    changelist = reverse("admin:matching_match_changelist")
    pause = {"action": "pause_selected", "_selected_action": [match.pk]}
    confirm = consola.post(changelist, pause)
    assert confirm.status_code == 200
    assert english_fragments(confirm.content.decode()) == []


def test_the_console_walk_sees_english_in_english(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    assert english_fragments(client.get(reverse("admin:index")).content.decode())
