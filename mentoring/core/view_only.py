"""An admin list coordinators read and never write: `class MessageAdmin(..., ViewOnlyAdmin)`.

For rows that belong to the people who wrote them (a conversation, a meeting two people
planned) or to a trail: the admin shows them, and refuses adding, changing and deleting even to
a superuser, whose permissions would otherwise allow it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ViewOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
