"""Coordinator console for people: one module per concept; importing registers the admins."""

from mentoring.people.admin import accounts
from mentoring.people.admin import outbox
from mentoring.people.admin import profiles
from mentoring.people.admin import programs
from mentoring.people.admin import safeguards

__all__ = ["accounts", "outbox", "profiles", "programs", "safeguards"]
