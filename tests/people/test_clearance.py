"""Promise 2's one rule: a mentor is cleared for minors when they said yes to mentoring minors
and their background check and training are both cleared and current.

The rule is MentorProfile.objects.cleared_for_minors(); the admin's column and filter, the
dashboard and the thin helper functions must each say exactly what it says.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.people.admin.profiles import MentorProfileAdmin
from mentoring.people.models import MentorProfile
from mentoring.people.models import Screening
from mentoring.people.models import User
from mentoring.people.models import cleared_for_minors
from mentoring.people.models import mentors_cleared_for_minors
from tests.factories import MentorProfileFactory
from tests.factories import ScreeningFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STATES = ("current", "expired", "missing")
# (willing to mentor minors, background check, training): 2 × 3 × 3 rows.
TABLE = list(itertools.product((True, False), STATES, STATES))
CHANGELIST = reverse("admin:mentoring_mentorprofile_changelist")


def expected(willing: bool, background: str, training: str) -> bool:
    return willing and background == "current" and training == "current"


def screen(user: User, kind: str, state: str) -> None:
    if state == "current":
        ScreeningFactory.create(mentor=user, kind=kind, expires=TODAY + timedelta(days=200))
    elif state == "expired":
        ScreeningFactory.create(mentor=user, kind=kind, expires=TODAY - timedelta(days=1))


def mentor_with(willing: bool, background: str, training: str) -> MentorProfile:
    # No password: hashing one per row would cost seconds for the whole table.
    user = UserFactory.create(password=None)
    profile = MentorProfileFactory.create(user=user, willing_minors=willing)
    screen(user, Screening.Kind.BACKGROUND, background)
    screen(user, Screening.Kind.TRAINING, training)
    # Checks that never count towards minors: they must not make up for a missing one.
    ScreeningFactory.create(mentor=user, kind=Screening.Kind.REFERENCES)
    ScreeningFactory.create(mentor=user, kind=Screening.Kind.INTERVIEW)
    return profile


@pytest.mark.parametrize(("willing", "background", "training"), TABLE)
def test_the_rule_clears_only_a_willing_mentor_with_current_background_and_training(
    willing: bool, background: str, training: str
) -> None:
    profile = mentor_with(willing, background, training)
    cleared = MentorProfile.objects.cleared_for_minors().filter(pk=profile.pk).exists()
    assert cleared is expected(willing, background, training)
    annotated = MentorProfile.objects.with_clearance().get(pk=profile.pk)
    assert annotated.is_cleared_for_minors is cleared  # type: ignore[attr-defined]
    assert annotated.is_screened is (background == training == "current")  # type: ignore[attr-defined]


def test_a_check_expiring_today_still_counts_and_one_expired_yesterday_does_not() -> None:
    today = mentor_with(True, "missing", "current")
    ScreeningFactory.create(mentor=today.user, kind=Screening.Kind.BACKGROUND, expires=TODAY)
    yesterday = mentor_with(True, "missing", "current")
    ScreeningFactory.create(
        mentor=yesterday.user, kind=Screening.Kind.BACKGROUND, expires=TODAY - timedelta(days=1)
    )
    assert set(MentorProfile.objects.cleared_for_minors()) == {today}


@pytest.mark.parametrize("status", [Screening.Status.PENDING, Screening.Status.FAILED])
def test_a_pending_or_failed_background_check_does_not_clear(status: str) -> None:
    profile = mentor_with(True, "missing", "current")
    ScreeningFactory.create(mentor=profile.user, kind=Screening.Kind.BACKGROUND, status=status)
    assert not MentorProfile.objects.cleared_for_minors().exists()


def test_the_rule_is_asked_for_a_given_day() -> None:
    profile = mentor_with(True, "missing", "current")
    ScreeningFactory.create(
        mentor=profile.user, kind=Screening.Kind.BACKGROUND, expires=TODAY + timedelta(days=10)
    )
    assert MentorProfile.objects.cleared_for_minors(TODAY + timedelta(days=10)).exists()
    assert not MentorProfile.objects.cleared_for_minors(TODAY + timedelta(days=11)).exists()
    assert not cleared_for_minors(profile.user_id, TODAY + timedelta(days=11))
    assert mentors_cleared_for_minors(TODAY + timedelta(days=11)) == set()


def test_someone_without_a_mentor_profile_is_not_cleared(make_user) -> None:
    user = make_user()
    for kind in (Screening.Kind.BACKGROUND, Screening.Kind.TRAINING):
        ScreeningFactory.create(mentor=user, kind=kind)
    assert not cleared_for_minors(user.pk)
    assert user.pk not in mentors_cleared_for_minors()


@pytest.fixture
def table() -> dict[int, bool]:
    """Every row of the truth table as a mentor: user id → what the rule should say."""
    return {mentor_with(*row).user_id: expected(*row) for row in TABLE}


def test_the_helpers_agree_with_the_rule(table: dict[int, bool]) -> None:
    by_rule = set(MentorProfile.objects.cleared_for_minors().values_list("user_id", flat=True))
    assert by_rule == {user_id for user_id, cleared in table.items() if cleared}
    assert mentors_cleared_for_minors() == by_rule
    assert {user_id for user_id in table if cleared_for_minors(user_id)} == by_rule


def test_the_admin_column_and_filter_agree_with_the_rule(
    client: Client, coordinator: User, table: dict[int, bool]
) -> None:
    client.force_login(coordinator)
    column = MentorProfileAdmin(MentorProfile, admin.site).cleared
    listed = client.get(CHANGELIST).context["cl"].result_list
    assert {m.user_id: column(m) for m in listed} == table

    filtered = client.get(CHANGELIST, {"screening": "cleared"}).context["cl"].result_list
    assert {m.user_id for m in filtered} == {u for u, cleared in table.items() if cleared}
    # "Still need screening" is the screening half of the same rule, whatever they agreed to.
    needed = client.get(CHANGELIST, {"screening": "needed"}).context["cl"].result_list
    screened = {m for m in MentorProfile.objects.with_clearance() if m.is_screened}  # type: ignore[attr-defined]
    assert set(needed) == set(MentorProfile.objects.all()) - screened
    assert len(needed) == 16  # 18 rows, 2 of them (willing or not) with both checks current


def test_the_dashboard_agrees_with_the_rule(client: Client, table: dict[int, bool]) -> None:
    said = {}
    for user_id in table:
        client.force_login(User.objects.get(pk=user_id))
        response = client.get(reverse("me"))
        said[user_id] = response.context["cleared_for_minors"]
        complete = "you can be matched with mentees under 18" in response.content.decode()
        assert complete is said[user_id]
    assert said == table
