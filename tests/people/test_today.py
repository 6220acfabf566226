"""The admin index's "Today": each count equals the length of the filtered list it links to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.models import QuietNotice
from mentoring.campaign.today import TodoLine
from mentoring.campaign.today import coordinator_today
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import Enrollment
from mentoring.people.models import Program
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import User
from tests.factories import EventFactory
from tests.factories import GuardianConsentFactory
from tests.factories import ProgramFactory
from tests.factories import ScreeningFactory
from tests.factories import UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def programs(db: None) -> tuple[Program, Program]:
    # Ours, and another program whose work must never show up in our counts.
    return ProgramFactory.create(name="Ours", slug="ours"), ProgramFactory.create(
        name="Theirs", slug="theirs"
    )


@pytest.fixture
def cora(make_user: Callable[..., User], programs: tuple[Program, Program]) -> User:
    # Cora as she really works: Coordinators group, coordinator of "Ours" only.
    user = make_user("cora.today@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Coordinators"))
    ProgramCoordinator.objects.create(program=programs[0], user=user)
    return user


def line(user: User, label: str) -> TodoLine:
    programs, failed = coordinator_today(user)
    lines = [*programs[0].lines, *([failed] if failed else [])]
    [found] = [item for item in lines if str(item.label) == label]
    return found


def listed(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


def person(role: str, program: Program) -> User:
    user = UserFactory.create()
    Enrollment.objects.create(user=user, program=program, role=role)
    return user


def match(program: Program, status: str = Match.Status.ACTIVE) -> Match:
    return Match.objects.create(
        program=program,
        mentee=person("mentee", program),
        mentor=person("mentor", program),
        status=status,
    )


def check(client: Client, cora: User, label: str, expected: int) -> None:
    client.force_login(cora)
    found = line(cora, label)
    assert found.count == expected
    assert listed(client, found.url) == expected


# What each line counts: rows in our program that it must count, and some that it must not
# (another state, another date, or the other program). One builder per line of "Today".


def proposals_waiting(ours: Program, theirs: Program) -> None:
    match(ours, Match.Status.PROPOSED), match(ours, Match.Status.PROPOSED)
    match(ours, Match.Status.ACTIVE), match(theirs, Match.Status.PROPOSED)


def open_concerns(ours: Program, theirs: Program) -> None:
    for program in (ours, ours, theirs):
        CheckIn.objects.create(match=match(program), side="mentee", due_on=TODAY, concern=True)
    closed = match(ours, Match.Status.CLOSED)
    CheckIn.objects.create(match=closed, side="mentee", due_on=TODAY, concern=True)


def quiet_matches(ours: Program, theirs: Program) -> None:
    since = timezone.now() - timedelta(days=40)
    for program, kind in ((ours, "alert"), (ours, "nudge"), (theirs, "alert")):
        notice = {"side": "mentor", "kind": kind, "quiet_since": since}
        QuietNotice.objects.create(match=match(program), **notice)


def checkins_overdue(ours: Program, theirs: Program) -> None:
    late = TODAY - timedelta(days=3)
    CheckIn.objects.create(match=match(ours), side="mentee", due_on=late)
    CheckIn.objects.create(match=match(ours), side="mentor", due_on=TODAY + timedelta(days=1))
    CheckIn.objects.create(
        match=match(ours), side="mentor", due_on=late, submitted_at=timezone.now()
    )
    CheckIn.objects.create(match=match(theirs), side="mentee", due_on=late)


def screenings_expiring(ours: Program, theirs: Program) -> None:
    for program, days in ((ours, 10), (ours, 29), (ours, 90), (theirs, 10)):
        mentor = person("mentor", program)  # ScreeningFactory: a cleared background check
        ScreeningFactory.create(mentor=mentor, expires=TODAY + timedelta(days=days))


def guardian_consents_pending(ours: Program, theirs: Program) -> None:
    for program, status in ((ours, "requested"), (ours, "given"), (theirs, "requested")):
        mentee = person("mentee", program)
        GuardianConsentFactory.create(mentee=mentee, status=status, decided_at=None)


def events_this_week_with_a_waitlist(ours: Program, theirs: Program) -> None:
    soon = timezone.now() + timedelta(days=2)
    later = timezone.now() + timedelta(days=20)
    for program, starts, waiting in ((ours, soon, True), (ours, soon, False), (ours, later, True), (theirs, soon, True)):  # fmt: skip  # noqa: E501
        event = EventFactory.create(
            program=program, starts_at=starts, ends_at=starts + timedelta(hours=2)
        )
        if waiting:
            Registration.objects.create(
                event=event, user=UserFactory.create(), status=Registration.Status.WAITLISTED
            )


def emails_that_failed(ours_program: Program, theirs_program: Program) -> None:
    ours, theirs = person("mentee", ours_program).email, person("mentee", theirs_program).email
    # Only emails to our program's people count (as the outbox list shows them), in any case.
    sent = [(ours, "failed"), (ours.upper(), "failed"), (ours, "sent"), (theirs, "failed")]
    for n, (to, status) in enumerate(sent):
        OutgoingEmail.objects.create(
            key=f"test:{n}", kind="test", to=to, subject="s", status=status
        )


LINES = [
    (proposals_waiting, "Proposals waiting for approval", 2),
    (open_concerns, "Open concerns", 2),
    (quiet_matches, "Quiet matches (coordinator alerts)", 1),
    (checkins_overdue, "Check-ins overdue", 1),
    (screenings_expiring, "Screenings expiring in the next 30 days", 2),
    (guardian_consents_pending, "Guardian consents pending", 1),
    (events_this_week_with_a_waitlist, "Events this week with a waitlist", 1),
    (emails_that_failed, "Emails that failed", 2),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("rows", "label", "expected"), LINES, ids=[r.__name__ for r, *_ in LINES])
def test_a_line_counts_what_its_list_shows(
    client: Client,
    cora: User,
    programs: tuple[Program, Program],
    rows: Callable[[Program, Program], None],
    label: str,
    expected: int,
) -> None:
    rows(*programs)
    check(client, cora, label, expected)


@pytest.mark.django_db
def test_the_admin_index_starts_with_today(client: Client, cora: User) -> None:
    client.force_login(cora)
    page = client.get(reverse("admin:index")).content.decode()
    assert page.index('id="today"') < page.index('id="content-main"')
    assert "Ours" in page and "Theirs" not in page
