"""`seed_demo` builds a realistic population: deterministic for a seed, idempotent, fast."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from mentoring.people.demo import BASE_DATE
from mentoring.people.models import GuardianConsent
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import Screening
from mentoring.people.models import User
from mentoring.people.models import cleared_for_minors
from mentoring.people.models import mentors_cleared_for_minors

pytestmark = pytest.mark.django_db


def seed(number: int = 2027) -> float:
    started = time.perf_counter()
    call_command("seed_demo", "--seed", str(number), stdout=StringIO())
    return time.perf_counter() - started


def snapshot() -> list[tuple[str, list[str], list[str]]]:
    """(email, interests, availability) of every generated person."""
    profiles = Profile.objects.filter(user__email__startswith="demo-").prefetch_related(
        "personal_interests"
    )
    return sorted(
        (p.user.email, sorted(i.slug for i in p.personal_interests.all()), p.availability)
        for p in profiles.select_related("user")
    )


def forget_population() -> None:
    User.objects.filter(email__startswith="demo-").delete()


@pytest.fixture(scope="module")
def first_run(django_db_setup: None, django_db_blocker: Any) -> Iterator[float]:
    """One seeding for the module, as Django's setUpTestData: each test runs in a savepoint
    inside this outer transaction, which is rolled back after the last one."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


def test_it_creates_the_demo_population_in_under_a_minute(first_run: float) -> None:
    elapsed = first_run
    print(f"seed_demo created the population in {elapsed:.1f} s")
    assert elapsed < 60
    mentors = MentorProfile.objects.filter(user__email__startswith="demo-")
    mentees = list(MenteeProfile.objects.filter(user__email__startswith="demo-"))
    assert mentors.count() >= 200
    assert len(mentees) >= 500
    assert not mentors.filter(code_of_conduct_accepted_at__isnull=True).exists()
    people = Profile.objects.filter(user__email__startswith="demo-")
    assert people.count() == mentors.count() + len(mentees)
    assert all(1 <= len(p.availability) <= 21 for p in people)
    languages = Counter(code for p in people for code in p.languages)
    assert 0.78 < languages["en"] / people.count() < 0.92
    assert 0.18 < languages["es"] / people.count() < 0.32
    assert len(languages) >= 5


def test_about_a_tenth_of_mentees_are_minors_and_every_minor_has_consent(first_run: float) -> None:
    mentees = list(MenteeProfile.objects.filter(user__email__startswith="demo-"))
    minors = {m.user_id for m in mentees if m.is_minor_on(BASE_DATE)}
    assert 0.08 <= len(minors) / len(mentees) <= 0.12
    consented = set(
        GuardianConsent.objects.filter(status=GuardianConsent.Status.GIVEN).values_list(
            "mentee_id", flat=True
        )
    )
    assert minors <= consented
    under_13 = {m.user_id for m in mentees if m.age_on(BASE_DATE) < 13}
    assert under_13
    offline = GuardianConsent.objects.filter(mentee_id__in=under_13)
    assert all(consent.recorded_by_id for consent in offline)


def test_screening_records_cover_every_state_and_about_half_the_mentors_are_cleared(
    first_run: float,
) -> None:
    statuses = set(Screening.objects.values_list("status", flat=True))
    assert statuses == {"pending", "cleared", "failed"}
    expired = Screening.objects.filter(status="cleared", expires__lt=BASE_DATE)
    assert expired.exists()
    mentors = MentorProfile.objects.filter(user__email__startswith="demo-").count()
    share = len(mentors_cleared_for_minors()) / mentors
    # About 60 % are screened and about 70 % of those said yes to mentoring minors.
    assert 0.35 < share < 0.6
    assert not any(cleared_for_minors(s.mentor_id) for s in expired[:5])


def test_the_demo_logins_are_complete_and_the_coordinator_is_not_a_superuser(
    first_run: float,
) -> None:
    coordinator = User.objects.get(email="coordinator@example.org")
    assert coordinator.is_staff and not coordinator.is_superuser
    assert coordinator.groups.filter(name="Coordinators").exists()
    assert Group.objects.get(name="Coordinators").user_set.filter(pk=coordinator.pk).exists()
    mentor = User.objects.get(email="mentor@example.org")
    assert cleared_for_minors(mentor.pk)
    assert mentor.mentor_profile.capacity == 2
    mentee = User.objects.get(email="mentee@example.org")
    assert not mentee.mentee_profile.is_minor_on(BASE_DATE)
    assert mentee.mentee_profile.seeking.exists()
    for email in ("coordinator", "mentor", "mentee", "volunteer"):
        assert Profile.objects.filter(user__email=f"{email}@example.org").exists()
    assert User.objects.get(email="admin@example.org").is_superuser


def test_it_is_deterministic_for_a_seed_and_differs_for_another(first_run: float) -> None:
    forget_population()
    seed(7)
    first = snapshot()
    forget_population()
    seed(7)
    assert snapshot() == first
    forget_population()
    seed(8)
    assert snapshot() != first


def test_a_second_run_adds_nothing(first_run: float) -> None:
    counts = (User.objects.count(), Profile.objects.count(), Screening.objects.count())
    elapsed = seed()
    print(f"second seed_demo run took {elapsed:.1f} s")
    assert (User.objects.count(), Profile.objects.count(), Screening.objects.count()) == counts
