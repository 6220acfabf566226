"""The single "cleared for minors" rule, and the admin filter that must agree with it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.people.admin.profiles import with_screening
from mentoring.people.models import (
    MentorProfile,
    Screening,
    User,
    cleared_for_minors,
    mentors_cleared_for_minors,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CLEARED, PENDING, FAILED = (
    Screening.Status.CLEARED,
    Screening.Status.PENDING,
    Screening.Status.FAILED,
)


def screen(mentor: User, kind: str, status: str, expires_in_days: int | None = None) -> None:
    expires = TODAY + timedelta(days=expires_in_days) if expires_in_days is not None else None
    Screening.objects.create(mentor=mentor, kind=kind, status=status, expires=expires)


@pytest.fixture
def screened(make_user: Callable[..., User]) -> Callable[..., User]:
    def make(**records: tuple[str, int | None]) -> User:
        user = make_user()
        MentorProfile.objects.create(user=user)
        for kind, (status, days) in records.items():
            screen(user, kind, status, days)
        return user

    return make


def test_a_current_background_check_and_training_clear_a_mentor(screened: Callable) -> None:
    mentor = screened(background=(CLEARED, 300), training=(CLEARED, None))
    assert cleared_for_minors(mentor.pk)
    assert mentor.pk in mentors_cleared_for_minors()


def test_a_mentor_without_training_is_not_cleared(screened: Callable) -> None:
    assert not cleared_for_minors(screened(background=(CLEARED, 300)).pk)
    assert not cleared_for_minors(screened(background=(CLEARED, 300), training=(PENDING, None)).pk)


def test_a_mentor_without_a_background_check_is_not_cleared(screened: Callable) -> None:
    assert not cleared_for_minors(screened(training=(CLEARED, None)).pk)


def test_an_expired_background_check_does_not_clear_a_mentor(screened: Callable) -> None:
    mentor = screened(background=(CLEARED, -1), training=(CLEARED, None))
    assert not cleared_for_minors(mentor.pk)
    assert mentor.pk not in mentors_cleared_for_minors()


def test_a_failed_background_check_does_not_clear_a_mentor(screened: Callable) -> None:
    mentor = screened(background=(FAILED, None), training=(CLEARED, None))
    assert not cleared_for_minors(mentor.pk)


def test_a_check_expiring_today_still_counts(screened: Callable) -> None:
    assert cleared_for_minors(screened(background=(CLEARED, 0), training=(CLEARED, None)).pk)


def test_the_admin_screening_filter_agrees_with_the_rule(screened: Callable) -> None:
    screened(background=(CLEARED, 300), training=(CLEARED, None))
    screened(background=(CLEARED, -1), training=(CLEARED, None))
    screened(background=(FAILED, None), training=(CLEARED, None))
    screened(background=(CLEARED, 300), training=(PENDING, None))
    screened(background=(PENDING, None))
    screened()
    listed = with_screening(MentorProfile.objects.all())
    cleared_in_admin = {m.user_id for m in listed if m.background_ok and m.training_ok}
    assert cleared_in_admin == mentors_cleared_for_minors()
    assert len(cleared_in_admin) == 1
    assert all(cleared_for_minors(m.user_id) == (m.user_id in cleared_in_admin) for m in listed)
