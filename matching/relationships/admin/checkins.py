"""Check-ins (CSV, concerns handled), quiet notices and the program-health page.

The health page lives at /admin/relationships/checkin/health/; every number links to the changelist
filtered to exactly the rows it counts.
"""

from __future__ import annotations

from typing import Any
from typing import cast

from django.contrib import admin
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models import QuerySet
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern
from django.urls import path
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from matching.models import Match
from matching.relationships.health import program_health
from matching.relationships.models import CheckIn
from matching.relationships.models import CheckInQuerySet
from matching.relationships.models import Closure
from matching.relationships.models import QuietNotice
from matching.relationships.selectors import goal_progress
from matching.relationships.services.checkins import CONCERN_NOTE_MAX
from matching.relationships.services.checkins import concern_mark_handled
from mentoring.core.admin_records import ReadOnlyAdmin
from mentoring.core.csv_export import csv_download
from mentoring.core.csv_export import export_as_csv
from mentoring.core.date_bounds import DateBoundsModelForm
from mentoring.core.date_bounds import DateHierarchyBoundsMixin
from mentoring.core.list_filters import ChoicesFilter
from mentoring.core.translated import reader_order
from mentoring.people.admin.scoping import ProgramScopedAdmin
from mentoring.people.admin.scoping import scoped
from mentoring.people.http import admin_user
from mentoring.people.models import Program


class CheckInStateFilter(ChoicesFilter):
    title = _("state")
    parameter_name = "state"
    options = [
        ("overdue", _("Overdue")),
        ("concern", _("Open concern")),
        ("not_a_fit", _("Not a good fit")),
        ("submitted", _("Submitted")),
    ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[CheckIn]) -> QuerySet[CheckIn]:
        value = self.value()
        checkins = cast(CheckInQuerySet, queryset)  # the admin builds it from CheckIn.objects
        open_match = checkins.filter(match__status__in=Match.HOLDING)
        if value == "overdue":
            return open_match.overdue(timezone.localdate())
        if value == "concern":
            return checkins.concerns()
        if value == "not_a_fit":
            return open_match.filter(good_fit=False)
        if value == "submitted":
            return queryset.filter(submitted_at__isnull=False)
        return queryset


def health_program(programs: QuerySet[Program], asked: str | None) -> Program | None:
    """The program ?program= names among the viewer's own; 404 for any other, so the page never
    tells a coordinator whether someone else's program exists."""
    if not asked:
        return None
    program = programs.filter(pk=asked).first() if asked.isdigit() else None
    if program is None:
        raise Http404("No such program.")
    return program


