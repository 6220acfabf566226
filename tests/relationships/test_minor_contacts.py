"""Issue #15: a minor's email and phone reach the mentor nowhere, before or after approval.

The mentor is signed in and follows every link of the site from /me/ (GET only), plus the match,
agreement and check-in pages; then every email queued to the mentor is read. Neither the
minor's address nor their phone number may appear in any of it.
"""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urldefrag
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.services import checkins
from matching.relationships.services import kickoff
from matching.services import match_approve
from matching.services import matching_run
from mentoring.core.models import OutgoingEmail
from mentoring.people.contacts import contact_details
from mentoring.people.models import Profile
from mentoring.people.models import User
from tests import factories as f

pytestmark = pytest.mark.django_db

KID_EMAIL = "lucia.kid@example.org"
KID_PHONE = "+1 555 0199"
# Pages that end the session or are not pages; everything else the mentor can reach is read.
SKIP = ("/accounts/logout/", "/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.found.append(href)


def _internal(href: str) -> str | None:
    href = urldefrag(href)[0]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, start: list[str], limit: int = 300) -> dict[str, str]:
    """Every page reachable from `start` through the site's own links, by GET: {url: body}."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        body = response.content.decode("utf-8", errors="replace")
        seen[url] = body
        target = _internal(response.get("Location", ""))
        if response.status_code in (301, 302) and target is not None:
            queue.append(target)
        if "html" in response.get("Content-Type", ""):
            parser = _Links()
            parser.feed(body)
            queue += [u for u in map(_internal, parser.found) if u and u not in seen]
    return seen


def assert_nowhere(where: dict[str, str]) -> None:
    for name, text in where.items():
        assert KID_EMAIL not in text.lower(), name
        assert "555 0199" not in text and "5550199" not in text, name


@pytest.fixture
def minor_pair(coordinator: User) -> Match:
    """Lucía, 15, with guardian consent, proposed to Marisol, who is cleared for minors."""
    prog = f.program(is_youth=True)
    kid = f.mentee(prog, name="Lucía Ramos", email=KID_EMAIL, phone=KID_PHONE, age=15)
    f.give_consent(kid)
    mentor = f.mentor(prog, name="Marisol Entwistle", email="marisol@example.org")
    f.clear_for_minors(mentor)
    # Even a minor who ticked "share" (say, through an import) is never shown.
    Profile.objects.filter(user=kid).update(share_contact=True)
    matching_run(program=prog, by=coordinator)
    return Match.objects.get()


def _mentor_pages(client: Client, match: Match) -> dict[str, str]:
    client.force_login(match.mentor)
    extra = [f"/matching/{match.pk}/", f"/matching/{match.pk}/agreement/"]
    extra += [f"/matching/checkin/{c.pk}/" for c in CheckIn.objects.filter(match=match)]
    return crawl(client, ["/me/", *extra])


def _mentor_emails(match: Match) -> dict[str, str]:
    rows = OutgoingEmail.objects.filter(to=match.mentor.email)
    found = {f"outbox {r.kind} {r.pk}": r.subject + r.text_body + r.html_body for r in rows}
    for i, message in enumerate(mail.outbox):
        if match.mentor.email in message.to:
            bodies = [message.body, *(str(a[0]) for a in getattr(message, "alternatives", []))]
            found[f"mail {i}"] = message.subject + "".join(bodies)
    return found


def test_a_minors_email_and_phone_reach_the_mentor_nowhere(
    client: Client, minor_pair: Match, coordinator: User
) -> None:
    before = _mentor_pages(client, minor_pair)
    assert "/me/" in before
    assert_nowhere(before)

    match_approve(match=minor_pair, by=coordinator)
    kickoff.kickoff_send_due()
    checkins.checkin_create_due(today=timezone.localdate() + timedelta(days=15))
    after = _mentor_pages(client, minor_pair)
    # The crawl did reach the match and its check-in: the minor is there, by display name only.
    assert "Lucía Ramos" in after[f"/matching/{minor_pair.pk}/"]
    assert any(url.startswith("/matching/checkin/") for url in after)
    assert_nowhere(after)

    emails = _mentor_emails(minor_pair)
    assert any("matching.approved" in name for name in emails)
    assert_nowhere(emails)


def test_an_adult_is_hidden_by_default_and_shown_once_they_choose(coordinator: User) -> None:
    prog = f.program()
    adult = f.mentee(prog, email="tomas@example.org", phone="+1 555 0123")
    mentor = f.mentor(prog, email="marisol@example.org")
    assert not contact_details(adult, viewer=mentor).shown
    Profile.objects.filter(user=adult).update(share_contact=True)
    adult = User.objects.get(pk=adult.pk)
    shown = contact_details(adult, viewer=mentor)
    assert (shown.email, shown.phone) == ("tomas@example.org", "+1 555 0123")


def test_a_person_always_sees_their_own_details(coordinator: User) -> None:
    prog = f.program()
    kid = f.mentee(prog, email=KID_EMAIL, phone=KID_PHONE, age=15)
    own = contact_details(kid, viewer=kid)
    assert (own.email, own.phone) == (KID_EMAIL, KID_PHONE)


def test_a_minor_cannot_choose_to_share(client: Client, coordinator: User) -> None:
    prog = f.program(is_youth=True)
    kid = f.mentee(prog, email=KID_EMAIL, phone=KID_PHONE, age=15)
    client.force_login(kid)
    page = client.get("/me/contact/").content.decode()
    assert "never shown to your mentor" in page and 'name="share_contact"' not in page
    client.post("/me/contact/", {"share_contact": "on"})
    assert not Profile.objects.get(user=kid).share_contact


def test_an_adult_chooses_to_share_on_their_contact_page(client: Client) -> None:
    prog = f.program()
    adult = f.mentor(prog, email="marisol@example.org")
    client.force_login(adult)
    assert 'name="share_contact"' in client.get("/me/contact/").content.decode()
    response = client.post("/me/contact/", {"share_contact": "on"})
    assert response.status_code == 302
    assert Profile.objects.get(user=adult).share_contact
    client.post("/me/contact/", {})
    assert not Profile.objects.get(user=adult).share_contact
