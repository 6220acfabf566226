"""Participant pages of a relationship: the agreement, a check-in, the exit survey, messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from matching.models import Match
from matching.relationships.forms import (
    AgreementForm,
    CheckInForm,
    ExitSurveyForm,
    GoalForm,
    MessageForm,
    ReportForm,
)
from matching.relationships.models import CheckIn, Closure, Goal
from matching.relationships.selectors import conversation_for
from matching.relationships.services import agreements, checkins, closures, goals, parties
from matching.relationships.services import messages as conversation_messages
from matching.selectors import visible_matches_for
from mentoring.core.ratelimit import RateLimited
from mentoring.people.http import AuthenticatedHttpRequest


@login_required
def agreement(request: AuthenticatedHttpRequest, match_id: int) -> HttpResponse:
    match = get_object_or_404(visible_matches_for(request.user), pk=match_id)
    existing = getattr(match, "agreement", None)  # the missing-row error is an AttributeError
    side = parties.side_of(match, request.user)
    form = AgreementForm(request.POST or None) if existing is None else None
    if request.method == "POST":
        try:
            if form is not None and not form.is_valid():
                raise ValidationError("")
            terms = form.cleaned_data if form is not None else {}
            agreements.agreement_accept(match=match, user=request.user, **terms)
        except ValidationError as error:
            for message in filter(None, error.messages):
                if form is not None:
                    form.add_error(None, message)
                else:
                    messages.error(request, message)
        else:
            messages.success(request, _("You accepted the match agreement."))
            return HttpResponseRedirect(request.path)
    accepted = bool(existing and getattr(existing, f"{side}_accepted_at"))
    context = {"match": match, "agreement": existing, "form": form, "accepted": accepted}
    return render(request, "relationships/agreement.html", context)


@login_required
def checkin(request: AuthenticatedHttpRequest, checkin_id: int) -> HttpResponse:
    found = get_object_or_404(CheckIn.objects.select_related("match"), pk=checkin_id)
    # Only that side's person: anyone else gets a 404, not a hint that it exists.
    if parties.side_of(found.match, request.user) != found.side:
        raise Http404
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and found.submitted_at is None:
        data = form.cleaned_data
        try:
            checkins.checkin_submit(
                checkin=found,
                user=request.user,
                met=data["met"] == "yes",
                rating=data["rating"],
                progress=data["progress"],
                concern=data["concern"],
                note_for_coordinator=data["note_for_coordinator"],
                good_fit={"yes": True, "no": False}.get(data["good_fit"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your check-in was sent."))
            return HttpResponseRedirect(request.path)
    # The plan beside the check-in: "progress on the goals" is answered looking at them.
    plan = list(Goal.objects.filter(match=found.match))
    context = {"checkin": found, "form": form, "goals": plan}
    return render(request, "relationships/checkin.html", context)


@login_required
def exit_survey(request: AuthenticatedHttpRequest, match_id: int) -> HttpResponse:
    closure = get_object_or_404(
        Closure.objects.select_related("match").filter(match__status=Match.Status.CLOSED),
        match_id=match_id,
    )
    side = parties.side_of(closure.match, request.user)
    if side is None:
        raise Http404
    form = ExitSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        closures.exit_survey_submit(
            match=closure.match, user=request.user, answers=form.cleaned_data
        )
        messages.success(request, _("Thank you for your answers."))
        return HttpResponseRedirect(request.path)
    context = {"closure": closure, "form": form, "answered": side in closure.exit_survey}
    return render(request, "relationships/exit_survey.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: AuthenticatedHttpRequest, match_id: int) -> HttpResponse:
    found = conversation_for(request.user, match_id)
    if found is None:
        raise Http404
    form = MessageForm(request.POST or None) if found.can_write else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404  # a coordinator reads a minor's conversation; they do not write in it
        if form.is_valid():
            try:
                conversation_messages.message_send(
                    match=found.match, user=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 429 if isinstance(error, RateLimited) else 400
            else:
                messages.success(request, _("Your message was sent."))
                return HttpResponseRedirect(request.path)
        else:
            status = 400
    now = timezone.now()
    if found.side is not None:
        conversation_messages.messages_mark_read(match=found.match, side=found.side, now=now)
    context = {
        "conversation": found,
        "match": found.match,
        "thread": found.thread(now),
        "form": form,
        "report_form": ReportForm(),
        "now": now,
    }
    return render(request, "relationships/conversation.html", context, status=status)


@login_required
@require_POST
def message_report(
    request: AuthenticatedHttpRequest, match_id: int, message_id: int
) -> HttpResponse:
    found = conversation_for(request.user, match_id)
    if found is None or found.side is None:
        raise Http404
    message = get_object_or_404(found.messages(timezone.now()), pk=message_id)
    form = ReportForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    conversation_messages.message_report(message=message, user=request.user, reason=reason)
    messages.success(request, _("Thank you: a coordinator was told and will look at this message."))
    return HttpResponseRedirect(f"/matching/{match_id}/messages/#message-{message_id}")


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: AuthenticatedHttpRequest, match_id: int) -> HttpResponse:
    """The mentoring plan: each goal is its own small form, and one more to add a goal."""
    match = get_object_or_404(visible_matches_for(request.user), pk=match_id)
    existing = list(Goal.objects.filter(match=match))
    editing = request.POST.get("goal", "") if request.method == "POST" else ""
    forms_by_goal = []
    for goal in existing:
        data = request.POST if editing == str(goal.pk) else None
        initial = {"what": goal.what, "by_when": goal.by_when, "status": goal.status}
        forms_by_goal.append((goal, GoalForm(data, initial=initial, prefix=f"goal-{goal.pk}")))
    adding = request.method == "POST" and editing == "new"
    add_form = GoalForm(request.POST if adding else None, prefix="new")
    target = add_form if adding else next((f for g, f in forms_by_goal if f.is_bound), None)
    status = 200
    if request.method == "POST":
        if target is None:
            return HttpResponse(_("That goal is not part of this plan."), status=400)
        if target.is_valid():
            cleaned = target.cleaned_data
            try:
                if adding:
                    goals.goal_add(
                        match=match,
                        user=request.user,
                        what=cleaned["what"],
                        by_when=cleaned["by_when"],
                    )
                else:
                    goal = next(g for g, f in forms_by_goal if f is target)
                    goals.goal_update(
                        goal=goal,
                        user=request.user,
                        what=cleaned["what"],
                        by_when=cleaned["by_when"],
                        status=cleaned["status"] or goal.status,
                    )
            except ValidationError as error:
                target.add_error(None, error)
            else:
                messages.success(request, _("Your plan is saved."))
                return HttpResponseRedirect(request.path)
        status = 400
    context = {
        "match": match,
        "forms_by_goal": forms_by_goal,
        "add_form": add_form if len(existing) < Goal.PER_MATCH else None,
        "limit": Goal.PER_MATCH,
    }
    return render(request, "relationships/plan.html", context, status=status)
