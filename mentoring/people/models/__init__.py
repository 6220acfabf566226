"""People: one module per concept, re-exported here: `from mentoring.people.models import X`."""

from mentoring.people.models.email import EmailCategory, EmailPreference
from mentoring.people.models.interest import Interest
from mentoring.people.models.profile import (
    AVAILABILITY_SLOTS,
    LANGUAGE_CHOICES,
    MeetingFormat,
    MenteeProfile,
    MentorProfile,
    MentorProfileQuerySet,
    Profile,
    cleared_for_minors,
    mentors_cleared_for_minors,
)
from mentoring.people.models.program import Enrollment, Program, ProgramCoordinator
from mentoring.people.models.safeguards import (
    GuardianConsent,
    Screening,
    has_guardian_consent,
)
from mentoring.people.models.user import User

__all__ = [
    "AVAILABILITY_SLOTS",
    "LANGUAGE_CHOICES",
    "EmailCategory",
    "EmailPreference",
    "Enrollment",
    "GuardianConsent",
    "Interest",
    "MeetingFormat",
    "MenteeProfile",
    "MentorProfile",
    "MentorProfileQuerySet",
    "Profile",
    "Program",
    "ProgramCoordinator",
    "Screening",
    "User",
    "cleared_for_minors",
    "has_guardian_consent",
    "mentors_cleared_for_minors",
]
