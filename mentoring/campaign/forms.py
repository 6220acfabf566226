"""Forms for the thank-you note and the Mentor of the Month nomination."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.campaign import selectors
from mentoring.campaign import services as campaign
from mentoring.campaign.selectors import MENTOR_SEARCH_MIN
from mentoring.people.models import User


def mentor_label(mentor: User) -> str:
    """The public name and where they mentor (never an email): two Maria Garcías tell apart."""
    # The mentor programs selectors._with_programs prefetched into a list (to_attr).
    enrollments = mentor.mentor_enrollments  # type: ignore[attr-defined]
    where = [enrollment.program.name for enrollment in enrollments]
    if mentor.profile.area:
        where.append(mentor.profile.area)
    name = mentor.profile.display_name
    return f"{name} — {', '.join(where)}" if where else name


class MentorField(forms.ModelChoiceField):
    # True when a long enough search found nobody: the page says so instead of an empty list.
    nothing_found = False


def _mentor_field(person: User, query: str) -> MentorField:
    """Only the person's own mentors and the mentors their search found can be chosen.

    The whole list of mentors is never offered: it would let anyone mail everybody.
    """
    own = selectors.own_mentors(person)
    found = [m for m in selectors.mentor_search(query, exclude=person) if m not in own]
    field = MentorField(
        queryset=campaign.mentors_qs().filter(pk__in=[m.pk for m in own + found]), label=_("Mentor")
    )
    field.nothing_found = len(query.strip()) >= MENTOR_SEARCH_MIN and not found
    groups = [(_("Your mentors"), own), (_("Mentors whose name matches your search"), found)]
    field.choices = [("", "---------")] + [
        (title, [(m.pk, mentor_label(m)) for m in mentors]) for title, mentors in groups if mentors
    ]
    return field


def _search_hint() -> str:
    return gettext("Type at least %(count)d letters of their name.") % {"count": MENTOR_SEARCH_MIN}


class MentorSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find another mentor by name"),
        required=False,
        max_length=100,
        help_text=lazy(_search_hint, str)(),
    )


class AboutAMentorForm(forms.Form):
    """A form one person writes about one of their mentors; `save` hands it to the service."""

    def __init__(self, *args: Any, person: User, query: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields = {"mentor": _mentor_field(person, query), **self.fields}

    def save(self) -> object:
        raise NotImplementedError


class NoteForm(AboutAMentorForm):
    body = forms.CharField(
        label=_("Your note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
    )
    public = forms.BooleanField(
        label=_("I agree to share this note on the public stories wall"),
        required=False,
        help_text=_("It appears only if your mentor agrees too and a coordinator approves it."),
    )

    def save(self) -> object:
        data = self.cleaned_data
        return campaign.note_write(
            author=self.person, mentor=data["mentor"], body=data["body"], public=data["public"]
        )


class NominationForm(AboutAMentorForm):
    story = forms.CharField(
        label=_("Why should this mentor be Mentor of the Month?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def save(self) -> object:
        data = self.cleaned_data
        return campaign.nomination_submit(
            nominator=self.person, mentor=data["mentor"], story=data["story"]
        )
