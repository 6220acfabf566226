"""Issue #15, meetings on the pages: who may open them, one-click answers, minors, privacy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from matching.models import Match
from matching.relationships.availability import shared_hours
from matching.relationships.models import Meeting
from matching.relationships.privacy import erase
from matching.relationships.privacy import export
from matching.relationships.services import meetings
from matching.relationships.services.meetings import Terms
from matching.services import match_approve
from matching.services import matching_run
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import User
from tests import factories as f
from tests.relationships.test_meetings import _agreed
from tests.relationships.test_meetings import _as_if_over
from tests.relationships.test_meetings import _on_clocks
from tests.relationships.test_meetings import _propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(approved: Match) -> Match:
    return _on_clocks(
        approved, ("America/Chicago", ["mon-evening"]), ("Asia/Tokyo", ["tue-morning"])
    )


@pytest.fixture
def minors_match(coordinator: User) -> Match:
    """Lucía, 15, with consent, matched to Marisol, cleared; both meet online and in person."""
    prog = f.program(is_youth=True)
    both = ("online", "in_person")
    kid = f.mentee(prog, name="Lucía Ramos", email="lucia@example.org", age=15, formats=both)
    f.give_consent(kid)
    mentor = f.mentor(prog, name="Marisol Entwistle", email="marisol@example.org", formats=both)
    f.clear_for_minors(mentor)
    ProgramCoordinator.objects.create(program=prog, user=coordinator)
    matching_run(program=prog, by=coordinator)
    match = match_approve(match=Match.objects.get(), by=coordinator)
    # A Monday afternoon in New York is a Monday evening in London (UTC): the same hours.
    return _on_clocks(match, ("America/New_York", ["mon-afternoon"]), ("UTC", ["mon-evening"]))


def _url(match: Match, rest: str = "") -> str:
    return f"/matching/{match.pk}/meetings/{rest}"


def test_a_side_proposes_on_the_page_and_the_other_accepts_in_one_click(
    client: Client, pair: Match
) -> None:
    client.force_login(pair.mentee)
    page = client.get(_url(pair)).content.decode()
    assert "America/Chicago" in page and "17:00" in page  # the mentee's own clock
    start = shared_hours(pair, timezone.now())[0]
    form = {"starts_at": start.isoformat(), "minutes": "60", "format": "online", "place": ""}
    assert client.post(_url(pair), form).status_code == 302
    meeting = Meeting.objects.get()

    client.force_login(pair.mentor)
    page = client.get(_url(pair)).content.decode()
    assert 'value="accept"' in page and "Asia/Tokyo" in page
    answer = _url(pair, f"{meeting.pk}/answer/")
    assert client.post(answer, {"action": "accept"}).status_code == 302
    assert Meeting.objects.get().status == Meeting.Status.ACCEPTED
    ics = client.get(_url(pair, f"{meeting.pk}/meeting.ics"))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert f"UID:meeting-{meeting.pk}@pay-it-forward" in ics.content.decode()


def test_a_time_nobody_offered_is_refused_with_a_message(client: Client, pair: Match) -> None:
    client.force_login(pair.mentee)
    late = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    form = {"starts_at": late.isoformat(), "minutes": "60", "format": "online"}
    response = client.post(_url(pair), form)
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not Meeting.objects.exists()


def test_strangers_get_a_404_everywhere(
    client: Client, pair: Match, volunteer: User, coordinator: User
) -> None:
    meeting = _agreed(pair)
    urls = [
        _url(pair),
        _url(pair, f"{meeting.pk}/meeting.ics"),
        _url(pair, f"{meeting.pk}/change/"),
    ]
    for person in (volunteer, coordinator):  # an adults' match is private, even to Cora
        client.force_login(person)
        assert all(client.get(url).status_code == 404 for url in urls)
        assert (
            client.post(_url(pair, f"{meeting.pk}/answer/"), {"action": "cancel"}).status_code
            == 404
        )
    client.force_login(pair.mentee)
    assert client.get(f"/matching/{pair.pk}/meetings/999999/meeting.ics").status_code == 404
    assert Meeting.objects.get().status == Meeting.Status.ACCEPTED


def test_the_answer_needs_the_csrf_token(pair: Match) -> None:
    meeting = _propose(pair)
    client = Client(enforce_csrf_checks=True)
    client.force_login(pair.mentor)
    response = client.post(_url(pair, f"{meeting.pk}/answer/"), {"action": "accept"})
    assert response.status_code == 403
    assert Meeting.objects.get().status == Meeting.Status.PROPOSED


def test_the_ics_waits_for_agreement(client: Client, pair: Match) -> None:
    meeting = _propose(pair)
    client.force_login(pair.mentee)
    assert client.get(_url(pair, f"{meeting.pk}/meeting.ics")).status_code == 404


def test_a_counter_proposal_on_the_page(client: Client, pair: Match) -> None:
    meeting = _propose(pair)
    client.force_login(pair.mentor)
    later = shared_hours(pair, timezone.now())[1]
    form = {"starts_at": later.isoformat(), "minutes": "30", "format": "online"}
    assert client.post(_url(pair, f"{meeting.pk}/change/"), form).status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == later and meeting.sequence == 1
    client.force_login(pair.mentee)
    assert 'value="accept"' in client.get(_url(pair)).content.decode()


def test_me_and_the_match_page_show_the_next_meeting_and_ask_if_we_met(
    client: Client, pair: Match
) -> None:
    ahead = _agreed(pair)
    over = _as_if_over(_agreed(pair))
    client.force_login(pair.mentee)
    for page in ("/me/", f"/matching/{pair.pk}/"):
        body = client.get(page).content.decode()
        assert f'id="meeting-{ahead.pk}"' in body and "Next meeting" in body
        assert f'id="meeting-{over.pk}"' in body and 'value="held"' in body
    answer = _url(pair, f"{over.pk}/answer/")
    response = client.post(answer, {"action": "held", "next": "/me/"})
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert Meeting.objects.get(pk=over.pk).outcome == Meeting.Outcome.HELD
    assert 'value="held"' not in client.get("/me/").content.decode()
    # Only a path on this site is followed afterwards.
    response = client.post(answer, {"action": "missed", "next": "https://evil.example/"})
    assert response["Location"] == _url(pair)


def test_summaries_for_many_matches_cost_a_constant_number_of_queries(
    pair: Match, django_assert_num_queries: object
) -> None:
    from matching.relationships.selectors import match_summaries

    _agreed(pair)
    with django_assert_num_queries(3):  # type: ignore[operator]
        summary = match_summaries([pair], pair.mentee, timezone.now())[pair.pk]
    assert summary.next_meeting is not None


# --- A minor's match ------------------------------------------------------------------------------


def test_a_minors_meeting_shows_the_programs_guidance(
    client: Client, minors_match: Match, coordinator: User
) -> None:
    for person in (minors_match.mentee, minors_match.mentor, coordinator):
        client.force_login(person)
        page = client.get(_url(minors_match)).content.decode()
        assert "Meet online or in a public place" in page
    # The coordinator reads, and plans nothing.
    assert 'name="starts_at"' not in page
    assert client.post(_url(minors_match), {"minutes": "60"}).status_code == 404
    Program.objects.filter(pk=minors_match.program_id).update(
        minor_meetings=Program.MinorMeetings.ONLINE
    )
    client.force_login(minors_match.mentor)
    page = client.get(_url(minors_match)).content.decode()
    assert "online only" in page and 'value="in_person"' not in page


def test_in_person_with_a_minor_needs_a_public_place(minors_match: Match) -> None:
    start = shared_hours(minors_match, timezone.now())[0]
    private = Terms(start, 60, "in_person", "My flat, 4B")
    with pytest.raises(Exception, match="must be in a public place"):
        meetings.meeting_propose(match=minors_match, user=minors_match.mentor, terms=private)
    public = Terms(start, 60, "in_person", "Central Library", public_place=True)
    meeting = meetings.meeting_propose(match=minors_match, user=minors_match.mentor, terms=public)
    assert meeting.public_place and meeting.place == "Central Library"
    Program.objects.filter(pk=minors_match.program_id).update(
        minor_meetings=Program.MinorMeetings.ONLINE
    )
    minors_match.program.refresh_from_db()
    with pytest.raises(Exception, match="cannot meet that way"):
        meetings.meeting_propose(match=minors_match, user=minors_match.mentor, terms=public)


@pytest.mark.parametrize(
    "place", ["Text me: +1 555 0100 222", "lucia.r@example.org", "Central Library, insta @lucia.r"]
)
def test_a_minors_meeting_place_cannot_carry_contact_details(
    minors_match: Match, place: str
) -> None:
    # The place reaches the other side's page, emails and calendar file, unmasked.
    start = shared_hours(minors_match, timezone.now())[0]
    for side in (minors_match.mentee, minors_match.mentor):
        terms = Terms(start, 60, "in_person", place, public_place=True)
        with pytest.raises(ValidationError, match="cannot hold a phone number"):
            meetings.meeting_propose(match=minors_match, user=side, terms=terms)
    online = Terms(start, 60, "online", "https://meet.example.org/j/8123456789")
    assert meetings.meeting_propose(match=minors_match, user=minors_match.mentor, terms=online)
    assert not Meeting.objects.filter(place=place).exists()


def test_an_adults_match_gets_no_minor_guidance(client: Client, pair: Match) -> None:
    client.force_login(pair.mentee)
    assert "public place" not in client.get(_url(pair)).content.decode().split("<h2")[0]


def test_the_minors_email_is_in_no_meeting_email_or_calendar(minors_match: Match) -> None:
    from matching.relationships.calendar import meeting_ics
    from mentoring.core.models import OutgoingEmail

    meeting = _agreed(minors_match)
    meetings.meeting_reminders_send(now=meeting.starts_at - timedelta(hours=2))
    to_mentor = OutgoingEmail.objects.filter(to="marisol@example.org")
    assert to_mentor.exists()
    assert all("lucia@" not in e.text_body + e.subject for e in to_mentor)
    assert b"lucia@" not in meeting_ics(meeting)


# --- Export and erasure ---------------------------------------------------------------------------


def test_meetings_are_exported_and_their_places_erased(pair: Match) -> None:
    start = shared_hours(pair, timezone.now())[0]
    Profile.objects.filter(user=pair.mentee).update(formats=["online", "in_person"])
    Profile.objects.filter(user=pair.mentor).update(formats=["online", "in_person"])
    pair.mentee.profile.refresh_from_db(), pair.mentor.profile.refresh_from_db()
    mine = meetings.meeting_propose(
        match=pair, user=pair.mentee, terms=Terms(start, 60, "in_person", "Tomás's office")
    )
    theirs = meetings.meeting_propose(
        match=pair,
        user=pair.mentor,
        terms=Terms(start, 60, "online", "https://meet.example/tomas-ng and Tomás Ng"),
    )
    (row,) = export(pair.mentee)
    assert [(m["place"], m["proposed_by_you"]) for m in row["meetings"]] == [
        ("Tomás's office", True),
        ("https://meet.example/tomas-ng and Tomás Ng", False),
    ]
    erase(pair.mentee)
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert mine.place == "" and "Tomás" not in theirs.place
    # The match closed with the account: its meetings ahead are off.
    assert {mine.status, theirs.status} == {Meeting.Status.CANCELLED}
