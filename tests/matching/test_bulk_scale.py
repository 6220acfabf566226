"""Bulk approve and reject at program scale: a constant re-check, and a job past a page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.admin import MatchAdmin
from matching.bulk import bulk_decision_job
from matching.models import BulkDecision
from matching.models import Match
from matching.models import MatchEvent
from matching.services import approval_facts
from matching.services import match_approve
from matching.services import match_approve_many
from matching.services import matching_run
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.matching import factories as f

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/matching/match/"


def proposals(coordinator: User, n: int) -> tuple[Program, list[Match]]:
    prog = f.program()
    for i in range(n):
        f.mentee(prog, name=f"Mentee {i}", seeking=(f"Field {i % 4}",))
        f.mentor(prog, name=f"Mentor {i}", offering=(f"Field {i % 4}",))
    matching_run(program=prog, by=coordinator)
    return prog, list(Match.objects.select_related("program").order_by("pk"))


def queries(run: object) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()  # type: ignore[operator]
    return len(captured)


def test_the_recheck_loads_a_batch_of_5_or_50_in_the_same_number_of_queries(
    coordinator: User,
) -> None:
    _, matches = proposals(coordinator, 50)
    small = queries(lambda: approval_facts(matches[:5]))
    large = queries(lambda: approval_facts(matches))
    assert small == large == 9  # mentees 4 (interests, two M2Ms, people), mentors 5 (+ cleared)
    facts = approval_facts(matches)
    assert set(facts.mentees) == {m.mentee_id for m in matches} and len(facts.mentors) == 50


def test_each_approval_in_a_batch_costs_the_same_few_queries_whatever_the_batch_size(
    coordinator: User,
) -> None:
    _, matches = proposals(coordinator, 55)
    five = queries(lambda: match_approve_many(matches=matches[:5], by=coordinator))
    fifty = queries(lambda: match_approve_many(matches=matches[5:], by=coordinator))
    per_match = (fifty - five) / 45
    # The re-check is 4 (the match and the mentor locked, capacity and the mentee's other
    # matches counted under those locks); the rest is the approval's own writes, audit and its
    # two emails through the outbox. Nobody's profile or interests are read again per match.
    assert per_match == 19 and five == 9 + 5 * per_match
    assert Match.objects.filter(status="approved").count() == 55
    assert MatchEvent.objects.filter(to_status="approved").count() == 55  # each one audited


def test_a_batch_still_refuses_what_changed_since_the_run(coordinator: User) -> None:
    _, matches = proposals(coordinator, 3)
    match_approve(match=matches[0], by=coordinator)
    mentor = matches[1].mentor
    mentor.profile.languages = ["fr"]  # no longer shares a language
    mentor.profile.save()
    outcome = match_approve_many(matches=matches, by=coordinator)
    assert outcome.done == 1
    reasons = {m.pk: why for m, why in outcome.refused}
    assert "already decided" in reasons[matches[0].pk]
    assert "no longer shares a language" in reasons[matches[1].pk]


@pytest.mark.parametrize("selected", [5, 10])
def test_more_than_a_page_starts_a_job_from_a_request_of_constant_size(
    selected: int,
    console: Client,
    coordinator: User,
    broker_down: None,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_num_queries,
) -> None:
    monkeypatch.setattr(MatchAdmin, "list_per_page", 3)
    _, matches = proposals(coordinator, selected)
    ids = [m.pk for m in matches]
    # PostgreSQL asks pg_class for the list's estimated size first (mentoring/core/pagination.py).
    estimate = 1 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(8 + estimate):
        response = console.post(CHANGELIST, {"action": "approve_selected", "_selected_action": ids})
    decision = BulkDecision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:matching_bulkdecision_change", args=[decision.pk])
    assert decision.status == "queued" and sorted(decision.match_ids) == sorted(ids)
    assert not Match.objects.filter(status="approved").exists()  # the worker does that


def test_the_job_leaves_a_summary_of_approved_and_refused_with_reasons(
    console: Client, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MatchAdmin, "list_per_page", 2)
    _, matches = proposals(coordinator, 4)
    match_approve(match=matches[0], by=coordinator)
    ids = [m.pk for m in matches]
    # Eager (no broker): the job runs in this process before the redirect is followed.
    page = console.post(
        CHANGELIST, {"action": "approve_selected", "_selected_action": ids}, follow=True
    ).content.decode()
    decision = BulkDecision.objects.get()
    assert (decision.status, decision.done_count) == ("done", 3)
    assert [r["match"] for r in decision.refused] == [matches[0].pk]
    assert "3 of 4 done, 1 refused" in page and "already decided" in page
    assert decision.refused[0]["label"] in page  # the refused match is named
    assert MatchEvent.objects.filter(to_status="approved", by=coordinator).count() == 4
    assert bulk_decision_job(decision_id=decision.pk) is None  # a second delivery does nothing


def test_reject_all_matching_the_filter_runs_as_a_job_with_the_reason(
    console: Client, coordinator: User
) -> None:
    _, matches = proposals(coordinator, 3)
    form = {"action": "reject_selected", "_selected_action": [matches[0].pk], "select_across": "1"}
    ask = console.post(CHANGELIST + "?status__exact=proposed", form).content.decode()
    assert "3 in all" not in ask and 'name="select_across" value="1"' in ask
    console.post(CHANGELIST + "?status__exact=proposed", {**form, "apply": "1", "reason": "Far"})
    assert set(Match.objects.values_list("status", "reason")) == {("rejected", "Far")}
    assert BulkDecision.objects.get().kind == "reject"


def test_the_matches_list_searches_people_by_name_or_email_on_either_side(
    console: Client, coordinator: User
) -> None:
    proposals(coordinator, 3)
    match = Match.objects.select_related("mentor").order_by("pk").first()
    assert match is not None
    by_name = console.get(CHANGELIST, {"q": "mentor 1"}).content.decode()
    assert "Mentor 1" in by_name and "Mentor 2" not in by_name
    by_email = console.get(CHANGELIST, {"q": match.mentor.email.upper()}).content.decode()
    assert match.mentor.email in by_email
    assert "0 matches" in console.get(CHANGELIST, {"q": "nobody-at-all"}).content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_unfiltered_list_on_postgresql_uses_the_planners_estimate(
    coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentoring.core import pagination

    proposals(coordinator, 3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE matching_match")
    monkeypatch.setattr(pagination, "ESTIMATE_FROM", 1)
    assert pagination.estimated_count(Match.objects.all()) == 3
    assert pagination.estimated_count(Match.objects.filter(status="proposed")) is None
    paginator = pagination.EstimatedCountPaginator(Match.objects.filter(score__gte=0), 2)
    assert paginator.count == 3 and paginator.num_pages == 2  # filtered: counted exactly
