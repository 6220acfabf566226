"""Campaign pages: home, stories wall, Mentor of the Month, thank-you notes, resources."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.models import Event, Registration
from matching.models import Match
from mentoring.campaign import services as campaign
from mentoring.campaign.forms import NominationForm, NoteForm
from mentoring.campaign.models import Nomination, ObservanceDay, ThankYouNote
from mentoring.people.models import MenteeProfile, MentorProfile
from mentoring.people.selectors import open_programs

CACHE_SECONDS = 5 * 60
HOME_PROGRAMS = 4


def campaign_year(today: date) -> int:
    """The January being campaigned for: this one during January, otherwise the next."""
    return today.year if today.month == 1 else today.year + 1


def impact_numbers() -> dict[str, int]:
    """Headline numbers, cached for five minutes: four queries on a miss, none on a hit."""
    numbers = cache.get("campaign:impact")
    if numbers is not None:
        return numbers
    registrations = Registration.objects.filter(status=Registration.Status.CONFIRMED).aggregate(
        total=Count("pk"),
        volunteer_time=Sum(
            ExpressionWrapper(F("event__ends_at") - F("event__starts_at"), DurationField()),
            filter=Q(volunteer_role__isnull=False),
        ),
    )
    volunteer_time = registrations["volunteer_time"] or timedelta()
    numbers = {
        "mentors": MentorProfile.objects.filter(user__is_active=True).count(),
        "mentees": MenteeProfile.objects.filter(user__is_active=True).count(),
        "matches": Match.objects.filter(status__in=Match.HOLDING).count(),
        "registrations": registrations["total"],
        "volunteer_hours": round(volunteer_time.total_seconds() / 3600),
    }
    cache.set("campaign:impact", numbers, CACHE_SECONDS)
    return numbers


def _mentor_of_the_month() -> Nomination | None:
    this_month = timezone.localdate().replace(day=1)
    featured = Nomination.objects.featured().select_related("mentor__profile")
    return featured.filter(month__lte=this_month).first() or featured.order_by("month").first()


def _january(year: int) -> list[dict]:
    """Events and observance days of the campaign January, in date order."""
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year, 2, 1), time.min))
    entries = [
        {
            "date": day.date,
            "name": day.local_name,
            "observance": True,
            "description": day.local_description,
        }
        for day in ObservanceDay.objects.active().filter(year=year)
    ]
    events = Event.objects.published().filter(starts_at__gte=start, starts_at__lt=end)
    entries += [
        {"date": timezone.localtime(event.starts_at).date(), "name": event.title, "event": event}
        for event in events.order_by("starts_at")[:40]
    ]
    return sorted(entries, key=lambda entry: (entry["date"], not entry.get("observance")))


def _home_body(request: HttpRequest) -> str:
    year = campaign_year(timezone.localdate())
    context = {
        "year": year,
        "numbers": impact_numbers(),
        "calendar": _january(year),
        "mentor_of_the_month": _mentor_of_the_month(),
        # A few open programs right on the page: a visitor is one click from a program's page.
        "programs": list(open_programs({})[:HOME_PROGRAMS]),
    }
    return render_to_string("campaign/_home_body.html", context, request=request)


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors get the page body from the cache (no query at all, per language).

    The shell around it (CSRF token of the language switcher, messages) is rendered on each
    request: a cached token would make another visitor's language switch fail.
    """
    if request.user.is_authenticated:
        body = _home_body(request)
    else:
        key = f"campaign:home:{get_language()}"
        body = cache.get(key)
        if body is None:
            body = _home_body(request)
            cache.set(key, body, CACHE_SECONDS)
    # The body is our own rendered template output, already escaped.
    return render(request, "campaign/home.html", {"body": mark_safe(body)})  # noqa: S308


def stories(request: HttpRequest) -> HttpResponse:
    notes = ThankYouNote.objects.on_wall().select_related("author__profile", "mentor__profile")
    featured = Nomination.objects.featured().select_related("mentor__profile")
    return render(
        request, "campaign/stories.html", {"notes": notes[:60], "featured": featured[:24]}
    )


def story(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(
        Nomination.objects.featured().select_related("mentor__profile"), pk=pk
    )
    return render(request, "campaign/story.html", {"nomination": nomination})


@login_required
def thank(request: HttpRequest) -> HttpResponse:
    form = NoteForm(request.POST or None, author=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign.note_write(
                author=request.user,
                mentor=form.cleaned_data["mentor"],
                body=form.cleaned_data["body"],
                public=form.cleaned_data["public"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you! Your note is on its way to your mentor."))
            return redirect("campaign:stories")
    return render(request, "campaign/thank.html", {"form": form})


@login_required
def nominate(request: HttpRequest) -> HttpResponse:
    form = NominationForm(request.POST or None, nominator=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign.nomination_submit(
                nominator=request.user,
                mentor=form.cleaned_data["mentor"],
                story=form.cleaned_data["story"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you! Coordinators will read your nomination."))
            return redirect("campaign:stories")
    return render(request, "campaign/nominate.html", {"form": form})


def resources(request: HttpRequest) -> HttpResponse:
    return render(request, "campaign/resources.html")
