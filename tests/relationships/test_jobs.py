"""The hourly job on a real Celery worker: delivered twice, it sends each email once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.models import QuietNotice
from matching.relationships.tasks import relationships_hourly
from mentoring.core.models import OutgoingEmail
from mentoring.core.outbox import outbox_flush
from mentoring.people.models import User
from tests.conftest import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]


def _unlocked(check: Callable[[], bool]) -> Callable[[], bool]:
    """A poll that counts a table-lock error (see `_all_sent`) as "not yet"."""

    def poll() -> bool:
        try:
            return check()
        except OperationalError:
            return False

    return poll


def _all_sent() -> bool:
    """Every queued email was sent; if not, run the beat scan, as production would.

    On the in-memory SQLite test database the worker's write and this thread's read can meet
    on a table lock and fail at once (no busy timeout); the scan hands such a row over again.
    """
    try:
        if OutgoingEmail.objects.unsent().exists():
            outbox_flush()
            return False
        return True
    except OperationalError:
        return False


def test_running_the_check_in_and_nudge_jobs_twice_sends_each_email_once(
    real_worker: Any, approved: Match
) -> None:
    # The worker is still sending the approval emails: let it finish before writing here.
    assert wait_for(_all_sent, every=0.5)
    Match.objects.filter(pk=approved.pk).update(decided_at=timezone.now() - timedelta(days=30))
    User.objects.filter(pk=approved.mentee_id).update(
        last_login=timezone.now() - timedelta(days=22)
    )
    User.objects.filter(pk=approved.mentor_id).update(last_login=timezone.now())
    relationships_hourly.delay()
    relationships_hourly.delay()
    checkins_sent = CheckIn.objects.filter(sent_at__isnull=False)
    notices_sent = QuietNotice.objects.filter(sent_at__isnull=False)
    assert wait_for(_unlocked(lambda: checkins_sent.count() == 2))
    assert wait_for(_unlocked(lambda: notices_sent.count() == 1))
    assert wait_for(_all_sent, every=0.5)
    wait_for(lambda: len(mail.outbox) > 6, timeout=3)  # give late duplicates time to land
    # The approval emails (sent by match_approve) are not this job's: leave them out.
    ours = Counter((m.subject, tuple(m.to)) for m in mail.outbox if "match in" not in m.subject)
    prefix = "[Pay It Forward] "
    assert ours == {
        (prefix + "Your check-in is due", ("tomas@example.org",)): 1,
        (prefix + "Your check-in is due", ("marisol@example.org",)): 1,
        (prefix + "How is your mentoring going?", ("tomas@example.org",)): 1,
        (prefix + "Getting started with your mentoring match", ("tomas@example.org",)): 1,
        (prefix + "Getting started with your mentoring match", ("marisol@example.org",)): 1,
    }, ours
