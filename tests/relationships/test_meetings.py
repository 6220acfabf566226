"""Issue #15, meetings: proposed from the hours both share, answered, in calendars, reminded."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from matching.models import Match
from matching.relationships.availability import MEETING_NOTICE
from matching.relationships.availability import shared_hours
from matching.relationships.calendar import meeting_ics
from matching.relationships.forms import hour_choices
from matching.relationships.models import CheckIn
from matching.relationships.models import Closure
from matching.relationships.models import Meeting
from matching.relationships.models import Side
from matching.relationships.services import checkins
from matching.relationships.services import closures
from matching.relationships.services import meetings
from matching.relationships.services import quiet
from matching.relationships.services.meetings import Terms
from mentoring.core.dates import zone
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import Profile
from mentoring.people.models import User

pytestmark = pytest.mark.django_db


def _on_clocks(match: Match, mentee: tuple[str, list[str]], mentor: tuple[str, list[str]]) -> Match:
    # After approval each person keeps their slots on their own clock (issue #18).
    for user, (tz_name, slots) in ((match.mentee, mentee), (match.mentor, mentor)):
        User.objects.filter(pk=user.pk).update(timezone=tz_name)
        Profile.objects.filter(user=user).update(availability=slots)
    return Match.objects.select_related(
        "program", "mentee__profile", "mentee__mentee_profile", "mentor__profile"
    ).get(pk=match.pk)


@pytest.fixture
def pair(approved: Match) -> Match:
    """Tomás in Chicago free on Monday evenings; Marisol in Tokyo free on Tuesday mornings:
    on the clock of the world these are the same hours (Monday 23:00 UTC onwards)."""
    return _on_clocks(
        approved, ("America/Chicago", ["mon-evening"]), ("Asia/Tokyo", ["tue-morning"])
    )


def _first_hour(match: Match) -> datetime:
    return shared_hours(match, timezone.now())[0]


def _propose(match: Match, by: User | None = None, start: datetime | None = None) -> Meeting:
    return meetings.meeting_propose(
        match=match,
        user=by or match.mentee,
        terms=Terms(starts_at=start or _first_hour(match), minutes=60, format="online"),
    )


def _agreed(match: Match) -> Meeting:
    return meetings.meeting_accept(meeting=_propose(match), user=match.mentor)


def _as_if_over(meeting: Meeting, days_ago: int = 1) -> Meeting:
    # The clock moves on: the meeting now lies in the past.
    start = timezone.now() - timedelta(days=days_ago)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=1)
    )
    meeting.refresh_from_db()
    return meeting


def _kinds(kind: str = "relationships.meeting") -> list[tuple[str, str]]:
    return list(OutgoingEmail.objects.filter(kind=kind).order_by("pk").values_list("to", "subject"))


# --- The hours both share -------------------------------------------------------------------------


def test_it_offers_only_the_hours_both_share_each_on_their_own_clock(pair: Match) -> None:
    hours = shared_hours(pair, timezone.now())
    assert hours and all(h > timezone.now() + MEETING_NOTICE for h in hours)
    chicago, tokyo = zone("America/Chicago"), zone("Asia/Tokyo")
    for hour in hours:
        here, there = hour.astimezone(chicago), hour.astimezone(tokyo)
        assert here.strftime("%a") == "Mon" and 17 <= here.hour < 21
        assert there.strftime("%a") == "Tue" and 8 <= there.hour < 12
    # Three weeks ahead: every week's Monday evening in Chicago is there.
    assert len({h.astimezone(chicago).date() for h in hours}) >= 2


def test_people_with_no_hour_in_common_are_offered_none(approved: Match) -> None:
    apart = _on_clocks(
        approved, ("America/Chicago", ["mon-morning"]), ("Europe/Berlin", ["mon-morning"])
    )
    assert shared_hours(apart, timezone.now()) == []


def test_each_viewer_reads_the_same_hours_on_their_own_clock(pair: Match) -> None:
    hours = shared_hours(pair, timezone.now())[:4]
    (mentee_day, mentee_hours), *_ = hour_choices(hours, "America/Chicago")
    (mentor_day, mentor_hours), *_ = hour_choices(hours, "Asia/Tokyo")
    assert mentee_day.startswith("Monday") and mentor_day.startswith("Tuesday")
    assert [value for value, _ in mentee_hours] == [value for value, _ in mentor_hours]
    assert {label for _, label in mentee_hours} <= {"17:00", "18:00", "19:00", "20:00"}
    assert {label for _, label in mentor_hours} <= {"08:00", "09:00", "10:00", "11:00"}


def test_a_time_outside_the_shared_hours_is_refused(pair: Match) -> None:
    hours = shared_hours(pair, timezone.now())
    last = next(h for h in hours if h + timedelta(hours=1) not in hours)  # an evening's last
    with pytest.raises(ValidationError, match="both available"):
        _propose(pair, start=last + timedelta(hours=5))
    with pytest.raises(ValidationError, match="all the way to the end"):
        meetings.meeting_propose(
            match=pair, user=pair.mentee, terms=Terms(starts_at=last, minutes=90, format="online")
        )
    assert not Meeting.objects.exists()


def test_only_the_two_people_plan_and_only_in_ways_both_meet(pair: Match, volunteer: User) -> None:
    with pytest.raises(ValidationError, match="two people"):
        _propose(pair, by=volunteer)
    with pytest.raises(ValidationError, match="cannot meet that way"):
        meetings.meeting_propose(
            match=pair,
            user=pair.mentee,
            terms=Terms(_first_hour(pair), 60, "in_person", "Library", public_place=True),
        )


# --- Propose, accept, counter, decline, cancel ----------------------------------------------------


def test_the_other_side_accepts_and_each_step_is_told_once(pair: Match) -> None:
    meeting = _propose(pair)
    assert meeting.status == Meeting.Status.PROPOSED and meeting.proposed_by == Side.MENTEE
    with pytest.raises(ValidationError, match="not waiting for your answer"):
        meetings.meeting_accept(meeting=meeting, user=pair.mentee)  # not their own
    meetings.meeting_accept(meeting=meeting, user=pair.mentor)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ACCEPTED and meeting.accepted_at is not None
    assert _kinds() == [
        ("marisol@example.org", "[Pay It Forward] Tomás Ng proposed a meeting"),
        ("tomas@example.org", "[Pay It Forward] Marisol Entwistle agreed to your meeting"),
    ]
    with pytest.raises(ValidationError):
        meetings.meeting_accept(meeting=meeting, user=pair.mentor)  # answered already


def test_a_counter_proposal_moves_the_same_meeting_and_asks_the_first_side(pair: Match) -> None:
    meeting = _propose(pair)
    later = shared_hours(pair, timezone.now())[1]
    moved = meetings.meeting_counter(
        meeting=meeting, user=pair.mentor, terms=Terms(later, 30, "online", "https://meet.example")
    )
    assert (moved.pk, moved.starts_at, moved.proposed_by) == (meeting.pk, later, Side.MENTOR)
    assert moved.ends_at == later + timedelta(minutes=30) and moved.place == "https://meet.example"
    assert Meeting.objects.count() == 1 and moved.sequence == 1
    assert moved.awaits(Side.MENTEE) and not moved.awaits(Side.MENTOR)
    meetings.meeting_accept(meeting=moved, user=pair.mentee)
    assert Meeting.objects.get().status == Meeting.Status.ACCEPTED
    assert (
        "tomas@example.org",
        "[Pay It Forward] Marisol Entwistle suggested another time for your meeting",
    ) in _kinds()


def test_the_side_asked_may_decline_and_the_proposer_is_told(pair: Match) -> None:
    meeting = _propose(pair)
    with pytest.raises(ValidationError):
        meetings.meeting_decline(meeting=meeting, user=pair.mentee)
    meetings.meeting_decline(meeting=meeting, user=pair.mentor)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DECLINED and not meeting.offers_calendar
    assert _kinds()[-1][1].endswith("declined the meeting you proposed")


def test_either_side_cancels_an_agreed_meeting(pair: Match) -> None:
    meeting = _agreed(pair)
    meetings.meeting_cancel(meeting=meeting, user=pair.mentee)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED and meeting.offers_calendar
    assert _kinds()[-1] == (
        "marisol@example.org",
        "[Pay It Forward] Tomás Ng cancelled your meeting",
    )
    with pytest.raises(ValidationError, match="no longer be cancelled"):
        meetings.meeting_cancel(meeting=meeting, user=pair.mentor)


def test_closing_the_match_cancels_its_meetings_ahead(pair: Match, coordinator: User) -> None:
    meeting = _agreed(pair)
    closures.match_close(
        match=pair, by=coordinator, kind=Closure.Kind.EARLY, reason=Closure.Reason.MOVED
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED and meeting.sequence == 1


# --- The calendar file ----------------------------------------------------------------------------


def _vevent(meeting: Meeting) -> tuple[str, dict[str, object]]:
    meeting.refresh_from_db()
    calendar = Calendar.from_ical(meeting_ics(meeting))
    (vevent,) = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), {
        "uid": str(vevent["UID"]),
        "sequence": int(vevent["SEQUENCE"]),
        "status": str(vevent["STATUS"]),
        "start": vevent.decoded("DTSTART"),
    }


def test_the_ics_keeps_its_uid_and_counts_each_change(pair: Match) -> None:
    meeting = _agreed(pair)
    method, first = _vevent(meeting)
    assert method == "REQUEST" and first["status"] == "CONFIRMED" and first["sequence"] == 0
    assert first["start"] == meeting.starts_at

    later = shared_hours(pair, timezone.now())[2]
    meetings.meeting_counter(meeting=meeting, user=pair.mentee, terms=Terms(later, 60, "online"))
    meeting.refresh_from_db()
    assert not meeting.offers_calendar  # the new time is not agreed yet
    meetings.meeting_accept(meeting=meeting, user=pair.mentor)
    method, moved = _vevent(meeting)
    assert moved["uid"] == first["uid"] and moved["sequence"] == 1 and moved["start"] == later

    meetings.meeting_cancel(meeting=meeting, user=pair.mentor)
    method, gone = _vevent(meeting)
    assert method == "CANCEL" and gone["status"] == "CANCELLED"
    assert gone["uid"] == first["uid"] and gone["sequence"] == 2


# --- The reminder the day before ------------------------------------------------------------------


def test_the_reminder_goes_out_once_the_day_before_through_the_outbox(pair: Match) -> None:
    meeting = _agreed(pair)
    assert meetings.meeting_reminders_send(now=meeting.starts_at - timedelta(hours=30)) == 0
    day_before = meeting.starts_at - timedelta(hours=20)
    assert meetings.meeting_reminders_send(now=day_before) == 2
    assert meetings.meeting_reminders_send(now=day_before + timedelta(minutes=15)) == 0
    out = StringIO()
    call_command("send_meeting_reminders", stdout=out)
    assert out.getvalue().startswith("0 reminder email(s)")
    reminders = [s for _, s in _kinds() if "tomorrow" in s]
    assert sorted(reminders) == [
        "[Pay It Forward] Your meeting with Marisol Entwistle is tomorrow",
        "[Pay It Forward] Your meeting with Tomás Ng is tomorrow",
    ]
    # Each reader gets the time on their own clock.
    to_tomas = OutgoingEmail.objects.get(to="tomas@example.org", subject__contains="tomorrow")
    assert "America/Chicago" in to_tomas.text_body


def test_a_meeting_moved_to_a_new_time_is_reminded_again(pair: Match) -> None:
    meeting = _agreed(pair)
    meetings.meeting_reminders_send(now=meeting.starts_at - timedelta(hours=1))
    later = shared_hours(pair, timezone.now())[-1]
    meetings.meeting_counter(meeting=meeting, user=pair.mentor, terms=Terms(later, 60, "online"))
    meetings.meeting_accept(meeting=meeting, user=pair.mentee)
    assert meetings.meeting_reminders_send(now=later - timedelta(hours=2)) == 2


def test_the_reminder_is_on_the_beat_schedule(settings: object) -> None:
    tasks = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]  # type: ignore[attr-defined]
    assert "matching.relationships.tasks.send_meeting_reminders" in tasks


# --- We met / we didn't ---------------------------------------------------------------------------


def test_a_held_meeting_counts_as_contact_for_quiet_detection(pair: Match) -> None:
    User.objects.filter(pk__in=[pair.mentee_id, pair.mentor_id]).update(last_login=None)
    Match.objects.filter(pk=pair.pk).update(
        decided_at=timezone.now() - timedelta(days=60), activated_at=None
    )
    pair.refresh_from_db()
    quiet_before = quiet.last_activity(pair, Side.MENTEE)
    meeting = _as_if_over(_agreed(pair), days_ago=2)
    assert quiet.last_activity(pair, Side.MENTEE) == quiet_before  # not said yet
    meetings.meeting_outcome(meeting=meeting, user=pair.mentor, held=True)
    for side in Side.values:
        assert quiet.last_activity(pair, side) == meeting.ends_at
    assert quiet.quiet_scan() == 0  # two days since they met: nobody is nudged


def test_the_outcome_is_said_only_after_an_agreed_meeting_started(pair: Match) -> None:
    meeting = _agreed(pair)
    with pytest.raises(ValidationError, match="once an agreed meeting has started"):
        meetings.meeting_outcome(meeting=meeting, user=pair.mentee, held=True)


def test_the_checkin_starts_from_the_meetings_marked_since_the_last(pair: Match) -> None:
    due = timezone.localdate()
    checkin = CheckIn.objects.create(match=pair, side=Side.MENTEE, due_on=due)
    assert checkins.met_since_last(checkin) is None
    missed = _as_if_over(_agreed(pair), days_ago=3)
    meetings.meeting_outcome(meeting=missed, user=pair.mentee, held=False)
    assert checkins.met_since_last(checkin) is False
    held = _as_if_over(_agreed(pair), days_ago=2)
    meetings.meeting_outcome(meeting=held, user=pair.mentor, held=True)
    assert checkins.met_since_last(checkin) is True
    # A meeting before the previous check-in belongs to that one.
    CheckIn.objects.create(match=pair, side=Side.MENTEE, due_on=due - timedelta(days=1))
    assert checkins.met_since_last(checkin) is None
