"""Pause and resume matches, from the Matches list and from a match's own page."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext_lazy

from matching.admin.replies import apply_each
from matching.admin.replies import asks_first
from matching.models import Match
from matching.services import PAUSE_NOTE_MAX
from matching.services import match_pause
from matching.services import match_resume
from mentoring.people.http import admin_user


class PauseActions(admin.ModelAdmin):
    """Mixed into MatchAdmin: a pause stops reminders; resuming starts them again."""

    @admin.action(description=gettext_lazy("Pause selected matches…"), permissions=["change"])
    @asks_first(
        "admin/matching/match/pause.html",
        title=gettext_lazy("Pause matches"),
        max_note=PAUSE_NOTE_MAX,
    )
    def pause_selected(
        self, request: HttpRequest, queryset: QuerySet[Match]
    ) -> HttpResponseRedirect | None:
        by, note = admin_user(request), request.POST.get("note", "")
        done = ngettext_lazy("Paused %(count)s match.", "Paused %(count)s matches.", "count")
        return apply_each(request, queryset, lambda m: match_pause(match=m, by=by, note=note), done)

    # Not destructive (nothing is lost, reminders only start again): no confirmation step.
    @admin.action(description=gettext_lazy("Resume selected matches"), permissions=["change"])
    def resume_selected(
        self, request: HttpRequest, queryset: QuerySet[Match]
    ) -> HttpResponseRedirect | None:
        by = admin_user(request)
        done = ngettext_lazy("Resumed %(count)s match.", "Resumed %(count)s matches.", "count")
        return apply_each(request, queryset, lambda m: match_resume(match=m, by=by), done)
