"""Fake SMTP servers for the outbox tests; a test points EMAIL_BACKEND at one by its path."""

from __future__ import annotations

import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

FAILING = "tests.mail_backends.FailingSMTP"
REFUSES_TRANSACTIONS = "tests.mail_backends.SMTPThatRefusesTransactions"


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
