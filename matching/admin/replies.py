"""What a bulk action on matches answers: its confirmation page, the outcome, the way back.

Shared by the decisions (reject), the pauses and the closures (in the relationships app), so
each asks, reports and returns the same way whether it ran from the list or a match's page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from typing import TypeVar

from django.contrib import admin
from django.contrib import messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from matching.models import Match
from matching.services import BulkOutcome
from matching.services import each_match

# The hidden field a match page's buttons send: after the action, back to that page.
FROM_PAGE = "_from_page"

Admin = TypeVar("Admin", bound=admin.ModelAdmin)
Reply = TypeVar("Reply")
Action = Callable[[Admin, HttpRequest, QuerySet[Match]], Reply]


def report_outcome(request: HttpRequest, outcome: BulkOutcome, done: Any) -> None:
    # `done` is an ngettext_lazy keyed on "count": "Approved 1 match." / "Approved 3 matches."
    if outcome.done:
        messages.success(request, done % {"count": outcome.done})
    for match, why in outcome.refused:
        messages.error(request, _("%(match)s: %(why)s") % {"match": match, "why": why})


def none_chosen(request: HttpRequest, matches: list[Match]) -> bool:
    """The selection is cut to the coordinator's own programs: another program's is not there."""
    if not matches:
        messages.warning(request, _("None of the selected matches is yours to change."))
    return not matches


def confirm_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Match],
    template: str,
    **context: Any,
) -> TemplateResponse | None:
    """The page that lists what an action is about to change and asks before it does."""
    if none_chosen(request, list(queryset[:1])):
        return None
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            # The list shows a page of them; "all matching this filter" may be many.
            "matches": queryset.select_related("mentee", "mentor")[: model_admin.list_per_page],
            "count": queryset.count(),
            "select_across": request.POST.get("select_across", "0"),
            "opts": Match._meta,
            "action": request.POST.get("action", ""),
            "from_page": FROM_PAGE in request.POST,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            **context,
        },
    )


def asks_first(
    template: str, **context: Any
) -> Callable[[Action[Admin, Reply]], Action[Admin, Reply | TemplateResponse | None]]:
    """The action first shows confirm_page(template); it runs once that page sends "apply"."""

    def decorate(action: Action[Admin, Reply]) -> Action[Admin, Reply | TemplateResponse | None]:
        @functools.wraps(action)
        def ask_or_run(
            model_admin: Admin, request: HttpRequest, queryset: QuerySet[Match]
        ) -> Reply | TemplateResponse | None:
            if "apply" not in request.POST:
                return confirm_page(model_admin, request, queryset, template, **context)
            return action(model_admin, request, queryset)

        return ask_or_run

    return decorate


def apply_each(
    request: HttpRequest, queryset: QuerySet[Match], decide: Callable[[Match], object], done: Any
) -> HttpResponseRedirect | None:
    """`decide` each chosen match in its own transaction, say how it went, and go back."""
    matches = list(queryset)
    if none_chosen(request, matches):
        return None
    report_outcome(request, each_match(matches, decide), done)
    return back_from(request, matches)


def back_from(request: HttpRequest, matches: list[Match]) -> HttpResponseRedirect | None:
    """Back to the match's own page when the action started there; else the list (None)."""
    if FROM_PAGE in request.POST and len(matches) == 1:
        return HttpResponseRedirect(reverse("admin:matching_match_change", args=[matches[0].pk]))
    return None
