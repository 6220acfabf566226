"""Admin list filters whose choices are fixed: `options = [("yes", _("Accepted")), ...]`.

Most of the console's filters offer the same few choices whoever looks; each says them once as
data and keeps only its `queryset()`, instead of restating Django's `lookups()` to return them.
"""

from __future__ import annotations

from typing import Any
from typing import ClassVar

from django.contrib import admin
from django.db.models import Q
from django.db.models import QuerySet
from django.http import HttpRequest


class ChoicesFilter(admin.SimpleListFilter):
    # Not `choices`: that is SimpleListFilter's own method, the links the sidebar shows.
    options: ClassVar[list[tuple[str, Any]]]

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return self.options


class WhereFilter(ChoicesFilter):
    """Each option narrows the list by one fixed condition: `where = {"yes": Q(...), ...}`."""

    where: ClassVar[dict[str, Q]]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        condition = self.where.get(self.value() or "")
        return queryset if condition is None else queryset.filter(condition)
