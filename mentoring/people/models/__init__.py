"""People: one module per concept, re-exported here: `from mentoring.people.models import X`."""

from mentoring.people.models.email import EmailCategory
from mentoring.people.models.email import EmailPreference
from mentoring.people.models.interest import Interest
from mentoring.people.models.profile import AVAILABILITY_SLOTS
from mentoring.people.models.profile import LANGUAGE_CHOICES
from mentoring.people.models.profile import MeetingFormat
from mentoring.people.models.profile import MenteeProfile
from mentoring.people.models.profile import MentorProfile
from mentoring.people.models.profile import MentorProfileQuerySet
from mentoring.people.models.profile import Profile
from mentoring.people.models.profile import cleared_for_minors
from mentoring.people.models.profile import mentors_cleared_for_minors
from mentoring.people.models.program import Enrollment
from mentoring.people.models.program import Program
from mentoring.people.models.program import ProgramCoordinator
from mentoring.people.models.safeguards import GuardianConsent
from mentoring.people.models.safeguards import Screening
from mentoring.people.models.safeguards import has_guardian_consent
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
