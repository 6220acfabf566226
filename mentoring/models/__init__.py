"""People: one module per concept, re-exported here so `from mentoring.models import X` works."""

from mentoring.models.campaign import Nomination, ObservanceDay, ObservancePromptSent, ThankYouNote
from mentoring.models.guide import GuideAnswer, GuideQuestion, HelpKind
from mentoring.models.interest import Interest
from mentoring.models.profile import (
    AVAILABILITY_SLOTS,
    LANGUAGE_CHOICES,
    MeetingFormat,
    MenteeProfile,
    MentorProfile,
    Profile,
)
from mentoring.models.program import Enrollment, Program
from mentoring.models.safeguards import (
    GuardianConsent,
    Screening,
    cleared_for_minors,
    has_guardian_consent,
    mentors_cleared_for_minors,
)
from mentoring.models.user import User

__all__ = [
    "AVAILABILITY_SLOTS",
    "LANGUAGE_CHOICES",
    "Enrollment",
    "GuardianConsent",
    "GuideAnswer",
    "GuideQuestion",
    "HelpKind",
    "Interest",
    "MeetingFormat",
    "MenteeProfile",
    "MentorProfile",
    "Nomination",
    "ObservanceDay",
    "ObservancePromptSent",
    "Profile",
    "ThankYouNote",
    "Program",
    "Screening",
    "User",
    "cleared_for_minors",
    "has_guardian_consent",
    "mentors_cleared_for_minors",
]
