"""Event pages: thin views that parse input, call a service, and render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from events import calendar
from events.apps import PAGES
from events.emails import registration_from_token
from events.forms.registrations import EventFilterForm
from events.forms.registrations import RegisterForm
from events.models import CalendarFeed
from events.models import Event
from events.models import Registration
from events.models import VolunteerRole
from events.services import registrations as services
from mentoring.core import page_cache
from mentoring.core.ical import ics_response
from mentoring.people.http import AuthenticatedHttpRequest

PAGE_SIZE = 20


def _list_body(request: HttpRequest) -> str:
    events = Event.objects.published().upcoming().with_seats().order_by("starts_at", "id")
    filters = EventFilterForm(request.GET or None)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["mode"] == "online":
            events = events.exclude(online_url="")
        elif data["mode"] == "in_person":
            events = events.filter(online_url="")
        if data["on"]:
            events = events.starting_on_local_days(data["on"], data["on"])
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "query": query.urlencode()}
    return render_to_string("events/_list_body.html", context, request=request)


def event_list(request: HttpRequest) -> HttpResponse:
    body = page_cache.for_anonymous(
        request, PAGES, request.get_full_path(), lambda: _list_body(request)
    )
    # The body is our own rendered template output, already escaped.
    return render(request, "events/list.html", {"body": mark_safe(body)})  # noqa: S308


def _detail_parts(request: HttpRequest, pk: int) -> dict[str, str]:
    event = get_object_or_404(Event.objects.with_seats().exclude(status=Event.Status.DRAFT), pk=pk)
    registration = None
    if request.user.is_authenticated:
        registration = (
            Registration.objects.active()
            .select_related("volunteer_role")
            .filter(event=event, user=request.user)
            .first()
        )
    context = {
        "event": event,
        "roles": VolunteerRole.objects.filter(event=event).with_slots(),
        "registration": registration,
        "position": registration.waitlist_position() if registration else None,
        "closed_reason": event.closed_reason(),
        "form": RegisterForm(event=event),
        "show_link": bool(registration and registration.status == Registration.Status.CONFIRMED),
    }
    og = {"og_title": event.title, "og_description": event.description}
    return {
        "title": event.title,
        "head": render_to_string("campaign/_og.html", og, request=request),
        "body": render_to_string("events/_detail_body.html", context, request=request),
    }


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Anonymous visitors share one render per language for a minute (mentoring/core/page_cache):
    seats and "registration is closed" may lag that long, and registering re-checks both."""
    parts = page_cache.for_anonymous(
        request, PAGES, request.get_full_path(), lambda: _detail_parts(request, pk)
    )
    context = {
        "title": parts["title"],
        # Both are our own rendered template output, already escaped.
        "head": mark_safe(parts["head"]),  # noqa: S308
        "body": mark_safe(parts["body"]),  # noqa: S308
    }
    return render(request, "events/detail.html", context)


@login_required
@require_POST
def event_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.exclude(status=Event.Status.DRAFT), pk=pk)
    form = RegisterForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, _("Please choose one of this event's volunteer roles."))
        return redirect(event)
    try:
        registration = services.registration_create(
            event=event, user=request.user, volunteer_role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(event)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You're registered. A confirmation email is on its way."))
    else:
        messages.warning(
            request,
            _("The event is full: you're on the waitlist at position %(n)s.")
            % {"n": registration.waitlist_position()},
        )
    return redirect(event)


def _own_registration(request: AuthenticatedHttpRequest, pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event", "volunteer_role"), pk=pk, user=request.user
    )


def _cancel(request: HttpRequest, registration: Registration) -> None:
    try:
        services.registration_cancel(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))


def _cancel_confirm(request: HttpRequest, registration: Registration) -> HttpResponse:
    context = {"registration": registration, "page_title": _("Cancel registration")}
    return render(request, "events/cancel_confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def registration_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The event page's "Cancel my registration": a confirmation page, then a POST that cancels."""
    registration = _own_registration(request, pk)
    if request.method == "GET":
        return _cancel_confirm(request, registration)
    _cancel(request, registration)
    if request.POST.get("next") == "mine":
        return redirect("events:mine")
    return redirect(registration.event)


@never_cache  # a private link, opened without signing in
def cancel_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click link from emails: a confirmation page, then a POST that cancels."""
    registration_id = registration_from_token(token)
    if registration_id is None:
        raise Http404
    registration = get_object_or_404(
        Registration.objects.select_related("event", "user"), pk=registration_id
    )
    if request.method == "POST":
        _cancel(request, registration)
        return redirect(registration.event)
    return _cancel_confirm(request, registration)


def event_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.published(), pk=pk)
    return ics_response(calendar.event_ics(event), f"{event.slug}.ics")


@login_required
def registration_calendar(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = _own_registration(request, pk)
    return ics_response(calendar.registration_ics(registration), f"{registration.event.slug}.ics")


@login_required
def my_events(request: AuthenticatedHttpRequest) -> HttpResponse:
    registrations = list(
        Registration.objects.active()
        .filter(user=request.user)
        .select_related("event", "volunteer_role")
        .order_by("event__starts_at", "id")
    )
    rows = [(r, r.waitlist_position()) for r in registrations]
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    feed_url = request.build_absolute_uri(feed.get_absolute_url())
    context = {"rows": rows, "feed_url": feed_url, "page_title": _("My events")}
    return render(request, "events/mine.html", context)


@login_required
@require_POST
def feed_reset(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.calendar_feed_reset(user=request.user)
    messages.success(request, _("Your calendar link changed; the old one no longer works."))
    return redirect("events:mine")


@never_cache  # a private link: the person's own calendar
def feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    registrations = Registration.objects.active().filter(user=feed.user).select_related("event")
    return ics_response(calendar.feed_ics(registrations), "pay-it-forward.ics")
