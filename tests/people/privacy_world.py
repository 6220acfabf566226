"""Zephyrine's world for the privacy-registry tests: a person who used every app."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from typing import Any

from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from events.models import Event
from events.services import hosting
from events.services.registrations import calendar_feed_reset
from events.services.registrations import registration_create
from matching.models import BlockedPair
from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.services import agreements
from matching.relationships.services import checkins
from matching.relationships.services import closures
from matching.services import match_approve
from matching.services import match_reject
from matching.services import matching_run
from mentoring.campaign import services as campaign
from mentoring.campaign.models import ObservancePromptSent
from mentoring.people.models import Enrollment
from mentoring.people.models import Profile
from mentoring.people.models import User
from tests import factories as f
from tests.events.hosting_data import details

EMAIL = "zephyrine.quillfeather@example.org"
FIRST, LAST = "Zephyrine", "Quillfeather"
DISPLAY = "Zeph Quillfeather-Osei"
PHONE = "+1 555 0199 321"
BORN = date(1986, 4, 23)
IDENTIFIERS = (EMAIL, FIRST, LAST, DISPLAY, PHONE, BORN.isoformat())
# Apps that hold rows about her; community keeps nothing about anyone (see its models).
APPS_WITH_DATA = ("people", "events", "matching", "relationships", "campaign")


@dataclass
class World:
    """The rows the tests look at (build_world makes more: Ama, Kofi, Olu…), in the order
    build_world passes them."""

    person: User
    active: Match  # her match with Ama, approved then active
    closed: Match  # her match with Kofi, closed "completed" with an exit survey
    proposed: Match  # in the second program, undecided; its mentee, Yaw, never told about her
    event: Event  # full: her seat, then two people waiting
    waiting: list[User]
    hosted: Event  # published, hers, with a message to registrants
    pending: Event  # her proposal, still under review


def _due(match: Match, days_ago: int = 15) -> None:
    # As if approved `days_ago` days ago: the day-14 check-in is due.
    Match.objects.filter(pk=match.pk).update(decided_at=timezone.now() - timedelta(days=days_ago))


def _details(title: str) -> dict[str, Any]:
    return details(title=title, capacity=5, host_reason=f"I am {FIRST} and I hire juniors.")


def build_world(coordinator: User, make_user: Callable[..., User]) -> World:
    """Zephyrine, who used everything (see the test module's docstring)."""
    spring = f.program("spring-2027")
    person = f.mentor(spring, name=f"{FIRST} {LAST}", email=EMAIL, phone=PHONE, capacity=2)
    Profile.objects.filter(user=person).update(display_name=DISPLAY, bio=f"{FIRST} builds bridges.")
    f.MenteeProfileFactory.create(user=person, date_of_birth=BORN)
    f.ScreeningFactory.create(
        mentor=person, notes=f"{FIRST}'s references called back; born {BORN.isoformat()}."
    )
    ama = f.mentee(spring, name="Ama Mensah", email="ama@example.org")
    kofi = f.mentee(spring, name="Kofi Boateng", email="kofi@example.org")
    matching_run(program=spring, by=coordinator)
    active = match_approve(match=Match.objects.get(mentee=ama), by=coordinator)
    closed = match_approve(match=Match.objects.get(mentee=kofi), by=coordinator)

    # Her terms, proposed first; Ama accepts them: the match becomes active.
    until = timezone.localdate() + timedelta(days=180)
    how = f"Video; text {FIRST} on {PHONE}"
    agreements.agreement_accept(
        match=active, user=person, meet_how_often="Every two weeks", how=how, until=until
    )
    agreements.agreement_accept(match=active, user=ama)
    _due(active)
    _due(closed)
    checkins.checkin_create_due()
    for match, mentee in ((active, ama), (closed, kofi)):
        mine = CheckIn.objects.get(match=match, side="mentor")
        checkins.checkin_submit(
            checkin=mine, user=person, met=True, rating=4, progress="CV drafted together."
        )
        theirs = CheckIn.objects.get(match=match, side="mentee")
        checkins.checkin_submit(
            checkin=theirs,
            user=mentee,
            met=True,
            rating=5,
            progress=f"{FIRST} helped me with my CV.",
            note_for_coordinator=f"{DISPLAY} is great",
        )
    closures.match_close(match=closed, by=coordinator, kind="planned", reason="completed")
    closures.exit_survey_submit(
        match=closed, user=person, answers={"what_worked": "Weekly calls", "would_recommend": "y"}
    )
    closures.exit_survey_submit(
        match=closed, user=kofi, answers={"what_worked": f"{FIRST} listened."}
    )

    # A second program: one proposal rejected by a coordinator who named her, one left open.
    autumn = f.program("autumn-2027")
    Enrollment.objects.create(user=person, program=autumn, role=Enrollment.Role.MENTOR)
    rejected_mentee = f.mentee(autumn, name="Esi Owusu", email="esi@example.org")
    proposal_only = f.mentee(autumn, name="Yaw Darko", email="yaw@example.org")
    matching_run(program=autumn, by=coordinator)
    match_reject(
        match=Match.objects.get(mentee=rejected_mentee),
        by=coordinator,
        reason=f"{FIRST} {LAST} asked for one mentee only",
    )
    proposed = Match.objects.get(mentee=proposal_only)
    BlockedPair.objects.create(
        program=autumn,
        mentee=rejected_mentee,
        mentor=person,
        by=coordinator,
        reason=f"{LAST} knows the family",
    )
    # The admin's history names what a coordinator touched: here, by both emails.
    LogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(Match),
        object_id=str(active.pk),
        object_repr=str(active),
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Reason"]}}]),
    )

    # Events: the last seat of a full workshop, two people waiting behind her.
    event = f.EventFactory.create(capacity=1, title="January kick-off")
    registration_create(event=event, user=person)
    waiting = [make_user(f"waiting-{n}@example.org") for n in range(2)]
    for user in waiting:
        registration_create(event=event, user=user)
    calendar_feed_reset(user=person)
    hosted = hosting.proposal_create(host=person, details=_details("CV clinic"))
    hosted = hosting.proposal_approve(event=hosted, by=coordinator, message=f"Thanks {FIRST}!")
    registration_create(event=hosted, user=ama)
    hosting.host_message_registrants(
        event=hosted, user=person, body=f"See you there. {FIRST}, {PHONE}"
    )
    pending = hosting.proposal_create(host=person, details=_details("Interview practice"))

    # Campaign: notes and nominations both ways, Mentor of the Month, an observance prompt.
    other_prog = f.program("elsewhere")
    other_mentor = f.mentor(other_prog, name="Olu Adeyemi", email="olu@example.org")
    campaign.note_write(
        author=person, mentor=other_mentor, body=f"Olu, thank you. {FIRST}", public=False
    )
    campaign.nomination_submit(
        nominator=person, mentor=other_mentor, story=f"Olu mentored me. {FIRST} {LAST}"
    )
    received = campaign.note_write(
        author=ama,
        mentor=person,
        body=f"Thank you, {FIRST}!",
        public=True,
        mentor_consents_public=True,
    )
    campaign.note_moderate(note=received, approve=True, moderator=coordinator)
    nomination = campaign.nomination_submit(
        nominator=ama, mentor=person, story=f"{DISPLAY} changed my mind about engineering."
    )
    campaign.nomination_feature(
        nomination=nomination,
        moderator=coordinator,
        title=f"Meet {FIRST}",
        body=f"{FIRST} {LAST} grew up in Accra.",
    )
    ObservancePromptSent.objects.create(
        observance=f.ObservanceDayFactory.create(), user=person, sent_at=timezone.now()
    )
    return World(person, active, closed, proposed, event, waiting, hosted, pending)
