"""Coordinator console: screening records and guardian consent (youth safeguards)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.core.csv_export import export_as_csv
from mentoring.people.models import GuardianConsent, Screening


class ExpiredFilter(admin.SimpleListFilter):
    title = _("expiry")
    parameter_name = "expired"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Expired")), ("no", _("Current or no expiry"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.filter(expires__lt=today)
        if self.value() == "no":
            return queryset.filter(Q(expires__isnull=True) | Q(expires__gte=today))
        return queryset


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    list_display = ("mentor", "kind", "status", "date", "expires", "is_expired", "verified_by")
    list_filter = ("kind", "status", ExpiredFilter)
    search_fields = ("mentor__email", "mentor__first_name", "mentor__last_name")
    list_select_related = ("mentor", "verified_by")
    autocomplete_fields = ("mentor", "verified_by")
    date_hierarchy = "date"
    actions = [export_as_csv]

    @admin.display(description=_("expired"), boolean=True)
    def is_expired(self, screening: Screening) -> bool:
        return screening.expires is not None and screening.expires < timezone.localdate()

    def save_model(self, request: HttpRequest, obj: Screening, form: Any, change: bool) -> None:
        # Who verified a check is evidence: unless stated, it is the coordinator recording it.
        if obj.verified_by_id is None:
            obj.verified_by = request.user
        super().save_model(request, obj, form, change)


# What the guardian agreed to, when and from where: evidence, never edited afterwards.
CONSENT_EVIDENCE = (
    "requested_at",
    "decided_at",
    "decided_from_ip",
    "policy_version",
    "policy_text",
    "recorded_by",
)


@admin.register(GuardianConsent)
class GuardianConsentAdmin(admin.ModelAdmin):
    list_display = ("mentee", "guardian_name", "status", "requested_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("mentee__email", "guardian_name", "guardian_email")
    list_select_related = ("mentee", "recorded_by")
    autocomplete_fields = ("mentee",)
    actions = [export_as_csv]
    csv_fields = (
        "mentee",
        "guardian_name",
        "guardian_email",
        "status",
        "requested_at",
        "decided_at",
        "policy_version",
        "recorded_by",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            # Recording consent collected offline: say which text was agreed to.
            return ("requested_at", "decided_at", "decided_from_ip", "recorded_by")
        return CONSENT_EVIDENCE

    def save_model(
        self, request: HttpRequest, obj: GuardianConsent, form: Any, change: bool
    ) -> None:
        if not change:
            obj.recorded_by = request.user
            if obj.status != GuardianConsent.Status.REQUESTED:
                obj.decided_at = timezone.now()
        super().save_model(request, obj, form, change)
