"""Coordinator console: accounts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mentoring.core.csv_export import export_as_csv
from mentoring.core.date_bounds import DateBoundsMixin
from mentoring.people.admin.scoping import ProgramScopedAdmin
from mentoring.people.models import Enrollment
from mentoring.people.models import Program
from mentoring.people.models import User
from mentoring.people.selectors import programs_coordinated_by
from mentoring.people.services import enrollment_roles_save

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
    # A coordinator only sees people enrolled in their programs, so someone they add is enrolled
    # in one straight away (required for them; a superuser may leave it empty).
    program = forms.ModelChoiceField(
        label=_("program"), queryset=Program.objects.none(), required=False
    )
    role = forms.ChoiceField(label=_("role"), choices=Enrollment.Role.choices, required=False)

    class Meta:
        model = User
        fields = ("email",)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("program") and not cleaned.get("role"):
            self.add_error("role", _("Choose the role they have in the program."))
        return cleaned


def adding_form(base: type[UserCreationForm], user: User) -> type[UserCreationForm]:
    """The add form for this admin user: their programs only, and a program required unless
    they are a superuser. A fresh subclass, so no request changes fields other requests share."""
    required = not user.is_superuser

    class Form(base):  # type: ignore[valid-type,misc]
        program = forms.ModelChoiceField(
            label=_("program"), queryset=programs_coordinated_by(user), required=required
        )
        role = forms.ChoiceField(
            label=_("role"), choices=Enrollment.Role.choices, required=required
        )

    return Form


class UserEditForm(DateBoundsMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(ProgramScopedAdmin, BaseUserAdmin):
    program_path = "enrollments__program"
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
                "fields": (
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                    "program",
                    "role",
                ),
            },
        ),
    )

    # Django's change, password and delete views (and bulk delete, per object) all ask these
    # two, so one rule covers every way in; viewing stays allowed.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and may_manage(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and may_manage(request, obj)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return form if obj is not None else adding_form(form, request.user)  # type: ignore[arg-type]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        program = None if change else form.cleaned_data.get("program")
        if program is not None:
            enrollment_roles_save(user=obj, program=program, roles=[form.cleaned_data["role"]])

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        return readonly + ACCESS_FIELDS
