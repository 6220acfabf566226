"""Admin pages for records the site's own rules write: read by coordinators, edited by nobody."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class RecordAdmin:
    """A row that is the record of something that happened (an email sent, a decision taken,
    an audit step). Typing one in, changing or deleting it by hand would falsify the record."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
