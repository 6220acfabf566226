"""Issue #18, "truthful pages": the campaign pages say only what is so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from matching.models import Match
from mentoring.campaign import services as campaign
from mentoring.campaign.models import ThankYouNote
from mentoring.campaign.selectors import impact_numbers
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import User
from tests import factories as f
from tests.factories import EventFactory
from tests.factories import VolunteerRoleFactory

pytestmark = pytest.mark.django_db


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


# --- A mentor agrees (or not) before a note goes on the wall --------------------------------------


@pytest.fixture
def public_note(
    make_mentor: Callable[..., User], mentee: User, django_capture_on_commit_callbacks
) -> ThankYouNote:
    mentor = make_mentor("marisol@example.org")
    Profile.objects.create(user=mentor, display_name="Marisol E.")
    Profile.objects.create(user=mentee, display_name="Tomás N.")
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        return campaign.note_write(
            author=mentee, mentor=mentor, body="You changed my life", public=True
        )


def test_the_mentor_finds_a_note_waiting_for_agreement_from_the_dashboard_and_the_email(
    client: Client, public_note: ThankYouNote
) -> None:
    page = reverse("campaign:notes_received")
    (email,) = [m for m in mail.outbox if m.to == [public_note.mentor.email]]
    assert f"{settings.SITE_URL}{page}" in email.body
    client.force_login(public_note.mentor)
    assert f'href="{page}"' in client.get(reverse("me")).text
    html = client.get(page).text
    assert "You changed my life" in html and "Tomás N." in html
    assert f'action="{reverse("campaign:note_answer", args=[public_note.pk])}"' in html


def test_the_mentor_agrees_and_the_note_goes_to_the_coordinators_for_the_wall(
    client: Client, public_note: ThankYouNote, coordinator: User
) -> None:
    client.force_login(public_note.mentor)
    answer = reverse("campaign:note_answer", args=[public_note.pk])
    assert client.get(answer).status_code == 405  # an answer is a POST, never a link
    assert client.post(answer, {"answer": "agree"}).status_code == 302
    public_note.refresh_from_db()
    assert public_note.mentor_consents_public
    campaign.note_moderate(note=public_note, approve=True, moderator=coordinator)
    assert "You changed my life" in client.get(reverse("campaign:stories")).text
    # Answered once: the note no longer waits, and a second answer is refused.
    assert client.post(answer, {"answer": "private"}).status_code == 404


def test_the_mentor_keeps_a_note_private_and_it_never_reaches_the_wall(
    client: Client, public_note: ThankYouNote
) -> None:
    client.force_login(public_note.mentor)
    client.post(reverse("campaign:note_answer", args=[public_note.pk]), {"answer": "private"})
    public_note.refresh_from_db()
    assert (public_note.visibility, public_note.mentor_consents_public) == ("private", False)
    assert (
        "You changed my life"
        not in client.get(reverse("campaign:notes_received")).text.split("All your notes")[0]
    )


def test_nobody_but_the_mentor_can_answer_for_a_note(
    client: Client, public_note: ThankYouNote, make_user: Callable[..., User]
) -> None:
    answer = reverse("campaign:note_answer", args=[public_note.pk])
    for someone in (public_note.author, make_user()):
        client.force_login(someone)
        assert client.post(answer, {"answer": "agree"}).status_code == 404
        assert "You changed my life" not in client.get(reverse("campaign:notes_received")).text
    public_note.refresh_from_db()
    assert not public_note.mentor_consents_public


def test_an_answer_needs_the_csrf_token(public_note: ThankYouNote) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(public_note.mentor)
    response = client.post(
        reverse("campaign:note_answer", args=[public_note.pk]), {"answer": "agree"}
    )
    assert response.status_code == 403
    public_note.refresh_from_db()
    assert not public_note.mentor_consents_public


# --- Thanking or nominating: your own mentors, and others only by name ----------------------------


def _mentor(name: str, prog: Program, **person: object) -> User:
    return f.mentor(prog, name=name, **person)


def test_thank_and_nominate_offer_your_own_mentors_not_everyone_on_the_site(
    client: Client,
) -> None:
    spring, autumn = f.program("spring-2027"), f.program("autumn-2027")
    mine = _mentor("Marisol Entwistle", spring)
    past = _mentor("Pat Former", autumn)
    stranger = _mentor("Stranger Danger", spring)
    tomas = f.mentee(spring)
    Match.objects.create(program=spring, mentee=tomas, mentor=mine, status=Match.Status.ACTIVE)
    Match.objects.create(program=autumn, mentee=tomas, mentor=past, status=Match.Status.CLOSED)
    Match.objects.create(program=spring, mentee=tomas, mentor=stranger, status="proposed")
    client.force_login(tomas)

    for page in (reverse("campaign:thank"), reverse("campaign:nominate")):
        html = client.get(page).text
        assert "Marisol Entwistle" in html and "Pat Former" in html, page
        # A proposal nobody approved is not a mentor the mentee was told about.
        assert "Stranger Danger" not in html, page
        # Two letters find nobody: the list of every mentor is never offered.
        assert "Stranger Danger" not in client.get(page, {"q": "St"}).text
        assert "Stranger Danger" in client.get(page, {"q": "stran"}).text


def test_a_mentor_found_by_search_can_be_thanked_but_not_one_picked_by_number(
    client: Client,
) -> None:
    prog = f.program()
    stranger = _mentor("Stranger Danger", prog)
    tomas = f.mentee(prog)
    client.force_login(tomas)
    data = {"mentor": stranger.pk, "body": "Thanks for the talk!"}

    assert client.post(reverse("campaign:thank"), data).status_code == 200
    assert not ThankYouNote.objects.exists()
    response = client.post(reverse("campaign:thank") + "?q=Stranger", data)
    assert response.status_code == 302
    assert ThankYouNote.objects.get().mentor == stranger


def test_mentors_with_the_same_name_are_told_apart_by_program(client: Client) -> None:
    spring, autumn = f.program("spring-2027"), f.program("autumn-2027")
    _mentor("Maria Garcia", spring)
    _mentor("Maria Garcia", autumn, area="Springfield")
    client.force_login(f.mentee(spring))

    html = client.get(reverse("campaign:thank"), {"q": "maria"}).text

    assert "Maria Garcia — Spring 2027<" in html
    assert "Maria Garcia — Autumn 2027, Springfield<" in html


def test_a_search_that_finds_nobody_says_so(client: Client) -> None:
    client.force_login(f.mentee(f.program()))
    html = client.get(reverse("campaign:thank"), {"q": "Nobody here"}).text
    assert "No mentor&#x27;s name contains" in html or "No mentor's name contains" in html


def test_the_mentor_of_the_month_is_named_once_when_the_title_names_them(
    make_mentor: Callable[..., User], mentee: User, coordinator: User
) -> None:
    mentor = make_mentor()
    Profile.objects.create(user=mentor, display_name="Marisol")
    nomination = campaign.nomination_submit(nominator=mentee, mentor=mentor, story="Kind")
    title = "Marisol: the mentor who was mentored first"
    nomination = campaign.nomination_feature(
        nomination=nomination, moderator=coordinator, title=title
    )
    assert nomination.headline == title
    nomination.featured_title = "The mentor who was mentored first"
    assert nomination.headline == "Marisol — The mentor who was mentored first"
    assert "Marisol — Marisol" not in Client().get("/").text
