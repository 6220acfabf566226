"""Coordinator console: everyone's profile, and the mentee and mentor sides of it.

Every list annotates or prefetches what its columns show, so a page of 100 rows costs the same
number of queries as a page of 5.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING
from typing import Any
from typing import cast

from django.contrib import admin
from django.db.models import Exists
from django.db.models import Manager
from django.db.models import Model
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.core.csv_export import export_as_csv
from mentoring.core.date_bounds import DateBoundsModelForm
from mentoring.core.list_filters import ChoicesFilter
from mentoring.core.list_filters import WhereFilter
from mentoring.people.admin.scoping import ProgramScopedAdmin
from mentoring.people.models import LANGUAGE_CHOICES
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Interest
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import MentorProfileQuerySet
from mentoring.people.models import Profile

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def interests_column(field: str, description: StrOrPromise) -> Callable[[Any, Model], str]:
    """A list column naming the interests in a many-to-many the admin's queryset prefetches."""

    @admin.display(description=description)
    def column(model_admin: Any, row: Model) -> str:
        interests: Manager[Interest] = getattr(row, field)
        # Reads the prefetched rows: calling .all() costs no query here.
        return ", ".join(interest.name for interest in interests.all())

    return column


class LanguageFilter(ChoicesFilter):
    title = _("language")
    parameter_name = "language"
    options = LANGUAGE_CHOICES

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            # Languages are a JSON list of codes; the quotes keep "es" from matching "res".
            return queryset.filter(languages__icontains=f'"{self.value()}"')
        return queryset


@admin.register(Profile)
class ProfileAdmin(ProgramScopedAdmin, admin.ModelAdmin):
    program_path = "user__enrollments__program"
    list_display = ("display_name", "user", "pronouns", "language_list", "area", "interests")
    list_filter = (LanguageFilter, "area")
    search_fields = ("display_name", "user__email", "user__first_name", "user__last_name")
    list_select_related = ("user",)
    autocomplete_fields = ("user", "personal_interests")
    readonly_fields = ("last_seen", "created", "updated")
    actions = [export_as_csv]
    csv_fields = (
        "display_name",
        "user",
        "pronouns",
        "language_list",
        "formats",
        "area",
        "availability",
        "interests",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Profile]:
        return super().get_queryset(request).prefetch_related("personal_interests")

    @admin.display(description=_("languages"))
    def language_list(self, profile: Profile) -> str:
        return ", ".join(profile.languages or [])

    interests = interests_column("personal_interests", _("personal interests"))


class AgeFilter(ChoicesFilter):
    title = _("age")
    parameter_name = "age"
    options = [
        ("under13", _("Under 13")),
        ("13to17", _("13–17")),
        ("adult", _("18 or older")),
        ("unknown", _("Not given")),
    ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        adult, teen = years_before(today, 18), years_before(today, 13)
        match self.value():
            case "under13":
                return queryset.filter(date_of_birth__gt=teen)
            case "13to17":
                return queryset.filter(date_of_birth__gt=adult, date_of_birth__lte=teen)
            case "adult":
                return queryset.filter(date_of_birth__lte=adult)
            case "unknown":
                return queryset.filter(date_of_birth__isnull=True)
        return queryset


@admin.register(MenteeProfile)
class MenteeProfileAdmin(ProgramScopedAdmin, admin.ModelAdmin):
    program_path = "user__enrollments__program"
    form = DateBoundsModelForm
    list_display = ("user", "display_name", "age", "consent_given", "wants_help_with")
    list_filter = (AgeFilter, "rematch_priority", "user__enrollments__program")
    search_fields = ("user__email", "user__first_name", "user__last_name", "goals")
    list_select_related = ("user", "user__profile")
    autocomplete_fields = ("user", "seeking")
    actions = [export_as_csv]
    csv_fields = ("user", "display_name", "age", "consent_given", "wants_help_with", "goals")

    def get_queryset(self, request: HttpRequest) -> QuerySet[MenteeProfile]:
        given = GuardianConsent.objects.filter(
            mentee_id=OuterRef("user_id"), status=GuardianConsent.Status.GIVEN
        )
        return (
            super()
            .get_queryset(request)
            .annotate(has_consent=Exists(given))
            .prefetch_related("seeking")
        )

    @admin.display(description=_("display name"), ordering="user__profile__display_name")
    def display_name(self, mentee: MenteeProfile) -> str:
        profile = getattr(mentee.user, "profile", None)
        return profile.display_name if profile else ""

    @admin.display(description=_("age"), ordering="-date_of_birth")
    def age(self, mentee: MenteeProfile) -> int | None:
        return mentee.age_on(timezone.localdate())

    @admin.display(description=_("guardian consent"), boolean=True)
    def consent_given(self, mentee: MenteeProfile) -> bool | None:
        # Only minors need consent; "not applicable" shows as the unknown icon.
        if not mentee.is_minor_on(timezone.localdate()):
            return None
        return mentee.has_consent  # type: ignore[attr-defined]

    wants_help_with = interests_column("seeking", _("wants help with"))


class NeedsScreeningFilter(ChoicesFilter):
    title = _("screening")
    parameter_name = "screening"
    options = [
        ("needed", _("Mentors who still need screening")),
        ("cleared", _("Cleared for minors")),
    ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        # The rule itself lives on MentorProfileQuerySet, so this list agrees with matching.
        mentors = cast(MentorProfileQuerySet, queryset)
        if self.value() == "needed":
            return mentors.screening_incomplete()
        if self.value() == "cleared":
            return mentors.cleared_for_minors()
        return queryset


class CodeOfConductFilter(WhereFilter):
    title = _("code of conduct")
    parameter_name = "conduct"
    options = [("yes", _("Accepted")), ("no", _("Not yet"))]
    where = {
        "yes": Q(code_of_conduct_accepted_at__isnull=False),
        "no": Q(code_of_conduct_accepted_at__isnull=True),
    }


@admin.register(MentorProfile)
class MentorProfileAdmin(ProgramScopedAdmin, admin.ModelAdmin):
    program_path = "user__enrollments__program"
    form = DateBoundsModelForm
    list_display = (
        "user",
        "display_name",
        "capacity",
        "years_experience",
        "willing_minors",
        "cleared",
        "conduct_accepted",
        "expertise",
    )
    list_filter = (
        NeedsScreeningFilter,
        CodeOfConductFilter,
        "willing_minors",
        "willing_group",
        "capacity",
        "user__enrollments__program",
    )
    search_fields = ("user__email", "user__first_name", "user__last_name")
    list_select_related = ("user", "user__profile")
    autocomplete_fields = ("user", "offering")
    actions = [export_as_csv]

    def get_queryset(self, request: HttpRequest) -> QuerySet[MentorProfile]:
        mentors = cast(MentorProfileQuerySet, super().get_queryset(request))
        return mentors.with_clearance().prefetch_related("offering")

    @admin.display(description=_("display name"), ordering="user__profile__display_name")
    def display_name(self, mentor: MentorProfile) -> str:
        profile = getattr(mentor.user, "profile", None)
        return profile.display_name if profile else ""

    @admin.display(description=_("cleared for minors"), boolean=True)
    def cleared(self, mentor: MentorProfile) -> bool:
        # Annotated by MentorProfileQuerySet.with_clearance: the one rule, not a copy of it.
        return bool(mentor.is_cleared_for_minors)  # type: ignore[attr-defined]

    @admin.display(description=_("code of conduct"), boolean=True)
    def conduct_accepted(self, mentor: MentorProfile) -> bool:
        return mentor.code_of_conduct_accepted_at is not None

    expertise = interests_column("offering", _("expertise offered"))
