"""The programs directory: only open programs, filters that combine, constant queries."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from urllib.parse import parse_qs
from urllib.parse import urlparse

import pytest
from django.test import Client

from mentoring.people.models import Enrollment
from mentoring.people.models import Program
from mentoring.people.models import User

pytestmark = pytest.mark.django_db

MakeProgram = Callable[..., Program]


def names(client: Client, query: str = "") -> list[str]:
    response = client.get("/programs/" + query)
    assert response.status_code == 200
    return re.findall(r'<h2><a href="/programs/[\w-]+/">([^<]+)</a></h2>', response.text)


def join_links(client: Client, program: Program) -> dict[str, str]:
    page = client.get(f"/programs/{program.slug}/").text
    found = re.findall(r'<a class="button" href="([^"]+)">(Join as \w+)</a>', page)
    return {label: unescape(href) for href, label in found}


def test_it_lists_only_open_programs(client: Client, make_program: MakeProgram) -> None:
    make_program(name="Open one")
    for status in (Program.Status.DRAFT, Program.Status.MATCHING, Program.Status.CLOSED):
        make_program(name=f"Not {status}", status=status)
    assert names(client) == ["Open one"]


def test_a_closed_program_has_no_public_page(client: Client, make_program: MakeProgram) -> None:
    program = make_program(status=Program.Status.DRAFT)
    assert client.get(f"/programs/{program.slug}/").status_code == 404


def test_it_shows_places_left_for_mentors_and_mentees(
    client: Client, make_program: MakeProgram, mentor: User, mentee: User
) -> None:
    program = make_program(mentor_places=3, mentee_places=1, time_commitment="2 hours a month")
    Enrollment.objects.create(user=mentor, program=program, role=Enrollment.Role.MENTOR)
    Enrollment.objects.create(user=mentee, program=program, role=Enrollment.Role.MENTEE)
    page = client.get("/programs/").text
    places = re.findall(r'<dd class="program-places">([^<]+)</dd>', page)
    assert places == ["2 places left", "0 places left"]
    assert "2 hours a month" in page
    assert "Riverside Youth Club" in page


def test_a_program_without_a_limit_says_so(client: Client, make_program: MakeProgram) -> None:
    make_program()
    page = client.get("/programs/").text
    places = re.findall(r'<dd class="program-places">([^<]+)</dd>', page)
    assert places == ["No limit", "No limit"]


def test_filters_combine(client: Client, make_program: MakeProgram) -> None:
    make_program(name="Youth online career", is_youth=True, delivery="online", focus="career")
    make_program(name="Youth hybrid both", is_youth=True, delivery="hybrid", focus="both")
    make_program(
        name="Youth in person academic",
        is_youth=True,
        delivery="in_person",
        focus="academic",
        area="Austin",
    )
    make_program(name="Adult online career", delivery="online", focus="career", area="Austin")

    assert names(client, "?audience=youth") == [
        "Youth hybrid both",
        "Youth in person academic",
        "Youth online career",
    ]
    assert names(client, "?audience=youth&delivery=online") == [
        "Youth hybrid both",
        "Youth online career",
    ]
    assert names(client, "?audience=youth&delivery=online&focus=career") == [
        "Youth hybrid both",
        "Youth online career",
    ]
    assert names(client, "?audience=youth&focus=academic") == [
        "Youth hybrid both",
        "Youth in person academic",
    ]
    assert names(client, "?area=Austin") == ["Adult online career", "Youth in person academic"]
    # Every program takes adults, youth programs too (issue #18).
    assert names(client, "?area=Austin&audience=adult&focus=academic") == [
        "Youth in person academic"
    ]
    assert names(client, "?audience=adult&delivery=in_person") == [
        "Youth hybrid both",
        "Youth in person academic",
    ]


def test_a_bad_filter_value_is_a_form_error_not_a_crash(
    client: Client, make_program: MakeProgram
) -> None:
    make_program(name="Only")
    response = client.get("/programs/?audience=martians&area=Springfield")
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    # A NUL byte never reaches the form: the site answers 400 with a message (#12).
    assert client.get("/programs/?area=%00").status_code == 400


@pytest.mark.parametrize("count", [2, 20])
def test_the_directory_uses_a_constant_number_of_queries(
    client: Client,
    make_program: MakeProgram,
    make_user: Callable[..., User],
    django_assert_num_queries: Callable[..., object],
    count: int,
) -> None:
    person = make_user()
    for n in range(count):
        program = make_program(area=f"Area {n % 3}", mentor_places=5)
        Enrollment.objects.create(user=person, program=program, role=Enrollment.Role.MENTOR)
    # One query for the areas in the filter, one for the programs with their places left.
    with django_assert_num_queries(2):
        assert len(names(client, "?audience=adult")) == count


def test_join_buttons_lead_into_onboarding_with_the_program_chosen(
    client: Client, make_program: MakeProgram, mentee: User
) -> None:
    program = make_program(name="Career Bridges")
    make_program(name="Another")
    links = join_links(client, program)
    assert set(links) == {"Join as mentor", "Join as mentee"}
    url = urlparse(links["Join as mentee"])
    assert url.path == "/me/onboarding/roles/"
    assert parse_qs(url.query) == {"program": [program.slug], "role": ["mentee"]}

    client.force_login(mentee)
    form = client.get(links["Join as mentee"]).text
    assert re.findall(r'<option value="(\d+)" selected>', form) == [str(program.pk)]
    checked = re.findall(r'<input type="checkbox" name="roles" value="(\w+)"[^>]*checked', form)
    assert checked == ["mentee"]


def test_a_visitor_is_sent_to_log_in_and_comes_back_to_the_chosen_program(
    client: Client, make_program: MakeProgram
) -> None:
    program = make_program()
    response = client.get(f"/me/onboarding/roles/?program={program.slug}&role=mentor")
    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert "program%3D" + program.slug in response["Location"]


def test_recruiting_mentors_only_hides_the_mentee_button(
    client: Client, make_program: MakeProgram
) -> None:
    program = make_program(recruiting_mentors_only=True)
    assert list(join_links(client, program)) == ["Join as mentor"]
    assert "Recruiting mentors only" in client.get(f"/programs/{program.slug}/").text


def test_a_full_program_offers_no_join_button(
    client: Client, make_program: MakeProgram, mentor: User
) -> None:
    program = make_program(mentor_places=1, recruiting_mentors_only=True)
    Enrollment.objects.create(user=mentor, program=program, role=Enrollment.Role.MENTOR)
    assert join_links(client, program) == {}
    assert "This program is full for now." in client.get(f"/programs/{program.slug}/").text


def test_the_nav_links_to_the_directory(client: Client) -> None:
    nav = re.search(r'<nav class="site-nav".*?</nav>', client.get("/").text, re.S)
    assert nav is not None
    assert '<a href="/programs/">Programs</a>' in nav.group(0)
