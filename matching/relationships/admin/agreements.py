"""Match agreements, read-only: the two people accept them on their own pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from matching.relationships.models import MatchAgreement
from mentoring.core.date_bounds import DateBoundsModelForm
from mentoring.people.admin.scoping import ProgramScopedAdmin


@admin.register(MatchAgreement)
class MatchAgreementAdmin(ProgramScopedAdmin, admin.ModelAdmin):
    program_path = "match__program"
    form = DateBoundsModelForm
    list_display = (
        "match",
        "meet_how_often",
        "how",
        "until",
        "mentee_accepted_at",
        "mentor_accepted_at",
    )
    list_select_related = ("match__mentee", "match__mentor")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
