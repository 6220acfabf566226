"""Coordinator console for people: one module per concept; importing registers the admins."""

from mentoring.admin import accounts, guide, profiles, programs, safeguards

__all__ = ["accounts", "guide", "profiles", "programs", "safeguards"]
