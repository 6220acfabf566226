"""Coordinator console for events: registrations, waitlist and volunteer roster, check-in, CSV."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from events import services
from events.forms import EventAdminForm
from events.models import Event, Registration, Reminder, VolunteerRole
from mentoring.admin_csv import csv_safe


class VolunteerRoleInline(admin.TabularInline):
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


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = ("title", "kind", "starts_at", "status", "capacity", "confirmed", "waitlist")
    list_filter = ("status", "kind")
    search_fields = ("title", "venue")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "starts_at"
    inlines = [VolunteerRoleInline, RegistrationInline]
    actions = ["export_roster"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return super().get_queryset(request).with_seats().with_waitlist()

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, event: Event) -> int:
        return event.confirmed_count

    @admin.display(description=_("waitlist"), ordering="waitlist_count")
    def waitlist(self, event: Event) -> int:
        return event.waitlist_count

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        if change and "capacity" in form.changed_data:
            # The form checked the confirmed count; the service checks it again under the lock.
            new_capacity = obj.capacity
            obj.capacity = Event.objects.values_list("capacity", flat=True).get(pk=obj.pk)
            super().save_model(request, obj, form, change)
            try:
                promoted = services.capacity_change(event=obj, capacity=new_capacity)
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
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("user", "event", "role", "status", "created_at", "promoted_at", "attendance")
    list_filter = ("status", "attendance", "event", "volunteer_role__name")
    list_select_related = ("user", "event", "volunteer_role")
    search_fields = ("user__email", "user__first_name", "user__last_name", "event__title")
    readonly_fields = ("event", "user", "volunteer_role", "status", "created_at", "promoted_at")
    actions = ["check_in", "mark_no_show"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("role"), ordering="volunteer_role__name")
    def role(self, registration: Registration) -> str:
        return registration.role_label

    @admin.action(description=_("Check in: attended"), permissions=["change"])
    def check_in(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        n = services.attendance_mark(registrations=list(queryset), attended=True)
        self.message_user(request, _("%(n)s people checked in.") % {"n": n})

    @admin.action(description=_("Mark as no-show"), permissions=["change"])
    def mark_no_show(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        n = services.attendance_mark(registrations=list(queryset), attended=False)
        self.message_user(request, _("%(n)s people marked as no-show.") % {"n": n})


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("registration", "kind", "due_at", "sent_at")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter))
    list_select_related = ("registration__user", "registration__event")
    readonly_fields = ("registration", "kind", "due_at", "sent_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
