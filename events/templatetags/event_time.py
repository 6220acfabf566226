"""Which clock an event's times are shown on."""

from __future__ import annotations

from django import template

from events.models import Event

register = template.Library()


@register.filter
def shown_timezone(event: Event, user: object) -> str:
    """A signed-in person reads their own timezone; a visitor, whose zone we don't know, reads
    the event's own, the one that matters at the venue (never UTC)."""
    if getattr(user, "is_authenticated", False):
        return str(getattr(user, "timezone", "") or event.timezone)
    return event.timezone
