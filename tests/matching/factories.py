"""The matchable-people helpers moved to tests/factories.py; this keeps `f.mentee(…)` working."""

from tests.factories import clear_for_minors, give_consent, interest, mentee, mentor, program

__all__ = ["clear_for_minors", "give_consent", "interest", "mentee", "mentor", "program"]
