"""Pages for hosts: propose an event, share a skill, and run the events you host.

Every host page looks the event up with host=request.user, so someone else's proposal is a 404
exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models import Q
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.forms.hosting import CapacityForm
from events.forms.hosting import HostMessageForm
from events.forms.hosting import ProposalForm
from events.forms.hosting import SkillSessionForm
from events.models import Event
from events.models import Registration
from events.services import hosting
from mentoring.people.http import AuthenticatedHttpRequest


def _hosted(request: AuthenticatedHttpRequest, pk: int) -> Event:
    return get_object_or_404(Event.objects.with_seats(), pk=pk, host=request.user)


def _has_mentor_profile(user: object) -> bool:
    try:
        return user.mentor_profile is not None  # type: ignore[attr-defined]
    except ObjectDoesNotExist:
        return False


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _proposal_page(
    request: AuthenticatedHttpRequest,
    form: ProposalForm | SkillSessionForm,
    *,
    skill: bool,
    thanks: str,
) -> HttpResponse:
    """The host form, for an event or a skill session; a valid one goes to the coordinators."""
    if request.method == "POST" and form.is_valid():
        try:
            event = hosting.proposal_create(
                host=request.user, details=form.details(), is_skill_session=skill
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, thanks)
            return redirect("events:hosting_detail", pk=event.pk)
    status = 400 if form.is_bound else 200  # a bound form still here did not validate
    return render(request, "events/host_form.html", {"form": form, "skill": skill}, status=status)


@login_required
def host_event(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProposalForm(request.POST or None, user=request.user)
    thanks = _("Thank you! Your proposal is with the coordinators; they will email you.")
    return _proposal_page(request, form, skill=False, thanks=thanks)


@login_required
def share_skills(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not _has_mentor_profile(request.user):
        # Not an error a visitor caused: explain the way in (become a mentor, or host an event).
        context = {"page_title": _("Share your skills")}
        return render(request, "events/share_skills_mentors_only.html", context, status=403)
    form = SkillSessionForm(request.POST or None, user=request.user)
    thanks = _("Thank you for sharing your skills! Coordinators will review your session.")
    return _proposal_page(request, form, skill=True, thanks=thanks)


@login_required
def hosting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    events = (
        Event.objects.filter(host=request.user).with_seats().with_waitlist().order_by("-starts_at")
    )
    context = {
        "events": events,
        "can_share_skills": _has_mentor_profile(request.user),
        "page_title": _("Events I host"),
    }
    return render(request, "events/host_list.html", context)


def _detail_page(
    request: HttpRequest, event: Event, edit_form: ProposalForm | None = None, status: int = 200
) -> HttpResponse:
    registrations = (
        Registration.objects.active()
        .filter(event=event)
        .select_related("user__profile", "volunteer_role")
        .order_by("status", "created_at", "id")
    )
    counts = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
    )
    if edit_form is None and event.is_under_review:
        edit_form = ProposalForm(instance=event)
    context = {
        "event": event,
        "registrations": registrations,
        "counts": counts,
        "edit_form": edit_form,
        "capacity_form": CapacityForm(initial={"capacity": event.capacity}),
        "message_form": HostMessageForm(),
        "sent": event.host_messages.all()[:10],
    }
    return render(request, "events/host_detail.html", context, status=status)


@login_required
def hosting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _hosted(request, pk))


@login_required
@require_POST
def hosting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _hosted(request, pk)
    if not event.is_under_review:
        messages.error(request, _("This proposal has been reviewed and can no longer be edited."))
        return redirect("events:hosting_detail", pk=pk)
    form = ProposalForm(request.POST, instance=event)
    if form.is_valid():
        try:
            hosting.proposal_update(event=event, user=request.user, details=form.details())
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Your changes are saved and sent for review."))
            return redirect("events:hosting_detail", pk=pk)
    # The form wrote its values onto the instance it was given: show the stored event instead.
    return _detail_page(request, _hosted(request, pk), edit_form=form, status=400)


def _host_post(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[forms.Form],
    refused: Callable[[forms.Form], str],
    action: Callable[[Event, dict[str, Any]], str],
) -> HttpResponse:
    """A host's form posted from the event's page: back there, with what `action` did (the text
    it returns), why the form was refused (`refused`'s text), or why the rules refused it."""
    event = _hosted(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, refused(form))
        return redirect("events:hosting_detail", pk=pk)
    try:
        messages.success(request, action(event, form.cleaned_data))
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect("events:hosting_detail", pk=pk)


@login_required
@require_POST
def hosting_capacity(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def refused(form: forms.Form) -> str:
        return " ".join(map(str, form.errors["capacity"]))

    def change(event: Event, data: dict[str, Any]) -> str:
        capacity = data["capacity"]
        promoted = hosting.host_capacity_change(event=event, user=request.user, capacity=capacity)
        text = _("Capacity is now %(n)s.") % {"n": capacity}
        if promoted:
            text += " " + _("%(n)s people moved up from the waitlist.") % {"n": len(promoted)}
        return text

    return _host_post(request, pk, CapacityForm, refused, change)


@login_required
@require_POST
def hosting_message(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def refused(form: forms.Form) -> str:
        limit = number_format(hosting.MESSAGE_MAX_LENGTH, force_grouping=True)
        return _("Write a message of at most %(n)s characters.") % {"n": limit}

    def send(event: Event, data: dict[str, Any]) -> str:
        sent = hosting.host_message_registrants(event=event, user=request.user, body=data["body"])
        return _("Your message is on its way to %(n)s people.") % {"n": sent.recipients}

    return _host_post(request, pk, HostMessageForm, refused, send)
