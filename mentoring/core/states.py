"""Yes-or-no questions a model answers about its own status."""

from __future__ import annotations

from typing import Any


def status_in(*states: str) -> Any:
    """A read-only property: is the row's status one of these?

    Pages and services ask `match.is_active` instead of comparing status strings, so a renamed
    status changes one line here in the model rather than silently turning a page's answer.
    """
    return property(lambda row: row.status in states)


def field_in(field: str, *values: str) -> Any:
    """A read-only property: is the row's `field` (a second set of states) one of these?"""
    return property(lambda row: getattr(row, field) in values)
