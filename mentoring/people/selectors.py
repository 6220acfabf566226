"""Reads shared by several pages: who may take part in matching, which programs are open,
which emails a person accepts."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case
from django.db.models import Count
from django.db.models import F
from django.db.models import IntegerField
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import get_language

from mentoring.core.translated import reader_order
from mentoring.people.models import EmailCategory
from mentoring.people.models import EmailPreference
from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Interest
from mentoring.people.models import Program
from mentoring.people.models import Screening
from mentoring.people.models import User
from mentoring.people.models.interest import DEFAULT_NAME
from mentoring.people.models.interest import NAMES_CACHE_KEY

INTEREST_NAMES_SECONDS = 300


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
    )  # one row a person: one enrolment per (user, program, role); no DISTINCT to sort


def matchable_mentors(program: Program) -> QuerySet[User]:
    """Mentors of the program who accepted the code of conduct and are not paused."""
    return User.objects.filter(
        is_active=True,
        enrollments__program=program,
        enrollments__role=Enrollment.Role.MENTOR,
        profile__isnull=False,
        mentor_profile__code_of_conduct_accepted_at__isnull=False,
        mentor_profile__paused_at__isnull=True,
    )  # one row a person, as matchable_mentees


def _places_left(role: str, places_field: str) -> Case:
    taken = Count("enrollments", filter=Q(enrollments__role=role), distinct=True)
    # NULL places means no limit. Spelled out because PostgreSQL's GREATEST skips NULLs
    # (it would say 0 places left) while SQLite's returns NULL.
    return Case(
        When(**{f"{places_field}__isnull": True}, then=Value(None)),
        default=Greatest(F(places_field) - taken, 0),
        output_field=IntegerField(),
    )


def open_programs(filters: dict[str, str]) -> QuerySet[Program]:
    """Open programs with places left per role, narrowed by every filter given (AND)."""
    programs = Program.objects.open_for_signup().annotate(
        mentor_places_left=_places_left(Enrollment.Role.MENTOR, "mentor_places"),
        mentee_places_left=_places_left(Enrollment.Role.MENTEE, "mentee_places"),
    )
    # A youth program welcomes under-18s as well as adults (the demo's only program is one, and
    # most of its mentees are adults); every program takes adult mentees.
    if filters.get("audience") == "youth":
        programs = programs.filter(is_youth=True)
    if filters.get("delivery"):
        # A program that meets both ways suits either choice.
        programs = programs.filter(delivery__in=[filters["delivery"], Program.Delivery.HYBRID])
    if filters.get("area"):
        programs = programs.filter(area=filters["area"])
    if filters.get("focus"):
        programs = programs.filter(focus__in=[filters["focus"], Program.Focus.BOTH])
    return programs.order_by(reader_order("name"))


def interest_names() -> dict[str, str]:
    """Interest names as matching keeps them (the English) → as the reader reads them.

    Match explanations store names, not rows; every explanation on a page translates through
    this one map, cached per language (the taxonomy is small; Interest.save forgets it). A name
    missing from it is shown as kept.
    """
    language = get_language()
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return {}  # the names kept are already the English: nothing to look up
    key = NAMES_CACHE_KEY.format(language=language)
    names = cache.get(key)
    if names is None:
        names = dict(Interest.objects.values_list(DEFAULT_NAME, "name"))
        cache.set(key, names, INTEREST_NAMES_SECONDS)
    return names


def email_preferences_of(user: User) -> dict[str, bool]:
    """{category: accepts} for every category; one never changed is accepted (the default)."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("category", "subscribed"))
    return {category: chosen.get(category, True) for category in EmailCategory.values}


def programs_coordinated_by(user: User) -> QuerySet[Program]:
    """The programs this admin user runs: every program for a superuser, else those they are
    a ProgramCoordinator of. The one scope every coordinator page and count reads."""
    if user.is_superuser:
        return Program.objects.all()
    return Program.objects.filter(coordinators__user=user)


EXPIRY_WARNING_DAYS = 30


def screenings_expiring_soon(
    screenings: QuerySet[Screening], on: date | None = None
) -> QuerySet[Screening]:
    """Cleared checks that lapse within EXPIRY_WARNING_DAYS: renew them before a minor's
    mentor stops being cleared. The admin filter and the coordinator's to-do both ask here."""
    on = on or timezone.localdate()
    return screenings.filter(
        status=Screening.Status.CLEARED,
        expires__gte=on,
        expires__lte=on + timedelta(days=EXPIRY_WARNING_DAYS),
    )


def screenings_in_program(screenings: QuerySet[Screening], program_id: int) -> QuerySet[Screening]:
    """Checks of the program's mentors (a screening belongs to a person, not to a program)."""
    mentors = Enrollment.objects.filter(program_id=program_id, role=Enrollment.Role.MENTOR)
    return screenings.filter(mentor_id__in=mentors.values("user_id"))


def consents_in_program(
    consents: QuerySet[GuardianConsent], program_id: int
) -> QuerySet[GuardianConsent]:
    mentees = Enrollment.objects.filter(program_id=program_id, role=Enrollment.Role.MENTEE)
    return consents.filter(mentee_id__in=mentees.values("user_id"))
