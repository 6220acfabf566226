"""Campaign pages: home, stories wall, Mentor of the Month, thank-you notes, resources."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mentoring.campaign import selectors
from mentoring.campaign import services as campaign
from mentoring.campaign.forms import NominationForm, NoteForm
from mentoring.people.selectors import open_programs

HOME_PROGRAMS = 4


def _home_body(request: HttpRequest) -> str:
    year = selectors.campaign_year(timezone.localdate())
    context = {
        "year": year,
        "numbers": selectors.impact_numbers(),
        "calendar": selectors.january_calendar(year),
        "mentor_of_the_month": selectors.mentor_of_the_month(),
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
            cache.set(key, body, selectors.CACHE_SECONDS)
    # The body is our own rendered template output, already escaped.
    return render(request, "campaign/home.html", {"body": mark_safe(body)})  # noqa: S308


def stories(request: HttpRequest) -> HttpResponse:
    notes = selectors.wall_notes()[:60]
    featured = selectors.featured_nominations()[:24]
    return render(request, "campaign/stories.html", {"notes": notes, "featured": featured})


def story(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(selectors.featured_nominations(), pk=pk)
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
