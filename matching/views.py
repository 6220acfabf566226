"""Pages of the matching app: a coordinator's run button and a participant's match page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching.admin import report_run
from matching.selectors import visible_matches_for
from matching.services import matching_run_enqueue
from mentoring.people.http import AuthenticatedHttpRequest
from mentoring.people.selectors import programs_coordinated_by


@require_POST
@staff_member_required
def run(request: AuthenticatedHttpRequest, program_id: int) -> HttpResponse:
    """The changelist's "Run matching for …" buttons post here (CSRF-protected form)."""
    if not request.user.has_perm("matching.change_match"):
        raise PermissionDenied
    # Only a program this coordinator runs (a superuser runs any): another program's is a 404.
    program = get_object_or_404(programs_coordinated_by(request.user), pk=program_id)
    try:
        run = matching_run_enqueue(program=program, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("admin:matching_match_changelist"))
    run.refresh_from_db()  # without a broker (eager) it has already finished
    if report_run(request, run):
        url = reverse("admin:matching_match_changelist")
        return HttpResponseRedirect(f"{url}?program__id__exact={program.pk}&status__exact=proposed")
    return HttpResponseRedirect(reverse("admin:matching_matchrun_change", args=[run.pk]))


@login_required
def detail(request: AuthenticatedHttpRequest, match_id: int) -> HttpResponse:
    # Anything but an approved/active match of this user is a 404: no hint that it exists.
    match = get_object_or_404(visible_matches_for(request.user), pk=match_id)
    context = {"match": match, "me": request.user, "page_title": _("Your match")}
    return render(request, "matching/detail.html", context)
