"""The campaign demo seeder: example observance days, approved notes, a Mentor of the Month."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from django.test import Client

from mentoring.campaign.demo import seed_campaign
from mentoring.campaign.models import Nomination
from mentoring.campaign.models import ObservanceDay
from mentoring.campaign.models import ThankYouNote
from mentoring.people.models import Profile
from mentoring.people.models import User

pytestmark = pytest.mark.django_db


def test_the_campaign_seeder_is_idempotent_and_fills_the_home_page(
    client: Client, make_user: Callable[..., User], make_mentor: Callable[..., User]
) -> None:
    mentor = make_mentor("mentor@example.org", first_name="Marisol")
    Profile.objects.create(user=mentor, display_name="Marisol")
    make_user("mentee@example.org", first_name="Tomás")
    make_user("coordinator@example.org", is_staff=True)
    seed_campaign(random.Random(1))
    seed_campaign(random.Random(2))
    assert ObservanceDay.objects.filter(year=2027, is_example=True).count() == 5
    assert ThankYouNote.objects.on_wall().count() == 2
    assert Nomination.objects.featured().count() == 1
    html = client.get("/").text
    assert "Thank Your Mentor Day" in html
    assert "Marisol: the mentor who was mentored first" in html
