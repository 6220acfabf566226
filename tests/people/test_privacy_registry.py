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
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse

from events.models import CalendarFeed
from events.models import Event
from events.models import HostMessage
from events.models import Registration
from matching.models import BlockedPair
from matching.models import Match
from matching.models import MatchEvent
from matching.relationships.models import Closure
from matching.services import match_approve
from matching.services import matching_run
from mentoring.campaign import selectors as campaign_selectors
from mentoring.campaign.models import Nomination
from mentoring.campaign.models import ThankYouNote
from mentoring.core import privacy
from mentoring.people.models import Profile
from mentoring.people.models import User
from mentoring.people.services import account_delete
from mentoring.people.services import account_export
from tests import factories as f
from tests.people.privacy_world import APPS_WITH_DATA
from tests.people.privacy_world import BORN
from tests.people.privacy_world import DISPLAY
from tests.people.privacy_world import EMAIL
from tests.people.privacy_world import IDENTIFIERS
from tests.people.privacy_world import PHONE
from tests.people.privacy_world import World
from tests.people.privacy_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(coordinator: User, make_user: Callable[..., User]) -> World:
    return build_world(coordinator, make_user)


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
