"""Demo relationships: some active matches with check-in history, one open concern, one quiet.

Idempotent: once a demo match has an agreement, seeding again leaves relationships alone.
Written directly rather than through match_approve so seeding sends no emails, and without
audit rows: MatchEvent protects its match, and the demo reseed must be able to delete its people.
"""

from __future__ import annotations

import random
from datetime import datetime
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.models import MatchAgreement
from matching.relationships.models import Side
from matching.relationships.services.checkins import checkin_due_dates
from mentoring.people.demo import DEMO_PROGRAM_SLUG
from mentoring.people.models import Program
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import User

DEMO_COORDINATOR = "coordinator@example.org"
PROGRESS = ["Updated the CV together.", "Practised an interview.", "Picked a first project."]


def seed_relationships(rng: random.Random) -> list[str]:
    program = Program.objects.filter(slug=DEMO_PROGRAM_SLUG).first()
    if program is None or MatchAgreement.objects.filter(match__program=program).exists():
        return []
    coordinator = User.objects.filter(email=DEMO_COORDINATOR).first()
    proposals = list(Match.objects.filter(program=program).proposed().order_by("-score")[:4])
    if not proposals:
        return []
    now = timezone.now()
    with transaction.atomic():
        if coordinator is not None:
            ProgramCoordinator.objects.get_or_create(program=program, user=coordinator)
        for index, match in enumerate(proposals):
            quiet = index == len(proposals) - 1 and len(proposals) > 1
            approved = now - timedelta(days=70 if quiet else 45)
            _approve(match, coordinator, approved)
            if quiet:
                # Nobody has logged in for 40 days: the hourly job nudges and alerts.
                User.objects.filter(pk__in=[match.mentee_id, match.mentor_id]).update(
                    last_login=now - timedelta(days=40)
                )
                continue
            _activate(match, rng, approved)
            _history(match, rng, concern=index == 1)
    return [
        f"Relationships for {program.name}: {len(proposals)} matches approved, "
        "check-in history, one open concern, one quiet; see Matching › Check-ins › health/."
    ]


def _approve(match: Match, by: User | None, when: datetime) -> None:
    match.status, match.decided_by, match.decided_at = Match.Status.APPROVED, by, when
    match.save(update_fields=["status", "decided_by", "decided_at"])


def _activate(match: Match, rng: random.Random, approved: datetime) -> None:
    accepted = approved + timedelta(days=2)
    MatchAgreement.objects.create(
        match=match,
        meet_how_often=rng.choice(["Every two weeks", "Weekly"]),
        how=rng.choice(["Video call", "Coffee near campus"]),
        until=timezone.localdate() + timedelta(days=200),
        mentee_accepted_at=accepted,
        mentor_accepted_at=accepted,
    )
    match.status, match.activated_at = Match.Status.ACTIVE, accepted
    match.save(update_fields=["status", "activated_at"])


def _history(match: Match, rng: random.Random, *, concern: bool) -> None:
    today = timezone.localdate()
    approved_on = timezone.localdate(match.decided_at)
    for due in checkin_due_dates(approved_on, today):
        for side in Side.values:
            at = timezone.now() - timedelta(days=(today - due).days)
            CheckIn.objects.create(
                match=match,
                side=side,
                due_on=due,
                sent_at=at,
                submitted_at=at + timedelta(hours=5),
                met=True,
                rating=rng.randint(3, 5),
                progress=rng.choice(PROGRESS),
                good_fit=True,
            )
    if concern:  # the open concern: the latest mentee check-in
        latest = match.checkins.filter(side=Side.MENTEE).order_by("-due_on").first()
        if latest is not None:
            latest.concern, latest.rating = True, 2
            latest.note_for_coordinator = "My mentor has cancelled twice."
            latest.save(update_fields=["concern", "rating", "note_for_coordinator"])
