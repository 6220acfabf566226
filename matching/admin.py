"""The coordinator console for matching: runs, proposals, decisions and the audit trail."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from matching.bulk import bulk_decision_start
from matching.models import BlockedPair, BulkDecision, Match, MatchEvent, MatchRun, person_name
from matching.selectors import latest_run, unmatched_with_closest
from matching.services import (
    DEFAULT_REJECT_REASON,
    BulkOutcome,
    match_approve_many,
    match_reject_many,
    matching_run_enqueue,
)
from mentoring.core.csv_export import csv_safe
from mentoring.people.admin import programs
from mentoring.people.http import admin_user
from mentoring.people.models import Program


def report_run(request: HttpRequest, run: MatchRun) -> bool:
    """Tell the coordinator where the run stands; True once it is done."""
    if run.status == MatchRun.Status.DONE:
        messages.success(
            request,
            _(
                "Matching for %(program)s: %(proposed)s proposed, %(unmatched)s unmatched "
                "(mean score %(mean).2f) in %(ms)s ms."
            )
            % {
                "program": run.program,
                "proposed": run.proposed_count,
                "unmatched": run.unmatched_count,
                "mean": run.mean_score,
                "ms": run.duration_ms,
            },
        )
        return True
    if run.status == MatchRun.Status.FAILED:
        messages.error(
            request,
            _("Matching for %(program)s failed: %(why)s")
            % {"program": run.program, "why": run.error},
        )
        return False
    messages.info(
        request,
        _(
            "Matching for %(program)s has started in the background. Its progress and result "
            "are on the matching runs page."
        )
        % {"program": run.program},
    )
    return False


@admin.action(description=gettext_lazy("Run matching"), permissions=["change"])
def run_matching_action(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Program]
) -> None:
    """For ProgramAdmin.actions: queues a run for each selected program and returns at once."""
    for program in queryset:
        try:
            run = matching_run_enqueue(program=program, by=admin_user(request))
        except ValidationError as error:
            messages.error(request, f"{program}: {' '.join(error.messages)}")
        else:
            run.refresh_from_db()  # without a broker (eager) it has already finished
            report_run(request, run)


class ProgramAdmin(programs.ProgramAdmin):
    """The people app's program admin, plus "Run matching" (people may not import matching)."""

    actions = [run_matching_action, *programs.ProgramAdmin.actions]


admin.site.unregister(Program)
admin.site.register(Program, ProgramAdmin)


def report_outcome(request: HttpRequest, outcome: BulkOutcome, done: Any) -> None:
    # `done` is an ngettext_lazy keyed on "count": "Approved 1 match." / "Approved 3 matches."
    if outcome.done:
        messages.success(request, done % {"count": outcome.done})
    for match, why in outcome.refused:
        messages.error(request, _("%(match)s: %(why)s") % {"match": match, "why": why})


class ScoreBandFilter(admin.SimpleListFilter):
    title = gettext_lazy("score")
    parameter_name = "band"
    BANDS = {"high": (0.5, 1.01), "medium": (0.25, 0.5), "low": (0.0, 0.25)}

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [
            ("high", gettext_lazy("High (0.50 and above)")),
            ("medium", gettext_lazy("Medium (0.25–0.50)")),
            ("low", gettext_lazy("Low (below 0.25)")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Match]) -> QuerySet[Match]:
        band = self.BANDS.get(self.value() or "")
        if band is None:
            return queryset
        return queryset.filter(score__gte=band[0], score__lt=band[1])


