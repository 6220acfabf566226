"""Issue #17: email nobody asked for carries a one-click unsubscribe; transactional email does not.

Observance prompts and nudges get `List-Unsubscribe` + `List-Unsubscribe-Post` (RFC 8058) and
end with the preferences link; a registration confirmation, a reminder the person asked for and
a concern alert get none of it. Checked on what the mail backend received, and on the outbox row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from events.models import Reminder
from events.services import registrations
from events.services import reminders
from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.services import checkins
from matching.relationships.services import quiet
from mentoring.campaign.services import observance_prompts_send
from mentoring.core import outbox
from mentoring.core.mail import build_templated
from mentoring.core.models import OutgoingEmail
from mentoring.core.optout import OptOut
from mentoring.people.models import User
from mentoring.people.unsubscribe import unsubscribe_token_read
from tests import factories as f

# Real commits: every email here is queued in a service's transaction and sent after it.
pytestmark = pytest.mark.django_db(transaction=True)

PREFERENCES = f"{settings.SITE_URL}/me/email/"


def _headers(message: EmailMessage) -> Message:
    return message.message()  # the MIME message as it goes over SMTP


def _only(to: str, kind_in_subject: str = "") -> EmailMessage:
    found = [m for m in mail.outbox if m.to == [to] and kind_in_subject in m.subject]
    assert len(found) == 1, [m.subject for m in mail.outbox]
    return found[0]


def assert_one_click(message: EmailMessage, user: User, category: str) -> None:
    sent = _headers(message)
    link = sent["List-Unsubscribe"]
    assert link.startswith(f"<{settings.SITE_URL}/email/unsubscribe/") and link.endswith("/>")
    token = link.removeprefix(f"<{settings.SITE_URL}/email/unsubscribe/").removesuffix("/>")
    assert unsubscribe_token_read(token) == (user.pk, category)
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.body.rstrip().endswith(PREFERENCES)
    assert link[1:-1] in message.body  # a person can unsubscribe from the body too


def assert_transactional(message: EmailMessage) -> None:
    sent = _headers(message)
    assert sent["List-Unsubscribe"] is None and sent["List-Unsubscribe-Post"] is None
    assert "/email/unsubscribe/" not in message.body and PREFERENCES not in message.body
    for content, _mimetype in getattr(message, "alternatives", []):
        assert "/email/unsubscribe/" not in content


@pytest.fixture
def approved(coordinator: User) -> Match:
    """Tomás and Marisol, approved 40 days ago: every relationship email is due."""
    match = f.tomas_and_marisol(coordinator)
    Match.objects.filter(pk=match.pk).update(decided_at=timezone.now() - timedelta(days=40))
    match.refresh_from_db()
    mail.outbox.clear()
    return match


def test_an_observance_prompt_carries_the_one_click_unsubscribe(
    make_user: Callable[..., User],
) -> None:
    ana = f.MenteeProfileFactory.create(user=make_user("ana@example.org", timezone="UTC")).user
    f.ObservanceDayFactory.create(
        audience="everyone", prompt_subject="Write your mentor a note", prompt_text="Go on."
    )

    assert observance_prompts_send(now=datetime(2027, 1, 21, 12, tzinfo=UTC)) == 1

    assert_one_click(_only(ana.email), ana, "observances")
    row = OutgoingEmail.objects.get(kind="campaign.observance_prompt")
    assert row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_quiet_nudge_and_a_check_in_due_carry_it_too(approved: Match) -> None:
    User.objects.filter(pk=approved.mentee_id).update(
        last_login=timezone.now() - timedelta(days=22)
    )
    quiet.quiet_scan()
    checkins.checkin_create_due()

    assert_one_click(_only("tomas@example.org", "How is your mentoring"), approved.mentee, "nudges")
    assert_one_click(_only("tomas@example.org", "check-in is due"), approved.mentee, "nudges")


def test_confirmations_reminders_and_concern_alerts_carry_none_of_it(
    approved: Match, coordinator: User
) -> None:
    registration = registrations.registration_create(
        event=f.EventFactory.create(), user=approved.mentee
    )
    day_before = Reminder.objects.get(registration=registration, kind="day_before")
    Reminder.objects.filter(pk=day_before.pk).update(due_at=timezone.now())
    assert reminders.reminder_send(reminder_id=day_before.pk) is True
    checkins.checkin_create_due()
    checkin = CheckIn.objects.get(match=approved, side="mentor")
    checkins.checkin_submit(checkin=checkin, user=approved.mentor, met=True, rating=2, concern=True)

    assert_transactional(_only("tomas@example.org", "registered"))
    assert_transactional(_only("tomas@example.org", "Tomorrow"))
    assert_transactional(_only(coordinator.email, "concern"))
    for kind in ("events.reminder", "relationships.concern"):
        for row in OutgoingEmail.objects.filter(kind=kind):
            assert "List-Unsubscribe" not in row.headers


def test_the_links_end_the_html_part_as_well_inside_its_body(
    settings: Any, tmp_path: Path, make_user: Callable[..., User]
) -> None:
    folder = tmp_path / "email"
    folder.mkdir()
    (folder / "digest_subject.txt").write_text("This week")
    (folder / "digest.txt").write_text("Three new stories.")
    (folder / "digest.html").write_text("<html><body><p>Three new stories.</p></body></html>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    links = OptOut(
        category="observances",
        unsubscribe_url="https://pif.example.org/email/unsubscribe/abc/",
        preferences_url="https://pif.example.org/me/email/",
    )

    message = build_templated(
        to=make_user("ana@example.org"), template="email/digest", context={}, optout=links
    )

    html = message.alternatives[0][0]
    assert html.rstrip().endswith("</body></html>")
    body = html[: html.rindex("</body>")].rstrip()
    assert body.endswith(
        '<a href="https://pif.example.org/me/email/">Choose which emails you get</a></p>'
    )
    assert message.body.startswith("Three new stories.")
    assert message.body.rstrip().endswith("https://pif.example.org/me/email/")
    assert message.extra_headers == links.headers()


def test_mail_nobody_asked_for_cannot_go_to_a_bare_address() -> None:
    # Only an account can opt out; a guardian's address has no preferences to honour.
    with pytest.raises(ValueError, match="account"):
        outbox.templated_email_queue(
            key="test:to=guardian@example.org",
            kind="test",
            to="guardian@example.org",
            template="email/relationships/nudge",
            context={},
            category="nudges",
        )
    assert not OutgoingEmail.objects.exists()
