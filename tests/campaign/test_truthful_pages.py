"""Issue #18, "truthful pages": the campaign pages say only what is so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from events.models import Registration
from mentoring.campaign.selectors import impact_numbers
from mentoring.people.models import User
from tests.factories import EventFactory, VolunteerRoleFactory


def _register(event: object, user: User, **fields: object) -> Registration:
    return Registration.objects.create(
        event=event, user=user, status=Registration.Status.CONFIRMED, **fields
    )


def test_impact_so_far_counts_only_people_who_came_and_hours_they_worked(
    make_user: Callable[..., User],
) -> None:
    now = timezone.now()
    past = EventFactory.create(
        starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=3) + timedelta(hours=3)
    )
    future = EventFactory.create(capacity=10)
    greeter = VolunteerRoleFactory.create(event=past, name="Greeter", slots=5)
    future_greeter = VolunteerRoleFactory.create(event=future, name="Greeter", slots=5)
    attended = Registration.Attendance.ATTENDED
    _register(past, make_user(), attendance=attended)
    _register(past, make_user(), attendance=Registration.Attendance.NO_SHOW)
    _register(past, make_user(), volunteer_role=greeter, attendance=attended)
    _register(past, make_user(), volunteer_role=greeter)  # signed up, never checked in
    _register(future, make_user())
    _register(future, make_user(), volunteer_role=future_greeter)

    numbers = impact_numbers()

    assert numbers["registrations"] == 2  # the attendee and the greeter who came
    assert numbers["volunteer_hours"] == 3  # one greeter, one three-hour event
