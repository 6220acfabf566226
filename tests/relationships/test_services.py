"""Agreement, check-ins, concerns, early fit, quiet spells and closure, against the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from matching.models import Match
from matching.models import MatchEvent
from matching.relationships.models import CheckIn
from matching.relationships.models import Closure
from matching.relationships.models import QuietNotice
from matching.relationships.services import agreements
from matching.relationships.services import checkins
from matching.relationships.services import closures
from matching.relationships.services import kickoff
from matching.relationships.services import quiet
from matching.services import matching_run
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import User
from mentoring.people.selectors import matchable_mentors
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


def _due(match: Match, days_ago: int = 15) -> None:
    # As if approved `days_ago` days ago: the day-14 check-in is due.
    Match.objects.filter(pk=match.pk).update(decided_at=timezone.now() - timedelta(days=days_ago))
    match.refresh_from_db()


def test_the_match_becomes_active_when_both_accept_the_agreement(approved: Match) -> None:
    until = timezone.localdate() + timedelta(days=180)
    agreements.agreement_accept(
        match=approved,
        user=approved.mentee,
        meet_how_often="Every two weeks",
        how="Video",
        until=until,
    )
    approved.refresh_from_db()
    assert approved.status == Match.Status.APPROVED
    agreements.agreement_accept(match=approved, user=approved.mentor)
    approved.refresh_from_db()
    assert approved.status == Match.Status.ACTIVE and approved.activated_at
    assert MatchEvent.objects.filter(match=approved, to_status="active").count() == 1


def test_only_the_two_people_can_accept_the_agreement(approved: Match, volunteer: User) -> None:
    with pytest.raises(ValidationError):
        agreements.agreement_accept(match=approved, user=volunteer, meet_how_often="x", how="y")


def test_due_check_ins_are_created_and_emailed_once_per_side(
    approved: Match, django_capture_on_commit_callbacks
) -> None:
    _due(approved)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert checkins.checkin_create_due() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert checkins.checkin_create_due() == 0
    assert CheckIn.objects.filter(match=approved).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["marisol@example.org", "tomas@example.org"]
    assert all("/matching/checkin/" in m.body for m in mail.outbox)


def test_a_concern_reaches_every_coordinator_of_that_program_and_nobody_else(
    approved: Match, make_user, django_capture_on_commit_callbacks
) -> None:
    ours = [make_user("c1@example.org", is_staff=True), make_user("c2@example.org", is_staff=True)]
    theirs = make_user("other@example.org", is_staff=True)
    other_program = f.program("autumn-2027")
    for user in ours:
        ProgramCoordinator.objects.create(program=approved.program, user=user)
    ProgramCoordinator.objects.create(program=other_program, user=theirs)
    _due(approved)
    checkins.checkin_create_due()
    mail.outbox.clear()
    checkin = CheckIn.objects.get(match=approved, side="mentee")
    with django_capture_on_commit_callbacks(execute=True):
        checkins.checkin_submit(
            checkin=checkin,
            user=approved.mentee,
            met=True,
            rating=2,
            concern=True,
            note_for_coordinator="She keeps cancelling.",
        )
    # One email per coordinator, each in that coordinator's own language.
    assert sorted(m.to[0] for m in mail.outbox) == ["c1@example.org", "c2@example.org"]
    assert all("She keeps cancelling." in m.body for m in mail.outbox)


def test_a_redelivered_concern_alert_sends_nothing_twice(
    approved: Match, django_capture_on_commit_callbacks
) -> None:
    _due(approved)
    checkins.checkin_create_due()
    checkin = CheckIn.objects.get(match=approved, side="mentor")
    with django_capture_on_commit_callbacks(execute=True):
        checkins.checkin_submit(
            checkin=checkin, user=approved.mentor, met=False, rating=1, concern=True
        )
    mail.outbox.clear()
    assert checkins.concern_alert_send(checkin_id=checkin.pk) == 0
    assert not mail.outbox


def test_the_kick_off_email_goes_once_with_why_expectations_and_the_agreement_link(
    approved: Match, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert kickoff.kickoff_send_due() == 2  # one email to each side
    with django_capture_on_commit_callbacks(execute=True):
        assert kickoff.kickoff_send_due() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["marisol@example.org", "tomas@example.org"]
    for message in mail.outbox:
        assert f"/matching/{approved.pk}/agreement/" in message.body
        assert "Software engineering" in message.body and "check-ins" in message.body


def test_not_a_good_fit_from_either_side_flags_the_match(approved: Match) -> None:
    _due(approved)
    checkins.checkin_create_due()
    checkin = CheckIn.objects.get(match=approved, side="mentor")
    checkins.checkin_submit(
        checkin=checkin, user=approved.mentor, met=True, rating=3, good_fit=False
    )
    approved.refresh_from_db()
    assert approved.flagged_at is not None


def test_someone_else_cannot_submit_a_check_in(approved: Match) -> None:
    _due(approved)
    checkins.checkin_create_due()
    checkin = CheckIn.objects.get(match=approved, side="mentor")
    with pytest.raises(ValidationError):
        checkins.checkin_submit(checkin=checkin, user=approved.mentee, met=True, rating=3)


def _quiet(user: User, days: int) -> None:
    User.objects.filter(pk=user.pk).update(last_login=timezone.now() - timedelta(days=days))


def test_a_quiet_side_is_nudged_once_and_a_very_quiet_mentor_is_paused(
    approved: Match, django_capture_on_commit_callbacks
) -> None:
    _due(approved, days_ago=40)
    _quiet(approved.mentee, 22)
    _quiet(approved.mentor, 36)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        quiet.quiet_scan()
    with django_capture_on_commit_callbacks(execute=True):
        quiet.quiet_scan()
    kinds = sorted(QuietNotice.objects.values_list("side", "kind"))
    assert kinds == [("mentee", "nudge"), ("mentor", "alert"), ("mentor", "nudge")]
    assert len(mail.outbox) == 3
    assert MentorProfile.objects.get(user=approved.mentor).paused_at is not None


def test_a_paused_mentor_is_left_out_of_matching_until_they_come_back(
    approved: Match, coordinator: User
) -> None:
    prog = approved.program
    f.mentee(prog, name="Ana Lima", email="ana@example.org")
    _due(approved, days_ago=40)
    _quiet(approved.mentee, 1)
    _quiet(approved.mentor, 36)
    quiet.quiet_scan()  # Marisol is paused, and her match keeps her capacity
    MentorProfile.objects.filter(user=approved.mentor).update(capacity=2)
    assert approved.mentor not in matchable_mentors(prog)
    run = matching_run(program=prog, by=coordinator)
    assert not Match.objects.filter(run=run, mentor=approved.mentor).exists()
    # Marisol logs in again; the hourly job sees it and lifts the pause.
    User.objects.filter(pk=approved.mentor.pk).update(last_login=timezone.now())
    quiet.quiet_scan()
    assert approved.mentor in matchable_mentors(prog)
    run = matching_run(program=prog, by=coordinator)
    assert Match.objects.filter(run=run, mentor=approved.mentor).exists()


def test_a_closure_records_who_when_why_and_the_exit_survey(
    approved: Match, coordinator: User, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        closure = closures.match_close(
            match=approved, by=coordinator, kind="early", reason="not_a_fit", rematch_eligible=True
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["marisol@example.org", "tomas@example.org"]
    assert all(f"/matching/{approved.pk}/exit-survey/" in m.body for m in mail.outbox)
    closures.exit_survey_submit(
        match=approved, user=approved.mentee, answers={"what_worked": "Talks"}
    )
    closure = Closure.objects.get(pk=closure.pk)
    assert closure.by == coordinator and closure.at and closure.reason == "not_a_fit"
    assert closure.exit_survey["mentee"]["what_worked"] == "Talks"
    assert MatchEvent.objects.filter(match=approved, to_status="closed").exists()


def test_after_closure_the_mentor_cannot_reach_the_mentees_details(
    client: Client, approved: Match, coordinator: User
) -> None:
    # Tomás chose to share his email: the mentor sees it while the match holds, and only then.
    Profile.objects.filter(user=approved.mentee).update(share_contact=True)
    client.force_login(approved.mentor)
    assert "tomas@example.org" in client.get(f"/matching/{approved.pk}/").content.decode()
    closures.match_close(match=approved, by=coordinator, kind="planned", reason="completed")
    assert client.get(f"/matching/{approved.pk}/").status_code == 404
    assert "tomas@example.org" not in client.get("/me/").content.decode()
