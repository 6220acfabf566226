"""/me/: the personal dashboard."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.people.http import AuthenticatedHttpRequest
from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import MenteeProfile
from mentoring.people.models import MentorProfile
from mentoring.people.models import Screening
from mentoring.people.models import User
from mentoring.people.views.onboarding import onboarding_progress


@login_required
def me(request: AuthenticatedHttpRequest) -> HttpResponse:
    # One query for the person and every role profile; the rest is a fixed handful of queries
    # however many interests or enrolments they have (pinned in tests/people/test_dashboard.py).
    user = (
        User.objects.select_related("profile", "mentee_profile", "mentor_profile")
        .prefetch_related("profile__personal_interests")
        .get(pk=request.user.pk)
    )
    profile = getattr(user, "profile", None)
    mentee: MenteeProfile | None = getattr(user, "mentee_profile", None)
    mentor = getattr(user, "mentor_profile", None)
    enrollments = list(Enrollment.objects.filter(user=user).select_related("program"))
    roles = {enrollment.role for enrollment in enrollments}
    progress = onboarding_progress(user, roles=roles)
    is_minor = mentee is not None and mentee.is_minor_on(timezone.localdate())
    consent = GuardianConsent.objects.filter(mentee=user).first() if is_minor else None
    screenings: list[Screening] = []
    screened = cleared = False
    if mentor is not None:
        screenings = list(Screening.objects.filter(mentor=user))
        # The one rule (willing to mentor minors, screening current), as matching asks it.
        clearance = MentorProfile.objects.filter(pk=mentor.pk).with_clearance()
        # Both columns are annotated by with_clearance(); the plugin only knows model fields.
        screened, cleared = clearance.values_list(  # type: ignore[misc]
            "is_screened", "is_cleared_for_minors"
        ).get()
    return render(
        request,
        "people/me.html",
        {
            "page_title": _("My dashboard"),
            "profile": profile,
            "mentee": mentee,
            "mentor": mentor,
            "enrollments": enrollments,
            "progress": progress,
            "consent": consent,
            "screenings": screenings,
            "screened": screened,
            "cleared_for_minors": cleared,
            "is_minor": is_minor,
        },
    )
