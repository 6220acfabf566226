"""Promise 1 for matching and relationships: the emails survive a broker that is down.

Transactional tests: the commit, and the on_commit hand-over to the broker, are the real thing.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.models import Closure
from matching.relationships.services import checkins
from matching.relationships.services import closures
from matching.relationships.services import kickoff
from matching.relationships.services import quiet
from matching.services import match_approve
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import User
from tests import factories
from tests.conftest import break_the_broker
from tests.mail_backends import REFUSES_TRANSACTIONS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def proposal(coordinator: User) -> Match:
    """A proposed match of Tomás and Marisol in the spring program."""
    return factories.tomas_and_marisol(coordinator, approved=False)


def _pending(kind: str) -> list[str]:
    rows = OutgoingEmail.objects.filter(kind=kind, status=OutgoingEmail.Status.PENDING)
    return sorted(rows.values_list("to", flat=True))


def _send_outbox() -> str:
    out = StringIO()
    call_command("send_outbox", stdout=out)
    return out.getvalue()


def _sent_once_then_nothing(expected: int) -> None:
    assert mail.outbox == []
    assert _send_outbox().startswith(f"{expected} email(s) sent, {expected} due")
    assert _send_outbox().startswith("0 email(s) sent, 0 due")
    counts = Counter((m.subject, tuple(m.to)) for m in mail.outbox)
    assert len(mail.outbox) == expected and set(counts.values()) == {1}, counts


def test_an_approval_with_the_broker_down_commits_and_its_emails_wait_in_the_outbox(
    broker_down: None, proposal: Match, coordinator: User
) -> None:
    match_approve(match=proposal, by=coordinator)  # no error reaches the coordinator

    proposal.refresh_from_db()
    assert proposal.status == Match.Status.APPROVED
    assert _pending("matching.approved") == ["marisol@example.org", "tomas@example.org"]
    _sent_once_then_nothing(2)


def test_a_concern_with_the_broker_down_is_saved_and_its_alert_waits_in_the_outbox(
    proposal: Match, coordinator: User, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    match_approve(match=proposal, by=coordinator)
    Match.objects.filter(pk=proposal.pk).update(decided_at=timezone.now() - timedelta(days=15))
    checkins.checkin_create_due()
    mail.outbox.clear()
    break_the_broker(monkeypatch)

    checkin = CheckIn.objects.get(match=proposal, side="mentee")
    client.force_login(proposal.mentee)
    data = {"met": "no", "rating": "1", "concern": "on", "note_for_coordinator": "Help."}
    response = client.post(f"/matching/checkin/{checkin.pk}/", data)

    assert response.status_code == 302  # the mentee sees no error page
    checkin.refresh_from_db()
    assert checkin.concern and checkin.concern_alerted_at is not None
    assert _pending("relationships.concern") == [coordinator.email]
    _sent_once_then_nothing(1)
    # A late redelivery of the old task queues nothing more.
    assert checkins.concern_alert_send(checkin_id=checkin.pk) == 0
    assert _send_outbox().startswith("0 email(s) sent, 0 due")


def test_a_closure_with_the_broker_down_commits_and_its_emails_wait_in_the_outbox(
    proposal: Match, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    match_approve(match=proposal, by=coordinator)
    mail.outbox.clear()
    break_the_broker(monkeypatch)

    closures.match_close(
        match=proposal,
        by=coordinator,
        kind=Closure.Kind.EARLY,
        reason=Closure.Reason.MOVED,
    )

    proposal.refresh_from_db()
    assert proposal.status == Match.Status.CLOSED
    assert _pending("relationships.closed") == ["marisol@example.org", "tomas@example.org"]
    _sent_once_then_nothing(2)


def test_no_relationship_email_talks_to_smtp_inside_a_transaction(
    settings: Any, proposal: Match, coordinator: User
) -> None:
    settings.EMAIL_BACKEND = REFUSES_TRANSACTIONS
    match_approve(match=proposal, by=coordinator)
    Match.objects.filter(pk=proposal.pk).update(decided_at=timezone.now() - timedelta(days=40))
    User.objects.filter(pk=proposal.mentee_id).update(
        last_login=timezone.now() - timedelta(days=36)
    )
    kickoff.kickoff_send_due()
    checkins.checkin_create_due()
    quiet.quiet_scan()
    checkin = CheckIn.objects.get(match=proposal, side="mentor")
    checkins.checkin_submit(checkin=checkin, user=proposal.mentor, met=True, rating=2, concern=True)
    closures.match_close(
        match=proposal,
        by=coordinator,
        kind=Closure.Kind.EARLY,
        reason=Closure.Reason.MOVED,
    )
    _send_outbox()  # with a real broker and no worker, whatever is left goes now

    kinds = Counter(OutgoingEmail.objects.values_list("kind", flat=True))
    assert set(kinds) == {
        "matching.approved",
        "relationships.kickoff",
        "relationships.checkin_due",
        "relationships.quiet",
        "relationships.concern",
        "relationships.closed",
    }
    assert not OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists()
    assert len(mail.outbox) == sum(kinds.values())
