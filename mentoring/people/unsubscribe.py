"""One-click unsubscribe links (RFC 8058) and the opt-out provider the outbox asks.

The token carries the user id and the category, signed with a salt of its own: nobody can
forge a link that unsubscribes someone else. It never expires, on purpose: an unsubscribe link
must keep working for as long as the email sits in an inbox.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from mentoring.core.mail import Recipient
from mentoring.core.mail import absolute_url
from mentoring.core.optout import OptOut
from mentoring.people.models import EmailCategory
from mentoring.people.models import User

SALT = "mentoring.people.email-unsubscribe"


def unsubscribe_token_make(user_id: int, category: str) -> str:
    return signing.dumps({"u": user_id, "c": category}, salt=SALT)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """(user id, category) of a valid token; None for a tampered or made-up one."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, category = data.get("u"), data.get("c")
    if not isinstance(user_id, int) or category not in EmailCategory.values:
        return None
    return user_id, category


def optout_links(person: Recipient, category: str) -> OptOut | None:
    """Registered with mentoring.core.optout: the person's links, None if they opted out."""
    if category not in EmailCategory.values:
        raise ValueError(f"Unknown email category: {category}")
    user_id = getattr(person, "pk", None)
    if not User.objects.filter(pk=user_id, is_active=True).accepting_email(category).exists():
        return None
    token = unsubscribe_token_make(user_id, category)  # type: ignore[arg-type]
    return OptOut(
        category=category,
        unsubscribe_url=absolute_url(reverse("email_unsubscribe", args=[token])),
        preferences_url=absolute_url(reverse("email_preferences")),
    )
