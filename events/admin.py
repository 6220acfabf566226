"""Coordinator console for events: registrations, waitlist and volunteer roster, check-in, CSV."""

from __future__ import annotations

import csv
from typing import Any
from typing import cast

from django.contrib import admin
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from modeltranslation.admin import TranslationTabularInline
from modeltranslation.utils import get_translation_fields

from events.forms.registrations import EventAdminForm
from events.models import Event
from events.models import EventQuerySet
from events.models import HostMessage
from events.models import Registration
from events.models import Reminder
from events.models import VolunteerRole
from events.selectors import events_this_week_with_waitlist
from events.services import hosting
from events.services import registrations
from mentoring.core.csv_export import csv_safe
from mentoring.core.date_bounds import DateBoundsModelForm
from mentoring.core.date_bounds import DateHierarchyBoundsMixin
from mentoring.core.list_filters import ChoicesFilter
from mentoring.core.list_filters import WhereFilter
from mentoring.core.translated import default_column
from mentoring.core.translated import reader_order
from mentoring.people.admin.scoping import ProgramScopedAdmin


class VolunteerRoleInline(TranslationTabularInline):
    model = VolunteerRole
    extra = 0


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ("user", "volunteer_role", "status", "created_at", "promoted_at", "attendance")
    readonly_fields = fields
    ordering = ("volunteer_role", "status", "created_at", "id")
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # registrations go through the service, which counts seats under a lock

    def get_queryset(self, request: HttpRequest) -> QuerySet[Registration]:
        return super().get_queryset(request).select_related("user", "volunteer_role")


class ProposedByHostFilter(WhereFilter):
    title = _("origin")
    parameter_name = "origin"
    options = [("host", _("Proposed by a host")), ("coordinators", _("Set up by coordinators"))]
    where = {"host": Q(host__isnull=False), "coordinators": Q(host__isnull=True)}


class RoleNameFilter(admin.SimpleListFilter):
    """A volunteer role across events ("Greeter" at every event), named in the reader's
    language and matched by its English name, which every language's rows share."""

    title = _("volunteer role")
    parameter_name = "role"
    english = default_column("name")

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        # The roles of the registrations this admin shows: a coordinator's own programs' only.
        shown = model_admin.get_queryset(request).values("volunteer_role")
        roles = VolunteerRole.objects.filter(pk__in=shown).order_by(reader_order("name"))
        return list(dict(roles.values_list(self.english, "name")).items())

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Registration]
    ) -> QuerySet[Registration]:
        if self.value():
            return queryset.filter(**{f"volunteer_role__{self.english}": self.value()})
        return queryset


