"""Issue #17: a person chooses which emails they did not ask for still reach them.

The preferences page (/me/email/) and the one-click link of every prompt and nudge
(/email/unsubscribe/<token>/, RFC 8058): a mail client POSTs to it with no session, a link
scanner's GET changes nothing, a changed token is refused. Export and erasure cover the choices.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.emails import CANCEL_SALT
from matching.models import Match
from matching.relationships.services import quiet
from matching.services import match_approve
from matching.services import matching_run
from mentoring.campaign.services import observance_prompts_send
from mentoring.core.privacy import person_erase
from mentoring.core.privacy import person_export
from mentoring.people.models import EmailCategory
from mentoring.people.models import EmailPreference
from mentoring.people.models import User
from mentoring.people.unsubscribe import SALT
from mentoring.people.unsubscribe import unsubscribe_token_make
from tests import factories as f

# Real commits: prompts and nudges are queued in a service's transaction and sent after it.
pytestmark = pytest.mark.django_db(transaction=True)

OBSERVANCE_DAY = datetime(2027, 1, 21, 12, tzinfo=UTC)
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture
def ana(make_user: Callable[..., User]) -> User:
    # Ana is a mentee who gets the observance prompts of National Mentoring Month.
    return f.MenteeProfileFactory.create(user=make_user("ana@example.org", timezone="UTC")).user


@pytest.fixture
def observance(db: None) -> None:
    f.ObservanceDayFactory.create(
        audience="everyone", prompt_subject="Write your mentor a note", prompt_text="Go on."
    )


def _link(user: User, category: str = EmailCategory.OBSERVANCES) -> str:
    return reverse("email_unsubscribe", args=[unsubscribe_token_make(user.pk, category)])


def _accepts(user: User, category: str) -> bool:
    return User.objects.filter(pk=user.pk).accepting_email(category).exists()


# --- One click ------------------------------------------------------------------------------------


def test_a_mail_clients_one_click_post_without_a_session_unsubscribes_and_the_next_prompt_stays(
    ana: User, make_user: Callable[..., User], observance: None
) -> None:
    bo = f.MenteeProfileFactory.create(user=make_user("bo@example.org", timezone="UTC")).user
    # What Gmail does: a bare POST, no cookie, no CSRF token, the RFC 8058 body.
    client = Client(enforce_csrf_checks=True)

    response = client.post(_link(ana), ONE_CLICK)

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert not _accepts(ana, EmailCategory.OBSERVANCES)
    assert _accepts(ana, EmailCategory.NUDGES)  # only the category of that email
    assert observance_prompts_send(now=OBSERVANCE_DAY) == 1
    assert [m.to for m in mail.outbox] == [[bo.email]]


def test_the_link_in_a_sent_prompt_is_the_one_that_works(ana: User, observance: None) -> None:
    observance_prompts_send(now=OBSERVANCE_DAY)
    url = mail.outbox[0].message()["List-Unsubscribe"].strip("<>")

    Client(enforce_csrf_checks=True).post(urlsplit(url).path, ONE_CLICK)

    assert not _accepts(ana, EmailCategory.OBSERVANCES)


def test_a_nudge_is_not_sent_to_someone_who_opted_out_of_nudges(coordinator: User) -> None:
    prog = f.program()
    tomas = f.mentee(prog, name="Tomás Ng", email="tomas@example.org")
    marisol = f.mentor(prog, name="Marisol Entwistle", email="marisol@example.org")
    matching_run(program=prog, by=coordinator)
    match = match_approve(match=Match.objects.get(), by=coordinator)
    Match.objects.filter(pk=match.pk).update(decided_at=timezone.now() - timedelta(days=30))
    User.objects.filter(pk__in=[tomas.pk, marisol.pk]).update(
        last_login=timezone.now() - timedelta(days=22)
    )
    Client().post(_link(tomas, EmailCategory.NUDGES), ONE_CLICK)
    mail.outbox.clear()

    quiet.quiet_scan()

    assert [m.to for m in mail.outbox] == [[marisol.email]]


def test_a_link_scanners_get_only_asks_and_changes_nothing(ana: User) -> None:
    response = Client().get(_link(ana))

    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'<form method="post"', page)
    assert '<button type="submit" class="button">Unsubscribe</button>' in page
    assert "National Mentoring Month days" in page  # says what it would stop
    assert _accepts(ana, EmailCategory.OBSERVANCES)
    assert not EmailPreference.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-3] + ("abc" if not token.endswith("abc") else "xyz"),
        lambda token: "not-a-token",
        # A valid signature from another feature (the events cancel link) is not one of ours.
        lambda token: signing.dumps({"u": 1, "c": "observances"}, salt=CANCEL_SALT),
        lambda token: signing.dumps({"u": 1, "c": "everything"}, salt=SALT),
    ],
    ids=["changed", "made-up", "other-salt", "unknown-category"],
)
def test_a_tampered_or_foreign_token_is_a_400_with_a_clear_message(
    ana: User, tamper: Callable[[str], str]
) -> None:
    token = tamper(unsubscribe_token_make(ana.pk, EmailCategory.OBSERVANCES))
    url = reverse("email_unsubscribe", args=[token])

    for response in (Client().get(url), Client().post(url, ONE_CLICK)):
        assert response.status_code == 400
        assert "This unsubscribe link does not work" in response.content.decode()
    assert _accepts(ana, EmailCategory.OBSERVANCES)


def test_a_link_of_an_erased_account_is_a_400_not_a_500(ana: User) -> None:
    link = _link(ana)
    User.objects.filter(pk=ana.pk).update(is_active=False)

    assert Client().post(link, ONE_CLICK).status_code == 400
    assert not EmailPreference.objects.exists()


# --- The preferences page -------------------------------------------------------------------------


def test_the_preferences_page_needs_a_login(client: Client) -> None:
    response = client.get(reverse("email_preferences"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_checkbox_has_a_label_and_starts_ticked(client: Client, ana: User) -> None:
    client.force_login(ana)
    page = client.get(reverse("email_preferences")).content.decode()

    for category in EmailCategory:
        field = f'id="id_{category.value}"'
        assert re.search(rf'<input type="checkbox" name="{category.value}" [^>]*checked', page)
        assert field in page
        assert f'<label for="id_{category.value}">{category.label}' in page
    assert "<legend>" in page and 'type="submit"' in page


def test_saving_the_preferences_says_so_and_the_choice_sticks(
    client: Client, ana: User, observance: None
) -> None:
    client.force_login(ana)

    response = client.post(reverse("email_preferences"), {"nudges": "on"}, follow=True)

    assert response.redirect_chain == [(reverse("email_preferences"), 302)]
    assert "Your email preferences are saved." in response.content.decode()
    assert not _accepts(ana, EmailCategory.OBSERVANCES)
    assert _accepts(ana, EmailCategory.NUDGES)
    assert observance_prompts_send(now=OBSERVANCE_DAY) == 0
    # Ticking it again brings the prompts back.
    client.post(reverse("email_preferences"), {"nudges": "on", "observances": "on"})
    assert _accepts(ana, EmailCategory.OBSERVANCES)


def test_the_preferences_form_keeps_its_csrf_check(ana: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    assert client.post(reverse("email_preferences"), {}).status_code == 403
    assert not EmailPreference.objects.exists()


def test_the_dashboard_links_to_the_preferences(client: Client, ana: User) -> None:
    client.force_login(ana)
    assert reverse("email_preferences") in client.get(reverse("me")).content.decode()


def test_a_spanish_reader_gets_the_links_in_spanish(
    make_user: Callable[..., User], observance: None
) -> None:
    lucia = make_user("lucia@example.org", timezone="UTC", language="es")
    observance_prompts_send(now=OBSERVANCE_DAY)
    body = mail.outbox[0].body
    assert "Elige qué correos recibes" in body and "Darme de baja de correos como este" in body
    assert lucia.email in mail.outbox[0].to


# --- Export and erasure ---------------------------------------------------------------------------


def test_the_export_has_the_choices_and_erasure_removes_them(ana: User) -> None:
    Client().post(_link(ana), ONE_CLICK)

    exported = person_export(ana)["people"]["email_preferences"]
    assert [(row["category"], row["subscribed"]) for row in exported] == [("observances", False)]
    assert set(exported[0]) == {"category", "subscribed", "updated"}

    person_erase(ana)
    assert not EmailPreference.objects.filter(user=ana).exists()
