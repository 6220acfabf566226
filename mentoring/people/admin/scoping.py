"""The one rule that keeps a coordinator inside their own programs in the admin.

Every admin a coordinator uses mixes in ProgramScopedAdmin and names how its rows reach a
program (`program_path`). get_queryset is what Django's changelist, change, history and delete
views all read, so an object outside the coordinator's programs is simply not found there (404
or "doesn't exist"); foreign-key choices in forms are narrowed with the same rule. Superusers
see everything.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from mentoring.people.selectors import programs_coordinated_by


def scoped(
    queryset: QuerySet,
    request: HttpRequest,
    program_path: str | None,
    *,
    site_wide_when_empty: bool = False,
    owner_path: str | None = None,
) -> QuerySet:
    """`queryset` cut down to what this admin user may see.

    program_path "" means the rows are programs themselves; None means the rows belong to no
    program and are scoped by who made them (owner_path), e.g. a coordinator's bulk decision.
    """
    user: Any = request.user
    if user.is_superuser:
        return queryset
    if program_path is None:
        if owner_path is None:
            return queryset.none()
        return queryset.filter(**{owner_path: user})
    programs = programs_coordinated_by(user)
    condition = Q(**{f"{program_path}__in" if program_path else "pk__in": programs})
    if site_wide_when_empty:
        condition |= Q(**{f"{program_path}__isnull": True})
    # Through a many-valued path (a person's enrollments) a join repeats rows: select by pk.
    matching = queryset.model._default_manager.filter(condition).values("pk")
    return queryset.filter(pk__in=matching)


class ProgramScopedAdmin(admin.ModelAdmin):
    """Mixin first in the bases: `class MatchAdmin(ProgramScopedAdmin, admin.ModelAdmin)`."""

    program_path: str | None = "program"
    # Rows with no program at all (a site-wide event) are every coordinator's.
    site_wide_when_empty = False
    owner_path: str | None = None

    def scope(self, queryset: QuerySet, request: HttpRequest) -> QuerySet:
        return scoped(
            queryset,
            request,
            self.program_path,
            site_wide_when_empty=self.site_wide_when_empty,
            owner_path=self.owner_path,
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.scope(super().get_queryset(request), request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return narrow_choices(self.admin_site, field, db_field.related_model, request)


def narrow_choices(site: admin.AdminSite, field: Any, related: type[Model], request: Any) -> Any:
    """A form field offering only the rows the related model's own admin would show."""
    related_admin = site._registry.get(related)
    if field is not None and isinstance(related_admin, ProgramScopedAdmin):
        field.queryset = related_admin.scope(field.queryset, request)
    return field
