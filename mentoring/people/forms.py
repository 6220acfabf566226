"""Onboarding and account forms. Forms only parse and validate; services write."""

from __future__ import annotations

import unicodedata
import zoneinfo
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mentoring.core.date_bounds import DateBoundsMixin
from mentoring.core.translated import reader_order
from mentoring.people.consent import POLICY_TEXT
from mentoring.people.models import AVAILABILITY_SLOTS
from mentoring.people.models import LANGUAGE_CHOICES
from mentoring.people.models import EmailCategory
from mentoring.people.models import Enrollment
from mentoring.people.models import Interest
from mentoring.people.models import MeetingFormat
from mentoring.people.models import Program
from mentoring.people.models.profile import DAYS
from mentoring.people.models.profile import PARTS_OF_DAY

# Django's own weekday names: our catalogue must not carry "Monday"…"Sunday", or its
# capitalised grid headings would also replace the weekdays in dates ("el Domingo, 13 de…").
DAY_LABELS = {day: capfirst(WEEKDAYS[number]) for number, day in enumerate(DAYS)}
PART_LABELS = dict(zip(PARTS_OF_DAY, [_("Morning"), _("Afternoon"), _("Evening")], strict=True))
TIMEZONES = sorted(zoneinfo.available_timezones() - {"localtime"})

CODE_OF_CONDUCT = _(
    "A mentor is a trusted guide who shares experience, listens and helps a mentee find their own "
    "way. A mentor is not a coach who directs, not a therapist, not a counsellor and not a "
    "lender or employer.\n\n"
    "If a mentee needs professional help, or you are worried about their safety, tell the "
    "program coordinator the same day. In an emergency call your local emergency number. In the "
    "US, the 988 Suicide & Crisis Lifeline is open day and night: call or text 988.\n\n"
    "Before a coordinator has approved your match, do not contact a mentee privately outside the "
    "program: no private messages, phone calls, social media or meetings. After approval, meet "
    "online in the program's tools or in public places, and keep the relationship about the "
    "mentee's goals."
)


def reject_control_characters(value: str) -> None:
    # Invisible control characters break exports and can spoof text; line breaks are fine.
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in value):
        raise ValidationError(_("Please remove the invisible control characters."))


def reject_line_breaks(value: str) -> None:
    if any(ch in value for ch in "\n\r\t"):
        raise ValidationError(_("Please keep this on one line."))


class CleanTextMixin:
    """Apply the control-character rule to every text field of the form."""

    single_line: tuple[str, ...] = ()

    def _post_clean(self) -> None:  # runs after field cleaning, before model validation
        for name, value in list(self.cleaned_data.items()):  # type: ignore[attr-defined]
            if not isinstance(value, str):
                continue
            try:
                reject_control_characters(value)
                if name in self.single_line:
                    reject_line_breaks(value)
            except ValidationError as error:
                self.add_error(name, error)  # type: ignore[attr-defined]
        super()._post_clean()  # type: ignore[misc]


