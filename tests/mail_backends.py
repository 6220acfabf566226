"""Fake SMTP servers for the outbox tests; a test points EMAIL_BACKEND at one by its path."""

from __future__ import annotations

import os
import smtplib
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

FAILING = "tests.mail_backends.FailingSMTP"
REFUSES_TRANSACTIONS = "tests.mail_backends.SMTPThatRefusesTransactions"
MAIL_DROP = "tests.mail_backends.MailDrop"


class FailingSMTP(BaseEmailBackend):
    """An SMTP server that hangs up on every message."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class SMTPThatRefusesTransactions(BaseEmailBackend):
    """Delivers to mail.outbox, and fails the test if it is reached inside an atomic block."""

    def send_messages(self, email_messages: Any) -> int:
        if transaction.get_connection().in_atomic_block:
            pytest.fail("SMTP was contacted inside transaction.atomic")
        mail.outbox.extend(email_messages)
        return len(email_messages)


class MailDrop(BaseEmailBackend):
    """An SMTP server in another process: each message it accepts is one file in EMAIL_FILE_PATH.

    While a file named `hold` lies there, a send first leaves `held-<pid>` and waits for `hold`
    to go: the test can then kill the worker mid-send, or deliver the task again meanwhile.
    """

    HOLD_AT_MOST = 30.0  # seconds; a forgotten hold must not hang the worker for ever

    def send_messages(self, email_messages: Any) -> int:
        # The setting of Django's own file backend, which reads it the same way: not a default.
        drop = Path(getattr(settings, "EMAIL_FILE_PATH", ""))
        hold = drop / "hold"
        if hold.exists():
            (drop / f"held-{os.getpid()}").touch()
            deadline = time.monotonic() + self.HOLD_AT_MOST
            while hold.exists():
                if time.monotonic() > deadline:
                    raise smtplib.SMTPServerDisconnected("Held for too long")
                time.sleep(0.05)
        for message in email_messages:
            # Written aside, then renamed: a reader never sees half a message.
            partial = drop / f".{uuid.uuid4().hex}.part"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(partial.with_name(partial.name[1:].replace(".part", ".eml")))
        return len(email_messages)