class WaitlistThisWeekFilter(ChoicesFilter):
    title = _("waitlist")
    parameter_name = "waitlist"
    options = [("this_week", _("This week, with people waiting"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> QuerySet[Event]:
        if self.value() == "this_week":
            return events_this_week_with_waitlist(queryset)
        return queryset


REVIEW_FIELDS = ("host", "host_reason", "is_skill_session", "review", "review_message")
REVIEW_READONLY = (*REVIEW_FIELDS, "reviewed_at", "reviewed_by")


@admin.register(Event)
class EventAdmin(ProgramScopedAdmin, DateHierarchyBoundsMixin, TranslationAdmin):
    # TranslationAdmin shows title and description once per language, roles' too (the inline).
    site_wide_when_empty = True  # an event with no program is open to every program
    form = EventAdminForm
    list_display = (
        "title",
        "kind",
        "when",
        "status",
        "review",
        "host",
        "capacity",
        "confirmed",
        "waitlist",
    )
    list_filter = (
        "status",
        "review",
        ProposedByHostFilter,
        WaitlistThisWeekFilter,
        "kind",
        "program",
    )
    list_select_related = ("host",)
    search_fields = (*get_translation_fields("title"), "venue", "host__email")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "starts_at"
    inlines = [VolunteerRoleInline, RegistrationInline]
    actions = ["approve_proposals", "request_changes", "decline_proposals", "export_roster"]

    def get_readonly_fields(self, request: HttpRequest, obj: Event | None = None) -> Any:
        # A proposal is published or declined only through the review actions (and their
        # emails); a declined one can never be made public from this form.
        fields = list(REVIEW_READONLY) if obj and obj.host_id else []
        if obj and obj.host_id and obj.review != Event.Review.APPROVED:
            fields.append("status")
        return fields

    def get_fieldsets(self, request: HttpRequest, obj: Event | None = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if not (obj and obj.host_id):
            return fieldsets
        main = [f for f in fieldsets[0][1]["fields"] if f not in REVIEW_READONLY]
        return [
            (_("Proposal by a host"), {"fields": REVIEW_READONLY}),
            (None, {"fields": main}),
        ]

    def _review_each(
        self, request: HttpRequest, queryset: QuerySet[Event], review: Any, **kwargs: Any
    ) -> int:
        done = 0
        for event in queryset:
            try:
                review(event=event, by=request.user, **kwargs)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                done += 1
        return done

    @admin.action(
        description=_("Approve and publish the selected proposals"), permissions=["change"]
    )
    def approve_proposals(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        n = self._review_each(request, queryset, hosting.proposal_approve)
        if n:
            self.message_user(request, _("%(n)s proposals approved and published.") % {"n": n})

    @admin.action(description=_("Decline the selected proposals"), permissions=["change"])
    def decline_proposals(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        n = self._review_each(request, queryset, hosting.proposal_decline)
        if n:
            self.message_user(request, _("%(n)s proposals declined.") % {"n": n})

    @admin.action(description=_("Ask the hosts for changes…"), permissions=["change"])
    def request_changes(
        self, request: HttpRequest, queryset: QuerySet[Event]
    ) -> TemplateResponse | None:
        """An intermediate page asks for the message; the action runs when it is submitted."""
        message = request.POST.get("review_message", "").strip()
        if "apply" in request.POST and message:
            n = self._review_each(
                request, queryset, hosting.proposal_request_changes, message=message
            )
            if n:
                self.message_user(request, _("%(n)s hosts were asked for changes.") % {"n": n})
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ask the hosts for changes"),
            "opts": self.model._meta,
            "events": queryset,
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "missing": "apply" in request.POST,
            "message": message,
        }
        status = 400 if "apply" in request.POST else 200
        return TemplateResponse(
            request, "admin/events/event/request_changes.html", context, status=status
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        events = cast(EventQuerySet, super().get_queryset(request))  # built from Event.objects
        return events.with_seats().with_waitlist()

    @admin.display(description=_("starts at"), ordering="starts_at")
    def when(self, event: Event) -> str:
        return event.when_short

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, event: Event) -> int:
        # confirmed_count and waitlist_count are annotated by get_queryset(); mypy sees fields.
        return event.confirmed_count  # type: ignore[attr-defined]

    @admin.display(description=_("waitlist"), ordering="waitlist_count")
    def waitlist(self, event: Event) -> int:
        return event.waitlist_count  # type: ignore[attr-defined]

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        if change and "capacity" in form.changed_data:
            # The form checked the confirmed count; the service checks it again under the lock.
            new_capacity = obj.capacity
            obj.capacity = Event.objects.values_list("capacity", flat=True).get(pk=obj.pk)
            super().save_model(request, obj, form, change)
            try:
                promoted = registrations.capacity_change(event=obj, capacity=new_capacity)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return
            if promoted:
                self.message_user(
                    request, _("%(n)s people promoted from the waitlist.") % {"n": len(promoted)}
                )
            return
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Export attendees and volunteers (CSV)"))
    def export_roster(self, request: HttpRequest, queryset: QuerySet[Event]) -> HttpResponse:
        registrations = (
            Registration.objects.active()
            .filter(event__in=queryset)
            .select_related("event", "user", "volunteer_role")
            .order_by("event__starts_at", "volunteer_role__name", "status", "created_at")
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="event-roster.csv"'
        writer = csv.writer(response)
        writer.writerow(["event", "starts_at", "name", "email", "role", "status", "check-in"])
        for r in registrations:
            writer.writerow(
                csv_safe(v)
                for v in (
                    r.event.title,
                    r.event.starts_at.isoformat(),
                    r.user.get_full_name(),
                    r.user.email,
                    r.role_label,
                    r.get_status_display(),
                    r.get_attendance_display(),
                )
            )
        return response


@admin.register(Registration)
class RegistrationAdmin(ProgramScopedAdmin, admin.ModelAdmin):
    program_path = "event__program"
    site_wide_when_empty = True
    form = DateBoundsModelForm
    list_display = ("user", "event", "role", "status", "created_at", "promoted_at", "attendance")
    list_filter = ("status", "attendance", "event", RoleNameFilter)
    list_select_related = ("user", "event", "volunteer_role")
    search_fields = (
        "user__email",
        "user__first_name",
        "user__last_name",
        *(f"event__{title}" for title in get_translation_fields("title")),
    )
    readonly_fields = ("event", "user", "volunteer_role", "status", "created_at", "promoted_at")
    actions = ["check_in", "mark_no_show"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("role"), ordering="volunteer_role__name")
    def role(self, registration: Registration) -> str:
        return registration.role_label

    @admin.action(description=_("Check in: attended"), permissions=["change"])
    def check_in(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        n = registrations.attendance_mark(registrations=list(queryset), attended=True)
        done = ngettext("%(n)s person checked in.", "%(n)s people checked in.", n)
        self.message_user(request, done % {"n": n})

    @admin.action(description=_("Mark as no-show"), permissions=["change"])
    def mark_no_show(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        n = registrations.attendance_mark(registrations=list(queryset), attended=False)
        done = ngettext("%(n)s person marked as no-show.", "%(n)s people marked as no-show.", n)
        self.message_user(request, done % {"n": n})


@admin.register(HostMessage)
class HostMessageAdmin(ProgramScopedAdmin, admin.ModelAdmin):
    program_path = "event__program"
    site_wide_when_empty = True
    list_display = ("event", "sender", "recipients", "sent_at")
    list_select_related = ("event", "sender")
    readonly_fields = ("event", "sender", "body", "recipients", "sent_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(ProgramScopedAdmin, admin.ModelAdmin):
    program_path = "registration__event__program"
    site_wide_when_empty = True
    list_display = ("registration", "kind", "due_at", "sent_at")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter))
    list_select_related = ("registration__user", "registration__event")
    readonly_fields = ("registration", "kind", "due_at", "sent_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
