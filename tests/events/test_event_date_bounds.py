"""Event dates are bounded: a start within five years, at most 14 days long, never year 9999.

A time near the end of Python's calendar overflows when reminders or calendar files add hours
to it. Typed into the skill-session form it was a 500 at once; as a proposal's end it was saved,
and once approved every registration for the event was a 500. Each form says what is wrong
instead, and nothing is saved.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from events.models import Event
from events.services import hosting
from mentoring.people.models import MentorProfile
from mentoring.people.models import User
from tests.events.hosting_data import admin_form_data
from tests.events.hosting_data import details
from tests.events.hosting_data import form_data
from tests.events.hosting_data import skill_data

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "Enter a date between the years 1900 and 2100."


def browser(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_a_skill_session_in_year_9999_gets_a_field_error(mentor: User) -> None:
    MentorProfile.objects.create(user=mentor)
    response = browser(mentor).post(
        "/events/share-skills/", skill_data(starts_at="9999-12-31T23:59")
    )
    assert response.status_code == 400
    assert OUT_OF_RANGE in response.content.decode()
    assert not Event.objects.exists()


def test_a_proposal_ending_in_year_9999_is_refused(mentor: User) -> None:
    response = browser(mentor).post("/events/host/", form_data(ends_at="9999-12-31T23:59"))
    assert response.status_code == 400
    assert OUT_OF_RANGE in response.content.decode()
    assert not Event.objects.exists()


def test_a_proposal_may_start_within_five_years_and_last_up_to_14_days(mentor: User) -> None:
    starts = (timezone.now() + timedelta(days=5 * 365 - 1)).replace(microsecond=0)
    event = hosting.proposal_create(
        host=mentor, details=details(starts_at=starts, ends_at=starts + timedelta(days=14))
    )
    assert event.pk


@pytest.mark.parametrize(
    ("field", "change", "message"),
    [
        ("starts_at", {"days": 5 * 366}, "The event must start within the next five years."),
        ("ends_at", {"days": 15}, "An event can last at most 14 days."),
    ],
)
def test_a_proposal_too_far_ahead_or_too_long_is_refused(
    mentor: User, field: str, change: dict[str, int], message: str
) -> None:
    starts = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    if field == "starts_at":
        starts += timedelta(**change)
        ends = starts + timedelta(hours=2)
    else:
        ends = starts + timedelta(**change)
    with pytest.raises(ValidationError) as raised:
        hosting.proposal_create(host=mentor, details=details(starts_at=starts, ends_at=ends))
    assert raised.value.message_dict[field] == [message]
    # The page says the same, on the field.
    data = form_data(
        starts_at=timezone.localtime(starts, Event(timezone="America/Chicago").tzinfo).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        ends_at=timezone.localtime(ends, Event(timezone="America/Chicago").tzinfo).strftime(
            "%Y-%m-%dT%H:%M"
        ),
    )
    response = browser(mentor).post("/events/host/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Event.objects.exists()


def test_the_service_refuses_year_9999_too(mentor: User) -> None:
    ends = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    with pytest.raises(ValidationError):
        hosting.proposal_create(host=mentor, details=details(ends_at=ends))
    assert not Event.objects.exists()


@pytest.mark.parametrize("tz_name", ["UTC", "America/Chicago", "Pacific/Kiritimati"])
def test_the_admin_event_form_refuses_year_9999_in_any_coordinators_zone(
    coordinator: User, tz_name: str, make_event: Any
) -> None:
    coordinator.timezone = tz_name
    coordinator.save(update_fields=["timezone"])
    event = make_event(title="Mentor appreciation night")
    data = admin_form_data(event, ends_at_0="9999-12-31", ends_at_1="23:59:59")
    response = browser(coordinator).post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert Event.objects.get(pk=event.pk).ends_at.year < 9999


def test_the_admin_event_form_bounds_length_and_lead_time(
    coordinator: User, make_event: Any
) -> None:
    event = make_event(title="Hackathon")
    far = (timezone.now() + timedelta(days=6 * 365)).strftime("%Y-%m-%d")
    response = browser(coordinator).post(
        f"/admin/events/event/{event.pk}/change/",
        admin_form_data(event, starts_at_0=far, ends_at_0=far),
    )
    assert "The event must start within the next five years." in response.content.decode()
    long = (event.ends_at + timedelta(days=20)).strftime("%Y-%m-%d")
    response = browser(coordinator).post(
        f"/admin/events/event/{event.pk}/change/", admin_form_data(event, ends_at_0=long)
    )
    assert "An event can last at most 14 days." in response.content.decode()
    assert Event.objects.get(pk=event.pk).ends_at == event.ends_at


def test_the_events_list_ignores_a_day_in_year_9999(mentee: User) -> None:
    response = browser(mentee).get("/events/", {"on": "9999-12-31"})
    assert response.status_code == 200
