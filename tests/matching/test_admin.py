"""The coordinator console: match list, decisions, run button, unmatched page, CSV, audit."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from matching.admin import run_matching_action
from matching.models import Match
from matching.models import MatchEvent
from matching.models import MatchRun
from matching.services import match_approve
from matching.services import matching_run
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.matching import factories as f

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/matching/match/"


def program_with_proposals(coordinator: User, pairs: int = 2) -> Program:
    prog = f.program()
    for i in range(pairs):
        f.mentee(prog, name=f"Mentee {i}", seeking=("Software engineering", "Data science"))
        f.mentor(prog, name=f"Mentor {i}", offering=("Software engineering", "Data science"))
    matching_run(program=prog, by=coordinator)
    return prog


def test_the_match_list_explains_each_score(console: Client, coordinator: User) -> None:
    program_with_proposals(coordinator)
    page = console.get(CHANGELIST).content.decode()
    assert "Career 0.50 — both: Data science, Software engineering" in page
    assert "Run matching for Spring 2027" in page


@pytest.mark.parametrize("pairs", [2, 20])
def test_the_match_list_uses_a_constant_number_of_queries(
    pairs: int, console: Client, coordinator: User, django_assert_max_num_queries
) -> None:
    program_with_proposals(coordinator, pairs)
    with django_assert_max_num_queries(14):
        assert console.get(CHANGELIST).status_code == 200


def test_it_filters_by_score_band_and_searches_by_name(console: Client, coordinator: User) -> None:
    prog = program_with_proposals(coordinator, 1)
    f.mentee(prog, name="Zed Nomatch", seeking=("Nursing",), availability=("sun-morning",))
    f.mentor(prog, name="Yara Other", offering=("Law",), availability=("sun-morning",))
    matching_run(program=prog, by=coordinator)
    high = console.get(CHANGELIST, {"band": "high"}).content.decode()
    low = console.get(CHANGELIST, {"band": "low"}).content.decode()
    assert "Mentee 0" in high and "Zed Nomatch" not in high
    assert "Zed Nomatch" in low and "Mentee 0" not in low
    found = console.get(CHANGELIST, {"q": "Zed"}).content.decode()
    assert "Zed Nomatch" in found and "Mentee 0" not in found


def test_bulk_approve_reports_approved_and_refused(console: Client, coordinator: User) -> None:
    program_with_proposals(coordinator)
    ids = list(Match.objects.values_list("pk", flat=True))
    match_approve(match=Match.objects.get(pk=ids[0]), by=coordinator)
    response = console.post(
        CHANGELIST, {"action": "approve_selected", "_selected_action": ids}, follow=True
    )
    page = response.content.decode()
    assert "Approved 1 match." in page and "already decided" in page
    assert Match.objects.filter(status="approved").count() == 2


def test_bulk_reject_asks_for_a_reason_first(console: Client, coordinator: User) -> None:
    program_with_proposals(coordinator)
    ids = list(Match.objects.values_list("pk", flat=True))
    ask = console.post(CHANGELIST, {"action": "reject_selected", "_selected_action": ids})
    assert "Rejected by coordinator" in ask.content.decode()
    assert not Match.objects.filter(status="rejected").exists()

    console.post(
        CHANGELIST,
        {"action": "reject_selected", "_selected_action": ids, "apply": "1", "reason": "Too far"},
    )
    assert set(Match.objects.values_list("status", "reason")) == {("rejected", "Too far")}
    assert MatchEvent.objects.filter(to_status="rejected").count() == 2


def test_the_run_button_runs_matching_and_shows_the_proposals(
    console: Client, coordinator: User
) -> None:
    prog = f.program()
    f.mentee(prog)
    f.mentor(prog)
    response = console.post(reverse("matching:run", args=[prog.pk]), follow=True)
    assert "1 proposed, 0 unmatched" in response.content.decode()
    assert MatchRun.objects.get().run_by == coordinator


def test_the_run_button_is_for_staff_and_post_only(client: Client, coordinator: User) -> None:
    prog = f.program()
    url = reverse("matching:run", args=[prog.pk])
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(coordinator)
    assert client.get(url).status_code == 405
    assert client.post(reverse("matching:run", args=[9999])).status_code == 404
    assert not MatchRun.objects.exists()


def test_the_run_matching_action_is_ready_for_program_admin(
    rf, coordinator: User, console: Client
) -> None:
    from django.contrib.messages.storage.fallback import FallbackStorage

    prog = f.program()
    f.mentee(prog)
    f.mentor(prog)
    request = rf.post("/admin/mentoring/program/")
    request.user = coordinator
    request.session = console.session
    request._messages = FallbackStorage(request)
    run_matching_action(None, request, Program.objects.all())
    assert MatchRun.objects.get().proposed_count == 1


def test_the_unmatched_page_gives_reasons_and_closest_mentors(
    console: Client, coordinator: User
) -> None:
    prog = f.program()
    f.mentee(prog, name="First Mentee")
    f.mentee(prog, name="Second Mentee", seeking=("Software engineering", "Law"))
    f.mentor(prog, name="Only Mentor", capacity=1)
    matching_run(program=prog, by=coordinator)
    page = console.get("/admin/matching/match/unmatched/").content.decode()
    assert "Second Mentee" in page and "all compatible mentors are at capacity" in page
    assert "Only Mentor — score 0.25, 1 of 1 places proposed or approved" in page


def test_csv_export_lists_the_selected_matches(console: Client, coordinator: User) -> None:
    program_with_proposals(coordinator)
    ids = list(Match.objects.values_list("pk", flat=True))
    response = console.post(CHANGELIST, {"action": "export_as_csv", "_selected_action": ids})
    lines = response.content.decode().strip().splitlines()
    assert response["Content-Type"].startswith("text/csv") and len(lines) == 3
    assert lines[0].startswith("id,program,mentee,mentee_email")


def test_the_audit_trail_cannot_be_changed_in_the_admin(console: Client, coordinator: User) -> None:
    program_with_proposals(coordinator, 1)
    match_approve(match=Match.objects.get(), by=coordinator)
    event = MatchEvent.objects.get()
    base = "/admin/matching/matchevent/"
    assert console.get(base).status_code == 200
    assert console.get(f"{base}add/").status_code == 403
    assert console.post(f"{base}{event.pk}/change/", {"note": "x"}).status_code == 403
    assert console.post(f"{base}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert MatchEvent.objects.get().note == ""


def test_a_deleted_account_keeps_its_matches_listed(console: Client, coordinator: User) -> None:
    from mentoring.people.services import account_delete

    program_with_proposals(coordinator, 1)
    match = Match.objects.get()
    match_approve(match=match, by=coordinator)
    account_delete(user=match.mentee)
    page = console.get(CHANGELIST).content.decode()
    assert f"deleted-{match.mentee_id}@invalid" in page and "Mentor 0" in page
    csv = console.post(CHANGELIST, {"action": "export_as_csv", "_selected_action": [match.pk]})
    assert csv.status_code == 200


def test_a_coordinators_group_member_runs_and_approves_without_superuser_rights(
    client: Client, make_user
) -> None:
    from django.contrib.auth.models import Group

    from mentoring.people.models import ProgramCoordinator

    # Cora as she really works: staff in the Coordinators group, not a superuser.
    cora = make_user("cora.group@example.org", is_staff=True)
    cora.groups.add(Group.objects.get(name="Coordinators"))
    prog = f.program()
    # She runs this program: the admin shows a coordinator only their programs' matches (#14).
    ProgramCoordinator.objects.create(program=prog, user=cora)
    f.mentee(prog)
    f.mentor(prog)
    client.force_login(cora)
    client.post(reverse("matching:run", args=[prog.pk]))
    match = Match.objects.get()
    client.post(CHANGELIST, {"action": "approve_selected", "_selected_action": [match.pk]})
    match.refresh_from_db()
    assert match.status == Match.Status.APPROVED and match.decided_by == cora
    assert client.get("/admin/matching/match/unmatched/").status_code == 200
    assert (
        client.get(f"/admin/matching/matchevent/{MatchEvent.objects.get().pk}/change/").status_code
        == 200
    )


def test_program_admin_offers_run_matching_and_reports_bad_settings(
    console: Client, coordinator: User
) -> None:
    good = f.program()
    f.mentee(good)
    f.mentor(good)
    changelist = reverse("admin:mentoring_program_changelist")
    assert "run_matching_action" in console.get(changelist).content.decode()
    response = console.post(
        changelist, {"action": "run_matching_action", "_selected_action": [good.pk]}, follow=True
    )
    assert response.status_code == 200
    assert MatchRun.objects.filter(program=good).exists()

    Program.objects.filter(pk=good.pk).update(weight_career=0, weight_academic=0, weight_personal=0)
    response = console.post(
        changelist, {"action": "run_matching_action", "_selected_action": [good.pk]}, follow=True
    )
    assert response.status_code == 200
    assert MatchRun.objects.filter(program=good).count() == 1
