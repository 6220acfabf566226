"""Daily actions on matches in the admin (#14): pause, resume and close from a match's own page
and in bulk from the Matches list, each asked first where it matters, and only in the
coordinator's own programs."""

from __future__ import annotations

from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import Match
from matching.models import MatchEvent
from matching.relationships.models import Closure
from matching.relationships.models import MatchAgreement
from matching.services import match_approve
from matching.services import match_pause
from matching.services import matching_run
from mentoring.people.models import User
from tests.matching import factories as f
from tests.people.test_coordinator_scoping import change_page_hidden
from tests.people.test_coordinator_scoping import coordinator_of

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/matching/match/"


@pytest.fixture
def cora(approved: Match) -> User:
    # Cora coordinates the spring program from the Coordinators group: not a superuser.
    return coordinator_of(approved.program, "cora.program@example.org")


@pytest.fixture
def desk(client: Client, cora: User) -> Client:
    client.force_login(cora)
    return client


def page_of(match: Match) -> str:
    return reverse("admin:matching_match_change", args=[match.pk])


def said(response: object) -> list[str]:
    return [str(message) for message in response.context["messages"]]  # type: ignore[attr-defined]


def second_approved(match: Match, by: User) -> Match:
    """Another approved match in the same program: a second pair of the same fit."""
    f.mentee(match.program, name="Ana Lima", email="ana@example.org")
    f.mentor(match.program, name="Bo Chen", email="bo@example.org")
    matching_run(program=match.program, by=by)
    proposal = Match.objects.proposed().get(mentee__email="ana@example.org")
    return match_approve(match=proposal, by=by)


def test_a_match_is_paused_from_its_page_after_saying_why(
    desk: Client, approved: Match, cora: User
) -> None:
    assert "Pause…" in desk.get(page_of(approved)).content.decode()
    ask = {"action": "pause_selected", "_selected_action": approved.pk, "_from_page": "1"}
    confirm = desk.post(CHANGELIST, ask)
    assert confirm.status_code == 200 and b"Pause these matches" in confirm.content
    assert not Match.objects.get(pk=approved.pk).is_paused  # asked, not yet done
    done = desk.post(CHANGELIST, {**ask, "apply": "1", "note": "Exams until June"}, follow=True)
    assert done.redirect_chain[-1][0] == page_of(approved)
    assert "Paused 1 match." in said(done)
    assert Match.objects.get(pk=approved.pk).is_paused
    event = MatchEvent.objects.filter(match=approved).last()
    assert event is not None and (event.by, event.note) == (cora, "Paused: Exams until June")
    assert "Resume" in done.content.decode() and "Pause…" not in done.content.decode()


def test_a_paused_match_is_resumed_from_its_page(desk: Client, approved: Match, cora: User) -> None:
    match_pause(match=approved, by=cora)
    resume = {"action": "resume_selected", "_selected_action": approved.pk, "_from_page": "1"}
    done = desk.post(CHANGELIST, resume, follow=True)
    assert done.redirect_chain[-1][0] == page_of(approved)
    assert "Resumed 1 match." in said(done)
    assert not Match.objects.get(pk=approved.pk).is_paused


def test_bulk_pause_says_how_many_and_why_one_was_refused(
    desk: Client, approved: Match, cora: User
) -> None:
    other = second_approved(approved, cora)
    proposal = Match.objects.create(
        program=approved.program, mentee=approved.mentee, mentor=other.mentor
    )
    ids = [approved.pk, other.pk, proposal.pk]
    done = desk.post(
        CHANGELIST,
        {"action": "pause_selected", "_selected_action": ids, "apply": "1", "note": ""},
        follow=True,
    )
    messages = said(done)
    assert "Paused 2 matches." in messages
    assert any("only an approved or active match" in m.lower() for m in messages)
    assert set(Match.objects.filter(paused_at__isnull=False).values_list("pk", flat=True)) == {
        approved.pk,
        other.pk,
    }
    resumed = desk.post(
        CHANGELIST, {"action": "resume_selected", "_selected_action": ids[:2]}, follow=True
    )
    assert "Resumed 2 matches." in said(resumed)


