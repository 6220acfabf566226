"""The onboarding wizard: choose roles and a program, then a few short steps per role.

There is no wizard state to lose: the next step is always computed from what is saved, so a
person can stop at any point and pick up where they left off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from mentoring.people import forms
from mentoring.people import services
from mentoring.people.http import AuthenticatedHttpRequest
from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Program
from mentoring.people.models import User

STEP_TITLES = {
    "dob": _("Your date of birth"),
    "guardian": _("Your parent or guardian"),
    "about": _("About you"),
    "goals": _("What you want help with"),
    "mentor": _("What you offer"),
    "conduct": _("Mentor code of conduct"),
}
EDIT_LINKS = {
    "about": _("About you, languages and when you can meet"),
    "goals": _("What you want help with"),
    "mentor": _("What you offer as a mentor"),
}


@dataclass
class Progress:
    steps: list[str]
    done: set[str]

    @property
    def next_step(self) -> str | None:
        return next((step for step in self.steps if step not in self.done), None)

    @property
    def percent(self) -> int:
        return round(100 * len(self.done & set(self.steps)) / len(self.steps))

    @property
    def complete(self) -> bool:
        return self.next_step is None

    @property
    def sections(self) -> list[tuple[str, str | Promise]]:
        """(step, link text) of each saved part a person can reopen from the dashboard.

        The date of birth, the guardian and the accepted code of conduct are not reopened: a
        coordinator handles changes to them.
        """
        return [
            (step, EDIT_LINKS[step])
            for step in self.steps
            if step in EDIT_LINKS and step in self.done
        ]


def onboarding_progress(user: User, *, roles: set[str]) -> Progress:
    """Which steps apply to this person, and which are already saved."""
    profile = getattr(user, "profile", None)
    mentee = getattr(user, "mentee_profile", None)
    mentor = getattr(user, "mentor_profile", None)
    steps: list[str] = []
    done: set[str] = set()
    if Enrollment.Role.MENTEE in roles:
        steps.append("dob")
        if mentee is not None and mentee.date_of_birth:
            done.add("dob")
            if mentee.is_minor_on(timezone.localdate()):
                steps.append("guardian")
                if GuardianConsent.objects.filter(mentee=user).exists():
                    done.add("guardian")
    steps.append("about")
    if profile is not None:
        done.add("about")
    if Enrollment.Role.MENTEE in roles:
        steps.append("goals")
        if mentee is not None and mentee.goals:
            done.add("goals")
    if Enrollment.Role.MENTOR in roles:
        steps += ["mentor", "conduct"]
        if mentor is not None:
            done.add("mentor")
            if mentor.code_of_conduct_accepted_at:
                done.add("conduct")
    return Progress(steps=steps, done=done)


def _fresh_user(request: AuthenticatedHttpRequest) -> User:
    return User.objects.select_related("profile", "mentee_profile", "mentor_profile").get(
        pk=request.user.pk
    )


def _roles(user: User) -> set[str]:
    return set(Enrollment.objects.filter(user=user).values_list("role", flat=True))


@login_required
def onboarding(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Resume: send the person to the first step they have not finished."""
    user = _fresh_user(request)
    roles = _roles(user)
    if not roles:
        # With no program open there is nothing to join yet: the dashboard says so.
        has_programs = Program.objects.open_for_signup().exists()
        return redirect("onboarding_roles" if has_programs else "me")
    step = onboarding_progress(user, roles=roles).next_step
    if step is None:
        return redirect("me")
    return redirect("onboarding_step", step=step)


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_roles(request: AuthenticatedHttpRequest) -> HttpResponse:
    # The programs directory's Join buttons preselect a program and a role in the query string.
    preselected = Program.objects.open_for_signup().filter(slug=request.GET.get("program", ""))
    form = forms.RolesForm(
        request.POST if request.method == "POST" else None,
        initial={"program": preselected.first(), "roles": request.GET.getlist("role")},
    )
    if request.method == "POST" and form.is_valid():
        services.enrollment_roles_save(
            user=request.user,
            program=form.cleaned_data["program"],
            roles=form.cleaned_data["roles"],
        )
        return redirect("onboarding")
    has_programs = Program.objects.open_for_signup().exists()
    return render(
        request, "people/onboarding_roles.html", {"form": form, "has_programs": has_programs}
    )


