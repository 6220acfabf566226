"""The coordinator console for matching runs: the Run matching action, runs and bulk jobs."""

from __future__ import annotations

from django.contrib import admin
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching.models import BulkDecision
from matching.models import MatchRun
from matching.services import matching_run_enqueue
from mentoring.core.admin_records import ReadOnlyAdmin
from mentoring.core.admin_records import RecordAdmin
from mentoring.people.admin import programs
from mentoring.people.admin.scoping import ProgramScopedAdmin
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


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin, ProgramScopedAdmin, admin.ModelAdmin):
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


@admin.register(BulkDecision)
class BulkDecisionAdmin(RecordAdmin, ProgramScopedAdmin, admin.ModelAdmin):
    """What a bulk approval or rejection did: read-only, refreshed while it runs."""

    # Its matches are a list of ids, not a relation: a coordinator sees the ones they started.
    program_path = None
    owner_path = "by"

    list_display = ("created", "kind", "status", "by", "done_count", "refused_count")
    list_filter = ("kind", "status")
    list_select_related = ("by",)
    fields = ("kind", "status", "by", "reason", "done_count", "error", "created", "updated")
    readonly_fields = fields
    change_form_template = "admin/matching/bulkdecision/change_form.html"

    @admin.display(description=gettext_lazy("refused"))
    def refused_count(self, decision: BulkDecision) -> int:
        return len(decision.refused)
