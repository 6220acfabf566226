"""Coordinator console: importing a program's mentors and mentees from a spreadsheet.

Upload, read the preview (every row: created, updated, unchanged or refused and why), confirm.
The confirm step posts the same file content back and the service plans it again, so what is
written follows the rules against the data as it is at that moment. The rules live in
mentoring.people.imports; this is only the page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern
from django.urls import path
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentoring.people.imports import TEMPLATE_COLUMNS
from mentoring.people.imports import ImportFileError
from mentoring.people.imports import people_import
from mentoring.people.imports import people_import_plan
from mentoring.people.imports import read_rows
from mentoring.people.imports import template_csv
from mentoring.people.models import Program
from mentoring.people.models import User
from mentoring.people.selectors import programs_coordinated_by

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024


class ImportForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("CSV, UTF-8, with the template's columns.")
    )
    # The confirm step carries the previewed file here instead of asking for it again.
    content = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs_coordinated_by(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        text = data.get("content") or ""
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(_("The file is larger than 10 MB."))
            if upload.name.lower().endswith((".xlsx", ".xls")):
                raise forms.ValidationError(
                    _("Save the spreadsheet as CSV UTF-8 (File › Save as) and upload that.")
                )
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(
                    _("The file is not UTF-8 text: save it as CSV UTF-8.")
                ) from error
        if not text.strip():
            raise forms.ValidationError(_("Choose a file to import."))
        try:
            rows = read_rows(text)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        if len(rows) > MAX_ROWS:
            raise forms.ValidationError(_("Import at most 20,000 rows at a time."))
        data["content"], data["rows"] = text, rows
        return data


class ImportPeopleMixin(admin.ModelAdmin):
    """Adds /import/ and /import/template.csv to the Enrollments list."""

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="mentoring_enrollment_import"),
            path(
                "import/template.csv",
                view(self.import_template_view),
                name="mentoring_enrollment_import_template",
            ),
            *super().get_urls(),
        ]

    def _may_import(self, request: HttpRequest) -> None:
        if not self.has_add_permission(request):
            raise PermissionDenied

    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        self._may_import(request)
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="participants-template.csv"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        self._may_import(request)
        user: User = request.user  # type: ignore[assignment]
        form = ImportForm(request.POST or None, request.FILES or None, user=user)
        report = None
        if request.method == "POST" and form.is_valid():
            program, rows = form.cleaned_data["program"], form.cleaned_data["rows"]
            if "confirm" in request.POST:
                report = people_import(program=program, rows=rows)
                counts = report.counts
                messages.success(
                    request,
                    _(
                        "Imported into %(program)s: %(create)d created, %(update)d updated, "
                        "%(unchanged)d unchanged, %(refuse)d refused."
                    )
                    % {"program": program, **counts},
                )
                changelist = reverse("admin:mentoring_enrollment_changelist")
                return redirect(f"{changelist}?program__id__exact={program.pk}")
            report = people_import_plan(program=program, rows=rows)
            form = ImportForm(
                initial={"program": program, "content": form.cleaned_data["content"]}, user=user
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import mentors and mentees"),
            "form": form,
            "report": report,
            "columns": TEMPLATE_COLUMNS,
        }
        return TemplateResponse(request, "admin/mentoring/enrollment/import.html", context)
