"""Thank-you notes and nominations are limited per person: 30 in a loop send only the limit.

One account once sent 30 emails to 30 mentors in under a second. The limit counts the account,
not the address it comes from, so a second person behind the same proxy is not held back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from mentoring.campaign import services as campaign
from mentoring.campaign.models import Nomination
from mentoring.campaign.models import ThankYouNote
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import Profile
from mentoring.people.models import User
from tests.core.test_ratelimit import through_the_limit

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentors(make_mentor: Callable[..., User]) -> list[User]:
    # Thirty different mentors: the limit is on the sender, whoever receives.
    return [make_mentor(password=None) for _ in range(30)]


def test_thirty_notes_in_a_loop_send_only_the_limit(mentee: User, mentors: list[User]) -> None:
    sent, refused = through_the_limit(
        lambda n: campaign.note_write(
            author=mentee, mentor=mentors[n], body="Thank you!", public=False
        )
    )
    assert sent == 5 == ThankYouNote.objects.count()
    # The outbox holds one email per note that went through, none for the others.
    assert OutgoingEmail.objects.count() == 5
    assert len(refused) == 25
    assert refused[0].startswith("You have sent a lot of thank-you notes in a short time.")
    assert "Please try again in" in refused[0] and "minutes." in refused[0]


def test_thirty_nominations_in_a_loop_save_only_the_limit(
    mentee: User, mentors: list[User]
) -> None:
    sent, refused = through_the_limit(
        lambda n: campaign.nomination_submit(nominator=mentee, mentor=mentors[n], story="Kind.")
    )
    assert sent == 5 == Nomination.objects.count()
    assert len(refused) == 25 and "nominations" in refused[0]


def test_the_limit_counts_the_person_not_the_address(
    mentee: User, volunteer: User, mentors: list[User]
) -> None:
    through_the_limit(
        lambda n: campaign.note_write(author=mentee, mentor=mentors[n], body="Hi", public=False)
    )
    note = campaign.note_write(author=volunteer, mentor=mentors[0], body="Thanks!", public=False)
    assert note.pk and ThankYouNote.objects.filter(author=volunteer).count() == 1


def test_the_limit_comes_from_settings(mentee: User, mentors: list[User], settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "campaign.note": (2, 3600)}
    sent, _ = through_the_limit(
        lambda n: campaign.note_write(author=mentee, mentor=mentors[n], body="Hi", public=False)
    )
    assert sent == 2


def test_the_note_page_says_so_and_saves_nothing(
    mentee: User, make_mentor: Callable[..., User], settings: Any
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "campaign.note": (1, 3600)}
    mentor = make_mentor(password=None)
    Profile.objects.create(user=mentor, display_name="Marisol Entwistle")
    client = Client()
    client.force_login(mentee)
    data = {"mentor": mentor.pk, "body": "You helped me find my first job."}
    assert client.post("/thank/?q=Marisol", data).status_code == 302
    response = client.post("/thank/?q=Marisol", data)
    assert response.status_code == 200
    assert "You have sent a lot of thank-you notes in a short time." in response.content.decode()
    assert ThankYouNote.objects.count() == 1 == OutgoingEmail.objects.count()
