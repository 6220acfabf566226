"""The Unmatched page at scale: paginated, sortable by reason, closest mentors in one pass, CSV."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from django.test import Client

from matching import unmatched
from matching.engine.closest import closest
from matching.services import matching_run
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.matching import factories as f

pytestmark = pytest.mark.django_db

PAGE = "/admin/matching/match/unmatched/"


def left_out(coordinator: User, n: int) -> Program:
    """One mentor with one place, and n + 1 mentees who want them; n are left unmatched, and
    one more who speaks no shared language, for a second reason."""
    prog = f.program()
    f.mentor(prog, name="Only Mentor", offering=("Software engineering",), capacity=1)
    for i in range(n + 1):
        f.mentee(prog, name=f"Mentee {i:02d}", seeking=("Software engineering",))
    loner = f.mentee(prog, name="Loner", seeking=("Law",))
    loner.profile.languages = ["fr"]
    loner.profile.save()
    matching_run(program=prog, by=coordinator)
    return prog


def test_the_engine_ranks_the_k_best_feasible_in_one_pass_ties_to_the_lower_column() -> None:
    scores = np.array([[0.2, 0.9, 0.9, 0.5], [0.1, 0.2, 0.3, 0.4]])
    feasible = np.array([[True, True, True, False], [False, False, True, False]])
    columns, found = closest(scores, feasible, 3)
    assert columns[0].tolist() == [1, 2, 0] and found[0].tolist() == [True, True, True]
    assert columns[1][0] == 2 and found[1].tolist() == [True, False, False]


def test_it_pages_sorts_by_reason_and_shows_the_closest_mentor(
    console: Client, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unmatched, "PER_PAGE", 3)
    prog = left_out(coordinator, 4)
    first = console.get(PAGE, {"program": prog.pk}).content.decode()
    assert "5 unmatched mentees" in first and "Page 1 of 2" in first
    # "all compatible mentors are at capacity" sorts before "no mentor shares a language".
    assert "all compatible mentors are at capacity" in first and "Loner" not in first
    assert "Only Mentor — score 0.50, 1 of 1 places proposed or approved" in first
    last = console.get(PAGE, {"program": prog.pk, "page": 2}).content.decode()
    assert "Loner" in last and "no mentor shares a language" in last and "None feasible." in last
    reverse = console.get(PAGE, {"program": prog.pk, "o": "-reason"}).content.decode()
    assert "Loner" in reverse
    assert console.get(PAGE, {"program": prog.pk, "o": "x", "page": "zz"}).status_code == 200


@pytest.mark.parametrize("n", [4, 20])
def test_a_page_uses_the_same_number_of_queries_whatever_the_program_size(
    n: int, console: Client, coordinator: User, django_assert_num_queries
) -> None:
    prog = left_out(coordinator, n)
    with django_assert_num_queries(17):
        assert console.get(PAGE, {"program": prog.pk}).status_code == 200


def test_the_csv_lists_every_unmatched_mentee_with_reason_and_closest(
    console: Client, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unmatched, "CSV_BLOCK", 2)  # several blocks, one file
    prog = left_out(coordinator, 4)
    response = console.get(PAGE + "csv/", {"program": prog.pk})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 5
    by_name = {r["mentee"]: r for r in rows}
    assert by_name["Loner"]["reason"] == "no mentor shares a language"
    assert by_name["Loner"]["closest_mentors"] == ""
    assert by_name["Mentee 00"]["closest_mentors"] == "Only Mentor (0.50)"


def test_with_no_run_yet_the_page_and_csv_say_so(console: Client) -> None:
    assert "Matching has not been run yet." in console.get(PAGE).content.decode()
    assert console.get(PAGE + "csv/").content.decode().startswith("mentee_id,")
