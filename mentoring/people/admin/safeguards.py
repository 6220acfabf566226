"""Coordinator console: screening records and guardian consent (youth safeguards).

Both keep a history ("History" on the change page: who changed what, when, from what to what;
promise 4). A decision, once made, is evidence: a decided consent is read-only for everyone, a
cleared or failed screening's status, expiry, kind and mentor for everyone but a superuser.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from mentoring.core.csv_export import export_as_csv
from mentoring.core.date_bounds import DateBoundsModelForm
from mentoring.core.date_bounds import DateHierarchyBoundsMixin
from mentoring.core.list_filters import ChoicesFilter
from mentoring.people.admin.scoping import ProgramScopedAdmin
from mentoring.people.http import admin_user
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Screening
from mentoring.people.selectors import consents_in_program
from mentoring.people.selectors import programs_coordinated_by
from mentoring.people.selectors import screenings_expiring_soon
from mentoring.people.selectors import screenings_in_program


class ExpiredFilter(ChoicesFilter):
    title = _("expiry")
    parameter_name = "expired"
    options = [("yes", _("Expired")), ("no", _("Current or no expiry"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.filter(expires__lt=today)
        if self.value() == "no":
            return queryset.filter(Q(expires__isnull=True) | Q(expires__gte=today))
        return queryset


class ExpiringSoonFilter(ChoicesFilter):
    title = _("renewal")
    parameter_name = "expiring"
    options = [("soon", _("Expiring in the next 30 days"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return screenings_expiring_soon(queryset) if self.value() == "soon" else queryset


class PersonProgramFilter(admin.SimpleListFilter):
    """The program the screened mentor or the consenting mentee is enrolled in."""

    title = _("program")
    parameter_name = "program"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        programs = programs_coordinated_by(request.user)  # type: ignore[arg-type]
        return [(str(program.pk), program.name) for program in programs]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        if queryset.model is Screening:
            return screenings_in_program(queryset, int(value))
        return consents_in_program(queryset, int(value))


class TrailAdmin(SimpleHistoryAdmin):
    """History to read, never to revert: the revert form only displays, a POST is refused.

    SIMPLE_HISTORY_REVERT_DISABLED only hides the button; simple-history's form still saves
    whatever is posted to it, which would restore an old status past the read-only rules below.
    """

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


# Once a check has an outcome, these say what it was and for whom: changed only by a superuser.
SCREENING_DECISION = ("mentor", "kind", "status", "expires")
DECIDED_SCREENING = (Screening.Status.CLEARED, Screening.Status.FAILED)


@admin.register(Screening)
class ScreeningAdmin(ProgramScopedAdmin, DateHierarchyBoundsMixin, TrailAdmin):
    program_path = "mentor__enrollments__program"
    form = DateBoundsModelForm
    list_display = ("mentor", "kind", "status", "date", "expires", "is_expired", "verified_by")
    list_filter = ("kind", "status", ExpiredFilter, ExpiringSoonFilter, PersonProgramFilter)
    search_fields = ("mentor__email", "mentor__first_name", "mentor__last_name")
    list_select_related = ("mentor", "verified_by")
    autocomplete_fields = ("mentor", "verified_by")
    date_hierarchy = "date"
    actions = [export_as_csv]

    @admin.display(description=_("expired"), boolean=True)
    def is_expired(self, screening: Screening) -> bool:
        return screening.expires is not None and screening.expires < timezone.localdate()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None or request.user.is_superuser:
            return ()
        # The stored status decides, not one a half-validated POST left on the instance.
        stored = Screening.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        return SCREENING_DECISION if stored in DECIDED_SCREENING else ()

    def save_model(self, request: HttpRequest, obj: Screening, form: Any, change: bool) -> None:
        # Who verified a check is evidence: unless stated, it is the coordinator recording it.
        if obj.verified_by_id is None:
            obj.verified_by = admin_user(request)
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

# Every field the consent form shows (get_fields would recurse through get_readonly_fields).
CONSENT_FIELDS = tuple(
    dict.fromkeys(
        [f.name for f in GuardianConsent._meta.concrete_fields if f.editable and not f.primary_key]
        + list(CONSENT_EVIDENCE)
    )
)


def consent_is_decided(obj: GuardianConsent | None) -> bool:
    """As stored: a POST that sets the status must not decide which fields it may change."""
    if obj is None or obj.pk is None:
        return False
    stored = GuardianConsent.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
    return stored is not None and stored != GuardianConsent.Status.REQUESTED


@admin.register(GuardianConsent)
class GuardianConsentAdmin(ProgramScopedAdmin, TrailAdmin):
    program_path = "mentee__enrollments__program"
    list_display = ("mentee", "guardian_name", "status", "requested_at", "decided_at")
    list_filter = ("status", PersonProgramFilter)
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
        if consent_is_decided(obj):
            # Given, declined or withdrawn is evidence: a new answer is a new consent request.
            return CONSENT_FIELDS
        return CONSENT_EVIDENCE

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if consent_is_decided(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: GuardianConsent, form: Any, change: bool
    ) -> None:
        if change and consent_is_decided(obj):
            # Nothing on the form can change: saving would only add an empty history row.
            return
        if not change:
            obj.recorded_by = admin_user(request)
            if obj.status != GuardianConsent.Status.REQUESTED:
                obj.decided_at = timezone.now()
        super().save_model(request, obj, form, change)
