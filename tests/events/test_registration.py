"""Registering, the waitlist, cancelling and capacity: the rules of registration_create & co."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.utils import timezone

from events.models import Event
from events.models import Registration
from events.models import Reminder
from events.models import VolunteerRole
from events.services import registrations as services
from mentoring.people.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def people(make_user: Callable[..., User], n: int) -> list[User]:
    return [make_user(f"person{i}@example.org", first_name=f"P{i}") for i in range(n)]


def test_it_confirms_until_full_then_waitlists_with_positions(event, make_user) -> None:
    regs = [services.registration_create(event=event, user=u) for u in people(make_user, 5)]
    assert [r.status for r in regs] == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert [r.waitlist_position() for r in regs] == [None, None, None, 1, 2]


def test_registering_twice_returns_the_first_registration(event, mentee) -> None:
    first = services.registration_create(event=event, user=mentee)
    again = services.registration_create(event=event, user=mentee)
    assert again.pk == first.pk
    assert Registration.objects.count() == 1


def test_the_database_allows_one_active_registration_per_person(event, mentee) -> None:
    Registration.objects.create(event=event, user=mentee, status="cancelled")
    Registration.objects.create(event=event, user=mentee, status="confirmed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=mentee, status="waitlisted")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Event.Status.DRAFT}, "not open yet"),
        ({"status": Event.Status.CANCELLED}, "cancelled"),
        ({"starts_at_days": -3}, "over"),
        ({"closes_hours": -1}, "Registration is closed"),
    ],
)
def test_it_rejects_events_that_are_not_open(make_event, mentee, change, message) -> None:
    now = timezone.now()
    fields: dict = {}
    if "status" in change:
        fields["status"] = change["status"]
    if "starts_at_days" in change:
        fields["starts_at"] = now + timedelta(days=change["starts_at_days"])
    if "closes_hours" in change:
        fields["registration_closes_at"] = now + timedelta(hours=change["closes_hours"])
    event = make_event(**fields)
    with pytest.raises(ValidationError, match=message):
        services.registration_create(event=event, user=mentee)
    assert not Registration.objects.exists()


def test_a_volunteer_role_has_its_own_slots_and_waitlist(event, greeter, make_user) -> None:
    a, b, c = people(make_user, 3)
    assert services.registration_create(event=event, user=a, volunteer_role=greeter).status == (
        "confirmed"
    )
    second = services.registration_create(event=event, user=b, volunteer_role=greeter)
    assert second.status == "waitlisted" and second.waitlist_position() == 1
    # Attendee seats are untouched by volunteers.
    assert services.registration_create(event=event, user=c).status == "confirmed"


def test_a_role_of_another_event_is_refused(event, make_event, mentee) -> None:
    other_role = VolunteerRole.objects.create(event=make_event(), name="Judge", slots=2)
    with pytest.raises(ValidationError, match="another event"):
        services.registration_create(event=event, user=mentee, volunteer_role=other_role)


def test_cancelling_promotes_the_first_waitlisted_and_emails_only_them(event, make_user) -> None:
    regs = [services.registration_create(event=event, user=u) for u in people(make_user, 6)]
    mail.outbox.clear()
    promoted = services.registration_cancel(registration=regs[1])
    assert promoted.pk == regs[3].pk
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[regs[3].pk] == "confirmed"
    assert statuses[regs[4].pk] == "waitlisted" and statuses[regs[5].pk] == "waitlisted"
    assert [m.to for m in mail.outbox] == [[regs[3].user.email]]
    assert "seat opened up" in mail.outbox[0].subject
    assert Registration.objects.get(pk=regs[4].pk).waitlist_position() == 1


def test_cancelling_a_waitlisted_registration_promotes_nobody(event, make_user) -> None:
    regs = [services.registration_create(event=event, user=u) for u in people(make_user, 5)]
    assert services.registration_cancel(registration=regs[3]) is None
    assert Registration.objects.confirmed().count() == 3


def test_cancelling_after_the_deadline_is_refused(make_event, mentee) -> None:
    event = make_event(cancellation_deadline=timezone.now() + timedelta(days=1))
    registration = services.registration_create(event=event, user=mentee)
    Event.objects.filter(pk=event.pk).update(
        cancellation_deadline=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="deadline"):
        services.registration_cancel(registration=registration)


def test_capacity_cannot_drop_below_the_confirmed_count(event, make_user) -> None:
    for u in people(make_user, 4):
        services.registration_create(event=event, user=u)
    with pytest.raises(ValidationError, match="already confirmed"):
        services.capacity_change(event=event, capacity=2)
    promoted = services.capacity_change(event=event, capacity=5)
    assert len(promoted) == 1
    assert Registration.objects.confirmed().count() == 4


@pytest.mark.parametrize("capacity", [-1, 0, 10_000_000])
def test_capacity_out_of_range_is_refused(event, capacity) -> None:
    with pytest.raises(ValidationError, match="between 1 and"):
        services.capacity_change(event=event, capacity=capacity)


def test_registration_creates_four_reminders_and_sends_the_confirmation(event, mentee) -> None:
    mail.outbox.clear()
    registration = services.registration_create(event=event, user=mentee)
    kinds = set(registration.reminders.values_list("kind", flat=True))
    assert kinds == {"confirmation", "day_before", "hour_before", "follow_up"}
    assert len(mail.outbox) == 1
    assert Reminder.objects.get(registration=registration, kind="confirmation").sent_at
