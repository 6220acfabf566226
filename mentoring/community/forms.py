"""The programs directory's filters."""

from __future__ import annotations

from typing import Any
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.people.models import Program

ANY = [("", _("Any"))]


class DirectoryFilterForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Who it is for"),
        required=False,
        choices=ANY + [("youth", _("Youth (under 18)")), ("adult", _("Adults"))],
    )
    delivery = forms.ChoiceField(
        label=_("Meets"),
        required=False,
        choices=ANY
        + [(Program.Delivery.ONLINE, _("Online")), (Program.Delivery.IN_PERSON, _("In person"))],
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    focus = forms.ChoiceField(
        label=_("Focus"),
        required=False,
        choices=ANY
        + [(Program.Focus.CAREER, _("Career")), (Program.Focus.ACADEMIC, _("Academic"))],
    )

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = ANY + [(a, a) for a in areas]
