"""Coordinator console for people: one module per concept; importing registers the admins."""

from mentoring.people.admin import accounts, profiles, programs, safeguards

__all__ = ["accounts", "profiles", "programs", "safeguards"]
