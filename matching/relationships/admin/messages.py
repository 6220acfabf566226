"""Coordinator admin for messages (#15): the reported ones, and a minor's conversation.

A coordinator reads, never writes: only what MessageQuerySet.coordinators_may_read allows
(every message of a minor's match, both sides being told so; in an adult's match only what one
of them reported), and only in their own programs (ProgramScopedAdmin).
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from matching.relationships.models import Message
from matching.relationships.models import MessageQuerySet
from mentoring.core.admin_records import RecordAdmin
from mentoring.core.list_filters import ChoicesFilter
from mentoring.people.admin.scoping import ProgramScopedAdmin


def _short(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


class ReportedFilter(ChoicesFilter):
    title = _("reported")
    parameter_name = "reported"
    options = [("recent", _("In the last 7 days")), ("any", _("Ever"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Message]) -> QuerySet[Message]:
        messages = cast(MessageQuerySet, queryset)
        if self.value() == "recent":
            return messages.reported(since=timezone.now() - Message.RECENT_REPORTS)
        if self.value() == "any":
            return messages.reported()
        return queryset


@admin.register(Message)
class MessageAdmin(RecordAdmin, ProgramScopedAdmin, admin.ModelAdmin):
    program_path = "match__program"
    # The list fits 1,280 px beside the admin's two sidebars: names rather than the match's two
    # emails, short dates, text cut short; "masked" is a filter (the text shows it anyway).
    list_display = ("pair", "side", "excerpt", "written", "report")
    list_display_links = ("excerpt",)
    list_filter = (ReportedFilter, "masked", "match__program")
    list_select_related = ("match__mentee__profile", "match__mentor__profile")
    fields = (
        "match",
        "side",
        "body",
        "masked",
        "created",
        "deliver_after",
        "reported_at",
        "report_reason",
    )
    readonly_fields = fields
    ordering = ("-created", "-pk")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Message]:
        # Superusers too: an adult's conversation is private to its two people.
        messages = cast(MessageQuerySet, super().get_queryset(request))
        return messages.coordinators_may_read()

    @admin.display(description=_("conversation"))
    def pair(self, message: Message) -> str:
        # The list narrowed to this match: every message of it the coordinator may read.
        match = message.match
        return format_html(
            '<a href="?match__id__exact={}">{} ↔ {}</a>',
            match.pk,
            match.mentee.profile.display_name,
            match.mentor.profile.display_name,
        )

    @admin.display(description=_("message"))
    def excerpt(self, message: Message) -> str:
        return truncatechars(message.body, 60)

    @admin.display(description=_("written"), ordering="created")
    def written(self, message: Message) -> str:
        return _short(message.created)

    @admin.display(description=_("reported"), ordering="reported_at")
    def report(self, message: Message) -> str:
        if message.reported_at is None:
            return "—"
        reason = truncatechars(message.report_reason, 60)
        return f"{_short(message.reported_at)}: {reason}" if reason else _short(message.reported_at)
