"""The outbox as coordinators and the health probe see it: read-only rows, send again, the
oldest unsent email."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from mentoring.core import outbox
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import Enrollment
from mentoring.people.models import ProgramCoordinator
from tests.core.outbox_rows import ANA
from tests.core.outbox_rows import queue
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

Status = OutgoingEmail.Status


# --- Health ---------------------------------------------------------------------------------------


def test_the_health_endpoint_reports_the_oldest_unsent_email(client: Client) -> None:
    seen = client.get("/health/").json()
    assert seen["status"] == "ok"
    assert seen["oldest_unsent_email_seconds"] is None

    row, sent = queue(), queue(key="sent", to="bo@example.org")
    outbox.outbox_send(email_id=sent.pk)
    OutgoingEmail.objects.filter(pk=row.pk).update(created=timezone.now() - timedelta(seconds=90))
    OutgoingEmail.objects.filter(pk=sent.pk).update(created=timezone.now() - timedelta(days=3))

    seen = client.get("/health/").json()
    assert seen["status"] == "ok"
    assert 90 <= seen["oldest_unsent_email_seconds"] < 120


# --- The coordinators' admin ----------------------------------------------------------------------


@pytest.fixture
def coordinator_client(make_user: Callable[..., Any], client: Client) -> Client:
    # Cory is a coordinator, not a superuser: only what the Coordinators group grants, and
    # the outbox of his program's people (Ana and Bo, the addresses these emails go to).
    cory = make_user("cory.coordinator@example.org", is_staff=True)
    cory.groups.add(Group.objects.get(name="Coordinators"))
    program = ProgramFactory.create()
    ProgramCoordinator.objects.create(program=program, user=cory)
    for address in (ANA, "bo@example.org"):
        Enrollment.objects.create(user=make_user(address), program=program, role="mentee")
    client.force_login(cory)
    return client


def test_coordinators_see_the_outbox_read_only_with_the_text_body(
    coordinator_client: Client, failing_smtp: None
) -> None:
    row = queue()
    outbox.outbox_send(email_id=row.pk)

    listing = coordinator_client.get("/admin/core/outgoingemail/?status=pending")
    assert listing.status_code == 200
    assert "SMTPServerDisconnected" in listing.content.decode()

    page = coordinator_client.get(f"/admin/core/outgoingemail/{row.pk}/change/").content.decode()
    assert "Plain text &amp; &lt;no&gt; escaping." in page
    assert 'name="subject"' not in page, "no editable field"
    assert coordinator_client.get("/admin/core/outgoingemail/add/").status_code == 403
    delete = coordinator_client.get(f"/admin/core/outgoingemail/{row.pk}/delete/")
    assert delete.status_code == 403


def test_send_again_requeues_failed_emails_and_leaves_sent_ones_alone(
    coordinator_client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    failed, sent = queue(), queue(key="sent", to="bo@example.org")
    outbox.outbox_send(email_id=sent.pk)
    mail.outbox.clear()
    OutgoingEmail.objects.filter(pk=failed.pk).update(
        status=Status.FAILED, attempts=outbox.MAX_ATTEMPTS, last_error="SMTP down"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            "/admin/core/outgoingemail/",
            {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    page = response.content.decode()
    assert "1 email queued to send again." in page
    assert "1 email left alone" in page
    assert [m.to for m in mail.outbox] == [[ANA]], "the failed one, once; the sent one not again"
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)
