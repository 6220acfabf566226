"""Promise 1 against real faults: a broker that dies, a task delivered twice, a worker killed.

Everything here is a real process: a Redis server of the test's own (killed and started again
on the same port), Celery workers started as `celery -A mentoring worker`, each on the test
database, with an SMTP stand-in that writes every message it accepts to a file
(tests/mail_backends.MailDrop). The test process publishes to that Redis as a web process
would. PostgreSQL only: the workers must see this test's committed rows, which an in-memory
SQLite test database cannot show another process.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta
from email.utils import parseaddr
from typing import Any

import pytest
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.services import checkins
from matching.services import matching_run
from mentoring.core import outbox
from mentoring.core.jobs import enqueue
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import User
from tests import factories as f
from tests.conftest import wait_for
from tests.processes import Rig

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Status = OutgoingEmail.Status
SCAN_TASK = "mentoring.core.tasks.outbox_scan"
ANA = "ana@example.org"
LEASE_SECONDS = 2.0  # the dead worker's claim expires this fast here (ten minutes in production)


def _queued() -> Counter[tuple[str, str]]:
    """(address, subject) of every email the outbox holds: what must arrive, each once."""
    rows = OutgoingEmail.objects.values_list("to", "subject")
    return Counter((parseaddr(to)[1], subject) for to, subject in rows)


def _queue_one(subject: str = "See you on Saturday") -> OutgoingEmail:
    """Queued with no transaction open: handed to the broker at once, as after a commit."""
    message = EmailMultiAlternatives(subject, "Bring a friend.", None, [ANA])
    key = f"test.faults:{subject}:to={ANA}"
    return outbox.email_queue(key=key, kind="test.faults", message=message)


def test_with_the_broker_down_each_action_succeeds_and_each_email_goes_out_once_it_is_back(
    rig: Rig, coordinator: User, settings: Any
) -> None:
    settings.BROKER_BACKOFF_SECONDS = 1  # this process plays the beat too, once Redis is back
    worker = rig.worker()
    prog = f.program()
    f.mentee(prog, name="Tomás Ng", email="tomas@example.org")
    f.mentor(prog, name="Marisol Entwistle", email="marisol@example.org")
    matching_run(program=prog, by=coordinator)
    match = Match.objects.get()
    assert rig.all_ready(worker), rig.logs()
    rig.redis.kill()

    console = Client()
    console.force_login(coordinator)
    approved = console.post(
        "/admin/matching/match/", {"action": "approve_selected", "_selected_action": [match.pk]}
    )
    assert approved.status_code == 302  # Cora sees no error page
    # Two weeks on, the hourly job opens the check-ins (and emails their links, also queued).
    Match.objects.filter(pk=match.pk).update(decided_at=timezone.now() - timedelta(days=15))
    checkins.checkin_create_due()
    checkin = CheckIn.objects.get(match=match, side="mentee")
    tomas = Client()
    tomas.force_login(match.mentee)
    concern = {"met": "no", "rating": "1", "concern": "on", "note_for_coordinator": "Help."}
    raised = tomas.post(f"/matching/checkin/{checkin.pk}/", concern)
    assert raised.status_code == 302  # Tomás sees no error page either
    closed = console.post(
        "/admin/relationships/closure/add/", {"match": match.pk, "kind": "early", "reason": "moved"}
    )
    assert closed.status_code == 302

    match.refresh_from_db()
    checkin.refresh_from_db()
    assert match.status == Match.Status.CLOSED and checkin.concern
    kinds = Counter(OutgoingEmail.objects.values_list("kind", flat=True))
    assert kinds == {
        "matching.approved": 2,
        "relationships.checkin_due": 2,
        "relationships.concern": 1,
        "relationships.closed": 2,
    }
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.PENDING}
    assert rig.deliveries() == {}

    rig.redis.start()  # back, on the same port, and empty: every hand-over before was lost
    assert wait_for(lambda: enqueue(SCAN_TASK), timeout=10)  # the beat's scan
    everything = sum(kinds.values())
    assert wait_for(lambda: rig.results("outbox_send").count("True") == everything, 45), rig.logs()
    assert enqueue(SCAN_TASK)  # and again, once nothing is left
    assert wait_for(lambda: rig.results("outbox_scan") == ["0", str(everything)]), rig.logs()

    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.SENT}
    assert rig.deliveries() == _queued()
    assert set(rig.deliveries().values()) == {1}


def test_a_hung_broker_holds_one_request_for_seconds_and_none_after_it(
    rig: Rig, settings: Any
) -> None:
    settings.BROKER_BACKOFF_SECONDS = 2
    rig.redis.freeze()
    started = time.monotonic()
    first = _queue_one("First")  # the first publish waits for its socket timeout, then gives up
    waited = time.monotonic() - started
    started = time.monotonic()
    second = _queue_one("Second")  # the next ones do not even try
    skipped = time.monotonic() - started
    rig.redis.thaw()

    assert OutgoingEmail.objects.filter(status=Status.PENDING).count() == 2
    assert waited < 15 and skipped < 1, (waited, skipped)
    assert wait_for(lambda: enqueue(SCAN_TASK), timeout=10)  # the backoff ends; publishing resumes
    assert {first.pk, second.pk} == set(outbox.outbox_due())


def test_a_send_delivered_twice_sends_once(rig: Rig) -> None:
    one, other = rig.worker(), rig.worker()
    assert rig.all_ready(one, other), rig.logs()
    rig.hold()  # the first send to arrive stays inside its SMTP conversation

    email = _queue_one()  # delivered once by the outbox itself…
    assert enqueue(outbox.SEND_TASK, email.pk)  # …and once more, as a broker redelivers
    assert wait_for(rig.held), rig.logs()
    # The other worker meets the claim of the one still sending, and leaves the email alone.
    assert wait_for(lambda: rig.results("outbox_send") == ["False"]), rig.logs()
    rig.release()

    assert wait_for(lambda: rig.results("outbox_send") == ["False", "True"]), rig.logs()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1)
    assert rig.deliveries() == {(ANA, "See you on Saturday"): 1}


def test_a_worker_killed_mid_send_loses_nothing(rig: Rig, settings: Any) -> None:
    settings.OUTBOX_LEASE_SECONDS = LEASE_SECONDS  # this process's scan agrees with the workers
    doomed = rig.worker(lease_seconds=LEASE_SECONDS)
    rig.hold()

    email = _queue_one()
    assert wait_for(rig.held, timeout=30), rig.logs()  # it holds the claim, mid-send
    doomed.kill()
    rig.release()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENDING, 1)
    assert rig.deliveries() == {}

    heir = rig.worker(lease_seconds=LEASE_SECONDS)
    assert wait_for(lambda: outbox.outbox_due() == [email.pk], timeout=10)  # the claim expired
    assert rig.all_ready(heir), rig.logs()
    assert enqueue(SCAN_TASK)
    assert wait_for(lambda: heir.results("outbox_send") == ["True"]), rig.logs()

    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 2)
    assert rig.deliveries() == {(ANA, "See you on Saturday"): 1}
