"""Public community pages: the programs directory and the "mentor, coach or therapist?" guide."""

from __future__ import annotations

from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods

from mentoring.community.forms import DirectoryFilterForm
from mentoring.community.models import GuideQuestion
from mentoring.community.models import HelpKind
from mentoring.community.selectors import chosen_answers
from mentoring.community.selectors import guide_result
from mentoring.people.models import Enrollment
from mentoring.people.models import Program
from mentoring.people.selectors import open_programs


def join_url(program: Program, role: str) -> str:
    """Onboarding's role step with this program and role already chosen."""
    query = urlencode({"program": program.slug, "role": role})
    return f"{reverse('onboarding_roles')}?{query}"


@require_GET
def program_list(request: HttpRequest) -> HttpResponse:
    areas = sorted(
        set(Program.objects.open_for_signup().exclude(area="").values_list("area", flat=True))
    )
    form = DirectoryFilterForm(request.GET or None, areas=areas)
    filters = form.cleaned_data if form.is_valid() else {}
    return render(
        request,
        "community/program_list.html",
        {"form": form, "programs": open_programs(filters)},
    )


@require_GET
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_object_or_404(open_programs({}), slug=slug)
    # open_programs() annotates the places left per role (None: no limit); mypy sees only fields.
    mentor_left: int | None = program.mentor_places_left  # type: ignore[attr-defined]
    mentee_left: int | None = program.mentee_places_left  # type: ignore[attr-defined]
    mentor_open = mentor_left is None or mentor_left > 0
    mentee_open = not program.recruiting_mentors_only and (mentee_left is None or mentee_left > 0)
    return render(
        request,
        "community/program_detail.html",
        {
            "program": program,
            "join_mentor_url": join_url(program, Enrollment.Role.MENTOR) if mentor_open else "",
            "join_mentee_url": join_url(program, Enrollment.Role.MENTEE) if mentee_open else "",
        },
    )


# The "mentor, coach or therapist?" guide: a form whose answers are never stored. They come by
# POST, because a query string lands in every access log and in the browser's history; the page
# works out a suggestion and renders it in the response, and writes nothing: no session, no
# database row, no log of what a visitor chose. A GET shows the questions only.
@require_http_methods(["GET", "POST"])
def guide(request: HttpRequest) -> HttpResponse:
    questions = list(GuideQuestion.objects.active().prefetch_related("answers"))
    chosen = chosen_answers(questions, request.POST) if request.method == "POST" else {}
    return render(
        request,
        "community/guide.html",
        {
            "page_title": _("Mentor, coach or therapist?"),
            "questions": questions,
            "chosen_ids": {answer.pk for answer in chosen.values()},
            "result": guide_result(chosen.values()),
            "kinds": HelpKind,
        },
    )
