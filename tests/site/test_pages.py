"""The shell every page shares: landmarks, navigation by sign-in state, friendly errors."""

from __future__ import annotations

import pytest
from django.test import Client

from mentoring.people.models import User

pytestmark = pytest.mark.django_db


def test_home_says_what_the_site_is_with_a_skip_link_and_landmarks(client: Client) -> None:
    page = client.get("/").content.decode()
    assert "National Mentoring Month" in page
    assert 'href="#main"' in page and 'id="main"' in page
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in page


def test_navigation_offers_sign_up_to_visitors(client: Client) -> None:
    page = client.get("/").content.decode()
    assert "/accounts/signup/" in page
    assert "My dashboard" not in page


def test_navigation_offers_the_dashboard_and_log_out_when_signed_in(
    client: Client, mentee: User
) -> None:
    client.force_login(mentee)
    page = client.get("/").content.decode()
    assert "My dashboard" in page and "Log out" in page
    assert "Coordinator console" not in page


def test_coordinators_see_a_link_to_their_console(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    assert "Coordinator console" in client.get("/").content.decode()


def test_an_unknown_page_is_a_friendly_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "couldn" in response.content.decode()


def test_the_health_probe_checks_the_database(client: Client) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_pages_are_served_in_spanish_when_the_browser_asks(client: Client) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in page


def test_the_dashboard_needs_a_login(client: Client) -> None:
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signup_refuses_a_post_without_a_csrf_token() -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/signup/", {"email": "x@example.org", "password1": "a", "password2": "a"}
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()
