"""Coordinator console: accounts."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mentoring.core.csv_export import export_as_csv
from mentoring.core.date_bounds import DateBoundsMixin
from mentoring.people.models import User

# Only superusers hand out access: a coordinator who may change people must not be able to make
# anyone (themselves included) staff, superuser or a member of a group.
ACCESS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


def may_manage(request: HttpRequest, user: User | None) -> bool:
    """Whether this admin user may change, deactivate, delete or set the password of `user`.

    An account with admin access is only ever managed by a superuser: a coordinator who could
    reset a superuser's password or email would own the site. Coordinators keep managing
    everybody else (mentors, mentees, volunteers).
    """
    if user is None or request.user.is_superuser:
        return True
    return not (user.is_staff or user.is_superuser)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(DateBoundsMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "first_name", "last_name")
    actions = [export_as_csv]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "timezone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )

    # Django's change, password and delete views (and bulk delete, per object) all ask these
    # two, so one rule covers every way in; viewing stays allowed.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and may_manage(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and may_manage(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        return readonly + ACCESS_FIELDS
