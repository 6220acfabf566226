"""Closing matches from the Matches list and from a match's own page, through match_close.

The matching app may not import this one (relationships sit above it), so its MatchAdmin is
registered again here, with the close action and the link to a closure form filled in for the
match. Everything else about the Matches admin stays in matching/admin.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext_lazy

from matching.admin.matches import MatchAdmin
from matching.admin.replies import apply_each
from matching.admin.replies import confirm_page
from matching.models import Match
from matching.relationships.models import Closure
from matching.relationships.models import MatchAgreement
from matching.relationships.models import QuietNotice
from matching.relationships.services.closures import match_close
from mentoring.people.http import admin_user

NOTE_MAX = 2000


def closure_defaults(match: Match, today: date) -> dict[str, Any]:
    """What a closure form starts with for this match, from what is known of it.

    Only a start: the coordinator reads it and changes what is wrong before saving.
    """
    agreement = MatchAgreement.objects.filter(match=match).first()
    if agreement is not None and agreement.until <= today:
        return {"kind": Closure.Kind.PLANNED, "reason": Closure.Reason.COMPLETED}
    early: dict[str, Any] = {"kind": Closure.Kind.EARLY}
    if match.flagged_at is not None:
        # A side said "not a good fit": the mentee goes back in the pool, first in line.
        return {**early, "reason": Closure.Reason.NOT_A_FIT, "rematch_eligible": True}
    if QuietNotice.objects.filter(match=match, kind=QuietNotice.Kind.ALERT).exists():
        return {**early, "reason": Closure.Reason.UNRESPONSIVE}
    return early


class CloseMatchesForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("kind"), choices=Closure.Kind.choices, initial=Closure.Kind.EARLY
    )
    # Account deletion closes its own matches; a coordinator never picks it.
    reason = forms.ChoiceField(
        label=gettext_lazy("reason"),
        choices=[c for c in Closure.Reason.choices if c[0] != Closure.Reason.ACCOUNT_DELETED],
    )
    note = forms.CharField(
        label=gettext_lazy("note"), widget=forms.Textarea, required=False, max_length=NOTE_MAX
    )
    rematch_eligible = forms.BooleanField(
        label=gettext_lazy("mentee eligible for a rematch"), required=False
    )


class ClosingMatchAdmin(MatchAdmin):
    actions: tuple[str, ...] = (*MatchAdmin.actions[:-1], "close_selected", MatchAdmin.actions[-1])

    def has_close_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("relationships.add_closure")

    @admin.action(description=gettext_lazy("Close selected matches…"), permissions=["close"])
    def close_selected(
        self, request: HttpRequest, queryset: QuerySet[Match]
    ) -> TemplateResponse | HttpResponseRedirect | None:
        form = CloseMatchesForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            by, choice = admin_user(request), form.cleaned_data
            done = ngettext_lazy("Closed %(count)s match.", "Closed %(count)s matches.", "count")
            return apply_each(
                request, queryset, lambda m: match_close(match=m, by=by, **choice), done
            )
        return confirm_page(
            self,
            request,
            queryset,
            "admin/relationships/closure/close_matches.html",
            title=_("Close matches"),
            form=form,
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        match = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if match is not None and match.can_close and self.has_close_permission(request):
            # The closure form, filled in: this match and the defaults its facts suggest.
            query = {"match": match.pk, **closure_defaults(match, timezone.localdate())}
            context["close_url"] = (
                f"{reverse('admin:relationships_closure_add')}?{urlencode(query)}"
            )
        return super().change_view(request, object_id, form_url, context)


admin.site.unregister(Match)
admin.site.register(Match, ClosingMatchAdmin)
