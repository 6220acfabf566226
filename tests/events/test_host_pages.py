"""Hosting, once approved: the host runs their event without ever seeing an attendee's address,
messages registrants, and gets the reminder and the thanks once. In English and Spanish."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from events.models import Event
from events.models import HostMessage
from events.models import Registration
from events.services import hosting
from events.services import registrations as services
from events.tasks import send_due_reminders
from mentoring.people.models import User
from tests.events.hosting_data import LANGUAGES
from tests.events.hosting_data import approved
from tests.events.hosting_data import client_for
from tests.events.hosting_data import details
from tests.events.hosting_data import host_mail

# Transactional: decisions email people after commit, as they do in production.
pytestmark = pytest.mark.django_db(transaction=True)


def registrations_section(html: str) -> str:
    match = re.search(r'<section class="host-registrations".*?</section>', html, re.S)
    assert match, "the host page has a registrations section"
    return match.group(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_host_cannot_lower_capacity_below_the_confirmed_count(
    proposal: Event, mentor: User, coordinator: User, make_user, language: str
) -> None:
    event = approved(proposal, coordinator)
    for _ in range(3):
        services.registration_create(event=event, user=make_user())  # 2 confirmed, 1 waiting
    client = client_for(mentor, language)
    for capacity in ("1", "0", "-5", "many", "100001"):
        response = client.post(f"/events/hosting/{event.pk}/capacity/", {"capacity": capacity})
        assert response.status_code == 302
        event.refresh_from_db()
        assert event.capacity == 2
    with pytest.raises(ValidationError):
        hosting.host_capacity_change(event=event, user=mentor, capacity=1)
    client.post(f"/events/hosting/{event.pk}/capacity/", {"capacity": "3"})
    event.refresh_from_db()
    assert event.capacity == 3
    assert Registration.objects.filter(event=event).confirmed().count() == 3  # promoted


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_host_page_shows_registrants_without_any_address(
    proposal: Event, mentor: User, coordinator: User, make_user, language: str
) -> None:
    event = approved(proposal, coordinator)
    people = [
        make_user(f"attendee{i}@example.org", first_name=f"Attendee{i}", last_name="Secret")
        for i in range(3)
    ]
    for person in people:
        services.registration_create(event=event, user=person)
    html = client_for(mentor, language).get(f"/events/hosting/{event.pk}/").content.decode()
    section = registrations_section(html)
    assert "@" not in section
    assert all(p.email not in html for p in people)
    assert all(p.first_name in section for p in people)
    assert "Secret" not in section  # first names only


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_message_reaches_each_registrant_and_reveals_no_address(
    proposal: Event, mentor: User, coordinator: User, make_user, language: str
) -> None:
    event = approved(proposal, coordinator)
    people = [make_user() for _ in range(4)]
    regs = [services.registration_create(event=event, user=p) for p in people]
    services.registration_cancel(registration=regs[3])  # cancelled: gets nothing
    assert Registration.objects.get(pk=regs[2].pk).status == "waitlisted"  # hears it too
    mail.outbox.clear()
    client = client_for(mentor, language)

    response = client.post(f"/events/hosting/{event.pk}/message/", {"body": "Bring a pen!"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[:3])
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert "Bring a pen!" in message.body and mentor.email not in message.body
    sent = HostMessage.objects.get()
    assert (sent.recipients, sent.body, sent.sender) == (3, "Bring a pen!", mentor)
    html = client.get(f"/events/hosting/{event.pk}/").content.decode()
    assert all(p.email not in html for p in people)

    # Empty messages are refused; so is a fourth message within a day.
    mail.outbox.clear()
    assert client.post(f"/events/hosting/{event.pk}/message/", {"body": "  "}).status_code == 302
    for n in range(3):
        client.post(f"/events/hosting/{event.pk}/message/", {"body": f"Update {n}"})
    assert HostMessage.objects.count() == 3 and len(mail.outbox) == 6
    with pytest.raises(ValidationError):
        hosting.host_message_registrants(event=event, user=mentor, body="One more")
    with pytest.raises(ValidationError):
        hosting.host_message_registrants(event=event, user=people[0], body="Not the host")


def test_a_proposal_cannot_message_anyone_before_approval(proposal: Event, mentor: User) -> None:
    with pytest.raises(ValidationError):
        hosting.host_message_registrants(event=proposal, user=mentor, body="Hello?")


def test_the_host_reminder_and_thank_you_go_out_once(
    proposal: Event, mentor: User, coordinator: User, make_user
) -> None:
    event = approved(proposal, coordinator)
    regs = [services.registration_create(event=event, user=make_user()) for _ in range(2)]
    starts = timezone.now() + timedelta(hours=20)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=2))
    mail.outbox.clear()
    send_due_reminders.delay()
    send_due_reminders.delay()
    assert len(host_mail(mentor, "Tomorrow")) == 1

    ended = timezone.now() - timedelta(hours=3)
    Event.objects.filter(pk=event.pk).update(starts_at=ended - timedelta(hours=2), ends_at=ended)
    services.attendance_mark(registrations=regs[:1], attended=True)
    mail.outbox.clear()
    send_due_reminders.delay()
    send_due_reminders.delay()
    (thanks,) = host_mail(mentor, "Thank you for hosting")
    assert "1 person was checked in" in thanks.body
    assert not host_mail(mentor, "Tomorrow")


def test_the_cron_command_sends_the_host_reminder_once_too(
    proposal: Event, mentor: User, coordinator: User
) -> None:
    event = approved(proposal, coordinator)
    starts = timezone.now() + timedelta(hours=20)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=2))
    mail.outbox.clear()
    call_command("send_due_reminders")
    call_command("send_due_reminders")
    assert len(host_mail(mentor, "Tomorrow")) == 1


def queries_for(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_host_pages_use_the_same_queries_for_few_and_many_rows(
    proposal: Event, mentor: User, coordinator: User, make_user
) -> None:
    client = client_for(mentor, "en")
    event = approved(proposal, coordinator)
    services.registration_create(event=event, user=make_user())
    few = (
        queries_for(client, "/events/hosting/"),
        queries_for(client, f"/events/hosting/{event.pk}/"),
    )
    for _ in range(5):
        hosting.proposal_create(host=mentor, details=details())
        services.registration_create(event=event, user=make_user())
    many = (
        queries_for(client, "/events/hosting/"),
        queries_for(client, f"/events/hosting/{event.pk}/"),
    )
    assert few == many
