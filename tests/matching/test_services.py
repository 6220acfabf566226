"""Matching runs and coordinator decisions, through the services."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.utils import timezone

from matching.models import BlockedPair
from matching.models import Match
from matching.models import MatchEvent
from matching.models import MatchRun
from matching.services import match_approve
from matching.services import match_approve_many
from matching.services import match_reject
from matching.services import matching_run
from mentoring.people.models import Screening
from mentoring.people.models import User
from tests.concurrency import at_once
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


def people(prog, n: int) -> None:
    for i in range(n):
        f.mentee(prog, name=f"Mentee {i}", seeking=(f"Field {i % 4}",))
        f.mentor(prog, name=f"Mentor {i}", offering=(f"Field {i % 4}",), capacity=2)


@pytest.fixture
def proposal(coordinator: User) -> Match:
    """One mentee and one mentor, proposed by a run: where a decision starts from."""
    prog = f.program()
    f.mentee(prog)
    f.mentor(prog)
    matching_run(program=prog, by=coordinator)
    return Match.objects.get()


def test_it_proposes_the_best_pair_with_its_breakdown(coordinator: User) -> None:
    prog = f.program()
    tomas = f.mentee(prog, seeking=("Software engineering", "Data science"))
    marisol = f.mentor(prog, offering=("Software engineering", "Data science"))
    f.mentor(prog, name="Other Mentor", offering=("Nursing",))

    run = matching_run(program=prog, by=coordinator)

    match = Match.objects.get()
    assert (match.mentee, match.mentor, match.status) == (tomas, marisol, Match.Status.PROPOSED)
    assert match.score == pytest.approx(0.5 / 1.0)  # career weight 0.5 of 1.0, J = 1
    assert match.breakdown["shared"]["career"] == ["Data science", "Software engineering"]
    assert run.proposed_count == 1 and run.unmatched_count == 0 and run.run_by == coordinator


@pytest.mark.parametrize("size", [5, 50])
def test_it_loads_everyone_in_a_constant_number_of_queries(
    size: int, coordinator: User, django_assert_max_num_queries
) -> None:
    prog = f.program()
    people(prog, size)
    with django_assert_max_num_queries(27):
        matching_run(program=prog, by=coordinator)
    assert Match.objects.count() == size


def test_a_mentor_not_cleared_for_minors_is_never_proposed_for_a_minor(coordinator: User) -> None:
    prog = f.program()
    minor = f.mentee(prog, age=15)
    f.give_consent(minor)
    uncleared = f.mentor(prog, name="Uncleared Mentor")

    run = matching_run(program=prog, by=coordinator)
    assert not Match.objects.filter(mentor=uncleared).exists()
    assert run.unmatched == {str(minor.pk): "needs a mentor cleared for minors"}

    cleared = f.mentor(prog, name="Cleared Mentor")
    f.clear_for_minors(cleared)
    matching_run(program=prog, by=coordinator)
    assert Match.objects.proposed().get().mentor == cleared


def test_approval_is_refused_if_screening_expired_since_the_run(coordinator: User) -> None:
    prog = f.program()
    minor = f.mentee(prog, age=16)
    f.give_consent(minor)
    mentor = f.mentor(prog)
    f.clear_for_minors(mentor, expires=timezone.localdate() + timedelta(days=5))
    matching_run(program=prog, by=coordinator)
    match = Match.objects.get()

    Screening.objects.filter(mentor=mentor).update(expires=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="screening for minors is not current"):
        match_approve(match=match, by=coordinator)
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED and not MatchEvent.objects.exists()


def test_approval_is_refused_if_guardian_consent_was_withdrawn(coordinator: User) -> None:
    prog = f.program()
    minor = f.mentee(prog, age=16)
    consent = f.give_consent(minor)
    f.clear_for_minors(f.mentor(prog))
    matching_run(program=prog, by=coordinator)
    consent.status = consent.Status.WITHDRAWN
    consent.save()
    with pytest.raises(ValidationError, match="consent"):
        match_approve(match=Match.objects.get(), by=coordinator)


def test_approved_matches_survive_a_rerun_and_keep_capacity(coordinator: User) -> None:
    prog = f.program()
    first = f.mentee(prog, name="First Mentee")
    mentor = f.mentor(prog, capacity=1)
    matching_run(program=prog, by=coordinator)
    approved = match_approve(match=Match.objects.get(), by=coordinator)

    second = f.mentee(prog, name="Second Mentee")
    run = matching_run(program=prog, by=coordinator)

    approved.refresh_from_db()
    assert approved.status == Match.Status.APPROVED and approved.mentee == first
    assert not Match.objects.filter(mentee=second).exists()
    assert run.unmatched[str(second.pk)] == "all compatible mentors are at capacity"
    assert Match.objects.filter(mentor=mentor).count() == 1


def test_a_rerun_withdraws_earlier_proposals_and_audits_it(
    coordinator: User, proposal: Match
) -> None:
    matching_run(program=proposal.program, by=coordinator)

    proposal.refresh_from_db()
    assert proposal.status == Match.Status.WITHDRAWN
    assert Match.objects.proposed().count() == 1
    event = MatchEvent.objects.get(match=proposal)
    assert (event.from_status, event.to_status, event.by) == ("proposed", "withdrawn", coordinator)
    assert MatchRun.objects.count() == 2


def test_a_dry_run_writes_nothing(coordinator: User) -> None:
    prog = f.program()
    f.mentee(prog)
    f.mentor(prog)
    run = matching_run(program=prog, by=coordinator, dry_run=True)
    assert run.proposed_count == 1 and run.pk is None
    assert not Match.objects.exists() and not MatchRun.objects.exists()


def test_blocked_and_rejected_pairs_are_never_proposed_again(coordinator: User) -> None:
    prog = f.program()
    mentee = f.mentee(prog)
    blocked, rejected = f.mentor(prog, name="Blocked"), f.mentor(prog, name="Rejected")
    BlockedPair.objects.create(program=prog, mentee=mentee, mentor=blocked, by=coordinator)
    matching_run(program=prog, by=coordinator)
    match = Match.objects.get()
    assert match.mentor == rejected
    match_reject(match=match, by=coordinator, reason="They already know each other")

    run = matching_run(program=prog, by=coordinator)
    assert run.proposed_count == 0
    match.refresh_from_db()
    assert match.reason == "They already know each other"
    assert MatchEvent.objects.get(match=match).to_status == "rejected"


def test_approval_emails_the_mentee_the_mentor_and_a_minors_guardian(
    coordinator: User, django_capture_on_commit_callbacks
) -> None:
    prog = f.program()
    minor = f.mentee(prog, age=16, email="kid@example.org")
    f.give_consent(minor, email="parent@example.org")
    mentor = f.mentor(prog, email="mentor@example.org")
    f.clear_for_minors(mentor)
    matching_run(program=prog, by=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        match_approve(match=Match.objects.get(), by=coordinator)

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["kid@example.org", "mentor@example.org", "parent@example.org"]
    to_mentee = next(m for m in mail.outbox if m.to == ["kid@example.org"])
    # The mentor did not choose to share an address: the mentee is sent to the conversation.
    assert "Marisol Entwistle" in to_mentee.body and "mentor@example.org" not in to_mentee.body
    to_mentor = next(m for m in mail.outbox if m.to == ["mentor@example.org"])
    assert "kid@example.org" not in to_mentor.body


def test_the_approval_email_links_to_the_match_page_with_the_sites_address(
    coordinator: User, django_capture_on_commit_callbacks, settings
) -> None:
    settings.SITE_URL = "https://mentoring.example.org"
    prog = f.program()
    f.mentee(prog, email="ana@example.org")
    f.mentor(prog)
    matching_run(program=prog, by=coordinator)
    match = Match.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        match_approve(match=match, by=coordinator)
    to_mentee = next(m for m in mail.outbox if m.to == ["ana@example.org"])
    assert f"https://mentoring.example.org/matching/{match.pk}/" in to_mentee.body


def test_it_refuses_a_coordinator_who_is_part_of_the_match(coordinator: User) -> None:
    prog = f.program()
    f.mentee(prog)
    mentor = f.mentor(prog)
    mentor.is_staff = True
    mentor.save()
    matching_run(program=prog, by=coordinator)
    with pytest.raises(ValidationError, match="part of"):
        match_approve(match=Match.objects.get(), by=mentor)
    with pytest.raises(ValidationError, match="part of"):
        match_reject(match=Match.objects.get(), by=mentor, reason="")


def test_approving_twice_is_refused_and_audited_once(
    coordinator: User, proposal: Match, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        match_approve(match=proposal, by=coordinator)
    with pytest.raises(ValidationError, match="already decided"):
        match_approve(match=proposal, by=coordinator)
    assert MatchEvent.objects.count() == 1 and len(mail.outbox) == 2


def two_proposals_for_one_place(coordinator: User) -> None:
    """A run proposes two mentees to a mentor with two places; then she lowers it to one."""
    prog = f.program()
    f.mentee(prog, name="A Mentee")
    f.mentee(prog, name="B Mentee")
    mentor = f.mentor(prog, capacity=2)
    matching_run(program=prog, by=coordinator)
    mentor.mentor_profile.capacity = 1
    mentor.mentor_profile.save()


def test_approval_rechecks_mentor_capacity(coordinator: User) -> None:
    two_proposals_for_one_place(coordinator)

    outcome = match_approve_many(matches=list(Match.objects.order_by("pk")), by=coordinator)
    assert outcome.done == 1
    assert "at capacity (1 of 1" in outcome.refused[0][1]


def test_audit_rows_cannot_be_edited_or_deleted(coordinator: User, proposal: Match) -> None:
    match_approve(match=proposal, by=coordinator)
    event = MatchEvent.objects.get()

    event.note = "rewritten"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        MatchEvent.objects.update(note="rewritten")
    with pytest.raises(PermissionDenied):
        MatchEvent.objects.all().delete()
    assert MatchEvent.objects.get().note == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_approving_the_same_match_at_once_gives_one_approval(
    coordinator: User, proposal: Match
) -> None:
    def approve() -> None:
        match_approve(match=Match.objects.get(pk=proposal.pk), by=coordinator)

    refusals = at_once([approve] * 4)

    assert [type(error) for error in refusals] == [ValidationError] * 3
    assert MatchEvent.objects.count() == 1
    assert len(mail.outbox) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_racing_for_a_mentors_last_place_give_one_approval(
    coordinator: User,
) -> None:
    two_proposals_for_one_place(coordinator)
    ids = list(Match.objects.values_list("pk", flat=True))
    assert len(ids) == 2

    def approve(pk: int) -> None:
        match_approve(match=Match.objects.get(pk=pk), by=coordinator)

    refusals = at_once([partial(approve, pk) for pk in ids])

    assert ["at capacity" in " ".join(error.messages) for error in refusals] == [True]
    assert Match.objects.holding().count() == 1
