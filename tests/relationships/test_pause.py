"""Pausing and resuming a match (#14): the services, their audit rows, and the reminder jobs
that leave a paused match alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from matching.models import Match
from matching.models import MatchEvent
from matching.relationships.models import CheckIn
from matching.relationships.models import QuietNotice
from matching.relationships.services import checkins
from matching.relationships.services import closures
from matching.relationships.services import quiet
from matching.services import match_pause
from matching.services import match_resume
from mentoring.people.models import MentorProfile
from mentoring.people.models import User

pytestmark = pytest.mark.django_db


def _approved_days_ago(match: Match, days: int) -> None:
    Match.objects.filter(pk=match.pk).update(decided_at=timezone.now() - timedelta(days=days))
    match.refresh_from_db()


def _quiet_for(match: Match, days: int) -> None:
    gone = timezone.now() - timedelta(days=days)
    User.objects.filter(pk__in=[match.mentee_id, match.mentor_id]).update(last_login=gone)


def test_pausing_keeps_the_match_and_writes_who_and_why_in_the_trail(
    approved: Match, coordinator: User
) -> None:
    paused = match_pause(match=approved, by=coordinator, note="Summer break")
    assert paused.status == Match.Status.APPROVED and paused.is_paused
    event = MatchEvent.objects.filter(match=approved).last()
    assert event is not None
    assert (event.by, event.from_status, event.to_status) == (coordinator, "approved", "approved")
    assert event.note == "Paused: Summer break"
    # Still the mentee's match: it holds them and the mentor's capacity.
    assert Match.objects.holding().filter(pk=approved.pk).exists()
    assert not Match.objects.running().filter(pk=approved.pk).exists()


def test_resuming_restarts_the_clock_and_is_audited(approved: Match, coordinator: User) -> None:
    match_pause(match=approved, by=coordinator)
    resumed = match_resume(match=approved, by=coordinator)
    assert not resumed.is_paused and resumed.resumed_at is not None
    notes = list(MatchEvent.objects.filter(match=approved).values_list("note", flat=True))
    assert notes[-2:] == ["Paused", "Resumed"]


def test_a_match_cannot_be_paused_twice_or_resumed_when_running(
    approved: Match, coordinator: User
) -> None:
    with pytest.raises(ValidationError, match="not paused"):
        match_resume(match=approved, by=coordinator)
    match_pause(match=approved, by=coordinator)
    with pytest.raises(ValidationError, match="already paused"):
        match_pause(match=approved, by=coordinator)
    assert MatchEvent.objects.filter(match=approved, note="Paused").count() == 1


def test_only_a_running_match_is_paused(approved: Match, coordinator: User) -> None:
    proposal = Match.objects.create(
        program=approved.program, mentee=approved.mentee, mentor=approved.mentor
    )
    with pytest.raises(ValidationError, match="approved or active"):
        match_pause(match=proposal, by=coordinator)
    closures.match_close(match=approved, by=coordinator, kind="early", reason="moved")
    with pytest.raises(ValidationError, match="approved or active"):
        match_pause(match=approved, by=coordinator)


def test_nobody_pauses_a_match_they_are_part_of(approved: Match) -> None:
    with pytest.raises(ValidationError, match="part of"):
        match_pause(match=approved, by=approved.mentor)
    assert not Match.objects.get(pk=approved.pk).is_paused


def test_a_pause_note_longer_than_the_limit_is_refused(approved: Match, coordinator: User) -> None:
    with pytest.raises(ValidationError, match="under 1000"):
        match_pause(match=approved, by=coordinator, note="x" * 1001)


def test_a_paused_match_can_be_closed(approved: Match, coordinator: User) -> None:
    match_pause(match=approved, by=coordinator)
    closures.match_close(match=approved, by=coordinator, kind="early", reason="moved")
    closed = Match.objects.get(pk=approved.pk)
    assert closed.status == Match.Status.CLOSED and not closed.is_paused


def test_a_paused_match_gets_no_check_in(approved: Match, coordinator: User) -> None:
    _approved_days_ago(approved, 15)  # the day-14 check-in is due
    match_pause(match=approved, by=coordinator)
    assert checkins.checkin_create_due() == 0
    assert not CheckIn.objects.filter(match=approved).exists()


def test_after_a_pause_the_check_ins_due_during_it_are_skipped(
    approved: Match, coordinator: User
) -> None:
    _approved_days_ago(approved, 20)
    match_pause(match=approved, by=coordinator)
    match_resume(match=approved, by=coordinator)
    # Day 14 fell in the pause: nothing is sent for it; day 28 comes as usual.
    assert checkins.checkin_create_due() == 0
    in_eight_days = timezone.localdate() + timedelta(days=8)
    assert checkins.checkin_create_due(today=in_eight_days) == 2
    assert set(CheckIn.objects.values_list("due_on", flat=True)) == {in_eight_days}


def test_a_paused_match_is_never_called_quiet(approved: Match, coordinator: User) -> None:
    _approved_days_ago(approved, 40)
    _quiet_for(approved, 36)
    match_pause(match=approved, by=coordinator)
    assert quiet.quiet_scan() == 0
    assert not QuietNotice.objects.exists()
    assert MentorProfile.objects.get(user=approved.mentor).paused_at is None


def test_a_resumed_match_starts_a_new_quiet_spell(approved: Match, coordinator: User) -> None:
    _approved_days_ago(approved, 40)
    _quiet_for(approved, 36)
    match_pause(match=approved, by=coordinator)
    match_resume(match=approved, by=coordinator)
    assert quiet.quiet_scan() == 0  # the resumption is the last sign of life
    later = timezone.now() + timedelta(days=22)
    assert quiet.quiet_scan(now=later) == 2  # 21 days on, both sides are nudged
    assert set(QuietNotice.objects.values_list("kind", flat=True)) == {"nudge"}
