"""Hosting: a proposal stays private until a coordinator approves it, and a host runs their
event without ever seeing an attendee's address. The key checks run in English and Spanish."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event, HostMessage, Registration
from events.services import hosting
from events.services import registrations as services
from events.tasks import send_due_reminders
from mentoring.people.models import User

# Transactional: decisions email people after commit, as they do in production.
pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["en", "es"]


def details(**overrides: Any) -> dict[str, Any]:
    starts = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    values: dict[str, Any] = {
        "title": "Résumé clinic for first jobs",
        "kind": Event.Kind.WORKSHOP,
        "description": "Bring your résumé; leave with a better one.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "timezone": "America/Chicago",
        "venue": "Springfield Library, Room 3",
        "online_url": "",
        "capacity": 2,
        "host_reason": "I hire juniors and see the same résumé mistakes every week.",
    }
    values.update(overrides)
    return values


@pytest.fixture
def proposal(mentor: User) -> Event:
    # Marisol proposes a small workshop: two seats, so a third person waits.
    return hosting.proposal_create(host=mentor, details=details())


def client_for(user: User | None, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def public_views(client: Client, event: Event) -> dict[str, int]:
    listed = event.title in client.get("/events/").content.decode()
    return {
        "listed": int(listed),
        "detail": client.get(f"/events/{event.pk}/").status_code,
        "ics": client.get(f"/events/{event.pk}/event.ics").status_code,
    }


HIDDEN = {"listed": 0, "detail": 404, "ics": 404}
SHOWN = {"listed": 1, "detail": 200, "ics": 200}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_proposal_is_invisible_until_approved(
    proposal: Event, mentor: User, volunteer: User, coordinator: User, language: str
) -> None:
    assert proposal.status == Event.Status.DRAFT and proposal.review == Event.Review.PROPOSED
    anonymous, val = client_for(None, language), client_for(volunteer, language)
    assert public_views(anonymous, proposal) == HIDDEN
    assert public_views(val, proposal) == HIDDEN
    assert val.post(f"/events/{proposal.pk}/register/").status_code == 404
    assert val.get(f"/events/hosting/{proposal.pk}/").status_code == 404
    assert not Registration.objects.filter(event=proposal).exists()
    with pytest.raises(ValidationError):
        services.registration_create(event=proposal, user=volunteer)
    # Its host and the coordinators can see it.
    assert client_for(mentor, language).get(f"/events/hosting/{proposal.pk}/").status_code == 200
    admin_page = client_for(coordinator, language).get(f"/admin/events/event/{proposal.pk}/change/")
    assert admin_page.status_code == 200

    hosting.proposal_approve(event=proposal, by=coordinator)
    assert public_views(anonymous, proposal) == SHOWN
    assert val.post(f"/events/{proposal.pk}/register/").status_code == 302
    assert Registration.objects.get(event=proposal).user == volunteer


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_declined_proposal_never_appears(
    proposal: Event, mentor: User, volunteer: User, coordinator: User, language: str
) -> None:
    hosting.proposal_decline(event=proposal, by=coordinator, message="Not this year.")
    proposal.refresh_from_db()
    assert proposal.status == Event.Status.DRAFT and proposal.review == Event.Review.DECLINED
    for who in (None, volunteer, mentor):
        assert public_views(client_for(who, language), proposal) == HIDDEN
    assert (
        client_for(volunteer, language).post(f"/events/{proposal.pk}/register/").status_code == 404
    )
    # No second review, and the database itself refuses to publish it.
    with pytest.raises(ValidationError):
        hosting.proposal_approve(event=proposal, by=coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=proposal.pk).update(status=Event.Status.PUBLISHED)
    # Nor can the admin form: status is read-only on a declined proposal.
    staff = client_for(coordinator, language)
    form = admin_form_data(proposal, status="published")
    staff.post(f"/admin/events/event/{proposal.pk}/change/", form)
    proposal.refresh_from_db()
    assert proposal.status == Event.Status.DRAFT
    # The host still sees it, with its state, among the events they host.
    assert "Not this year." in client_for(mentor, language).get("/events/hosting/").content.decode()


def admin_form_data(event: Event, **overrides: Any) -> dict[str, Any]:
    local = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    data = {
        "title": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "description": event.description,
        "starts_at_0": local.strftime("%Y-%m-%d"),
        "starts_at_1": local.strftime("%H:%M:%S"),
        "ends_at_0": end.strftime("%Y-%m-%d"),
        "ends_at_1": end.strftime("%H:%M:%S"),
        "timezone": event.timezone,
        "venue": event.venue,
        "capacity": event.capacity,
        "roles-TOTAL_FORMS": 0,
        "roles-INITIAL_FORMS": 0,
        "registrations-TOTAL_FORMS": 0,
        "registrations-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def form_data(**overrides: Any) -> dict[str, Any]:
    starts = timezone.now() + timedelta(days=12)
    data = {
        "title": "Networking for introverts",
        "kind": "workshop",
        "description": "Small-group practice.",
        "starts_at": starts.strftime("%Y-%m-%dT18:00"),
        "ends_at": starts.strftime("%Y-%m-%dT20:00"),
        "timezone": "America/Chicago",
        "venue": "Community Center, 5 Elm St",
        "online_url": "",
        "capacity": "12",
        "host_reason": "I was shy once too.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("language", LANGUAGES)
def test_crafted_posts_cannot_publish_or_set_review_fields(
    mentor: User, volunteer: User, language: str
) -> None:
    client = client_for(volunteer, language)
    crafted = form_data(
        status="published", review="approved", host=str(mentor.pk), is_skill_session="on"
    )
    response = client.post("/events/host/", crafted)
    event = Event.objects.get(title="Networking for introverts")
    assert response.status_code == 302 and response["Location"] == f"/events/hosting/{event.pk}/"
    assert (event.status, event.review, event.host, event.is_skill_session) == (
        "draft",
        "proposed",
        volunteer,
        False,
    )
    # The wall-clock time typed is read in the event's timezone, not the server's.
    assert timezone.localtime(event.starts_at, event.tzinfo).hour == 18
    # Editing one's own proposal cannot set them either.
    client.post(f"/events/hosting/{event.pk}/edit/", {**crafted, "title": "Renamed"})
    event.refresh_from_db()
    assert (event.title, event.status, event.review) == ("Renamed", "draft", "proposed")


@pytest.mark.parametrize("language", LANGUAGES)
def test_nobody_else_can_edit_or_run_a_hosts_event(
    proposal: Event, volunteer: User, coordinator: User, language: str
) -> None:
    other = client_for(volunteer, language)
    for action in ("", "edit/", "capacity/", "message/"):
        response = other.post(
            f"/events/hosting/{proposal.pk}/{action}",
            {**form_data(title="Hijacked"), "capacity": "99", "body": "hi"},
        )
        assert response.status_code == 404
    proposal.refresh_from_db()
    assert (proposal.title, proposal.capacity) == ("Résumé clinic for first jobs", 2)
    assert not HostMessage.objects.exists()
    with pytest.raises(ValidationError):
        hosting.proposal_update(event=proposal, user=volunteer, details={"title": "Hijacked"})
    with pytest.raises(ValidationError):
        hosting.proposal_update(event=proposal, user=proposal.host, details={"status": "published"})


@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_proposals_get_errors_not_events(volunteer: User, language: str) -> None:
    client = client_for(volunteer, language)
    past = (timezone.now() - timedelta(days=2)).strftime("%Y-%m-%dT10:00")
    bad = [
        form_data(ends_at=form_data()["starts_at"].replace("T18", "T17")),
        form_data(starts_at=past),
        form_data(venue="", online_url=""),
        form_data(capacity="0"),
        form_data(capacity="lots"),
        form_data(timezone="Mars/Olympus"),
        form_data(title=""),
    ]
    for data in bad:
        response = client.post("/events/host/", data)
        assert response.status_code == 400 and b"errorlist" in response.content
    assert not Event.objects.exists()
    assert client_for(None, language).get("/events/host/").status_code == 302  # log in first


def approved(proposal: Event, coordinator: User) -> Event:
    return hosting.proposal_approve(event=proposal, by=coordinator)


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


def registrations_section(html: str) -> str:
    match = re.search(r'<section class="host-registrations".*?</section>', html, re.S)
    assert match, "the host page has a registrations section"
    return match.group(0)


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


def host_mail(host: User, word: str) -> list[Any]:
    return [m for m in mail.outbox if m.to == [host.email] and word in m.subject]


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


def test_request_changes_needs_a_message_and_the_host_sees_it(
    proposal: Event, mentor: User, coordinator: User
) -> None:
    with pytest.raises(ValidationError):
        hosting.proposal_request_changes(event=proposal, by=coordinator, message="   ")
    proposal.refresh_from_db()
    assert proposal.review == Event.Review.PROPOSED
    mail.outbox.clear()
    hosting.proposal_request_changes(
        event=proposal, by=coordinator, message="Please add an online link too."
    )
    (email,) = host_mail(mentor, "Changes requested")
    assert "Please add an online link too." in email.body
    client = client_for(mentor, "en")
    assert "Please add an online link too." in client.get("/events/hosting/").content.decode()
    page = client.get(f"/events/hosting/{proposal.pk}/").content.decode()
    assert "Please add an online link too." in page and 'action="/events/hosting/' in page

    # Editing sends it back for review, and the coordinators hear about it.
    mail.outbox.clear()
    edit = form_data(title=proposal.title, online_url="https://meet.example.org/cv")
    assert client.post(f"/events/hosting/{proposal.pk}/edit/", edit).status_code == 302
    proposal.refresh_from_db()
    assert proposal.review == Event.Review.PROPOSED and proposal.online_url
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_a_reviewed_proposal_can_no_longer_be_edited(
    proposal: Event, mentor: User, coordinator: User
) -> None:
    approved(proposal, coordinator)
    client = client_for(mentor, "en")
    response = client.post(f"/events/hosting/{proposal.pk}/edit/", form_data(title="Changed"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Résumé clinic for first jobs"
    with pytest.raises(ValidationError):
        hosting.proposal_update(event=proposal, user=mentor, details={"title": "Changed"})


def test_coordinators_are_told_about_a_new_proposal(
    mentor: User, coordinator: User, make_user: Callable[..., User]
) -> None:
    from django.contrib.auth.models import Group

    staff = make_user("sam.staff@example.org", is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name="Coordinators")[0])
    make_user("not.staff@example.org").groups.add(Group.objects.get(name="Coordinators"))
    mail.outbox.clear()
    hosting.proposal_create(host=mentor, details=details())
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, staff.email])
    assert all("Résumé clinic" in m.subject for m in mail.outbox)


def skill_data(**overrides: Any) -> dict[str, Any]:
    starts = (timezone.now() + timedelta(days=9)).strftime("%Y-%m-%dT17:30")
    data = {
        "skill": "Intro to data science",
        "learn": "What a data scientist does all day, and the first three tools to try.",
        "starts_at": starts,
        "duration": "90",
        "timezone": "Europe/Madrid",
        "mode": "online",
        "online_url": "https://meet.example.org/ds",
        "venue": "",
        "capacity": "25",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("language", LANGUAGES)
def test_share_your_skills_is_only_for_mentors(
    mentor: User, volunteer: User, language: str
) -> None:
    from mentoring.people.models import MentorProfile

    data = skill_data(status="published")
    val = client_for(volunteer, language)
    refused = val.get("/events/share-skills/")
    assert refused.status_code == 403
    assert reverse("events:host") in refused.content.decode()  # the way to host anyway
    assert val.post("/events/share-skills/", data).status_code == 403
    assert not Event.objects.filter(host=volunteer).exists()
    assert client_for(None, language).get("/events/share-skills/").status_code == 302

    MentorProfile.objects.create(user=mentor)
    client = client_for(mentor, language)
    assert client.get("/events/share-skills/").status_code == 200
    assert client.post("/events/share-skills/", {**data, "online_url": ""}).status_code == 400
    response = client.post("/events/share-skills/", data)
    event = Event.objects.get(host=mentor)
    assert response.status_code == 302
    assert (event.is_skill_session, event.kind, event.status, event.review) == (
        True,
        "workshop",
        "draft",
        "proposed",
    )
    assert event.ends_at - event.starts_at == timedelta(minutes=90)
    assert timezone.localtime(event.starts_at, event.tzinfo).strftime("%H:%M") == "17:30"


def test_an_invalid_edit_shows_its_errors_and_changes_nothing(
    proposal: Event, mentor: User
) -> None:
    client = client_for(mentor, "es")
    bad = form_data(title="New title", ends_at=form_data()["starts_at"].replace("T18", "T09"))
    response = client.post(f"/events/hosting/{proposal.pk}/edit/", bad)
    assert response.status_code == 400 and b"errorlist" in response.content
    proposal.refresh_from_db()
    assert proposal.title == "Résumé clinic for first jobs"


def test_the_demo_has_one_skill_session_waiting_for_review(make_user) -> None:
    import random

    from events.demo import seed_events

    make_user("mentor@example.org", first_name="Marisol")
    User.objects.bulk_create(User(email=f"demo{i}@example.org") for i in range(120))
    seed_events(random.Random(1))
    seed_events(random.Random(1))
    (proposal,) = Event.objects.filter(host__email="mentor@example.org")
    assert (proposal.status, proposal.review, proposal.is_skill_session) == (
        "draft",
        "proposed",
        True,
    )
    assert proposal not in Event.objects.published()


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
