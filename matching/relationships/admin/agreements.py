"""Match agreements, read-only: the two people accept them on their own pages."""

from __future__ import annotations

from django.contrib import admin

from matching.relationships.models import MatchAgreement
from mentoring.core.admin_records import ReadOnlyAdmin
from mentoring.core.date_bounds import DateBoundsModelForm
from mentoring.people.admin.scoping import ProgramScopedAdmin


@admin.register(MatchAgreement)
class MatchAgreementAdmin(ReadOnlyAdmin, ProgramScopedAdmin, admin.ModelAdmin):
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
