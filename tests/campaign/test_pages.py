"""Campaign pages: moderation on the wall, escaping, the cached home page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from mentoring.campaign import services as campaign
from mentoring.campaign.models import Nomination
from mentoring.campaign.models import ThankYouNote
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.campaign.conftest import XSS
from tests.campaign.data import note_for_the_wall

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_mentor(make_mentor: Callable[..., User]) -> User:
    mentor = make_mentor(first_name="Marisol")
    Profile.objects.create(user=mentor, display_name="Marisol E.")
    return mentor


def test_a_public_note_is_invisible_on_the_wall_until_approved(
    client: Client, named_mentor: User, mentee: User, coordinator: User
) -> None:
    note = note_for_the_wall(mentee, named_mentor, "You changed my life")
    assert "You changed my life" not in client.get(reverse("campaign:stories")).text
    campaign.note_moderate(note=note, approve=True, moderator=coordinator)
    assert "You changed my life" in client.get(reverse("campaign:stories")).text


def test_a_rejected_nomination_never_appears(
    client: Client, named_mentor: User, mentee: User, coordinator: User
) -> None:
    nomination = campaign.nomination_submit(
        nominator=mentee, mentor=named_mentor, story="Rejected story text"
    )
    campaign.nomination_reject(nomination=nomination, moderator=coordinator)
    assert "Rejected story text" not in client.get(reverse("campaign:stories")).text
    assert client.get(reverse("campaign:story", args=[nomination.pk])).status_code == 404
    assert "Rejected story text" not in client.get("/").text


def test_xss_in_notes_and_stories_renders_as_text_on_pages_and_in_the_admin(
    client: Client, named_mentor: User, mentee: User, coordinator: User
) -> None:
    note = note_for_the_wall(mentee, named_mentor, XSS)
    campaign.note_moderate(note=note, approve=True, moderator=coordinator)
    nomination = campaign.nomination_submit(nominator=mentee, mentor=named_mentor, story=XSS)
    campaign.nomination_feature(nomination=nomination, moderator=coordinator, title=XSS, body=XSS)
    pages = [
        reverse("campaign:stories"),
        reverse("campaign:story", args=[nomination.pk]),
        "/",
    ]
    client.force_login(coordinator)
    pages += [
        reverse("admin:campaign_thankyounote_changelist"),
        reverse("admin:campaign_thankyounote_change", args=[note.pk]),
        reverse("admin:campaign_nomination_changelist"),
        reverse("admin:campaign_nomination_change", args=[nomination.pk]),
    ]
    for url in pages:
        html = client.get(url).text
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url


def test_a_signed_in_person_thanks_a_mentor_from_the_form(
    client: Client, named_mentor: User, mentee: User
) -> None:
    client.force_login(mentee)
    # Not their match's mentor: found by a search for the name (issue #18), then thanked.
    response = client.post(
        reverse("campaign:thank") + "?q=Marisol",
        {"mentor": named_mentor.pk, "body": "Thanks!", "public": "on"},
    )
    assert response.status_code == 302
    note = ThankYouNote.objects.get()
    assert (note.author, note.mentor, note.visibility) == (mentee, named_mentor, "public")


def test_the_note_form_refuses_someone_who_is_not_a_mentor(
    client: Client, mentee: User, volunteer: User
) -> None:
    client.force_login(mentee)
    response = client.post(reverse("campaign:thank"), {"mentor": volunteer.pk, "body": "Hi"})
    assert response.status_code == 200
    assert not ThankYouNote.objects.exists()


def test_nominating_needs_a_story(client: Client, named_mentor: User, mentee: User) -> None:
    client.force_login(mentee)
    response = client.post(reverse("campaign:nominate"), {"mentor": named_mentor.pk})
    assert response.status_code == 200
    assert not Nomination.objects.exists()


def test_the_home_page_shows_every_call_to_action_and_the_mentor_of_the_month(
    client: Client, named_mentor: User, mentee: User, coordinator: User
) -> None:
    nomination = campaign.nomination_submit(
        nominator=mentee, mentor=named_mentor, story="Kind", month=date(2026, 1, 1)
    )
    campaign.nomination_feature(nomination=nomination, moderator=coordinator, title="Meet Marisol")
    html = client.get("/").text
    for call in (
        "Become a mentor",
        "Share by email",
        "See the events",
        "Thank your mentor",
        "Find a mentee",
        "Browse programs",
        "Meet Marisol",
    ):
        assert call in html


def test_the_home_page_uses_a_constant_number_of_queries_and_the_cache_for_visitors(
    client: Client,
    django_assert_max_num_queries,
    django_assert_num_queries,
    make_mentor: Callable[..., User],
) -> None:
    for n in range(5):
        make_mentor()
        Program.objects.create(name=f"Program {n}", slug=f"program-{n}", status="open")
    with django_assert_max_num_queries(9):
        first = client.get("/")
    with django_assert_num_queries(0):
        second = client.get("/")
    assert first.status_code == second.status_code == 200
    assert "Ways to pay it forward" in second.text


def test_signed_in_people_get_a_fresh_render_with_the_same_query_budget(
    client: Client, mentee: User, django_assert_max_num_queries
) -> None:
    client.force_login(mentee)
    client.get("/")
    with django_assert_max_num_queries(9):
        assert client.get("/").status_code == 200


def test_the_resources_page_points_to_988(client: Client) -> None:
    assert "988 Suicide &amp; Crisis Lifeline" in client.get(reverse("campaign:resources")).text


def test_story_pages_carry_open_graph_tags_and_plain_share_links(
    client: Client, named_mentor: User, mentee: User, coordinator: User
) -> None:
    nomination = campaign.nomination_submit(nominator=mentee, mentor=named_mentor, story="Kind")
    campaign.nomination_feature(nomination=nomination, moderator=coordinator, title="Meet her")
    html = client.get(reverse("campaign:story", args=[nomination.pk])).text
    assert 'property="og:title" content="Meet her"' in html
    assert "twitter.com/intent/tweet" in html and "MentoringMonth" in html
    assert "<script" not in html


def test_the_home_page_in_spanish_is_cached_separately_and_translated(client: Client) -> None:
    english = client.get("/").text
    client.cookies["django_language"] = "es"
    spanish = client.get("/").text
    assert "Ways to pay it forward" in english
    assert "Formas de devolver el favor" in spanish
    assert "Ways to pay it forward" not in spanish
    assert "Hazte mentor" in spanish and "Saltar al contenido principal" in spanish


def test_the_home_page_leads_to_hosting_an_event_and_sharing_skills(client: Client) -> None:
    html = client.get("/").text
    for name in ("events:host", "events:share_skills", "events:list"):
        assert f'href="{reverse(name)}"' in html
