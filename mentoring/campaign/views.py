"""Campaign pages: home, stories wall, Mentor of the Month, thank-you notes, resources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mentoring.campaign import selectors
from mentoring.campaign import services as campaign
from mentoring.campaign.forms import AboutAMentorForm
from mentoring.campaign.forms import MentorSearchForm
from mentoring.campaign.forms import NominationForm
from mentoring.campaign.forms import NoteForm
from mentoring.campaign.models import ThankYouNote
from mentoring.core.form_saves import saved
from mentoring.people.http import AuthenticatedHttpRequest
from mentoring.people.selectors import open_programs

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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
    context = {"notes": notes, "featured": featured, "page_title": _("Stories of mentoring")}
    return render(request, "campaign/stories.html", context)


def story(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(selectors.featured_nominations(), pk=pk)
    return render(request, "campaign/story.html", {"nomination": nomination})


def _mentor_search(request: HttpRequest) -> tuple[MentorSearchForm, str]:
    """The name typed to find a mentor, from the query string (the note form posts to the same
    address, so the mentor found stays a valid choice)."""
    search = MentorSearchForm(request.GET)
    return search, search.cleaned_data["q"] if search.is_valid() else ""


def _mentor_form_page(
    request: AuthenticatedHttpRequest,
    form_class: type[AboutAMentorForm],
    template: str,
    page_title: str,
    thanks: str,
) -> HttpResponse:
    """A form about one of the person's mentors (a note, a nomination): find the mentor, write
    through the service, and on success say thanks on the stories page."""
    search, query = _mentor_search(request)
    form = form_class(request.POST or None, person=request.user, query=query)
    if request.method == "POST" and form.is_valid() and saved(request, form, form.save, thanks):
        return redirect("campaign:stories")
    context = {"form": form, "search": search, "query": query, "page_title": page_title}
    return render(request, template, context)


@login_required
def thank(request: AuthenticatedHttpRequest) -> HttpResponse:
    title = _("Thank your mentor")
    thanks = _("Thank you! Your note is on its way to your mentor.")
    return _mentor_form_page(request, NoteForm, "campaign/thank.html", title, thanks)


@login_required
def nominate(request: AuthenticatedHttpRequest) -> HttpResponse:
    title = _("Nominate a Mentor of the Month")
    thanks = _("Thank you! Coordinators will read your nomination.")
    return _mentor_form_page(request, NominationForm, "campaign/nominate.html", title, thanks)


@login_required
def notes_received(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A mentor's thank-you notes; those their author wants public wait for the mentor's answer."""
    notes = selectors.notes_received(request.user)
    context = {
        "awaiting": notes.awaiting_mentor(),
        "notes": notes[:100],
        "page_title": _("Thank-you notes for you"),
    }
    return render(request, "campaign/notes_received.html", context)


@login_required
@require_POST
def note_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agree = request.POST.get("answer") == "agree"
    try:
        campaign.note_mentor_answer(note_id=pk, mentor=request.user, agree=agree)
    except ThankYouNote.DoesNotExist:
        raise Http404("no note of yours waits for an answer") from None
    if agree:
        messages.success(request, _("Thank you. A coordinator will review the note for the wall."))
    else:
        messages.success(request, _("The note stays private: only you can read it."))
    return redirect("campaign:notes_received")


@dataclass(frozen=True)
class ResourceSection:
    """A list of the resources page under its heading (`id` names the heading's anchor), with
    an optional way on below it."""

    id: str
    heading: StrOrPromise
    items: tuple[StrOrPromise, ...]
    link_url: StrOrPromise = ""
    link_label: StrOrPromise = ""


# After the "help now" section, which stays in the template (its sentences carry markup).
RESOURCE_SECTIONS = (
    ResourceSection(
        "boundaries",
        gettext_lazy("The boundaries of mentoring"),
        (
            gettext_lazy(
                "A mentor listens, shares experience and encourages; a mentor is not a "
                "therapist, doctor, lawyer or financial adviser."
            ),
            gettext_lazy(
                "If a conversation touches on safety, abuse or a crisis, a mentor helps the "
                "mentee reach professional help and tells the program coordinator."
            ),
            gettext_lazy(
                "Meetings with mentees under 18 follow the program's rules and the guardian's "
                "consent."
            ),
        ),
    ),
    ResourceSection(
        "professional",
        gettext_lazy("Finding professional help"),
        (
            gettext_lazy(
                "For mental health: a licensed counselor, psychologist or your doctor; the 988 "
                "Lifeline can point you to local services."
            ),
            gettext_lazy("For a specific goal with a set timeline: a professional coach."),
            gettext_lazy("Students: your school or college counseling center."),
        ),
    ),
    ResourceSection(
        "conduct",
        gettext_lazy("Mentor code of conduct"),
        (
            gettext_lazy("Respect your mentee's goals, privacy, culture and pace."),
            gettext_lazy(
                "Keep meetings in the agreed formats and places; no gifts, loans or private "
                "social-media contact with minors."
            ),
            gettext_lazy(
                "Never use the relationship for personal, romantic, financial or political gain."
            ),
            gettext_lazy(
                "Report any concern about a mentee's safety to the coordinator the same day."
            ),
        ),
        link_url=reverse_lazy("guide"),
        link_label=gettext_lazy("Mentor, coach or therapist? Take the guide"),
    ),
)


def resources(request: HttpRequest) -> HttpResponse:
    context = {"page_title": _("Resources"), "sections": RESOURCE_SECTIONS}
    return render(request, "campaign/resources.html", context)
