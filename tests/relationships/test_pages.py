"""The agreement, check-in and exit-survey pages, as the people (and strangers) see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.models import Closure
from matching.relationships.services import checkins
from matching.relationships.services import closures
from mentoring.people.models import User

pytestmark = pytest.mark.django_db


def _checkins(match: Match) -> None:
    Match.objects.filter(pk=match.pk).update(decided_at=timezone.now() - timedelta(days=15))
    checkins.checkin_create_due()


def test_both_accept_the_agreement_in_the_browser_and_the_match_turns_active(
    client: Client, approved: Match
) -> None:
    url = f"/matching/{approved.pk}/agreement/"
    client.force_login(approved.mentee)
    until = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = client.post(url, {"meet_how_often": "Weekly", "how": "Video call", "until": until})
    assert response.status_code == 302
    client.force_login(approved.mentor)
    assert "Video call" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    approved.refresh_from_db()
    assert approved.status == Match.Status.ACTIVE


def test_an_agreement_in_the_past_is_a_form_error_not_a_500(
    client: Client, approved: Match
) -> None:
    client.force_login(approved.mentee)
    response = client.post(
        f"/matching/{approved.pk}/agreement/",
        {"meet_how_often": "Weekly", "how": "Video", "until": "2000-01-01"},
    )
    assert response.status_code == 200 and "must be in the future" in response.content.decode()


def test_a_check_in_page_is_a_404_for_anyone_but_its_side(
    client: Client, approved: Match, volunteer: User
) -> None:
    _checkins(approved)
    mentor_checkin = CheckIn.objects.get(match=approved, side="mentor")
    for stranger in (approved.mentee, volunteer):
        client.force_login(stranger)
        assert client.get(f"/matching/checkin/{mentor_checkin.pk}/").status_code == 404


def test_the_mentee_submits_a_check_in(client: Client, approved: Match) -> None:
    _checkins(approved)
    checkin = CheckIn.objects.get(match=approved, side="mentee")
    client.force_login(approved.mentee)
    url = f"/matching/checkin/{checkin.pk}/"
    data = {"met": "yes", "rating": "4", "progress": "CV done", "good_fit": "yes"}
    assert client.post(url, data).status_code == 302
    checkin.refresh_from_db()
    assert checkin.submitted_at and checkin.rating == 4 and checkin.met and checkin.good_fit


def test_a_rating_out_of_range_is_a_form_error(client: Client, approved: Match) -> None:
    _checkins(approved)
    checkin = CheckIn.objects.get(match=approved, side="mentee")
    client.force_login(approved.mentee)
    response = client.post(f"/matching/checkin/{checkin.pk}/", {"met": "yes", "rating": "9"})
    assert response.status_code == 200
    checkin.refresh_from_db()
    assert checkin.submitted_at is None


def test_after_closure_both_answer_the_exit_survey_and_the_agreement_page_is_gone(
    client: Client, approved: Match, coordinator: User
) -> None:
    closures.match_close(match=approved, by=coordinator, kind="planned", reason="completed")
    client.force_login(approved.mentor)
    assert client.get(f"/matching/{approved.pk}/agreement/").status_code == 404
    url = f"/matching/{approved.pk}/exit-survey/"
    assert "contact within the program" in client.get(url).content.decode()
    data = {"what_worked": "Regular calls", "would_recommend": "yes"}
    assert client.post(url, data).status_code == 302
    answers = Closure.objects.get(match=approved).exit_survey["mentor"]
    assert answers["what_worked"] == "Regular calls" and answers["would_recommend"] == "yes"
