"""The one rule that keeps a coordinator inside their own programs in the admin.

Every admin a coordinator uses mixes in ProgramScopedAdmin and names how its rows reach a
program (`program_path`). get_queryset is what Django's changelist, change, history and delete
views all read, so an object outside the coordinator's programs is simply not found there (404
or "doesn't exist"); foreign-key choices in forms and the choices of the list filters are
narrowed with the same rule. Rows addressed to someone (the outbox) name the address instead
(`recipient_path`): they are the coordinator's when the address is one of their programs'
people. Superusers see everything.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.filters import AllValuesFieldListFilter
from django.contrib.admin.filters import FieldListFilter
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.utils import get_model_from_relation
from django.db.models import Model
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest

from mentoring.people.models import GuardianConsent
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import User
from mentoring.people.selectors import programs_coordinated_by


def scoped(
    queryset: QuerySet,
    request: HttpRequest,
    program_path: str | None,
    *,
    site_wide_when_empty: bool = False,
    owner_path: str | None = None,
    recipient_path: str | None = None,
) -> QuerySet:
    """`queryset` cut down to what this admin user may see.

    program_path "" means the rows are programs themselves; None means the rows belong to no
    program and are scoped by who made them (owner_path), e.g. a coordinator's bulk decision,
    or by whom they are addressed to (recipient_path), e.g. an email in the outbox.
    """
    user: Any = request.user
    if user.is_superuser:
        return queryset
    if recipient_path is not None:
        return addressed_to_their_people(queryset, user, recipient_path)
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


def addressed_to_their_people(queryset: QuerySet, user: Any, recipient_path: str) -> QuerySet:
    """Rows addressed to the people of the programs `user` coordinates (all, for a superuser):
    someone enrolled, a guardian of one of their mentees, or one of the programs' coordinators.

    The Today page counts failed emails with it, so its number is the outbox list's length.
    """
    if user.is_superuser:
        return queryset
    programs = programs_coordinated_by(user)
    people = User.objects.filter(
        Q(enrollments__program__in=programs)
        | Q(pk__in=ProgramCoordinator.objects.filter(program__in=programs).values("user_id"))
    )
    guardians = GuardianConsent.objects.filter(mentee__enrollments__program__in=programs)
    # Compared as the mail system does: an address in capitals is not another person.
    return queryset.alias(_to=Lower(recipient_path)).filter(
        Q(_to__in=people.values(lower=Lower("email")))
        | Q(_to__in=guardians.values(lower=Lower("guardian_email")))
    )


class ProgramScopedAdmin(admin.ModelAdmin):
    """Mixin first in the bases: `class MatchAdmin(ProgramScopedAdmin, admin.ModelAdmin)`."""

    program_path: str | None = "program"
    # Rows with no program at all (a site-wide event) are every coordinator's.
    site_wide_when_empty = False
    owner_path: str | None = None
    recipient_path: str | None = None

    def scope(self, queryset: QuerySet, request: HttpRequest) -> QuerySet:
        return scoped(
            queryset,
            request,
            self.program_path,
            site_wide_when_empty=self.site_wide_when_empty,
            owner_path=self.owner_path,
            recipient_path=self.recipient_path,
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.scope(super().get_queryset(request), request)

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [scoped_filter(self.model, entry) for entry in super().get_list_filter(request)]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return narrow_choices(self.admin_site, field, db_field.related_model, request)


def narrow_choices(site: admin.AdminSite, field: Any, related: type[Model], request: Any) -> Any:
    """A form field offering only the rows the related model's own admin would show."""
    related_admin = site._registry.get(related)
    if field is not None and isinstance(related_admin, ProgramScopedAdmin):
        field.queryset = related_admin.scope(field.queryset, request)
    return field


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    """A related-field filter offering only the rows the related model's own admin would show:
    a coordinator's "By program" lists their programs, never the names of everyone else's."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> list:
        related = get_model_from_relation(field)
        related_admin = model_admin.admin_site._registry.get(related)
        if not isinstance(related_admin, ProgramScopedAdmin):
            return super().field_choices(field, request, model_admin)  # a shared list
        visible = related_admin.scope(related._default_manager.all(), request).values("pk")
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, ordering=ordering, limit_choices_to=Q(pk__in=visible)
        )


class ScopedAllValuesFieldListFilter(AllValuesFieldListFilter):
    """Values across a relation (a volunteer role's name): Django reads them from the related
    table whole; these are read through the admin's own, scoped, rows."""

    def __init__(self, field: Any, request: HttpRequest, params: Any, *args: Any) -> None:
        super().__init__(field, request, params, *args)
        model_admin = args[1]
        rows = model_admin.get_queryset(request)
        self.lookup_choices = (
            rows.order_by(self.field_path).values_list(self.field_path, flat=True).distinct()
        )


def scoped_filter(model: type[Model], entry: Any) -> Any:
    """A list_filter entry, with the filter Django would pick swapped for its scoped kind."""
    if not isinstance(entry, str):
        return entry  # a custom filter or an explicit (field, filter) pair: its own choices
    path = get_fields_from_path(model, entry)
    field = path[-1]
    # The one Django would pick: its registry is private, and the stubs do not list it.
    registry = FieldListFilter._field_list_filters  # type: ignore[attr-defined]
    chosen = next(kind for test, kind in registry if test(field))
    if chosen is RelatedFieldListFilter:
        return (entry, ScopedRelatedFieldListFilter)
    if chosen is AllValuesFieldListFilter and len(path) > 1:
        return (entry, ScopedAllValuesFieldListFilter)
    return entry
