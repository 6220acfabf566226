"""Forms for hosts: propose an event, offer a skill session, change capacity, message people.

Each form lists the fields a host may set, and nothing else: status and review stay with
coordinators however a request is crafted. Times are typed as wall-clock times at the event's
place and converted with the timezone the host chose.
"""

from __future__ import annotations

import zoneinfo
from datetime import timedelta
from functools import cache
from typing import Any
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.models import MAX_CAPACITY
from events.models import Event
from events.services.hosting import MESSAGE_MAX_LENGTH
from events.services.hosting import PROPOSAL_FIELDS
from mentoring.core.date_bounds import DateBoundsMixin
from mentoring.core.dates import at_place
from mentoring.core.dates import wall_clock

LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


@cache
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(n for n in zoneinfo.available_timezones() if "/" in n and "Etc" not in n)
    return [("UTC", "UTC")] + [(n, n.replace("_", " ")) for n in names]


class ProposalForm(DateBoundsMixin, forms.ModelForm):
    """ "Host an event": the coordinator's event fields that make sense for a host."""

    timezone = forms.ChoiceField(label=_("Timezone of the event"), choices=timezone_choices)
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("For an online event. Shown only to confirmed registrants."),
    )

    class Meta:
        model = Event
        fields = list(PROPOSAL_FIELDS)
        widgets = {
            "starts_at": LOCAL_INPUT,
            "ends_at": LOCAL_INPUT,
            "description": forms.Textarea(attrs={"rows": 5}),
            "host_reason": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"host_reason": _("Why you want to host it")}
        help_texts = {"venue": _("For an in-person event: the full address.")}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
        self.fields["host_reason"].required = True
        cast(forms.IntegerField, self.fields["capacity"]).max_value = MAX_CAPACITY
        # Most hosts hold the event in the language they are using the site in.
        self.fields["language"].required = False
        if not self.instance.pk:
            self.initial.setdefault("language", get_language())
        tz_name = self.instance.timezone if self.instance.pk else getattr(user, "timezone", "")
        if tz_name in dict(timezone_choices()):
            self.initial["timezone"] = tz_name
        if self.instance.pk:
            for name in ("starts_at", "ends_at"):
                self.initial[name] = wall_clock(getattr(self.instance, name), tz_name)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tz_name = data.get("timezone")
        if tz_name:
            for name in ("starts_at", "ends_at"):
                if data.get(name):
                    data[name] = at_place(data[name], tz_name)
        starts = data.get("starts_at")
        if starts and starts <= timezone.now():
            self.add_error("starts_at", _("The event must start in the future."))
        return data

    def clean_language(self) -> str:
        chosen = self.cleaned_data.get("language")
        return chosen or (self.instance.language if self.instance.pk else get_language())

    def details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROPOSAL_FIELDS}


class SkillSessionForm(DateBoundsMixin, forms.Form):
    """ "Share your skills": a short form that becomes a workshop proposal."""

    MODES = [("online", _("Online")), ("in_person", _("In person"))]
    DURATIONS = [(30, _("30 minutes")), (60, _("1 hour")), (90, _("1½ hours")), (120, _("2 hours"))]

    skill = forms.CharField(
        label=_("The skill you will share"),
        max_length=150,
        help_text=_("For example: résumé review, intro to data science."),
    )
    learn = forms.CharField(
        label=_("What people will learn"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_at = forms.DateTimeField(label=_("Date and start time"), widget=LOCAL_INPUT)
    duration = forms.TypedChoiceField(label=_("Length"), choices=DURATIONS, coerce=int, initial=60)
    timezone = forms.ChoiceField(label=_("Timezone"), choices=timezone_choices)
    mode = forms.ChoiceField(
        label=_("Online or in person"), choices=MODES, widget=forms.RadioSelect, initial="online"
    )
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    venue = forms.CharField(label=_("Venue address"), max_length=300, required=False)
    capacity = forms.IntegerField(label=_("How many people"), min_value=1, max_value=500)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tz_name = getattr(user, "timezone", "")
        if tz_name in dict(timezone_choices()):
            self.initial.setdefault("timezone", tz_name)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mode = data.get("mode")
        if mode == "online" and not data.get("online_url"):
            self.add_error("online_url", _("Give the link people will join."))
        if mode == "in_person" and not data.get("venue"):
            self.add_error("venue", _("Give the address where people will meet."))
        if data.get("starts_at") and data.get("timezone"):
            data["starts_at"] = at_place(data["starts_at"], data["timezone"])
            if data["starts_at"] <= timezone.now():
                self.add_error("starts_at", _("The session must start in the future."))
        return data

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        online = data["mode"] == "online"
        return {
            "title": data["skill"],
            "kind": Event.Kind.WORKSHOP,
            "description": data["learn"],
            "starts_at": data["starts_at"],
            "ends_at": data["starts_at"] + timedelta(minutes=data["duration"]),
            "timezone": data["timezone"],
            "venue": "" if online else data["venue"],
            "online_url": data["online_url"] if online else "",
            "capacity": data["capacity"],
            "language": get_language(),
            "host_reason": str(_("A skill session offered by a mentor.")),
        }


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Attendee capacity"), min_value=1, max_value=MAX_CAPACITY)


class HostMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to everyone registered"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent by email from the site; you will not see their addresses."),
    )
