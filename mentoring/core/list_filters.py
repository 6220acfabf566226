"""Admin list filters whose choices are fixed: `options = [("yes", _("Accepted")), ...]`.

Most of the console's filters offer the same few choices whoever looks; each says them once as
data and keeps only its `queryset()`, instead of restating Django's `lookups()` to return them.
"""

from __future__ import annotations

from typing import Any
from typing import ClassVar

from django.contrib import admin
from django.http import HttpRequest


class ChoicesFilter(admin.SimpleListFilter):
    # Not `choices`: that is SimpleListFilter's own method, the links the sidebar shows.
    options: ClassVar[list[tuple[str, Any]]]

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return self.options
