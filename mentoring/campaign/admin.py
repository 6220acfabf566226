"""Coordinator console for the campaign: moderate notes, feature mentors, enter observance days.

Imported from MentoringConfig.ready(): admin autodiscovery only finds `mentoring.admin`.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import get_translation_fields

from mentoring.campaign import services as campaign
from mentoring.campaign.models import Nomination
from mentoring.campaign.models import ObservanceDay
from mentoring.campaign.models import ObservancePromptSent
from mentoring.campaign.models import ThankYouNote
from mentoring.core.csv_export import export_as_csv
from mentoring.core.date_bounds import DateBoundsModelForm
from mentoring.core.date_bounds import DateHierarchyBoundsMixin
from mentoring.people.admin.scoping import ProgramScopedAdmin
from mentoring.people.http import admin_user


@admin.register(ObservanceDay)
class ObservanceDayAdmin(DateHierarchyBoundsMixin, TranslationAdmin):
    # TranslationAdmin shows each translated field once per language (name [en], name [es]).
    form = DateBoundsModelForm
    list_display = ["date", "name", "audience", "prompt_subject", "is_active", "is_example"]
    list_filter = ["year", "audience", "is_active"]
    list_editable = ["is_active"]
    search_fields = get_translation_fields("name")
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ["year", "date", "name", "slug", "description", "audience"]}),
        (
            _("Email prompt"),
            {
                "fields": ["prompt_subject", "prompt_text"],
                "description": _("A language left empty is read in English."),
            },
        ),
        (None, {"fields": ["is_active", "is_example"]}),
    ]
    actions = [export_as_csv]


@admin.register(ObservancePromptSent)
class ObservancePromptSentAdmin(ProgramScopedAdmin, admin.ModelAdmin):
    program_path = "user__enrollments__program"
    form = DateBoundsModelForm
    list_display = ["observance", "user", "sent_at"]
    list_filter = ["observance"]
    list_select_related = ["observance", "user"]
    raw_id_fields = ["user"]
    actions = [export_as_csv]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ThankYouNote)
class ThankYouNoteAdmin(ProgramScopedAdmin, admin.ModelAdmin):
    program_path = "mentor__enrollments__program"
    list_display = [
        "created_at",
        "author",
        "mentor",
        "visibility",
        "author_consents_public",
        "mentor_consents_public",
        "status",
        "body",
    ]
    list_filter = ["status", "visibility"]
    list_select_related = ["author", "mentor"]
    search_fields = ["body", "author__email", "mentor__email"]
    readonly_fields = ["author", "mentor", "body", "author_consents_public", "moderated_by"]
    fields = [
        "author",
        "mentor",
        "body",
        "visibility",
        "author_consents_public",
        "mentor_consents_public",
        "status",
        "moderated_by",
    ]
    actions = ["approve", "reject", export_as_csv]

    @admin.action(description=_("Approve selected notes"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[ThankYouNote]) -> None:
        for note in queryset:
            campaign.note_moderate(note=note, approve=True, moderator=admin_user(request))
        self.message_user(request, _("Approved. Public notes need both sides' consent to show."))

    @admin.action(description=_("Reject selected notes"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[ThankYouNote]) -> None:
        for note in queryset:
            campaign.note_moderate(note=note, approve=False, moderator=admin_user(request))
        self.message_user(request, _("Rejected."))


@admin.register(Nomination)
class NominationAdmin(ProgramScopedAdmin, TranslationAdmin):
    # The story's title and interview once per language; the nominator's words as written.
    program_path = "mentor__enrollments__program"
    form = DateBoundsModelForm
    list_display = ["month", "mentor", "nominator", "status", "featured_title", "story"]
    list_filter = ["status", "month"]
    list_select_related = ["mentor", "nominator"]
    search_fields = ["story", "mentor__email"]
    readonly_fields = ["nominator", "mentor", "story", "moderated_by"]
    fields = [
        "nominator",
        "mentor",
        "story",
        "month",
        "status",
        "featured_title",
        "featured_body",
        "moderated_by",
    ]
    actions = ["feature", "reject", export_as_csv]

    @admin.action(description=_("Feature as Mentor of the Month…"), permissions=["change"])
    def feature(
        self, request: HttpRequest, queryset: QuerySet[Nomination]
    ) -> TemplateResponse | None:
        # Featuring puts a person's name and story on the public home page: ask first.
        if "apply" not in request.POST:
            return TemplateResponse(
                request,
                "admin/campaign/nomination/feature.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Feature as Mentor of the Month"),
                    "nominations": queryset.select_related("mentor__profile"),
                    "opts": self.model._meta,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for nomination in queryset:
            try:
                campaign.nomination_feature(nomination=nomination, moderator=admin_user(request))
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("%(mentor)s is featured.") % {"mentor": nomination})
        return None

    @admin.action(description=_("Reject selected nominations"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Nomination]) -> None:
        for nomination in queryset:
            campaign.nomination_reject(nomination=nomination, moderator=admin_user(request))
