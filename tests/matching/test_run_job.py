"""Matching as a background job: queued by a click, one per program, progress, failure, scan."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from matching import runs
from matching.models import Match
from matching.models import MatchRun
from matching.services import matching_run
from matching.services import matching_run_enqueue
from matching.services import matching_run_job
from mentoring.core import jobs
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.concurrency import at_once
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


def two_pairs() -> Program:
    prog = f.program()
    for i in range(2):
        f.mentee(prog, name=f"Mentee {i}")
        f.mentor(prog, name=f"Mentor {i}")
    return prog


def test_with_the_broker_down_the_click_returns_at_once_and_the_scan_runs_it_later(
    console: Client, broker_down: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    prog = two_pairs()
    response = console.post(reverse("matching:run", args=[prog.pk]), follow=True)
    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.QUEUED and not Match.objects.exists()
    page = response.content.decode()
    assert "has started in the background" in page and "Queued" in page
    assert '<meta http-equiv="refresh"' in page  # the run page follows its progress

    monkeypatch.undo()  # the broker is back (eager: the job runs in this process)
    jobs.breaker.reset()
    assert runs.runs_scan() == 0  # just queued: its own delivery may still be on the way
    MatchRun.objects.filter(pk=run.pk).update(updated=run.updated - timedelta(minutes=5))
    assert runs.runs_scan() == 1
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE and Match.objects.count() == 2
    page = console.get(reverse("admin:matching_matchrun_change", args=[run.pk])).content.decode()
    assert "Done: 2 proposed, 0 unmatched" in page and '<meta http-equiv="refresh"' not in page


def test_a_second_click_while_a_run_is_queued_says_one_is_running(
    console: Client, broker_down: None
) -> None:
    prog = two_pairs()
    console.post(reverse("matching:run", args=[prog.pk]))
    response = console.post(reverse("matching:run", args=[prog.pk]), follow=True)
    assert f"Matching for {prog} is already running" in response.content.decode()
    assert MatchRun.objects.count() == 1


def test_the_database_itself_refuses_two_runs_in_progress_for_one_program() -> None:
    prog = f.program()
    MatchRun.objects.create(program=prog, status=MatchRun.Status.SCORING)
    MatchRun.objects.create(program=prog, status=MatchRun.Status.DONE)  # finished ones are fine
    MatchRun.objects.create(program=f.program(slug="other"), status=MatchRun.Status.QUEUED)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchRun.objects.create(program=prog, status=MatchRun.Status.QUEUED)


def test_a_run_moves_through_its_phases_with_counts(
    coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    prog = two_pairs()
    f.mentee(prog, name="Third Mentee")
    seen: list[tuple[str, int, int]] = []
    record = runs.run_phase

    def spy(run: MatchRun, status: str, **counts: int) -> None:
        record(run, status, **counts)
        stored = MatchRun.objects.get(pk=run.pk)  # what the admin would read right now
        seen.append((stored.status, stored.mentee_count, stored.mentor_count))

    monkeypatch.setattr(runs, "run_phase", spy)
    run = matching_run(program=prog, by=coordinator)
    assert seen == [("scoring", 3, 2), ("storing", 3, 2)]
    run.refresh_from_db()
    assert (run.status, run.proposed_count, run.unmatched_count) == ("done", 2, 1)
    assert run.duration_ms >= 0 and run.error == ""


def test_a_failed_run_says_why_and_leaves_the_earlier_proposals_untouched(
    console: Client, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    prog = two_pairs()
    matching_run(program=prog, by=coordinator)
    before = set(Match.objects.values_list("pk", "status"))

    def broken(pair: object) -> dict:
        raise RuntimeError("disk full")

    # Fails while storing, after the earlier proposals were withdrawn in the same transaction.
    monkeypatch.setattr(runs, "_breakdown", broken)
    response = console.post(reverse("matching:run", args=[prog.pk]), follow=True)
    failed = MatchRun.objects.latest()
    assert failed.status == MatchRun.Status.FAILED
    assert "RuntimeError: disk full" in failed.error and "nothing was stored" in failed.error
    assert "failed: Matching stopped on an unexpected error" in response.content.decode()
    assert set(Match.objects.values_list("pk", "status")) == before  # nothing half-done
    assert failed.matches.count() == 0

    monkeypatch.undo()
    assert matching_run(program=prog, by=coordinator).status == "done"  # the next one may start


def test_a_second_delivery_of_the_same_run_does_nothing(
    coordinator: User, broker_down: None
) -> None:
    prog = two_pairs()
    run = matching_run_enqueue(program=prog, by=coordinator)
    assert matching_run_job(run_id=run.pk) is not None
    assert matching_run_job(run_id=run.pk) is None
    assert Match.objects.count() == 2 and MatchRun.objects.get().status == "done"


def test_a_run_whose_worker_died_is_ended_by_the_scan_and_frees_the_program(
    coordinator: User,
) -> None:
    prog = two_pairs()
    lost = MatchRun.objects.create(program=prog, status=MatchRun.Status.SOLVING)
    with pytest.raises(ValidationError, match="already running"):
        matching_run(program=prog, by=coordinator)
    MatchRun.objects.filter(pk=lost.pk).update(updated=lost.updated - timedelta(hours=2))
    runs.runs_scan()
    lost.refresh_from_db()
    assert lost.status == "failed" and "worker running this stopped" in lost.error
    assert matching_run(program=prog, by=coordinator).status == "done"


def test_bad_settings_are_refused_before_anything_is_queued(coordinator: User) -> None:
    prog = two_pairs()
    Program.objects.filter(pk=prog.pk).update(weight_career=0, weight_academic=0, weight_personal=0)
    prog.refresh_from_db()
    with pytest.raises(ValidationError, match="At least one weight"):
        matching_run_enqueue(program=prog, by=coordinator)
    assert not MatchRun.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_clicks_at_the_same_moment_start_one_run(coordinator: User, broker_down: None) -> None:
    prog = two_pairs()

    def click() -> None:
        matching_run_enqueue(program=prog, by=coordinator)

    refusals = at_once([click] * 4)
    assert ["already running" in str(error) for error in refusals] == [True] * 3
    assert MatchRun.objects.filter(program=prog).count() == 1


def test_run_queued_jobs_runs_what_the_broker_never_took(
    console: Client, broker_down: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    prog = two_pairs()
    console.post(reverse("matching:run", args=[prog.pk]))
    assert MatchRun.objects.get().status == MatchRun.Status.QUEUED

    out = StringIO()
    call_command("run_queued_jobs", stdout=out)  # cron's answer to a site with no broker

    assert out.getvalue().startswith("1 matching run(s) and 0 bulk decision(s) run here.")
    assert MatchRun.objects.get().status == MatchRun.Status.DONE and Match.objects.count() == 2
    call_command("run_queued_jobs", stdout=out)  # nothing left: a second run is a no-op
    assert Match.objects.count() == 2
