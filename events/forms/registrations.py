"""Forms: registering (with an optional volunteer role), the list filters, the admin event form."""

from __future__ import annotations

from typing import Any
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.models import Event
from events.models import Registration
from events.models import VolunteerRole
from mentoring.core.date_bounds import DateBoundsMixin
from mentoring.core.dates import at_place
from mentoring.core.dates import wall_clock


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(_("Volunteer: %(name)s") % {"name": obj.name})


class RegisterForm(forms.Form):
    role = RoleChoiceField(
        queryset=VolunteerRole.objects.none(),
        required=False,
        empty_label=_("Attendee"),
        label=_("Register as"),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(RoleChoiceField, self.fields["role"]).queryset = event.roles.all()


class EventFilterForm(DateBoundsMixin, forms.Form):
    MODES = [("", _("Online or in person")), ("online", _("Online")), ("in_person", _("In person"))]

    kind = forms.ChoiceField(
        choices=[("", _("All kinds")), *Event.Kind.choices], required=False, label=_("Kind")
    )
    mode = forms.ChoiceField(choices=MODES, required=False, label=_("Where"))
    on = forms.DateField(
        required=False, label=_("On"), widget=forms.DateInput(attrs={"type": "date"})
    )


class EventAdminForm(DateBoundsMixin, forms.ModelForm):
    """Times are typed on the event's own clock, whatever the coordinator's timezone is.

    Capacity may not drop below the confirmed count; the service re-checks under the lock.
    """

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "kind",
            "description",
            "language",
            "program",
            *Event.WHEN_AND_WHERE,
            "registration_opens_at",
            "registration_closes_at",
            "cancellation_deadline",
            "status",
            "organizer",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in Event.LOCAL_TIMES:
            value = getattr(self.instance, name)
            if value:
                self.initial[name] = wall_clock(value, self.instance.timezone)
        self.fields["starts_at"].help_text = _(
            "Type every time on the event's own clock, in its timezone below."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tz_name = data.get("timezone") or self.instance.timezone
        for name in Event.LOCAL_TIMES:
            if data.get(name):
                data[name] = at_place(data[name], tz_name)
        return data

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity is not None:
            confirmed = Registration.objects.for_seat(self.instance, None).confirmed().count()
            if capacity < confirmed:
                raise ValidationError(
                    _("%(n)s people are already confirmed; capacity cannot go below that."),
                    params={"n": confirmed},
                )
        return capacity
