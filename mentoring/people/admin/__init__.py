"""Coordinator console for people: one module per concept; importing registers the admins."""

from mentoring.people.admin import accounts, outbox, profiles, programs, safeguards

__all__ = ["accounts", "outbox", "profiles", "programs", "safeguards"]
