"""Closing a match is adding a closure: the admin form goes through match_close."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from matching.models import Match
from matching.relationships.models import Closure
from matching.relationships.services.closures import match_close
from mentoring.core.csv_export import export_as_csv
from mentoring.people.admin.scoping import ProgramScopedAdmin
from mentoring.people.admin.scoping import scoped
from mentoring.people.http import admin_user


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ("match", "kind", "reason", "note", "rematch_eligible")

    def clean_match(self) -> Match:
        match = self.cleaned_data["match"]
        if self.instance.pk is None and match.status not in Match.HOLDING:
            raise ValidationError(_("Only an approved or active match can be closed."))
        return match


@admin.register(Closure)
class ClosureAdmin(ProgramScopedAdmin, admin.ModelAdmin):
    program_path = "match__program"
    """Closing a match is adding a closure: the service ends access and writes the audit row."""

    list_display = ("match", "kind", "reason", "by", "at", "rematch_eligible")
    list_filter = ("reason", "kind", "match__program", "rematch_eligible")
    list_select_related = ("match__mentee", "match__mentor", "by")
    form = ClosureForm
    raw_id_fields = ("match",)
    fields = ("match", "kind", "reason", "note", "rematch_eligible", "exit_survey", "by", "at")
    readonly_fields = ("exit_survey", "by", "at")
    actions = [export_as_csv]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f for f in self.fields if f != "note"] if obj else self.readonly_fields

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """?match=… (a match page's Close link): that match, if it is one of the coordinator's."""
        initial = super().get_changeform_initial_data(request)
        if "match" in initial:
            asked, mine = str(initial["match"]), scoped(Match.objects.all(), request, "program")
            get_object_or_404(mine, pk=asked if asked.isdigit() else None)
        return initial

    def save_model(self, request: HttpRequest, obj: Closure, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            closed = match_close(
                match=obj.match,
                by=admin_user(request),
                kind=obj.kind,
                reason=obj.reason,
                note=obj.note,
                rematch_eligible=obj.rematch_eligible,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return
        obj.pk, obj.at, obj.by = closed.pk, closed.at, closed.by

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
