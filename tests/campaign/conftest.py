from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from mentoring.campaign.models import ObservanceDay
from mentoring.people.models import User
from tests.campaign.data import observance_day
from tests.factories import MenteeProfileFactory
from tests.factories import MentorProfileFactory

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def make_mentor(make_user: Callable[..., User]) -> Callable[..., User]:
    def make(email: str | None = None, **fields: object) -> User:
        return MentorProfileFactory.create(user=make_user(email, **fields)).user

    return make


@pytest.fixture
def make_mentee(make_user: Callable[..., User]) -> Callable[..., User]:
    def make(email: str | None = None, **fields: object) -> User:
        return MenteeProfileFactory.create(user=make_user(email, **fields)).user

    return make


@pytest.fixture
def thank_your_mentor_day(db: None) -> ObservanceDay:
    return observance_day(
        date(2027, 1, 21),
        name="Thank Your Mentor Day",
        audience="mentees",
        prompt_subject="Write your mentor a note",
        prompt_text="Today is a good day to say thank you.",
    )
