"""People: one module per concept, re-exported here so `from mentoring.models import X` works."""

from mentoring.models.program import Enrollment, Program
from mentoring.models.user import User

__all__ = ["Enrollment", "Program", "User"]
