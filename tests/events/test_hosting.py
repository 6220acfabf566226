"""Hosting: a proposal stays private until a coordinator approves it, and a host runs their
event without ever seeing an attendee's address. The key checks run in English and Spanish."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from events.models import HostMessage
from events.models import Registration
from events.services import hosting
from events.services import registrations as services
from mentoring.people.models import User
from tests.events.hosting_data import LANGUAGES
from tests.events.hosting_data import admin_form_data
from tests.events.hosting_data import approved
from tests.events.hosting_data import client_for
from tests.events.hosting_data import details
from tests.events.hosting_data import form_data
from tests.events.hosting_data import host_mail
from tests.events.hosting_data import skill_data

# Transactional: decisions email people after commit, as they do in production.
pytestmark = pytest.mark.django_db(transaction=True)


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
