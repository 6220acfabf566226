"""Email is the login, verification is mandatory, enumeration is prevented, limits hold."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core import mail
from django.test import Client

from mentoring.people.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/")


def sign_up(client: Client, email: str, password: str = PASSWORD) -> None:
    client.post("/accounts/signup/", {"email": email, "password1": password, "password2": password})


def test_the_user_model_has_no_username_and_logs_in_by_email() -> None:
    assert User.USERNAME_FIELD == "email"
    assert not any(f.name == "username" for f in User._meta.get_fields())


def test_signing_up_sends_a_confirmation_link_and_blocks_login_until_confirmed(
    client: Client,
) -> None:
    sign_up(client, "New.Person@Example.org")
    user = User.objects.get(email="new.person@example.org")
    assert len(mail.outbox) == 1
    link = CONFIRM_LINK.search(mail.outbox[0].body)
    assert link, mail.outbox[0].body

    other = Client()
    other.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in other.session

    path = link.group(0)[link.group(0).index("/accounts/") :]
    other.post(path)
    other.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert other.session["_auth_user_id"] == str(user.pk)


def test_signing_up_with_a_taken_email_reveals_nothing(client: Client, mentee: User) -> None:
    fresh = Client()
    sign_up(fresh, f"someone-{uuid.uuid4().hex[:6]}@example.org")
    taken = Client()
    response = taken.post(
        "/accounts/signup/",
        {"email": mentee.email, "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    # Same page as a fresh sign-up; the owner of the address is told by email instead.
    assert response.redirect_chain[-1][0] == "/accounts/confirm-email/"
    assert User.objects.filter(email=mentee.email).count() == 1
    assert mail.outbox[-1].to == [mentee.email]


def test_the_admin_login_goes_through_allauth(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_non_staff_people_cannot_open_the_admin(client: Client, mentor: User) -> None:
    client.force_login(mentor)
    assert client.get("/admin/").status_code in (302, 403)
    assert client.get("/admin/login/").status_code == 403


def test_repeated_wrong_passwords_are_rate_limited(client: Client, make_user) -> None:
    user = make_user(f"target-{uuid.uuid4().hex[:8]}@example.org")
    for _ in range(6):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    # Even the right password is refused while the limit holds.
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_account_emails_name_the_site_not_the_host_the_request_came_in_on(
    client: Client, settings
) -> None:
    settings.SITE_URL = "https://mentoring.example.org"
    client.post(
        "/accounts/signup/",
        {"email": "port@example.org", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST="127.0.0.1:8101",
    )
    body = mail.outbox[0].body
    # Greeted as the person (no display name yet at sign-up), signed by the site, by its name.
    assert body.startswith("Hello port@example.org,")
    assert "127.0.0.1:8101" not in body
    assert "Thank you for using Pay It Forward!" in body
    assert "mentoring.example.org" in body  # the site's own address, from SITE_URL
    assert "https://mentoring.example.org/accounts/confirm-email/" in body  # its link too
