"""Matching runs on the worker pool: more workers serve more programs at once.

docker-compose scales the `worker` service (`--scale worker=N`); this is that shape with two
real `celery -A mentoring worker` processes on the test database and a Redis of the test's own
(tests/processes.py). The first program's run is held mid-claim by a row lock this test keeps,
so its worker is busy for as long as the test says; the second program's run must still finish,
on the other worker, before the first is let go.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.db import transaction

from matching import runs
from matching.models import MatchRun
from matching.services import matching_run_enqueue
from mentoring.people.models import User
from tests import factories as f
from tests.conftest import wait_for
from tests.processes import Rig

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RUN_TASK = "matching.tasks.matching_run_job"


def status(run: MatchRun) -> str:
    return MatchRun.objects.values_list("status", flat=True).get(pk=run.pk)


def test_two_workers_run_two_programs_matching_at_once(rig: Rig, coordinator: User) -> None:
    first, second = f.program("first-2027"), f.program("second-2027")
    for prog in (first, second):
        f.mentee(prog, email=f"mentee@{prog.slug}.example.org")
        f.mentor(prog, email=f"mentor@{prog.slug}.example.org")
    one, other = rig.worker(), rig.worker()
    assert rig.all_ready(one, other), rig.logs()

    held_run = runs.run_create(program=first, by=coordinator, mode="exact")
    locked, release = threading.Event(), threading.Event()

    def hold_the_first_run() -> None:
        try:
            with transaction.atomic():
                MatchRun.objects.select_for_update().get(pk=held_run.pk)
                locked.set()
                release.wait(timeout=90)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_first_run)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        runs.run_enqueue(held_run)
        # One worker takes the held run and waits on the lock: it is busy until we let go.
        assert wait_for(lambda: RUN_TASK in one.text() + other.text(), timeout=30), rig.logs()
        free_run = matching_run_enqueue(program=second, by=coordinator)
        assert wait_for(lambda: status(free_run) == MatchRun.Status.DONE, timeout=60), rig.logs()
        assert status(held_run) == MatchRun.Status.QUEUED  # still waiting for its claim
    finally:
        release.set()
        holder.join(timeout=30)
    assert wait_for(lambda: status(held_run) == MatchRun.Status.DONE, timeout=60), rig.logs()
    # Each worker ran one of the two.
    assert [RUN_TASK in one.text(), RUN_TASK in other.text()] == [True, True], rig.logs()
