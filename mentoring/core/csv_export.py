"""One CSV export action for every admin list: `actions = [export_as_csv]`.

Columns come from the admin's `csv_fields` when it sets one, else from its list_display, so the
file shows what the coordinator saw on screen. Spreadsheet programs run cells that start with
=, +, - or @ as formulas; a participant could type such a value into their bio, so those cells
are prefixed with an apostrophe and read as text.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.contrib.admin.utils import lookup_field
from django.db.models import Model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    """A cell as text that no spreadsheet will evaluate."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "all"):  # a many-to-many manager: list the related rows
        value = "; ".join(str(item) for item in value.all())
    text = force_str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# A column is a field or attribute name, or a callable, as list_display allows.
Column = str | Callable[[Any], Any]


def csv_columns(modeladmin: admin.ModelAdmin, request: HttpRequest) -> Sequence[Column]:
    fields = getattr(modeladmin, "csv_fields", None) or modeladmin.get_list_display(request)
    return [name for name in fields if name != "action_checkbox"]


def csv_rows(
    modeladmin: admin.ModelAdmin, columns: Sequence[Column], objects: Iterable[Model]
) -> Iterable[list[str]]:
    model = modeladmin.model
    yield [force_str(label_for_field(name, model, modeladmin)) for name in columns]
    for obj in objects:
        yield [csv_safe(lookup_field(name, obj, modeladmin)[2]) for name in columns]


@admin.action(description=_("Export selected rows as CSV"), permissions=["view"])
def export_as_csv(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse:
    if isinstance(modeladmin.list_select_related, list | tuple):
        queryset = queryset.select_related(*modeladmin.list_select_related)
    rows = csv_rows(modeladmin, csv_columns(modeladmin, request), queryset)
    return csv_download(str(modeladmin.model._meta.model_name), rows)


def csv_download(name: str, rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A CSV attachment named `<name>-<date and time>.csv`, every cell made spreadsheet-safe."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    csv.writer(response).writerows([csv_safe(cell) for cell in row] for row in rows)
    return response
