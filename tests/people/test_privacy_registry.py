"""Promise 3 across every app: export holds what each app keeps about a person, and deleting
the account leaves no identifier of them in any text column of any table.

Zephyrine is the person who used everything: a mentor with one active match (agreement,
check-ins) and one closed (exit survey), two proposals in a second program (one rejected by a
coordinator who named her), a seat at a full event, a published event she hosts with a message
to its registrants and a proposal still under review, notes and nominations written and
received, and a mentee profile of her own (she is mentored too: that is where her date of birth
lives). Her identifiers are unusual on purpose, so a match anywhere is a leak, not a coincidence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import CalendarFeed, Event, HostMessage, Registration
from events.services import hosting
from events.services.registrations import calendar_feed_reset, registration_create
from matching.models import BlockedPair, Match, MatchEvent
from matching.relationships.models import CheckIn, Closure
from matching.relationships.services import agreements, checkins, closures
from matching.services import match_approve, match_reject, matching_run
from mentoring.campaign import selectors as campaign_selectors
from mentoring.campaign import services as campaign
from mentoring.campaign.models import Nomination, ObservancePromptSent, ThankYouNote
from mentoring.core import privacy
from mentoring.people.models import Enrollment, Profile, User
from mentoring.people.services import account_delete, account_export
from tests import factories as f

pytestmark = pytest.mark.django_db

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
    person: User
    active: Match  # her match with Ama, approved then active
    closed: Match  # her match with Kofi, closed "completed" with an exit survey
    proposed: Match  # a proposal in the second program nobody decided on
    ama: User
    proposal_only: User  # the mentee of that proposal: never told about her
    event: Event  # full: her seat, then two people waiting
    waiting: list[User]
    hosted: Event  # published, hers, with a message to registrants
    pending: Event  # her proposal, still under review
    other_mentor: User


def _due(match: Match, days_ago: int = 15) -> None:
    # As if approved `days_ago` days ago: the day-14 check-in is due.
    Match.objects.filter(pk=match.pk).update(decided_at=timezone.now() - timedelta(days=days_ago))


def _details(title: str) -> dict[str, Any]:
    starts = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    return {
        "title": title,
        "kind": Event.Kind.WORKSHOP,
        "description": "Bring a CV; leave with a better one.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "timezone": "America/Chicago",
        "venue": "Springfield Library, Room 3",
        "online_url": "",
        "capacity": 5,
        "host_reason": f"I am {FIRST} and I hire juniors.",
    }


@pytest.fixture
def world(coordinator: User, make_user) -> World:
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
    return World(
        person=person,
        active=active,
        closed=closed,
        proposed=proposed,
        ama=ama,
        proposal_only=proposal_only,
        event=event,
        waiting=waiting,
        hosted=hosted,
        pending=pending,
        other_mentor=other_mentor,
    )


# --- Export ---------------------------------------------------------------------------------------


def test_every_app_that_holds_data_registers_one_shredder() -> None:
    names = [shredder.name for shredder in privacy.registered()]
    # In INSTALLED_APPS order, people first of ours: it erases last, after the apps above it.
    # (core's outbox, when registered, comes before people: it erases after them.)
    assert [name for name in names if name in APPS_WITH_DATA] == list(APPS_WITH_DATA)
    assert len(names) == len(set(names))


def test_the_export_has_a_row_from_every_app_for_a_person_who_used_everything(
    client: Client, world: World
) -> None:
    client.force_login(world.person)
    response = client.get(reverse("account_export"))
    data = json.loads(response.content)
    assert data == json.loads(json.dumps(account_export(user=world.person)))  # plain JSON
    for name in APPS_WITH_DATA:
        assert data[name], name

    people = data["people"]
    assert people["user"]["email"] == EMAIL and people["profile"]["phone"] == PHONE
    assert people["mentee_profile"]["date_of_birth"] == BORN.isoformat()

    events = data["events"]
    assert [(r["event"], r["status"]) for r in events["registrations"]] == [
        ("January kick-off", "confirmed")
    ]
    assert {e["title"]: e["review"] for e in events["hosted_events"]} == {
        "CV clinic": "approved",
        "Interview practice": "proposed",
    }
    assert events["host_messages"][0]["body"].startswith("See you there.")
    assert events["calendar_feed"]["url"].startswith("/events/")

    matches = {m["id"]: m for m in data["matching"]["matches"]}
    assert len(matches) == 4
    assert matches[world.active.pk]["status"] == "active"
    assert matches[world.active.pk]["partner"] == "Ama Mensah"
    assert matches[world.active.pk]["explanation"]  # why they were matched
    assert [h["to"] for h in matches[world.active.pk]["history"]] == ["approved", "active"]
    # A proposal nobody was told about does not name the other side (promise 5).
    assert matches[world.proposed.pk]["partner"] is None
    assert data["matching"]["blocked_pairs"][0]["role"] == "mentor"

    relationships = {r["match"]: r for r in data["relationships"]}
    assert relationships[world.active.pk]["agreement"]["how"].startswith("Video")
    assert relationships[world.active.pk]["checkins"][0]["progress"] == "CV drafted together."
    assert relationships[world.closed.pk]["closure"]["exit_survey"]["what_worked"] == (
        "Weekly calls"
    )

    notes = data["campaign"]
    assert notes["notes_written"][0]["to"] == "Olu Adeyemi"
    assert notes["notes_received"][0]["from"] == "Ama Mensah"
    assert notes["nominations_made"][0]["mentor"] == "Olu Adeyemi"
    assert notes["nominations_received"][0]["status"] == "featured"
    assert notes["observance_prompts"][0]["sent_at"]

    # Only her own: nobody else's address, and not the mentee of a proposal she was never told of,
    # nor the other side's check-ins. (Emails she was sent are exported as they were sent: the
    # approval email gave her Ama's address.)
    body = json.dumps({name: part for name, part in data.items() if name != "outbox"})
    for someone_else in ("ama@example.org", "kofi@example.org", "yaw@example.org", "Yaw Darko"):
        assert someone_else not in body
    assert "helped me with my CV" not in body


# --- Deletion -------------------------------------------------------------------------------------


def _text_columns(model: type[models.Model]) -> list[str]:
    kinds = (models.CharField, models.TextField, models.JSONField)  # Email/Slug/URL are Char
    return [field.attname for field in model._meta.concrete_fields if isinstance(field, kinds)]


def _leaks(identifiers: tuple[str, ...]) -> list[str]:
    """Every (table, column, value) in the database that contains one of the identifiers."""
    wanted = [identifier.lower() for identifier in identifiers]
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = _text_columns(model)
        if not columns:
            continue
        for row in model._base_manager.values_list("pk", *columns):
            for column, value in zip(columns, row[1:], strict=True):
                if value is None:
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if any(identifier in text.lower() for identifier in wanted):
                    found.append(f"{model._meta.label}#{row[0]}.{column} = {text[:120]!r}")
    return found


def test_the_leak_finder_sees_her_before_deletion(world: World) -> None:
    # Proves the walk below can see a leak at all: before deletion, every identifier is found.
    for identifier in IDENTIFIERS:
        assert _leaks((identifier,)), identifier


def test_after_deletion_no_text_column_anywhere_identifies_her(
    client: Client, world: World, django_capture_on_commit_callbacks
) -> None:
    client.force_login(world.person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_delete"), {"confirm": "on"})
    assert response.status_code == 200

    assert _leaks(IDENTIFIERS) == []

    # Her active match is closed, and Ama is told by the closure email.
    world.active.refresh_from_db()
    assert world.active.status == Match.Status.CLOSED
    closure = Closure.objects.get(match=world.active)
    assert closure.reason == Closure.Reason.ACCOUNT_DELETED and closure.rematch_eligible
    to_ama = [m for m in mail.outbox if m.to == ["ama@example.org"]]
    assert any("Your mentoring match has closed" in m.subject for m in to_ama)
    # Her open proposal is withdrawn as rejected, and the audit trail says so.
    world.proposed.refresh_from_db()
    assert (world.proposed.status, world.proposed.reason) == ("rejected", "Account deleted")
    assert MatchEvent.objects.filter(match=world.proposed, to_status="rejected").exists()

    # Her seat goes to the first person waiting; the second still waits.
    statuses = dict(Registration.objects.filter(event=world.event).values_list("user", "status"))
    assert statuses[world.person.pk] == "cancelled"
    assert statuses[world.waiting[0].pk] == "confirmed"
    assert statuses[world.waiting[1].pk] == "waitlisted"

    # The proposal under review is withdrawn; the published event stays, for Ama, host-less.
    assert not Event.objects.filter(pk=world.pending.pk).exists()
    world.hosted.refresh_from_db()
    assert world.hosted.status == "published" and world.hosted.host is None
    assert HostMessage.objects.get(event=world.hosted).body == ""
    assert not CalendarFeed.objects.filter(user=world.person).exists()

    # What she wrote is withdrawn; what was written about her leaves the public pages.
    assert not ThankYouNote.objects.filter(author=world.person).exists()
    assert not Nomination.objects.filter(nominator=world.person).exists()
    assert not campaign_selectors.wall_notes().exists()
    assert campaign_selectors.mentor_of_the_month() is None
    # Audit rows stay, tied to the anonymous account.
    assert Match.objects.involving(world.person.pk).count() == 4
    assert BlockedPair.objects.filter(mentor=world.person).exists()


def test_a_deleted_mentee_frees_the_mentors_place(
    coordinator: User, django_capture_on_commit_callbacks
) -> None:
    prog = f.program("one-place")
    leaving = f.mentee(prog, name="Abena Leaving", email="abena@example.org")
    mentor = f.mentor(prog, name="Kwame Mentor", email="kwame@example.org", capacity=1)
    matching_run(program=prog, by=coordinator)
    match_approve(match=Match.objects.get(), by=coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=leaving)
    assert any(m.to == ["kwame@example.org"] for m in mail.outbox)
    assert not Match.objects.filter(mentor=mentor).holding().exists()
    # The next mentee can have Kwame: the closed match no longer uses his one place.
    newcomer = f.mentee(prog, name="Efua Newcomer", email="efua@example.org")
    matching_run(program=prog, by=coordinator)
    match = Match.objects.get(mentee=newcomer, status="proposed")
    assert match_approve(match=match, by=coordinator).status == Match.Status.APPROVED


def test_deletion_is_one_transaction_so_a_failing_eraser_erases_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    def broken(user: Any) -> None:
        raise RuntimeError("the events eraser broke")

    # events erases after campaign, relationships and matching: their work must be undone too.
    shredder = next(s for s in privacy.registered() if s.name == "events")
    monkeypatch.setitem(privacy._registry, "events", replace(shredder, erase=broken))
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(RuntimeError),
    ):
        account_delete(user=world.person)
    assert callbacks == []  # no closure email, no waitlist promotion

    person = User.objects.get(pk=world.person.pk)
    assert (person.email, person.is_active) == (EMAIL, True)
    assert Profile.objects.get(user=person).display_name == DISPLAY
    world.active.refresh_from_db()
    world.proposed.refresh_from_db()
    assert (world.active.status, world.proposed.status) == ("active", "proposed")
    assert ThankYouNote.objects.filter(author=person).exists()
    assert campaign_selectors.wall_notes().exists()
    assert Registration.objects.get(event=world.event, user=person).status == "confirmed"
    assert Event.objects.filter(pk=world.pending.pk).exists()


def test_the_registry_erases_top_layers_first_and_people_last(
    monkeypatch: pytest.MonkeyPatch, volunteer: User
) -> None:
    calls: list[str] = []
    for shredder in privacy.registered():
        monkeypatch.setitem(
            privacy._registry,
            shredder.name,
            replace(shredder, erase=lambda user, name=shredder.name: calls.append(name)),
        )
    privacy.person_erase(volunteer)
    ours = [name for name in calls if name in APPS_WITH_DATA]
    assert ours == ["campaign", "relationships", "matching", "events", "people"]


def test_redaction_takes_whole_words_in_any_case_and_leaves_other_text() -> None:
    text = "Ana Ng met ana; Anabel and running stay. Mail ANA@example.org"
    found = ["Ana", "Ng", "Ana Ng", "ana@example.org"]
    assert privacy.redact(text, found) == (
        "[deleted] met [deleted]; Anabel and running stay. Mail [deleted]"
    )
    assert privacy.redact_json({"a": ["Ng said hi"]}, found) == {"a": ["[deleted] said hi"]}
