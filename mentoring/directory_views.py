"""The public programs directory: every program open for sign-up, and a page for each."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from mentoring.models import Enrollment, Program
from mentoring.selectors import open_programs

ANY = [("", _("Any"))]


class DirectoryFilterForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Who it is for"),
        required=False,
        choices=ANY + [("youth", _("Youth (under 18)")), ("adult", _("Adults"))],
    )
    delivery = forms.ChoiceField(
        label=_("Meets"),
        required=False,
        choices=ANY
        + [(Program.Delivery.ONLINE, _("Online")), (Program.Delivery.IN_PERSON, _("In person"))],
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    focus = forms.ChoiceField(
        label=_("Focus"),
        required=False,
        choices=ANY
        + [(Program.Focus.CAREER, _("Career")), (Program.Focus.ACADEMIC, _("Academic"))],
    )

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = ANY + [(area, area) for area in areas]


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
        "programs/list.html",
        {"form": form, "programs": open_programs(filters)},
    )


@require_GET
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_object_or_404(open_programs({}), slug=slug)
    mentor_open = program.mentor_places_left is None or program.mentor_places_left > 0
    mentee_open = not program.recruiting_mentors_only and (
        program.mentee_places_left is None or program.mentee_places_left > 0
    )
    return render(
        request,
        "programs/detail.html",
        {
            "program": program,
            "join_mentor_url": join_url(program, Enrollment.Role.MENTOR) if mentor_open else "",
            "join_mentee_url": join_url(program, Enrollment.Role.MENTEE) if mentee_open else "",
        },
    )
