"""Forms of a relationship's participant pages: the agreement, a check-in, the exit survey."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django import forms
from django.utils import dateformat
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from matching.relationships.models import Closure
from matching.relationships.models import Goal
from matching.relationships.models import Meeting
from matching.relationships.models import Message
from mentoring.core.date_bounds import DateBoundsMixin
from mentoring.core.dates import zone
from mentoring.people.models import MeetingFormat

if TYPE_CHECKING:  # a development tool (with django-stubs), not installed in production
    from django_stubs_ext import StrOrPromise

# A date field's value is ISO whatever the language: the browser's date input reads only that
# (a Spanish "30/01/2027" shows as empty, and the form comes back without its date).
ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
FIT = [("", _("Too early to say")), ("yes", _("Yes")), ("no", _("No"))]


class AgreementForm(DateBoundsMixin, forms.Form):
    meet_how_often = forms.CharField(label=_("How often will you meet?"), max_length=100)
    how = forms.CharField(label=_("How will you meet?"), max_length=200)
    until = forms.DateField(label=_("Until when?"), widget=ISO_DATE)


class CheckInForm(forms.Form):
    met = forms.ChoiceField(label=_("Did you meet?"), choices=YES_NO, widget=forms.RadioSelect)
    rating = forms.TypedChoiceField(
        label=_("How is it going? (1 = badly, 5 = very well)"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    progress = forms.CharField(
        label=_("Progress on the mentee's goals"), widget=forms.Textarea, required=False
    )
    good_fit = forms.ChoiceField(label=_("Is this a good fit?"), choices=FIT, required=False)
    concern = forms.BooleanField(label=_("I have a concern"), required=False)
    note_for_coordinator = forms.CharField(
        label=_("Anything a coordinator should know"), widget=forms.Textarea, required=False
    )


def _answer_field(label: StrOrPromise, *, required: bool = True) -> forms.CharField:
    limit = Closure.EXIT_ANSWER_MAX
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        # The browser counts against maxlength too, and the hint says the limit up front.
        widget=forms.Textarea(attrs={"maxlength": limit}),
        help_text=lazy(_answer_hint, str)(),
    )


def _answer_hint() -> str:
    return gettext("Up to %(count)s characters.") % {"count": f"{Closure.EXIT_ANSWER_MAX:,}"}


class ExitSurveyForm(forms.Form):
    what_worked = _answer_field(_("What worked well?"))
    what_to_change = _answer_field(_("What should we change?"), required=False)
    would_recommend = forms.ChoiceField(
        label=_("Would you recommend the program?"), choices=YES_NO, widget=forms.RadioSelect
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=Message.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": Message.BODY_MAX}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What worries you about this message? (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
    )


class GoalForm(DateBoundsMixin, forms.Form):
    """One goal, SMART-style: something specific you can tell is done, and a date."""

    what = forms.CharField(
        label=_("What will be done?"),
        max_length=200,
        help_text=_(
            "Specific enough to tell when it is done, e.g. “Send three internship applications”."
        ),
    )
    by_when = forms.DateField(label=_("By when?"), widget=ISO_DATE)
    status = forms.ChoiceField(label=_("Progress"), choices=Goal.Status.choices, required=False)


def hour_choices(starts: list[datetime], tz_name: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The shared hours grouped by day, on the viewer's clock: "Monday 11 January" → "18:00"."""
    days: dict[str, list[tuple[str, str]]] = {}
    for start in starts:
        local = timezone.localtime(start, zone(tz_name))
        day = dateformat.format(local, gettext("l j F"))
        days.setdefault(day, []).append((start.isoformat(), dateformat.format(local, "H:i")))
    return list(days.items())


class MeetingForm(forms.Form):
    """A time from the hours both people share, how long, how, and where (or the link)."""

    starts_at = forms.ChoiceField(label=_("When (your time)"))
    minutes = forms.TypedChoiceField(
        label=_("How long"),
        choices=[(30, _("30 minutes")), (60, _("1 hour")), (90, _("1 hour 30 minutes"))],
        coerce=int,
        initial=60,
    )
    format = forms.ChoiceField(label=_("How"), widget=forms.RadioSelect)
    place = forms.CharField(
        label=_("Where, or the link to join"),
        max_length=Meeting.PLACE_MAX,
        required=False,
        widget=forms.TextInput(attrs={"maxlength": Meeting.PLACE_MAX}),
    )
    public_place = forms.BooleanField(
        label=_("In person, this is a public place (a library, a school, a café)"),
        required=False,
    )

    def __init__(
        self,
        *args: object,
        starts: list[datetime],
        tz_name: str,
        formats: list[str],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["starts_at"].choices = hour_choices(starts, tz_name)  # type: ignore[attr-defined]
        self.fields["format"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in MeetingFormat.choices if value in formats
        ]
        self.fields["format"].initial = formats[0]

    def clean_starts_at(self) -> datetime:
        return datetime.fromisoformat(self.cleaned_data["starts_at"])
