"""Coordinator console: programs, who is enrolled in them, and the interest taxonomy."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import get_translation_fields

from mentoring.core.csv_export import export_as_csv
from mentoring.core.date_bounds import DateBoundsModelForm
from mentoring.core.date_bounds import DateHierarchyBoundsMixin
from mentoring.people.admin.imports import ImportPeopleMixin
from mentoring.people.admin.scoping import ProgramScopedAdmin
from mentoring.people.models import Enrollment
from mentoring.people.models import Interest
from mentoring.people.models import Program
from mentoring.people.models import ProgramCoordinator


@admin.register(Program)
class ProgramAdmin(ProgramScopedAdmin, TranslationAdmin):
    # TranslationAdmin shows each translated text once per language (name [en], name [es]).
    program_path = ""  # the rows are the programs themselves
    form = DateBoundsModelForm
    list_display = ("name", "season", "format", "is_youth", "status", "signup_opens", "area")
    list_filter = ("status", "format", "is_youth")
    search_fields = (*get_translation_fields("name"), "slug", "organizer", "season")
    prepopulated_fields = {"slug": ("name",)}
    # The matching app adds its "Run matching" action (matching/admin.py): people sit below it.
    actions = [export_as_csv]
    fieldsets = (
        (None, {"fields": ("name", "slug", "organizer", "season", "description")}),
        (_("How it runs"), {"fields": ("format", "is_youth", "minor_meetings", "status", "area")}),
        (_("Sign-up window"), {"fields": ("signup_opens", "signup_closes")}),
        (
            _("Programs directory"),
            {
                "fields": (
                    "delivery",
                    "focus",
                    "time_commitment",
                    "mentor_places",
                    "mentee_places",
                    "recruiting_mentors_only",
                )
            },
        ),
        (
            _("Matching"),
            {
                "fields": (
                    "weight_career",
                    "weight_academic",
                    "weight_personal",
                    "max_mentees_per_mentor",
                )
            },
        ),
    )


@admin.register(Enrollment)
class EnrollmentAdmin(
    ProgramScopedAdmin, ImportPeopleMixin, DateHierarchyBoundsMixin, admin.ModelAdmin
):
    list_display = ("user", "full_name", "role", "program", "created")
    list_filter = ("role", "program")
    search_fields = ("user__email", "user__first_name", "user__last_name")
    list_select_related = ("user", "program")
    autocomplete_fields = ("user", "program")
    date_hierarchy = "created"
    actions = [export_as_csv]

    @admin.display(description=_("name"), ordering="user__last_name")
    def full_name(self, enrollment: Enrollment) -> str:
        return f"{enrollment.user.first_name} {enrollment.user.last_name}".strip()


@admin.register(ProgramCoordinator)
class ProgramCoordinatorAdmin(ProgramScopedAdmin, admin.ModelAdmin):
    """Who coordinates which program: what scopes every coordinator's admin."""

    list_display = ("program", "user")
    list_filter = ("program",)
    list_select_related = ("program", "user")
    raw_id_fields = ("user",)


@admin.register(Interest)
class InterestAdmin(TranslationAdmin):
    list_display = ("name", "category", "slug", "is_active")
    list_editable = ("category", "is_active")
    list_filter = ("category", "is_active")
    # Either language finds it, as the participant import does.
    search_fields = (*get_translation_fields("name"), "slug")
    prepopulated_fields = {"slug": ("name",)}
    actions = [export_as_csv]
