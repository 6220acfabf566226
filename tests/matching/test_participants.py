"""What mentees and mentors see of each other: nothing before approval, the match after."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client

from matching.models import Match
from matching.selectors import visible_matches_for
from matching.services import match_approve
from matching.services import match_reject
from matching.services import matching_run
from mentoring.people.models import Profile
from mentoring.people.models import User
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(coordinator: User) -> Match:
    prog = f.program()
    f.mentee(prog, name="Tomás Ng", email="tomas@example.org", personal=("Chess",))
    f.mentor(
        prog,
        name="Marisol Entwistle",
        email="marisol@example.org",
        phone="+1 555 0100",
        personal=("Chess",),
    )
    matching_run(program=prog, by=coordinator)
    return Match.objects.get()


def sees(client: Client, user: User, match: Match) -> tuple[int, str]:
    client.force_login(user)
    detail = client.get(f"/matching/{match.pk}/")
    partial = render_to_string("matching/_my_matches.html", {"user": user})
    return detail.status_code, partial + client.get("/me/").content.decode()


def test_before_approval_neither_side_sees_anything_of_the_other(
    client: Client, pair: Match
) -> None:
    status, page = sees(client, pair.mentee, pair)
    assert status == 404
    assert "Marisol" not in page and "marisol@example.org" not in page and "0100" not in page
    status, page = sees(client, pair.mentor, pair)
    assert status == 404 and "Tomás" not in page and "tomas@example.org" not in page
    assert not visible_matches_for(pair.mentee).exists()


def test_after_approval_both_see_each_other_why_and_how_to_reach_them(
    client: Client, pair: Match, coordinator: User
) -> None:
    match_approve(match=pair, by=coordinator)
    # Marisol chose to share her email and phone; Tomás kept the default (not shared).
    Profile.objects.filter(user=pair.mentor).update(share_contact=True)
    status, page = sees(client, pair.mentee, pair)
    assert status == 200
    assert "Your mentor" in page and "Marisol Entwistle" in page and "they/them" in page
    assert "Career: you both named Software engineering" in page
    assert "Personal: you both named Chess" in page
    assert "marisol@example.org" in page and "+1 555 0100" in page
    status, page = sees(client, pair.mentor, pair)
    assert status == 200 and "Your mentee" in page and "tomas@example.org" not in page


def test_a_rejected_match_stays_invisible(client: Client, pair: Match, coordinator: User) -> None:
    match_reject(match=pair, by=coordinator, reason="")
    status, page = sees(client, pair.mentee, pair)
    assert status == 404 and "Marisol" not in page


def test_nobody_else_can_open_an_approved_match(
    client: Client, pair: Match, coordinator: User, volunteer: User
) -> None:
    match_approve(match=pair, by=coordinator)
    client.force_login(volunteer)
    assert client.get(f"/matching/{pair.pk}/").status_code == 404
    assert client.get("/matching/999999/").status_code == 404
    client.logout()
    assert client.get(f"/matching/{pair.pk}/").status_code == 302  # to the login page


def test_the_match_page_uses_few_queries(
    client: Client, pair: Match, coordinator: User, django_assert_max_num_queries
) -> None:
    match_approve(match=pair, by=coordinator)
    client.force_login(pair.mentee)
    with django_assert_max_num_queries(6):
        assert client.get(f"/matching/{pair.pk}/").status_code == 200


def test_an_approved_match_card_leads_to_the_match_agreement(
    client: Client, pair: Match, coordinator: User
) -> None:
    match_approve(match=pair, by=coordinator)
    _, page = sees(client, pair.mentee, pair)
    assert f"/matching/{pair.pk}/agreement/" in page
