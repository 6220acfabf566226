"""Forms for the thank-you note and the Mentor of the Month nomination."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.campaign.services import mentors_qs
from mentoring.people.models import User


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        # Only the public display name: never an email address.
        return obj.profile.display_name


def _mentor_field(exclude: User) -> MentorChoiceField:
    queryset = (
        mentors_qs()
        .filter(profile__isnull=False)
        .exclude(pk=exclude.pk)
        .select_related("profile")
        .order_by("profile__display_name", "pk")
    )
    return MentorChoiceField(queryset=queryset, label=_("Mentor"))


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Your note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
    )
    public = forms.BooleanField(
        label=_("I agree to share this note on the public stories wall"),
        required=False,
        help_text=_("It appears only if your mentor agrees too and a coordinator approves it."),
    )

    def __init__(self, *args: Any, author: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"mentor": _mentor_field(author), **self.fields}


class NominationForm(forms.Form):
    story = forms.CharField(
        label=_("Why should this mentor be Mentor of the Month?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, nominator: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"mentor": _mentor_field(nominator), **self.fields}
