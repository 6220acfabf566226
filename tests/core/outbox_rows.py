"""Outbox rows the core tests queue, as a service would."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from mentoring.core import outbox
from mentoring.core.models import OutgoingEmail

ANA = "ana@example.org"


def message(to: str = ANA, subject: str = "See you on Saturday") -> EmailMultiAlternatives:
    return EmailMultiAlternatives(subject, "Plain text & <no> escaping.", None, [to])


def queue(key: str = "test.kind:event=1:to=ana@example.org", **kwargs: Any) -> OutgoingEmail:
    """Queue as a service does: inside its transaction, so the send waits for the commit."""
    with transaction.atomic():
        return outbox.email_queue(key=key, kind="test.kind", message=message(**kwargs))