# The about and mentor steps' fields, named alike on the form, the profile and the service;
# each step's interests (a many-to-many) are read and saved beside them.
PROFILE_FIELDS = ("display_name", "pronouns", "bio", "languages", "formats", "area", "availability")
MENTOR_FIELDS = ("capacity", "years_experience", "willing_minors", "willing_group")


def _picked(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: data[name] for name in names}


def _form_for(step: str, user: User, data: Any) -> Any:
    profile = getattr(user, "profile", None)
    mentee = getattr(user, "mentee_profile", None)
    mentor = getattr(user, "mentor_profile", None)
    initial: dict[str, Any] = {}
    if step == "dob":
        if mentee is not None:
            initial = {"date_of_birth": mentee.date_of_birth}
        return forms.BirthDateForm(data, initial=initial)
    if step == "guardian":
        return forms.GuardianForm(data, own_email=user.email)
    if step == "about":
        initial = {"timezone": user.timezone}
        if profile is not None:
            initial |= {name: getattr(profile, name) for name in PROFILE_FIELDS} | {
                "personal_interests": list(profile.personal_interests.all()),
            }
        return forms.ProfileForm(data, initial=initial)
    if step == "goals":
        if mentee is not None:
            initial = {"goals": mentee.goals, "seeking": list(mentee.seeking.all())}
        return forms.MenteeGoalsForm(data, initial=initial)
    if step == "mentor":
        if mentor is not None:
            initial = {name: getattr(mentor, name) for name in MENTOR_FIELDS} | {
                "offering": list(mentor.offering.all()),
            }
        limit = services.mentor_capacity_limit(user=user)
        return forms.MentorForm(data, initial=initial, capacity_limit=limit)
    return forms.ConductForm(data)


def _save(step: str, request: HttpRequest, user: User, data: dict[str, Any]) -> HttpResponse | None:
    """Call the step's service; a response here replaces the usual 'go to the next step'."""
    if step == "dob":
        if not services.mentee_birthdate_save(user=user, date_of_birth=data["date_of_birth"]):
            logout(request)
            return redirect("onboarding_too_young")
    elif step == "guardian":
        services.guardian_consent_request(
            mentee=user,
            guardian_name=data["guardian_name"],
            guardian_email=data["guardian_email"],
        )
    elif step == "about":
        services.onboarding_save_common(
            user=user,
            **_picked(data, PROFILE_FIELDS),
            personal_interests=data["personal_interests"],
            timezone_name=data["timezone"],
        )
    elif step == "goals":
        services.mentee_profile_save(user=user, seeking=data["seeking"], goals=data["goals"])
    elif step == "mentor":
        services.mentor_profile_save(
            user=user, offering=data["offering"], **_picked(data, MENTOR_FIELDS)
        )
    else:
        services.mentor_conduct_accept(user=user)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_step(request: AuthenticatedHttpRequest, step: str) -> HttpResponse:
    user = _fresh_user(request)
    progress = onboarding_progress(user, roles=_roles(user))
    if step not in progress.steps:
        raise Http404("step does not apply")
    # A guardian already asked cannot be replaced from here: a coordinator handles changes.
    if step == "guardian" and "guardian" in progress.done:
        return redirect("onboarding")
    # The age screen comes before anything personal, so an under-13 leaves nothing behind.
    if step != "dob" and "dob" in progress.steps and "dob" not in progress.done:
        return redirect("onboarding_step", step="dob")
    form = _form_for(step, user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _save(step, request, user, form.cleaned_data) or redirect("onboarding")
    return render(
        request,
        f"people/onboarding_{step}.html",
        {
            "form": form,
            "step": step,
            "title": STEP_TITLES[step],
            "number": progress.steps.index(step) + 1,
            "total": len(progress.steps),
        },
    )


def onboarding_too_young(request: HttpRequest) -> HttpResponse:
    return render(request, "people/onboarding_too_young.html")
