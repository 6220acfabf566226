"""Participant pages of a relationship: the agreement, a check-in, the exit survey, messages."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http import HttpResponse
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from matching.models import Match
from matching.relationships.availability import shared_hours
from matching.relationships.calendar import ics_filename
from matching.relationships.calendar import meeting_ics
from matching.relationships.forms import AgreementForm
from matching.relationships.forms import CheckInForm
from matching.relationships.forms import ExitSurveyForm
from matching.relationships.forms import GoalForm
from matching.relationships.forms import MeetingForm
from matching.relationships.forms import MessageForm
from matching.relationships.forms import ReportForm
from matching.relationships.models import CheckIn
from matching.relationships.models import Closure
from matching.relationships.models import Goal
from matching.relationships.models import Meeting
from matching.relationships.selectors import Conversation
from matching.relationships.selectors import MeetingEntry
from matching.relationships.selectors import conversation_for
from matching.relationships.selectors import meetings_of
from matching.relationships.services import agreements
from matching.relationships.services import checkins
from matching.relationships.services import closures
from matching.relationships.services import goals
from matching.relationships.services import meetings
from matching.relationships.services import messages as conversation_messages
from matching.relationships.services import parties
from matching.selectors import visible_matches_for
from mentoring.core.form_saves import saved
from mentoring.core.ical import ics_response
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
    context = {
        "match": match,
        "agreement": existing,
        "form": form,
        "accepted": accepted,
        "page_title": _("Match agreement"),
    }
    return render(request, "relationships/agreement.html", context)


@login_required
def checkin(request: AuthenticatedHttpRequest, checkin_id: int) -> HttpResponse:
    found = get_object_or_404(CheckIn.objects.select_related("match"), pk=checkin_id)
    # Only that side's person: anyone else gets a 404, not a hint that it exists.
    if parties.side_of(found.match, request.user) != found.side:
        raise Http404
    # "Did you meet?" starts from the meetings they marked held or missed since the last one.
    met = checkins.met_since_last(found)
    initial = {} if met is None else {"met": "yes" if met else "no"}
    form = CheckInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and found.submitted_at is None:
        data = form.cleaned_data
        submit = partial(
            checkins.checkin_submit,
            checkin=found,
            user=request.user,
            met=data["met"] == "yes",
            rating=data["rating"],
            progress=data["progress"],
            concern=data["concern"],
            note_for_coordinator=data["note_for_coordinator"],
            good_fit={"yes": True, "no": False}.get(data["good_fit"]),
        )
        if saved(request, form, submit, _("Thank you: your check-in was sent.")):
            return HttpResponseRedirect(request.path)
    # The plan beside the check-in: "progress on the goals" is answered looking at them.
    plan = list(Goal.objects.filter(match=found.match))
    context = {"checkin": found, "form": form, "goals": plan, "page_title": _("Check-in")}
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
        "page_title": _("Conversation"),
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
            wording = {"user": request.user, "what": cleaned["what"], "by_when": cleaned["by_when"]}
            save: Callable[[], object]
            if adding:
                save = partial(goals.goal_add, match=match, **wording)
            else:
                goal = next(g for g, f in forms_by_goal if f is target)
                goal_status = cleaned["status"] or goal.status
                save = partial(goals.goal_update, goal=goal, status=goal_status, **wording)
            if saved(request, target, save, _("Your plan is saved.")):
                return HttpResponseRedirect(request.path)
        status = 400
    context = {
        "page_title": _("Our mentoring plan"),
        "match": match,
        "forms_by_goal": forms_by_goal,
        "add_form": add_form if len(existing) < Goal.PER_MATCH else None,
        "limit": Goal.PER_MATCH,
    }
    return render(request, "relationships/plan.html", context, status=status)


def _inside(request: AuthenticatedHttpRequest, match_id: int) -> Conversation:
    """The match as the viewer may see it: its two sides, and in a minor's match its program's
    coordinators (reading only), the same rule as the conversation's; anyone else a 404."""
    found = conversation_for(request.user, match_id)
    if found is None:
        raise Http404
    return found