def interest_field(categories: list[str], label: str | Promise) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        # Alphabetical as the reader reads them; Meta.ordering would sort untranslated ones apart.
        queryset=Interest.objects.active()
        .filter(category__in=categories)
        .order_by("category", reader_order("name")),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("What would you like to do?"),
        choices=[
            (Enrollment.Role.MENTEE, _("Find a mentor")),
            (Enrollment.Role.MENTOR, _("Become a mentor")),
            (Enrollment.Role.VOLUNTEER, _("Volunteer at events")),
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose any combination."),
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.open_for_signup(), empty_label=None
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        program, roles = data.get("program"), data.get("roles") or []
        if program is not None:
            for role in roles:
                if reason := program.why_not_joinable_as(role):
                    self.add_error("roles", reason)
        return data


class ProfileForm(CleanTextMixin, forms.Form):
    single_line = ("display_name", "pronouns", "area")

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("What others in the program see. A first name is enough."),
    )
    pronouns = forms.CharField(label=_("Pronouns (optional)"), max_length=40, required=False)
    bio = forms.CharField(
        label=_("Short bio"), max_length=1000, required=False, widget=forms.Textarea({"rows": 4})
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can meet in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    formats = forms.MultipleChoiceField(
        label=_("How you can meet"),
        choices=MeetingFormat.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    area = forms.CharField(
        label=_("Area for in-person meetings"),
        max_length=120,
        required=False,
        help_text=_("A city or neighbourhood, not your address."),
    )
    availability = forms.MultipleChoiceField(
        label=_("When you are usually free"),
        choices=[(slot, slot) for slot in AVAILABILITY_SLOTS],
        widget=forms.CheckboxSelectMultiple,
    )
    personal_interests = interest_field([Interest.Category.PERSONAL], _("Personal interests"))
    timezone = forms.ChoiceField(
        label=_("Timezone"), choices=[(name, name) for name in TIMEZONES], initial="UTC"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if MeetingFormat.IN_PERSON in data.get("formats", []) and not data.get("area"):
            self.add_error("area", _("Tell us the area to meet in person."))
        return data

    def availability_grid(
        self,
    ) -> list[tuple[str | Promise, list[tuple[str, str, str | Promise, bool]]]]:
        """Rows of (day, [(slot, accessible label, part of day, checked)]) for the template.

        The part of day is shown beside each box on a phone, where the column headings are gone.
        """
        chosen = set(self["availability"].value() or [])
        return [
            (
                DAY_LABELS[day],
                [
                    (
                        f"{day}-{part}",
                        f"{DAY_LABELS[day]} {PART_LABELS[part]}",
                        PART_LABELS[part],
                        f"{day}-{part}" in chosen,
                    )
                    for part in PARTS_OF_DAY
                ],
            )
            for day in DAYS
        ]

    def part_labels(self) -> list[str | Promise]:
        return [PART_LABELS[part] for part in PARTS_OF_DAY]


class BirthDateForm(DateBoundsMixin, forms.Form):
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_date_of_birth(self) -> date:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise ValidationError(_("A date of birth cannot be in the future."))
        if born.year < today.year - 120:
            raise ValidationError(_("Please check the year."))
        return born


class GuardianForm(CleanTextMixin, forms.Form):
    single_line = ("guardian_name",)

    guardian_name = forms.CharField(label=_("Parent or guardian's name"), max_length=150)
    guardian_email = forms.EmailField(
        label=_("Parent or guardian's email"),
        max_length=254,
        help_text=_("We email them a link to give consent."),
    )

    def __init__(self, *args: Any, own_email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.own_email = own_email.lower()

    def clean_guardian_email(self) -> str:
        email = self.cleaned_data["guardian_email"].lower()
        if email == self.own_email:
            raise ValidationError(_("This must be your parent's or guardian's own email."))
        return email


class CareerAcademicMixin:
    """Career fields and academic subjects as two labelled lists, saved as one set.

    `interests_as` names the combined value in cleaned_data (and in `initial`).
    """

    interests_as = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        initial = dict(kwargs.pop("initial", None) or {})
        chosen = initial.pop(self.interests_as, [])
        for category in (Interest.Category.CAREER, Interest.Category.ACADEMIC):
            initial[f"{self.interests_as}_{category}"] = [
                item for item in chosen if item.category == category
            ]
        super().__init__(*args, initial=initial, **kwargs)  # type: ignore[call-arg]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        data[self.interests_as] = [
            *data.get(f"{self.interests_as}_career", []),
            *data.get(f"{self.interests_as}_academic", []),
        ]
        return data


class MenteeGoalsForm(CareerAcademicMixin, CleanTextMixin, forms.Form):
    interests_as = "seeking"

    seeking_career = interest_field([Interest.Category.CAREER], _("Career fields I want help with"))
    seeking_academic = interest_field(
        [Interest.Category.ACADEMIC], _("School or college subjects I want help with")
    )
    goals = forms.CharField(
        label=_("Your goals, in your own words"),
        max_length=2000,
        widget=forms.Textarea({"rows": 5}),
    )


class MentorForm(CareerAcademicMixin, forms.Form):
    interests_as = "offering"

    offering_career = interest_field([Interest.Category.CAREER], _("Career fields you know"))
    offering_academic = interest_field(
        [Interest.Category.ACADEMIC], _("School or college subjects you can help with")
    )
    capacity = forms.IntegerField(
        label=_("How many mentees you can take"), min_value=1, max_value=5, initial=1
    )
    years_experience = forms.IntegerField(
        label=_("Years of experience"), min_value=0, max_value=70, initial=0
    )
    willing_minors = forms.BooleanField(
        label=_("I am willing to mentor people under 18 (needs screening)"), required=False
    )
    willing_group = forms.BooleanField(label=_("I am willing to mentor a group"), required=False)

    def __init__(self, *args: Any, capacity_limit: int = 5, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.capacity_limit = capacity_limit

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if capacity > self.capacity_limit:
            raise ValidationError(
                _("Your program allows at most %(limit)s mentees per mentor."),
                params={"limit": self.capacity_limit},
            )
        return capacity


class ConductForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read and accept the mentor code of conduct"),
        error_messages={"required": _("Please accept the code of conduct to mentor.")},
    )
    text = CODE_OF_CONDUCT


class ConsentDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("consent", _("Consent")), ("decline", _("Decline"))])
    policy_text = POLICY_TEXT


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand my profile and personal data will be deleted for good"),
    )


class EmailPreferencesForm(forms.Form):
    """One checkbox per category of email nobody asked for, named after the category."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in EmailCategory:
            self.fields[category.value] = forms.BooleanField(label=category.label, required=False)


class ContactSharingForm(forms.Form):
    share_contact = forms.BooleanField(
        label=_("Show my email address and phone number to the people I am matched with"),
        required=False,
        help_text=_(
            "Off by default: you can always talk in your private conversation on the site."
        ),
    )
