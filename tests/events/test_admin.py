"""The coordinator console: roster CSV, check-in, capacity, the cancel link, and permissions."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from events.models import Registration
from events.services import registrations as services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff_client(client: Client, coordinator) -> Client:
    client.force_login(coordinator)
    return client


def test_the_roster_csv_lists_attendees_and_volunteers(staff_client, event, greeter, make_user):
    services.registration_create(event=event, user=make_user("=cmd@example.org"))
    services.registration_create(event=event, user=make_user(), volunteer_role=greeter)
    response = staff_client.post(
        "/admin/events/event/", {"action": "export_roster", "_selected_action": [event.pk]}
    )
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Greeter" in text and "Attendee" in text
    assert "'=cmd@example.org" in text  # a formula-looking cell is kept as text


def test_the_check_in_action_records_attendance(staff_client, event, mentee) -> None:
    registration = services.registration_create(event=event, user=mentee)
    staff_client.post(
        "/admin/events/registration/",
        {"action": "check_in", "_selected_action": [registration.pk]},
    )
    registration.refresh_from_db()
    assert registration.attendance == "attended" and registration.checked_in_at


def test_the_event_page_shows_roles_and_registrations(staff_client, event, greeter, mentee):
    services.registration_create(event=event, user=mentee, volunteer_role=greeter)
    page = staff_client.get(f"/admin/events/event/{event.pk}/change/")
    assert page.status_code == 200
    assert b"Greeter" in page.content and mentee.email.encode() in page.content


def test_the_email_cancel_link_asks_then_cancels(client: Client, event, make_user) -> None:
    first = services.registration_create(event=event, user=make_user())
    for _ in range(3):
        services.registration_create(event=event, user=make_user())
    link = re.search(r"https?://\S+(/events/cancel/\S+/)", mail.outbox[0].body).group(1)
    assert b"Yes, cancel" in client.get(link).content
    assert Registration.objects.get(pk=first.pk).status == "confirmed"  # a GET changes nothing
    client.post(link)
    assert Registration.objects.get(pk=first.pk).status == "cancelled"
    assert Registration.objects.confirmed().count() == 3


@pytest.mark.django_db  # the group comes from a data migration, which a flush would erase
def test_coordinators_may_manage_events_but_not_delete_registrations() -> None:
    codenames = set(
        Group.objects.get(name="Coordinators").permissions.values_list("codename", flat=True)
    )
    assert {"change_event", "change_registration", "view_reminder"} <= codenames
    assert "delete_registration" not in codenames