def _meeting_form(
    request: AuthenticatedHttpRequest, found: Conversation, data: object = None
) -> MeetingForm:
    return MeetingForm(
        data,
        starts=shared_hours(found.match, timezone.now()),
        tz_name=request.user.timezone,
        formats=meetings.formats_for(found.match),
    )


def _terms(form: MeetingForm) -> meetings.Terms:
    data = form.cleaned_data
    return meetings.Terms(
        starts_at=data["starts_at"],
        minutes=data["minutes"],
        format=data["format"],
        place=data["place"],
        public_place=data["public_place"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request: AuthenticatedHttpRequest, match_id: int) -> HttpResponse:
    """The match's meetings, and a form to propose one from the hours both people share."""
    found = _inside(request, match_id)
    form = _meeting_form(request, found, request.POST or None) if found.can_write else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404  # a coordinator reads a minor's meetings; they do not plan them
        if form.is_valid():
            propose = partial(
                meetings.meeting_propose, match=found.match, user=request.user, terms=_terms(form)
            )
            if saved(request, form, propose, _("Your proposal was sent.")):
                return HttpResponseRedirect(request.path)
        status = 400
    now = timezone.now()
    context = {
        "match": found.match,
        "entries": [MeetingEntry(m, found.side, now) for m in meetings_of(found.match)],
        "form": form,
        "guidance": meetings.guidance(found.match),
        "tz_name": request.user.timezone,
    }
    return render(request, "relationships/meetings.html", context, status=status)


def _meeting(found: Conversation, meeting_id: int) -> Meeting:
    return get_object_or_404(meetings_of(found.match), pk=meeting_id)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_change(
    request: AuthenticatedHttpRequest, match_id: int, meeting_id: int
) -> HttpResponse:
    """Suggest another time: the counter-proposal to the side that proposed."""
    found = _inside(request, match_id)
    meeting = _meeting(found, meeting_id)
    entry = MeetingEntry(meeting, found.side, timezone.now())
    if not entry.can_change:
        raise Http404
    form = _meeting_form(request, found, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            counter = partial(
                meetings.meeting_counter, meeting=meeting, user=request.user, terms=_terms(form)
            )
            if saved(request, form, counter, _("You suggested another time.")):
                return HttpResponseRedirect(f"/matching/{match_id}/meetings/")
        status = 400
    context = {"match": found.match, "entry": entry, "form": form}
    context["guidance"] = meetings.guidance(found.match)
    return render(request, "relationships/meeting_change.html", context, status=status)


ANSWERS = {
    "accept": (meetings.meeting_accept, _("You agreed to the meeting.")),
    "decline": (meetings.meeting_decline, _("You declined the meeting.")),
    "cancel": (meetings.meeting_cancel, _("The meeting is cancelled.")),
}


@login_required
@require_POST
def meeting_answer(
    request: AuthenticatedHttpRequest, match_id: int, meeting_id: int
) -> HttpResponse:
    """One click: accept, decline, cancel, or after the meeting "we met" / "we didn't"."""
    found = _inside(request, match_id)
    if found.side is None:
        raise Http404
    meeting = _meeting(found, meeting_id)
    action = request.POST.get("action", "")
    try:
        if action in ("held", "missed"):
            meetings.meeting_outcome(meeting=meeting, user=request.user, held=action == "held")
            done = _("Thank you: we noted that you met.") if action == "held" else None
            messages.success(request, done or _("Thank you: we noted that you did not meet."))
        elif action in ANSWERS:
            service, said = ANSWERS[action]
            service(meeting=meeting, user=request.user)
            messages.success(request, said)
        else:
            return HttpResponse(_("That is not something a meeting can do."), status=400)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = f"/matching/{match_id}/meetings/"
    return HttpResponseRedirect(back)


@login_required
def meeting_calendar(
    request: AuthenticatedHttpRequest, match_id: int, meeting_id: int
) -> HttpResponse:
    found = _inside(request, match_id)
    meeting = _meeting(found, meeting_id)
    if found.side is None or not meeting.offers_calendar:
        raise Http404
    return ics_response(meeting_ics(meeting), ics_filename(meeting))
