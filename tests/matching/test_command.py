"""The run_matching management command."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError
from django.core.management import call_command

from matching.models import Match
from matching.models import MatchRun
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = StringIO()
    call_command("run_matching", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_the_run_summary_with_proposals_and_reasons_as_json() -> None:
    prog = f.program("winter-2027")
    tomas = f.mentee(prog, seeking=("Software engineering",))
    lonely = f.mentee(prog, name="Lonely Mentee", languages=("fr",))
    marisol = f.mentor(prog, offering=("Software engineering",))

    summary = run("winter-2027", "--json")

    assert summary["proposed"] == 1 and summary["unmatched"] == 1
    assert summary["run"] == MatchRun.objects.get().pk
    assert summary["proposals"] == [
        {
            "mentee": tomas.pk,
            "mentor": marisol.pk,
            "score": 0.5,
            "parts": {"career": 0.5, "academic": 0.0, "personal": 0.0},
            "shared": {"career": ["Software engineering"], "academic": [], "personal": []},
        }
    ]
    assert summary["unmatched_reasons"] == {str(lonely.pk): "no mentor shares a language"}


def test_a_dry_run_in_fast_mode_stores_nothing() -> None:
    prog = f.program("winter-2027")
    f.mentee(prog)
    f.mentor(prog)
    summary = run("winter-2027", "--mode", "fast", "--dry-run")
    assert summary["proposed"] == 1 and summary["mode"] == "fast" and summary["run"] is None
    assert "proposals" not in summary
    assert not Match.objects.exists()


def test_an_unknown_program_is_a_clear_error() -> None:
    f.program("winter-2027")
    with pytest.raises(CommandError, match="No program with slug 'nope'.*winter-2027"):
        run("nope")


def test_a_program_with_all_weights_at_zero_is_a_clear_error() -> None:
    f.program("winter-2027", weight_career=0, weight_academic=0, weight_personal=0)
    with pytest.raises(CommandError, match="At least one weight must be above zero"):
        run("winter-2027")
    assert not MatchRun.objects.exists()


def test_a_program_with_nobody_yet_runs_cleanly() -> None:
    f.program("winter-2027")
    summary = run("winter-2027")
    assert (summary["proposed"], summary["unmatched"], summary["mean_score"]) == (0, 0, 0.0)
