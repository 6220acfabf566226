"""The matchable-people helpers moved to tests/factories.py; this keeps `f.mentee(…)` working."""

from tests.factories import clear_for_minors
from tests.factories import give_consent
from tests.factories import interest
from tests.factories import mentee
from tests.factories import mentor
from tests.factories import program

__all__ = ["clear_for_minors", "give_consent", "interest", "mentee", "mentor", "program"]
