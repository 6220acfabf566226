"""On PostgreSQL, under real concurrency: never overbooked, one registration per person.

Threads come from tests/concurrency.py (one connection each, released together). The harness
first proves it *can* see a race: with the locking helper patched out it must catch overbooking.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event
from events.models import Registration
from events.services import registrations as services
from mentoring.people.models import User
from tests import factories
from tests.concurrency import Crowd

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TRIALS = 20
THREADS = 50
SEATS = 10


def crowd(n: int, prefix: str) -> list[User]:
    User.objects.bulk_create(User(email=f"{prefix}{i}@example.org", password="!") for i in range(n))
    return list(User.objects.filter(email__startswith=prefix).order_by("id"))


def new_event(n: int, capacity: int = SEATS) -> Event:
    starts = timezone.now() + timedelta(days=3)
    return factories.EventFactory(
        title=f"Race {n}",
        slug=f"race-{n}",
        kind=Event.Kind.WEBINAR,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        online_url="https://meet.example.org/race",
        capacity=capacity,
        venue="",
    )


@pytest.fixture(scope="module")
def threads() -> Iterator[Crowd]:
    """One crowd of threads per run of this module's tests on a worker.

    A fixture, not a module global: xdist's worksteal may run this module's tests apart, with
    other modules between them, and then tears this down and sets it up again.
    """
    crowd_of_threads = Crowd(THREADS)
    yield crowd_of_threads
    # Before the test database is dropped, every connection the threads opened is closed.
    crowd_of_threads.close()


def register_all(threads: Crowd, event: Event, users: list[User]) -> list[BaseException]:
    return threads.run(
        [lambda u=u: services.registration_create(event=event, user=u) for u in users]
    )


def confirmed_and_waitlisted(event: Event) -> tuple[int, int]:
    regs = Registration.objects.filter(event=event)
    return regs.confirmed().count(), regs.waitlisted().count()


@pytest.fixture(autouse=True)
def _quiet_reminders(monkeypatch: pytest.MonkeyPatch) -> None:
    """No confirmation emails from the racing threads: these tests count seats.

    Each registration would otherwise render and send its confirmation eagerly inside its
    thread (most of this file's time); tests/events cover those emails on their own.
    """
    monkeypatch.setattr(services, "after_commit_send", lambda reminders: None)


@pytest.fixture
def without_row_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Swap the service's locking helper for a plain read, so seat counts can interleave.

    The production code has no switch to turn locking off; only this test takes it away, to
    prove the harness would notice if the lock were ever lost.
    """

    def event_unlocked(event: Event) -> Event:
        return Event.objects.get(pk=event.pk)

    monkeypatch.setattr(services, "event_locked", event_unlocked)


def test_fifty_people_for_ten_seats_never_overbook(threads: Crowd) -> None:
    users = crowd(THREADS, "racer")
    for trial in range(TRIALS):
        event = new_event(trial)
        assert register_all(threads, event, users) == []
        assert confirmed_and_waitlisted(event) == (SEATS, THREADS - SEATS), f"trial {trial}"


@pytest.mark.usefixtures("without_row_locks")
def test_the_harness_sees_overbooking_when_locking_is_off(threads: Crowd) -> None:
    users = crowd(THREADS, "unlocked")
    overbooked = []
    for trial in range(TRIALS):
        event = new_event(trial)
        register_all(threads, event, users)
        overbooked.append(confirmed_and_waitlisted(event)[0] > SEATS)
        if any(overbooked):
            break
    assert any(overbooked), "no overbooking seen without locks: the harness cannot see races"


def test_twenty_double_submits_by_one_person_make_one_registration(threads: Crowd) -> None:
    (user,) = crowd(1, "impatient")
    event = new_event(0)
    assert (
        threads.run(
            [lambda: services.registration_create(event=event, user=user) for _ in range(20)]
        )
        == []
    )
    assert Registration.objects.filter(event=event, user=user).count() == 1


def test_cancellations_racing_registrations_never_exceed_capacity(threads: Crowd) -> None:
    early = crowd(2 * SEATS, "early")
    late = crowd(SEATS, "late")
    for trial in range(5):
        event = new_event(trial)
        mine = [services.registration_create(event=event, user=u) for u in early]
        cancels = [
            lambda r=r: services.registration_cancel(registration=r) for r in mine[: SEATS // 2]
        ]
        joins = [lambda u=u, e=event: services.registration_create(event=e, user=u) for u in late]
        assert threads.run(cancels + joins) == []
        confirmed, waitlisted = confirmed_and_waitlisted(event)
        assert confirmed == SEATS, f"trial {trial}: {confirmed} confirmed"
        assert waitlisted == len(early) + len(late) - SEATS // 2 - SEATS
        Registration.objects.filter(event=event).delete()
