"""The request type of pages only a signed-in person reaches."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from mentoring.people.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request `login_required` (or `staff_member_required`) let through: its user is a `User`.

    Only an annotation: Django builds plain `HttpRequest`s. It tells mypy what the decorator
    guarantees, instead of every view re-checking `is_authenticated` or casting.
    """

    user: User


def admin_user(request: HttpRequest) -> User:
    """The staff member behind an admin request.

    The admin site lets only signed-in staff in, but its hooks (actions, `save_model`) are typed
    with a plain `HttpRequest`, so mypy cannot see it; this says it once.
    """
    return cast(User, request.user)