class MatchEventInline(admin.TabularInline):
    model = MatchEvent
    extra = 0
    fields = ("at", "from_status", "to_status", "by", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ("mentee_name", "mentor_name", "program", "score", "explanation", "status")
    list_filter = ("status", "program", ScoreBandFilter)
    list_select_related = ("program", "mentee__profile", "mentor__profile")
    search_fields = (
        "mentee__email",
        "mentee__first_name",
        "mentee__last_name",
        "mentee__profile__display_name",
        "mentor__email",
        "mentor__first_name",
        "mentor__last_name",
        "mentor__profile__display_name",
    )
    actions = ("approve_selected", "reject_selected", "export_as_csv")
    fields = (
        "program",
        "run",
        "mentee",
        "mentor",
        "score",
        "explanation",
        "status",
        "decided_by",
        "decided_at",
        "reason",
    )
    readonly_fields = fields
    inlines = (MatchEventInline,)
    list_per_page = 100

    @admin.display(description=gettext_lazy("mentee"), ordering="mentee__profile__display_name")
    def mentee_name(self, match: Match) -> str:
        return person_name(match.mentee)

    @admin.display(description=gettext_lazy("mentor"), ordering="mentor__profile__display_name")
    def mentor_name(self, match: Match) -> str:
        return person_name(match.mentor)

    @admin.display(description=gettext_lazy("why"))
    def explanation(self, match: Match) -> str:
        return match.explanation_text() or _("no shared interests")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # matches come from runs, never typed in

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reject or withdraw instead, so the audit trail stays whole

    @admin.action(description=gettext_lazy("Approve selected matches"), permissions=["change"])
    def approve_selected(
        self, request: HttpRequest, queryset: QuerySet[Match]
    ) -> HttpResponseRedirect | None:
        if self._as_job(request, queryset):
            return self._start_job(request, BulkDecision.Kind.APPROVE, queryset)
        matches = list(queryset.select_related("program", "mentee", "mentor"))
        outcome = match_approve_many(matches=matches, by=admin_user(request))
        done = ngettext_lazy("Approved %(count)s match.", "Approved %(count)s matches.", "count")
        report_outcome(request, outcome, done)

    @admin.action(description=gettext_lazy("Reject selected matches…"), permissions=["change"])
    def reject_selected(
        self, request: HttpRequest, queryset: QuerySet[Match]
    ) -> TemplateResponse | HttpResponseRedirect | None:
        if "apply" not in request.POST:
            return TemplateResponse(
                request,
                "admin/matching/match/reject.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Reject matches"),
                    # The list shows a page of them; "all matching this filter" may be many.
                    "matches": queryset.select_related("mentee", "mentor")[: self.list_per_page],
                    "count": queryset.count(),
                    "select_across": request.POST.get("select_across", "0"),
                    "opts": self.model._meta,
                    "default_reason": _(DEFAULT_REJECT_REASON),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        reason = request.POST.get("reason", "")[:1000]
        if self._as_job(request, queryset):
            return self._start_job(request, BulkDecision.Kind.REJECT, queryset, reason)
        matches = list(queryset.select_related("program", "mentee", "mentor"))
        outcome = match_reject_many(matches=matches, by=admin_user(request), reason=reason)
        done = ngettext_lazy("Rejected %(count)s match.", "Rejected %(count)s matches.", "count")
        report_outcome(request, outcome, done)
        return None

    def _as_job(self, request: HttpRequest, queryset: QuerySet[Match]) -> bool:
        """More than a page, or "all matching this filter": too many to decide in a request."""
        across = request.POST.get("select_across") == "1"
        return across or queryset.count() > self.list_per_page

    def _start_job(
        self, request: HttpRequest, kind: str, queryset: QuerySet[Match], reason: str = ""
    ) -> HttpResponseRedirect:
        decision = bulk_decision_start(
            kind=kind, matches=queryset, by=admin_user(request), reason=reason
        )
        messages.info(
            request,
            _("%(count)s matches are being decided in the background; the summary is below.")
            % {"count": len(decision.match_ids)},
        )
        return HttpResponseRedirect(
            reverse("admin:matching_bulkdecision_change", args=[decision.pk])
        )

    @admin.action(description=gettext_lazy("Export selected as CSV"), permissions=["view"])
    def export_as_csv(self, request: HttpRequest, queryset: QuerySet[Match]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="matches.csv"'
        writer = csv.writer(response)
        writer.writerow(
            ["id", "program", "mentee", "mentee_email", "mentor", "mentor_email"]
            + ["score", "status", "why", "decided_at", "reason"]
        )
        for m in queryset.select_related(*self.list_select_related):
            cells = [m.pk, m.program.slug, person_name(m.mentee), m.mentee.email]
            cells += [person_name(m.mentor), m.mentor.email, f"{m.score:.4f}", m.status]
            cells += [m.explanation_text(), m.decided_at.isoformat() if m.decided_at else ""]
            # Names and reasons are typed by people: keep them text in a spreadsheet.
            writer.writerow(csv_safe(cell) for cell in [*cells, m.reason])
        return response

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "programs": Program.objects.order_by("name")}
        return super().changelist_view(request, extra_context)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "unmatched/",
                self.admin_site.admin_view(self.unmatched_view),
                name="matching_match_unmatched",
            ),
        ]
        return own + super().get_urls()

    def unmatched_view(self, request: HttpRequest) -> TemplateResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        program = None
        if request.GET.get("program", "").isdigit():
            program = get_object_or_404(Program, pk=request.GET["program"])
        run = latest_run(program)
        return TemplateResponse(
            request,
            "admin/matching/match/unmatched.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Unmatched mentees"),
                "opts": self.model._meta,
                "run": run,
                "rows": unmatched_with_closest(run) if run else [],
                "programs": Program.objects.order_by("name"),
            },
        )


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = (
        "created",
        "program",
        "status",
        "run_by",
        "mode",
        "mentee_count",
        "mentor_count",
        "proposed_count",
        "unmatched_count",
        "mean_score",
        "min_score",
        "duration_ms",
    )
    list_filter = ("status", "program", "mode")
    list_select_related = ("program", "run_by")
    readonly_fields = [f.name for f in MatchRun._meta.fields]
    # The change page reloads itself while the run is in progress (no script: CSP-friendly).
    change_form_template = "admin/matching/matchrun/change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BlockedPair)
class BlockedPairAdmin(admin.ModelAdmin):
    list_display = ("mentee", "mentor", "program", "by", "reason", "created")
    list_filter = ("program",)
    list_select_related = ("mentee", "mentor", "program", "by")
    raw_id_fields = ("mentee", "mentor")
    readonly_fields = ("by",)
    search_fields = ("mentee__email", "mentor__email")

    def save_model(self, request: HttpRequest, obj: BlockedPair, form: Any, change: bool) -> None:
        if not change:
            obj.by = admin_user(request)
        super().save_model(request, obj, form, change)


@admin.register(MatchEvent)
class MatchEventAdmin(admin.ModelAdmin):
    """The audit trail: readable by coordinators, changeable by nobody."""

    list_display = ("at", "match", "from_status", "to_status", "by", "note")
    list_filter = ("to_status",)
    list_select_related = ("match__mentee", "match__mentor", "by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BulkDecision)
class BulkDecisionAdmin(admin.ModelAdmin):
    """What a bulk approval or rejection did: read-only, refreshed while it runs."""

    list_display = ("created", "kind", "status", "by", "done_count", "refused_count")
    list_filter = ("kind", "status")
    list_select_related = ("by",)
    fields = ("kind", "status", "by", "reason", "done_count", "error", "created", "updated")
    readonly_fields = fields
    change_form_template = "admin/matching/bulkdecision/change_form.html"

    @admin.display(description=gettext_lazy("refused"))
    def refused_count(self, decision: BulkDecision) -> int:
        return len(decision.refused)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
