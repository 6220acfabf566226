"""Issue #18: the kick-off email speaks to participants, and lists events they can really join."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from matching.models import Match
from matching.relationships.services import kickoff
from tests.factories import EventFactory
from tests.factories import ProgramFactory


def _kickoff_bodies(django_capture_on_commit_callbacks) -> list[str]:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        kickoff.kickoff_send_due()
    return [message.body for message in mail.outbox]


def test_the_kick_off_email_says_what_they_share_in_a_sentence_not_the_scoring(
    approved: Match, django_capture_on_commit_callbacks
) -> None:
    bodies = _kickoff_bodies(django_capture_on_commit_callbacks)

    assert len(bodies) == 2
    for body in bodies:
        assert "You both named Software engineering." in body
        assert "0.50" not in body and "both:" not in body and "Career" not in body


def test_the_sentence_lists_every_shared_interest_once_whatever_its_category(
    approved: Match,
) -> None:
    approved.breakdown = {
        "parts": {"career": 0.4, "personal": 0.1},
        "shared": {"career": ["Software engineering", "Data science"], "personal": ["Chess"]},
    }
    assert approved.explanation_sentence() == (
        "You both named Software engineering, Data science and Chess."
    )
    approved.breakdown = {}
    assert approved.explanation_sentence() == (
        "You can meet at the same times, in the same way, and share a language."
    )


def test_the_kick_off_lists_upcoming_events_open_to_everyone_and_the_programs_own(
    approved: Match, django_capture_on_commit_callbacks
) -> None:
    now = timezone.now()
    EventFactory.create(title="Open webinar", program=None)
    EventFactory.create(title="Program workshop", program=approved.program)
    EventFactory.create(title="Another program's fair", program=ProgramFactory.create())
    EventFactory.create(
        title="Last week's social",
        program=None,
        starts_at=now - timedelta(days=7),
        ends_at=now - timedelta(days=7) + timedelta(hours=2),
    )

    (body, _other) = _kickoff_bodies(django_capture_on_commit_callbacks)

    assert "Open webinar" in body and "Program workshop" in body
    assert "Another program's fair" not in body and "Last week's social" not in body
