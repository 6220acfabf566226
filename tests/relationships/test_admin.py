"""The coordinator's view: program health numbers with links, check-in CSV, closing a match."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.models import Closure
from matching.relationships.services.checkins import checkin_create_due
from matching.relationships.services.checkins import checkin_submit
from mentoring.people.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_concern(approved: Match) -> Match:
    Match.objects.filter(pk=approved.pk).update(decided_at=timezone.now() - timedelta(days=35))
    checkin_create_due(today=timezone.localdate() - timedelta(days=6))  # day-28 one, overdue
    checkin = CheckIn.objects.get(match=approved, side="mentee")
    checkin_submit(checkin=checkin, user=approved.mentee, met=True, rating=2, concern=True)
    return approved


def test_program_health_counts_and_links_each_number_to_its_filtered_list(
    client: Client, coordinator: User, with_concern: Match, django_assert_max_num_queries
) -> None:
    client.force_login(coordinator)
    # The charts add one grouped query per series, whatever the number of rows (#14).
    with django_assert_max_num_queries(21):
        page = client.get("/admin/relationships/checkin/health/").content.decode()
    assert '<a href="/admin/relationships/checkin/?state=concern">1</a>' in page
    assert '<a href="/admin/relationships/checkin/?state=overdue">1</a>' in page
    assert "?reason__exact=not_a_fit" in page
    overdue = client.get("/admin/relationships/checkin/?state=overdue")
    assert overdue.status_code == 200
    assert overdue.context["cl"].result_count == 1


def test_check_ins_export_as_csv(client: Client, coordinator: User, with_concern: Match) -> None:
    client.force_login(coordinator)
    response = client.post(
        "/admin/relationships/checkin/",
        {
            "action": "export_as_csv",
            "_selected_action": list(CheckIn.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    assert len(response.content.decode().strip().splitlines()) == 3


def test_a_coordinator_closes_a_match_from_the_admin_with_a_reason(
    client: Client, coordinator: User, approved: Match
) -> None:
    client.force_login(coordinator)
    response = client.post(
        "/admin/relationships/closure/add/",
        {"match": approved.pk, "kind": "early", "reason": "not_a_fit", "rematch_eligible": "on"},
    )
    assert response.status_code == 302
    closure = Closure.objects.get(match=approved)
    assert closure.by == coordinator and closure.rematch_eligible
    approved.refresh_from_db()
    assert approved.status == Match.Status.CLOSED
    again = client.post(
        "/admin/relationships/closure/add/",
        {"match": approved.pk, "kind": "early", "reason": "other"},
    )
    assert again.status_code == 200 and Closure.objects.count() == 1
