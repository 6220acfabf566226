"""Admin pages that show what the site's own rules wrote, and let nobody write it by hand.

Put the mixin first in the bases: `class MessageAdmin(RecordAdmin, ProgramScopedAdmin,
admin.ModelAdmin)`. It refuses even a superuser, whose permissions would otherwise allow it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class ReadOnlyAdmin:
    """Rows that come from a service (a run, an agreement two people accepted, a notice sent):
    typing one in or editing it would bypass the rule that writes it. Deleting is left to the
    model's own permission, so deleting what the row belongs to still works."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RecordAdmin(ReadOnlyAdmin):
    """A row that is the record of something that happened or that belongs to the people who
    wrote it (an email sent, a decision taken, a conversation, a meeting two people planned).
    Deleting one by hand would falsify the record too."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