@admin.register(CheckIn)
class CheckInAdmin(ProgramScopedAdmin, DateHierarchyBoundsMixin, admin.ModelAdmin):
    program_path = "match__program"
    form = DateBoundsModelForm
    list_display = (
        "match",
        "side",
        "due_on",
        "sent_at",
        "submitted_at",
        "met",
        "rating",
        "good_fit",
        "concern",
        "concern_handled_at",
    )
    csv_fields = (*list_display, "progress", "note_for_coordinator", "concern_handled_note")
    list_filter = (CheckInStateFilter, "side", "concern", "match__program")
    list_select_related = ("match__mentee", "match__mentor")
    actions = [export_as_csv, "mark_concern_handled"]
    date_hierarchy = "due_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    # "view": the check-in itself stays read-only; whoever may read a concern in their own
    # programs (get_queryset scopes the selection) may answer it, and the answer is recorded.
    @admin.action(description=_("Mark concern handled…"), permissions=["view"])
    def mark_concern_handled(
        self, request: HttpRequest, queryset: QuerySet[CheckIn]
    ) -> TemplateResponse | None:
        concerns = cast(CheckInQuerySet, queryset).concerns()
        if not concerns.exists():
            self.message_user(
                request, _("None of the selected check-ins has an open concern."), messages.WARNING
            )
            return None
        error = ""
        if "apply" in request.POST:
            try:
                done = concern_mark_handled(
                    checkins=concerns, by=admin_user(request), note=request.POST.get("note", "")
                )
            except ValidationError as invalid:
                error = " ".join(invalid.messages)
            else:
                done_text = ngettext(
                    "Marked %(count)s concern handled.", "Marked %(count)s concerns handled.", done
                )
                self.message_user(request, done_text % {"count": done})
                return None
        return TemplateResponse(
            request,
            "admin/relationships/checkin/handle_concern.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Mark concern handled"),
                "opts": self.model._meta,
                "concerns": concerns.select_related("match__mentee", "match__mentor"),
                "note": request.POST.get("note", ""),
                "error": error,
                "max_note": CONCERN_NOTE_MAX,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
            status=400 if error else 200,
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        health = self.admin_site.admin_view(self.health_view)
        return [path("health/", health, name="matching_health"), *super().get_urls()]

    def health_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        today = timezone.localdate()
        # The coordinator's own programs only, like every list these numbers link to; one of
        # them with ?program=<id>, and "not found" for any program that is not theirs.
        mine_programs = scoped(Program.objects.order_by(reader_order("name")), request, "")
        chosen = health_program(mine_programs, request.GET.get("program"))
        programs = mine_programs.filter(pk=chosen.pk) if chosen else mine_programs
        charts = program_health(programs, today)
        if request.GET.get("format") == "csv":
            chart = next((c for c in charts if c.name == request.GET.get("chart")), None)
            if chart is None:
                raise Http404("No such chart.")
            return csv_download(f"health-{chart.name}", chart.csv_rows())
        # `programs` is already the viewer's scope: every count below reads inside it.
        mine = CheckIn.objects.filter(match__program__in=programs)
        matches = Match.objects.filter(program__in=programs)
        notices = QuietNotice.objects.filter(
            match__status__in=Match.HOLDING, match__program__in=programs
        )
        closed = Closure.objects.filter(match__program__in=programs)
        # With one program chosen, each number opens its list cut to that program too.
        also = f"&match__program__id__exact={chosen.pk}" if chosen else ""
        also_matches = f"&program__id__exact={chosen.pk}" if chosen else ""
        checkins = reverse("admin:relationships_checkin_changelist")
        closures = reverse("admin:relationships_closure_changelist")
        numbers = [
            (
                _("Active matches"),
                matches.filter(status=Match.Status.ACTIVE).count(),
                reverse("admin:matching_match_changelist") + "?status__exact=active" + also_matches,
            ),
            (
                _("Overdue check-ins"),
                mine.filter(match__status__in=Match.HOLDING).overdue(today).count(),
                checkins + "?state=overdue" + also,
            ),
            (_("Open concerns"), mine.concerns().count(), checkins + "?state=concern" + also),
            (
                _("Not a good fit"),
                mine.filter(match__status__in=Match.HOLDING, good_fit=False).count(),
                checkins + "?state=not_a_fit" + also,
            ),
            (
                _("Quiet relationships (alerted)"),
                notices.filter(kind=QuietNotice.Kind.ALERT).count(),
                reverse("admin:relationships_quietnotice_changelist") + "?kind__exact=alert" + also,
            ),
        ]
        by_reason = {
            row["reason"]: row["n"] for row in closed.values("reason").annotate(n=Count("pk"))
        }
        reasons = [
            (label, by_reason.get(value, 0), f"{closures}?reason__exact={value}{also}")
            for value, label in Closure.Reason.choices
        ]
        recent = mine.filter(submitted_at__isnull=False).select_related(
            "match__mentee", "match__mentor"
        )[:10]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Program health"),
            "numbers": numbers,
            "reasons": reasons,
            "recent": recent,
            "plans": goal_progress(among=matches),
            "charts": charts,
            "programs": mine_programs,
            "chosen": chosen,
        }
        return TemplateResponse(request, "admin/relationships/checkin/health.html", context)


@admin.register(QuietNotice)
class QuietNoticeAdmin(ReadOnlyAdmin, ProgramScopedAdmin, admin.ModelAdmin):
    program_path = "match__program"
    form = DateBoundsModelForm
    list_display = ("match", "side", "kind", "quiet_since", "sent_at")
    list_filter = ("kind", "side", "match__program")
    list_select_related = ("match__mentee", "match__mentor")
