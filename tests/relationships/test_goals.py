"""Issue #15, the mentoring plan: up to five goals per match, kept by both sides."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.models import Goal
from matching.relationships.privacy import erase
from matching.relationships.privacy import export
from matching.relationships.services import goals
from mentoring.people.models import User

pytestmark = pytest.mark.django_db


def _add(client: Client, match: Match, what: str, by_when: str = "2027-03-01") -> int:
    data = {"goal": "new", "new-what": what, "new-by_when": by_when}
    return client.post(f"/matching/{match.pk}/plan/", data).status_code


def test_both_sides_write_a_goal_and_mark_its_progress(client: Client, approved: Match) -> None:
    client.force_login(approved.mentee)
    assert _add(client, approved, "Send three internship applications") == 302
    goal = Goal.objects.get()
    assert (goal.side, goal.status) == ("mentee", Goal.Status.NOT_STARTED)
    client.force_login(approved.mentor)
    prefix = f"goal-{goal.pk}"
    response = client.post(
        f"/matching/{approved.pk}/plan/",
        {
            "goal": goal.pk,
            f"{prefix}-what": "Send three internship applications",
            f"{prefix}-by_when": "2027-03-15",
            f"{prefix}-status": "in_progress",
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.by_when) == (Goal.Status.IN_PROGRESS, date(2027, 3, 15))
    page = client.get(f"/matching/{approved.pk}/plan/").content.decode()
    assert "Send three internship applications" in page and "In progress" in page


def test_a_plan_holds_five_goals_and_the_sixth_is_refused_clearly(
    client: Client, approved: Match
) -> None:
    client.force_login(approved.mentee)
    for n in range(Goal.PER_MATCH):
        assert _add(client, approved, f"Goal {n}") == 302
    page = client.get(f"/matching/{approved.pk}/plan/").content.decode()
    assert "the most it can have" in page and 'name="new-what"' not in page
    assert _add(client, approved, "Goal six") == 400
    assert Goal.objects.count() == Goal.PER_MATCH
    with pytest.raises(ValidationError, match="up to 5 goals"):
        goals.goal_add(match=approved, user=approved.mentor, what="x", by_when=date(2027, 1, 1))


def test_a_goal_needs_what_and_by_when(client: Client, approved: Match) -> None:
    client.force_login(approved.mentee)
    assert _add(client, approved, "", "2027-03-01") == 400
    assert _add(client, approved, "Read a book", "not a date") == 400
    assert _add(client, approved, "Read a book", "9999-12-31") == 400
    assert not Goal.objects.exists()


def test_nobody_else_sees_or_edits_the_plan(
    client: Client, approved: Match, volunteer: User
) -> None:
    goal = goals.goal_add(
        match=approved, user=approved.mentee, what="Secret plan", by_when=date(2027, 3, 1)
    )
    client.force_login(volunteer)
    assert client.get(f"/matching/{approved.pk}/plan/").status_code == 404
    response = client.post(
        f"/matching/{approved.pk}/plan/",
        {
            "goal": goal.pk,
            f"goal-{goal.pk}-what": "Changed",
            f"goal-{goal.pk}-by_when": "2027-01-01",
        },
    )
    assert response.status_code == 404
    assert Goal.objects.get().what == "Secret plan"


def test_a_goal_of_another_match_is_not_part_of_this_plan(client: Client, approved: Match) -> None:
    client.force_login(approved.mentee)
    response = client.post(f"/matching/{approved.pk}/plan/", {"goal": "99999"})
    assert response.status_code == 400


def test_the_check_in_shows_the_plan(client: Client, approved: Match) -> None:
    goals.goal_add(
        match=approved, user=approved.mentor, what="Mock interview", by_when=date(2027, 2, 1)
    )
    checkin = CheckIn.objects.create(match=approved, side="mentee", due_on=date(2027, 1, 15))
    client.force_login(approved.mentee)
    page = client.get(f"/matching/checkin/{checkin.pk}/").content.decode()
    assert "Mock interview" in page and "Not started" in page
    assert f"/matching/{approved.pk}/plan/" in page


def test_program_health_shows_goal_progress_per_match(
    client: Client, approved: Match, coordinator: User
) -> None:
    for n, status in enumerate(["done", "in_progress", "not_started"]):
        goal = goals.goal_add(
            match=approved, user=approved.mentee, what=f"Goal {n}", by_when=date(2027, 3, 1)
        )
        Goal.objects.filter(pk=goal.pk).update(status=status)
    client.force_login(coordinator)
    page = client.get("/admin/relationships/checkin/health/").content.decode()
    assert "goal progress per match" in page
    row = page[page.index('<tr class="plan">') :].split("</tr>")[0]
    assert "Tomás Ng" in row and "<td>1</td><td>1</td><td>3</td>" in row


def test_goals_are_exported_and_the_authors_go_with_their_account(approved: Match) -> None:
    goals.goal_add(
        match=approved, user=approved.mentee, what="Tomás's goal", by_when=date(2027, 3, 1)
    )
    goals.goal_add(
        match=approved,
        user=approved.mentor,
        what="Help Tomás Ng practise interviews",
        by_when=date(2027, 3, 1),
    )
    exported = export(approved.mentee)[0]["goals"]
    assert {g["what"]: g["written_by_you"] for g in exported} == {
        "Tomás's goal": True,
        "Help Tomás Ng practise interviews": False,
    }
    erase(approved.mentee)
    left = list(Goal.objects.values_list("side", "what"))
    assert len(left) == 1 and left[0][0] == "mentor" and "Tomás Ng" not in left[0][1]