def test_bulk_close_asks_for_a_reason_then_closes_each_through_the_service(
    desk: Client, approved: Match, cora: User
) -> None:
    other = second_approved(approved, cora)
    ids = [approved.pk, other.pk]
    ask = {"action": "close_selected", "_selected_action": ids}
    confirm = desk.post(CHANGELIST, ask)
    assert confirm.status_code == 200 and b"cannot be undone" in confirm.content
    no_reason = desk.post(CHANGELIST, {**ask, "apply": "1", "kind": "early"})
    assert no_reason.status_code == 200 and no_reason.context["form"].errors["reason"]
    assert not Closure.objects.exists()
    done = desk.post(
        CHANGELIST, {**ask, "apply": "1", "kind": "planned", "reason": "completed"}, follow=True
    )
    assert "Closed 2 matches." in said(done)
    assert set(Match.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"closed"}
    assert Closure.objects.filter(by=cora, reason="completed").count() == 2
    assert MatchEvent.objects.filter(match_id__in=ids, to_status="closed", by=cora).count() == 2


def test_close_on_the_page_opens_the_closure_form_filled_in_for_the_match(
    desk: Client, approved: Match, cora: User
) -> None:
    Match.objects.filter(pk=approved.pk).update(flagged_at=timezone.now())
    page = desk.get(page_of(approved))
    link = page.context["close_url"]
    assert urlsplit(link).path == reverse("admin:relationships_closure_add")
    form = desk.get(link).context["adminform"].form
    assert str(form.initial["match"]) == str(approved.pk)
    # A side said "not a good fit": that is the reason offered, and a rematch.
    assert (form.initial["kind"], form.initial["reason"]) == ("early", "not_a_fit")
    assert form.initial["rematch_eligible"] == "True"
    query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    saved = desk.post(link, {**query, "note": "Both agreed", "rematch_eligible": "on"})
    assert saved.status_code == 302
    closure = Closure.objects.get(match=approved)
    assert (closure.by, closure.reason, closure.rematch_eligible) == (cora, "not_a_fit", True)


def test_an_ended_agreement_suggests_a_planned_completed_closure(
    desk: Client, approved: Match
) -> None:
    MatchAgreement.objects.create(
        match=approved, meet_how_often="weekly", how="video", until=timezone.localdate()
    )
    query = parse_qs(urlsplit(desk.get(page_of(approved)).context["close_url"]).query)
    assert (query["kind"], query["reason"]) == (["planned"], ["completed"])


def test_a_closed_match_offers_no_pause_and_no_close(
    desk: Client, approved: Match, cora: User
) -> None:
    desk.post(
        CHANGELIST,
        {"action": "close_selected", "_selected_action": approved.pk, "apply": "1"}
        | {"kind": "early", "reason": "moved"},
    )
    page = desk.get(page_of(approved))
    assert "close_url" not in page.context and "Pause…" not in page.content.decode()


def test_another_programs_coordinator_can_neither_open_nor_change_the_match(
    client: Client, approved: Match
) -> None:
    bea = coordinator_of(f.program(slug="autumn-2027"), "bea.program@example.org")
    client.force_login(bea)
    assert change_page_hidden(client, Match, approved.pk)
    for action in ("pause_selected", "close_selected"):
        client.post(
            CHANGELIST,
            {"action": action, "_selected_action": approved.pk, "apply": "1"}
            | {"kind": "early", "reason": "moved"},
        )
    match = Match.objects.get(pk=approved.pk)
    assert match.status == "approved" and not match.is_paused
    add = reverse("admin:relationships_closure_add")
    assert client.get(add, {"match": approved.pk}).status_code == 404
