"""Who may take part in matching: the reads the matching service builds on."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from mentoring.models import Enrollment, GuardianConsent, Program, User


def adult_birthday_cutoff(on: date) -> date:
    """Anyone born on or before this day is 18 or older on `on`."""
    try:
        return on.replace(year=on.year - 18)
    except ValueError:  # 29 February
        return on.replace(year=on.year - 18, day=28)


def matchable_mentees(program: Program, on: date | None = None) -> QuerySet[User]:
    """Mentees of the program who may be proposed: a minor only with recorded guardian consent.

    A mentee with no date of birth is not matchable: we cannot tell whether safeguards apply.
    """
    on = on or timezone.localdate()
    consented = GuardianConsent.objects.filter(status=GuardianConsent.Status.GIVEN).values(
        "mentee_id"
    )
    return User.objects.filter(
        Q(mentee_profile__date_of_birth__lte=adult_birthday_cutoff(on)) | Q(pk__in=consented),
        is_active=True,
        enrollments__program=program,
        enrollments__role=Enrollment.Role.MENTEE,
        profile__isnull=False,
        mentee_profile__date_of_birth__isnull=False,
    ).distinct()


def matchable_mentors(program: Program) -> QuerySet[User]:
    """Mentors of the program who accepted the code of conduct and are not paused."""
    return User.objects.filter(
        is_active=True,
        enrollments__program=program,
        enrollments__role=Enrollment.Role.MENTOR,
        profile__isnull=False,
        mentor_profile__code_of_conduct_accepted_at__isnull=False,
        mentor_profile__paused_at__isnull=True,
    ).distinct()
