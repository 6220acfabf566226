"""Coordinator admin for meetings (#15): which matches meet, how, and whether it took place.

Read-only: a meeting belongs to its two people, who plan it on their pages. A coordinator sees
their own programs' meetings (ProgramScopedAdmin) and exports them as CSV. People appear by
display name, never by the account's email (a match's and a user's str() are emails), so no
row or file carries a minor's contact details; in a minor's match the place goes through the
same masking rule as the conversation, in case someone typed a phone number there.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from matching.relationships.models import Meeting
from matching.relationships.services.masking import contact_mask
from matching.relationships.services.messages import is_minors_match
from mentoring.core.admin_records import RecordAdmin
from mentoring.core.csv_export import export_as_csv
from mentoring.core.date_bounds import DateHierarchyBoundsMixin
from mentoring.people.admin.scoping import ProgramScopedAdmin
from mentoring.people.models import User


def _name(user: User) -> str:
    # The display name only: greeting_name falls back to the address.
    profile = getattr(user, "profile", None)  # a deleted account keeps its matches
    return profile.display_name if profile else "—"


@admin.register(Meeting)
class MeetingAdmin(RecordAdmin, ProgramScopedAdmin, DateHierarchyBoundsMixin, admin.ModelAdmin):
    program_path = "match__program"
    list_display = (
        "starts_at",
        "mentee_name",
        "mentor_name",
        "program",
        "format",
        "status",
        "outcome",
    )
    csv_fields = (
        *list_display,
        "ends_at",
        "where",
        "public_place",
        "proposed_by",
        "accepted_at",
        "outcome_by",
        "outcome_at",
    )
    list_filter = ("status", "outcome", "format", "match__program")
    search_fields = (
        "match__mentee__profile__display_name",
        "match__mentor__profile__display_name",
    )
    # The mentee's own profile too: is_minors_match reads the date of birth on every row.
    list_select_related = (
        "match__program",
        "match__mentee__profile",
        "match__mentee__mentee_profile",
        "match__mentor__profile",
    )
    date_hierarchy = "starts_at"
    ordering = ("-starts_at", "-pk")
    actions = [export_as_csv]
    fields = (
        "mentee_name",
        "mentor_name",
        "program",
        "starts_at",
        "ends_at",
        "format",
        "where",
        "public_place",
        "proposed_by",
        "status",
        "accepted_at",
        "outcome",
        "outcome_by",
        "outcome_at",
        "reminded_at",
    )
    readonly_fields = fields

    @admin.display(description=_("mentee"), ordering="match__mentee__profile__display_name")
    def mentee_name(self, meeting: Meeting) -> str:
        return _name(meeting.match.mentee)

    @admin.display(description=_("mentor"), ordering="match__mentor__profile__display_name")
    def mentor_name(self, meeting: Meeting) -> str:
        return _name(meeting.match.mentor)

    @admin.display(description=_("program"), ordering="match__program__name")
    def program(self, meeting: Meeting) -> str:
        return str(meeting.match.program)

    @admin.display(description=_("place or link"))
    def where(self, meeting: Meeting) -> str:
        if is_minors_match(meeting.match):
            return contact_mask(meeting.place)[0]
        return meeting.place
