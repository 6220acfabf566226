"""One rule for typed dates: a date outside the years people plan in is a field error.

Python's calendar ends on 9999-12-31. A time typed near that end overflows later, when it is
moved to UTC or when a length is added to it, deep inside a save or a page, and the visitor
gets a 500. Every form and admin form that takes a date or a time checks the date here first,
while the error can still name the field. The bounds are wide: birth dates start in 1900, and
nothing this program runs is planned beyond 2100.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from typing import Any

from django import forms
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)


def validate_date_in_range(value: date | datetime) -> None:
    # The date as typed (wall clock): converting it to another zone is what could overflow.
    day = value.replace(tzinfo=None).date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": EARLIEST.year, "last": LATEST.year},
        )


class DateBoundsMixin:
    """Gives every date and time field of a form the bounds check, ModelForm fields included."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Each form instance has its own copies of the fields and their validator lists.
            if isinstance(field, DATE_FIELDS) and validate_date_in_range not in field.validators:
                field.validators.append(validate_date_in_range)


class DateBoundsModelForm(DateBoundsMixin, forms.ModelForm):
    """The form for admin pages that have no form of their own: `form = DateBoundsModelForm`."""


class DateBoundsChangeList(ChangeList):
    """The admin's date drill-down (?created__year=9999&…) computes the next day, month or
    year inside Django, which overflows past 9999: such a drill-down is an invalid filter, and
    the list opens again with the admin's own "invalid filter" notice instead of a 500."""

    def get_filters(self, request: HttpRequest) -> Any:
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class DateHierarchyBoundsMixin:
    """For every ModelAdmin with a date_hierarchy."""

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return DateBoundsChangeList
