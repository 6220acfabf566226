"""Issue #18: a long exit-survey answer is refused with a clear message, never silently cut."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from matching.models import Match
from matching.relationships.models import Closure
from matching.relationships.services import closures
from mentoring.people.models import User

LONG = "x" * (Closure.EXIT_ANSWER_MAX + 1)


@pytest.fixture
def closed(approved: Match, coordinator: User) -> Match:
    closures.match_close(match=approved, by=coordinator, kind="planned", reason="completed")
    return approved


def test_a_too_long_exit_survey_answer_is_a_field_error_not_cut_short(
    client: Client, closed: Match
) -> None:
    client.force_login(closed.mentor)
    url = f"/matching/{closed.pk}/exit-survey/"
    page = client.get(url).text
    assert f'maxlength="{Closure.EXIT_ANSWER_MAX}"' in page and "Up to 2,000 characters." in page

    response = client.post(url, {"what_worked": LONG, "would_recommend": "yes"})

    assert response.status_code == 200
    assert "Ensure this value has at most 2000 characters" in response.text
    assert LONG in response.text  # what they wrote is still there to shorten
    assert "mentor" not in Closure.objects.get(match=closed).exit_survey


def test_the_service_refuses_a_too_long_answer_instead_of_truncating_it(closed: Match) -> None:
    with pytest.raises(ValidationError, match="2000 characters or fewer"):
        closures.exit_survey_submit(match=closed, user=closed.mentee, answers={"what_worked": LONG})
    assert Closure.objects.get(match=closed).exit_survey == {}
