"""Issue #15, meetings: the email saying a meeting is agreed carries its invitation, the one
saying it is off carries the cancellation, as a mail program's "add to calendar" expects."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from matching.models import Match
from matching.relationships.services import meetings
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import User
from tests.relationships.test_meetings import _agreed  # noqa: F401 (fixture)
from tests.relationships.test_meetings import _propose  # noqa: F401 (fixture)
from tests.relationships.test_meetings import pair  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _calendar_parts(to: str, subject_ends: str) -> list[tuple[str | None, Calendar, object]]:
    """The calendar parts of the queued email to `to` whose subject ends so, as it will be sent."""
    queued = OutgoingEmail.objects.get(to=to, subject__endswith=subject_ends)
    sent = queued.as_message().message()
    parts = [p for p in sent.walk() if p.get_content_type() == "text/calendar"]
    return [
        (p.get_filename(), Calendar.from_ical(p.get_payload(decode=True)), p.get_param("method"))
        for p in parts
    ]


def test_the_agreed_email_carries_the_invitation(pair: Match) -> None:  # noqa: F811
    meeting = _agreed(pair)
    [(filename, calendar, method)] = _calendar_parts("tomas@example.org", "agreed to your meeting")
    assert filename == f"meeting-{meeting.pk}.ics"
    assert method == calendar["METHOD"] == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == meeting.uid and str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent.decoded("DTSTART") == meeting.starts_at
    # Asking is not agreeing: the proposal reaches the other side with no calendar entry.
    assert _calendar_parts("marisol@example.org", "proposed a meeting") == []


def test_the_cancel_email_carries_the_cancellation_with_the_same_uid(pair: Match) -> None:  # noqa: F811
    meeting = _agreed(pair)
    meetings.meeting_cancel(meeting=meeting, user=pair.mentor)
    [(_name, calendar, method)] = _calendar_parts("tomas@example.org", "cancelled your meeting")
    assert method == calendar["METHOD"] == "CANCEL"
    (vevent,) = calendar.walk("VEVENT")
    assert (str(vevent["UID"]), int(vevent["SEQUENCE"])) == (meeting.uid, 1)
    assert str(vevent["STATUS"]) == "CANCELLED"


def test_a_proposal_declined_before_any_agreement_sends_no_calendar(pair: Match) -> None:  # noqa: F811
    meeting = _propose(pair)
    meetings.meeting_decline(meeting=meeting, user=pair.mentor)
    assert _calendar_parts("tomas@example.org", "declined the meeting you proposed") == []


def test_the_calendar_entry_is_titled_in_the_readers_language(pair: Match) -> None:  # noqa: F811
    User.objects.filter(pk=pair.mentee_id).update(language="es")
    pair.mentee.refresh_from_db()
    _agreed(pair)
    row = OutgoingEmail.objects.get(to="tomas@example.org", subject__contains="aceptó")
    [(_name, content, _type)] = row.attachments
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Mentoría: Tomás Ng y Marisol Entwistle"


def test_closing_the_match_sends_the_cancellation_of_its_agreed_meeting(
    pair: Match,  # noqa: F811
    coordinator: User,
) -> None:
    from matching.relationships.models import Closure
    from matching.relationships.services.closures import match_close

    agreed = _agreed(pair)
    match_close(
        match=pair, by=coordinator, kind=Closure.Kind.values[0], reason=Closure.Reason.values[0]
    )
    for person in ("tomas@example.org", "marisol@example.org"):
        closed = OutgoingEmail.objects.get(to=person, kind="relationships.closed")
        [(_name, calendar, method)] = _calendar_parts(person, closed.subject[-20:])
        (vevent,) = calendar.walk("VEVENT")
        assert method == "CANCEL" and str(vevent["UID"]) == agreed.uid
        assert int(vevent["SEQUENCE"]) == 1 and str(vevent["STATUS"]) == "CANCELLED"
