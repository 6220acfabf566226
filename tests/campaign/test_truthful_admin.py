"""Issue #18: featuring a Mentor of the Month asks the coordinator to confirm first."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from mentoring.campaign import services as campaign
from mentoring.campaign.models import Nomination
from mentoring.people.models import Profile
from mentoring.people.models import User

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/campaign/nomination/"


def test_featuring_a_nomination_shows_a_confirmation_before_anything_is_public(
    client: Client, make_mentor: Callable[..., User], mentee: User, coordinator: User
) -> None:
    mentor = make_mentor()
    Profile.objects.create(user=mentor, display_name="Marisol E.")
    nomination = campaign.nomination_submit(nominator=mentee, mentor=mentor, story="Kind")
    client.force_login(coordinator)
    chosen = {"action": "feature", "_selected_action": [nomination.pk]}

    ask = client.post(CHANGELIST, chosen)

    assert ask.status_code == 200
    assert "Marisol E." in ask.text and 'name="apply"' in ask.text
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED
    client.post(CHANGELIST, {**chosen, "apply": "1"})
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.FEATURED
