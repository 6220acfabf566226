"""The coordinator console for matches: proposals, decisions, unmatched page, CSV, audit."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import admin
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern
from django.urls import path
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext_lazy

from matching.admin.columns import PausedFilter
from matching.admin.columns import pair
from matching.admin.columns import state
from matching.admin.pauses import PauseActions
from matching.admin.replies import asks_first
from matching.admin.replies import report_outcome
from matching.bulk import bulk_decision_start
from matching.models import BlockedPair
from matching.models import BulkDecision
from matching.models import Match
from matching.models import MatchEvent
from matching.models import MatchRun
from matching.models import person_name
from matching.selectors import latest_run
from matching.services import DEFAULT_REJECT_REASON
from matching.services import match_approve_many
from matching.services import match_reject_many
from matching.unmatched import ORDERS
from matching.unmatched import unmatched_all
from matching.unmatched import unmatched_page
from mentoring.core.admin_records import ReadOnlyAdmin
from mentoring.core.admin_records import RecordAdmin
from mentoring.core.csv_export import csv_safe
from mentoring.core.list_filters import WhereFilter
from mentoring.core.pagination import EstimatedCountPaginator
from mentoring.core.translated import reader_order
from mentoring.people.admin.scoping import ProgramScopedAdmin
from mentoring.people.http import admin_user
from mentoring.people.models import Program
from mentoring.people.models import User
from mentoring.people.selectors import programs_coordinated_by


class ScoreBandFilter(WhereFilter):
    title = gettext_lazy("score")
    parameter_name = "band"
    options = [
        ("high", gettext_lazy("High (0.50 and above)")),
        ("medium", gettext_lazy("Medium (0.25–0.50)")),
        ("low", gettext_lazy("Low (below 0.25)")),
    ]
    where = {
        "high": Q(score__gte=0.5, score__lt=1.01),
        "medium": Q(score__gte=0.25, score__lt=0.5),
        "low": Q(score__gte=0.0, score__lt=0.25),
    }


class MatchEventInline(ReadOnlyAdmin, admin.TabularInline):
    model = MatchEvent
    extra = 0
    fields = ("at", "from_status", "to_status", "by", "note")
    readonly_fields = fields
    can_delete = False


@admin.register(Match)
class MatchAdmin(ProgramScopedAdmin, PauseActions, admin.ModelAdmin):
    list_display = (pair, "score", "explanation", state)
    list_filter = ("status", PausedFilter, "program", ScoreBandFilter)
    list_select_related = ("program", "mentee__profile", "mentor__profile")
    # Searched as people first (get_search_results), then matches by their indexed user ids.
    search_fields = ("mentee__email", "mentee__profile__display_name")
    search_help_text = gettext_lazy("A mentee's or mentor's display name or email.")
    actions: tuple[str, ...] = (
        "approve_selected",
        "reject_selected",
        "pause_selected",
        "resume_selected",
        "export_as_csv",
    )
    # At 10,000 proposals counting them was most of the page: an estimate when unfiltered.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    fields = (
        "program",
        "run",
        "mentee",
        "mentor",
        "score",
        "explanation",
        "status",
        "paused_at",
        "resumed_at",
        "decided_by",
        "decided_at",
        "reason",
    )
    readonly_fields = fields
    inlines = (MatchEventInline,)
    list_per_page = 100

    @admin.display(description=gettext_lazy("why"))
    def explanation(self, match: Match) -> str:
        return match.explanation_text() or _("no shared interests")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Match], search_term: str
    ) -> tuple[QuerySet[Match], bool]:
        """People whose name or email contains the term, then their matches on either side.

        One small lookup over people (trigram-indexed on PostgreSQL) and the matches' own
        mentee/mentor indexes, instead of OR-ing LIKEs over four joined tables for every match.
        """
        term = search_term.strip()
        if not term:
            return queryset, False
        people = User.objects.filter(
            Q(email__icontains=term) | Q(profile__display_name__icontains=term)
        ).values("pk")
        return queryset.filter(Q(mentee_id__in=people) | Q(mentor_id__in=people)), False

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
        return None  # back to the list, which shows the message

    @admin.action(description=gettext_lazy("Reject selected matches…"), permissions=["change"])
    @asks_first(
        "admin/matching/match/reject.html",
        title=gettext_lazy("Reject matches"),
        default_reason=gettext_lazy(DEFAULT_REJECT_REASON),
    )
    def reject_selected(
        self, request: HttpRequest, queryset: QuerySet[Match]
    ) -> HttpResponseRedirect | None:
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
        extra_context = {
            **(extra_context or {}),
            "programs": Program.objects.order_by(reader_order("name")),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "unmatched/",
                self.admin_site.admin_view(self.unmatched_view),
                name="matching_match_unmatched",
            ),
            path(
                "unmatched/csv/",
                self.admin_site.admin_view(self.unmatched_csv_view),
                name="matching_match_unmatched_csv",
            ),
        ]
        return own + super().get_urls()

    def _unmatched_run(self, request: HttpRequest) -> MatchRun | None:
        if not self.has_view_permission(request):
            raise PermissionDenied
        # A coordinator reads only their own programs' runs: another program's is a 404.
        programs = programs_coordinated_by(admin_user(request))
        program = None
        if request.GET.get("program", "").isdigit():
            program = get_object_or_404(programs, pk=request.GET["program"])
        return latest_run(program, among=programs)

    def unmatched_view(self, request: HttpRequest) -> TemplateResponse:
        run = self._unmatched_run(request)
        order = request.GET.get("o", "reason")
        order = order if order in ORDERS else "reason"
        return TemplateResponse(
            request,
            "admin/matching/match/unmatched.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Unmatched mentees"),
                "opts": self.model._meta,
                "run": run,
                "page": unmatched_page(run, request.GET.get("page", 1), order) if run else None,
                "order": order,
                "programs": programs_coordinated_by(admin_user(request)).order_by(
                    reader_order("name")
                ),
            },
        )

    def unmatched_csv_view(self, request: HttpRequest) -> HttpResponse:
        run = self._unmatched_run(request)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="unmatched.csv"'
        writer = csv.writer(response)
        writer.writerow(["mentee_id", "mentee", "email", "reason", "closest_mentors"])
        for row in unmatched_all(run) if run else []:
            near = "; ".join(f"{c.name} ({c.score:.2f})" for c in row.closest)
            # Names are typed by people: keep them text in a spreadsheet.
            writer.writerow(
                csv_safe(v) for v in (row.mentee_id, row.name, row.email, row.reason, near)
            )
        return response


@admin.register(BlockedPair)
class BlockedPairAdmin(ProgramScopedAdmin, admin.ModelAdmin):
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
class MatchEventAdmin(RecordAdmin, ProgramScopedAdmin, admin.ModelAdmin):
    """The audit trail: readable by coordinators, changeable by nobody."""

    program_path = "match__program"

    list_display = ("at", "match", "from_status", "to_status", "by", "note")
    list_filter = ("to_status",)
    list_select_related = ("match__mentee", "match__mentor", "by")
