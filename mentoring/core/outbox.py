"""Every email leaves through the outbox: queued with the change that causes it, sent once.

`email_queue` writes a row inside the caller's transaction, so the email exists if and only if
the change committed; its key (kind, object, recipient) makes queueing twice a no-op. After the
commit a task sends it: `outbox_send` claims the row in one short transaction, talks to SMTP
with no transaction open (a slow server must never hold row locks, or on SQLite the whole
database), then stamps it sent in another. Many emails queued together (`emails_queue`, e.g.
a scan's reminders) go out as one `outbox_send_batch`: one claim, one SMTP connection, one
stamp. A broker that is down only delays the email: the
beat scan (`outbox_flush`, also `manage.py send_outbox`) finds every row nobody sent.

Exactly once, with one window left open on purpose: a worker that dies after SMTP accepted
the email but before the stamp committed leaves a claim that expires, and the email is sent
again. At least once beats at most once for the emails a rule says must go out.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from email.mime.base import MIMEBase
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail import get_connection
from django.db import models
from django.db import transaction
from django.utils import timezone

from mentoring.core.jobs import enqueue
from mentoring.core.mail import Attachment
from mentoring.core.mail import Recipient
from mentoring.core.mail import build_templated
from mentoring.core.models import KEY_LENGTH
from mentoring.core.models import OutgoingEmail
from mentoring.core.optout import optout_for

logger = logging.getLogger(__name__)

SEND_TASK = "mentoring.core.tasks.outbox_send"
SEND_BATCH_TASK = "mentoring.core.tasks.outbox_send_batch"
MAX_ATTEMPTS = 10
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=2)  # 1, 2, 4 … 64 min, then every 2 h: about 6 h in all
# Seconds an SMTP conversation may take; far below the claim's lease (models.LEASE), so a
# slow server can never make a second worker think the first one died.
SMTP_TIMEOUT = 60

Status = OutgoingEmail.Status


def email_key(kind: str, *parts: object, to: str) -> str:
    """`events.reminder:day_before:registration=12:to=ana@example.org`.

    A model instance stands for itself as `<model>=<pk>`; anything else is written as is.
    """
    written = [
        f"{part._meta.model_name}={part.pk}" if isinstance(part, models.Model) else str(part)
        for part in parts
    ]
    return ":".join([kind, *written, f"to={to.strip().lower()}"])


def _attachments(message: EmailMessage) -> list[list[str]]:
    stored = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            raise ValueError("The outbox stores attachments as (filename, content, mimetype).")
        filename, content, mimetype = attachment
        if isinstance(content, bytes):
            try:
                content = content.decode("utf-8")
            except UnicodeDecodeError as error:
                raise ValueError(f"The outbox stores text attachments only: {filename}") from error
        stored.append([filename, content, mimetype or "application/octet-stream"])
    return stored


def _row(*, key: str, kind: str, message: EmailMessage) -> OutgoingEmail:
    """The unsaved row for one rendered email, refusing what the outbox cannot keep."""
    if len(message.to) != 1 or message.cc or message.bcc:
        raise ValueError("An outgoing email has exactly one recipient (and no cc or bcc).")
    if len(key) > KEY_LENGTH:
        raise ValueError(f"Email key too long: {key[:80]}…")
    alternatives = getattr(message, "alternatives", [])
    html = next((content for content, mimetype in alternatives if mimetype == "text/html"), "")
    headers = dict(message.extra_headers)
    if message.reply_to:
        headers.setdefault("Reply-To", ", ".join(message.reply_to))
    return OutgoingEmail(
        key=key,
        kind=kind,
        to=message.to[0],
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        subject=str(message.subject),
        text_body=str(message.body),
        html_body=html,
        attachments=_attachments(message),
        headers=headers,
    )


def _enqueue_after_commit(name: str, *args: object) -> None:
    if in_business_transaction():
        # robust: once the change has committed, nothing here may turn it into an error page.
        transaction.on_commit(partial(enqueue, name, *args), robust=True)
    else:
        enqueue(name, *args)  # nothing to wait for: the rows are already committed


def email_queue(*, key: str, kind: str, message: EmailMessage) -> OutgoingEmail:
    """Queue one email in the caller's transaction; the same key again returns the first row.

    The send is handed to Celery only after the commit (and never if it rolls back); if the
    broker is down then, the row waits for the scan.
    """
    row = _row(key=key, kind=kind, message=message)
    fields = {f.attname: getattr(row, f.attname) for f in OutgoingEmail._meta.concrete_fields}
    defaults = {name: value for name, value in fields.items() if name not in ("id", "key")}
    email, created = OutgoingEmail.objects.get_or_create(key=key, defaults=defaults)
    if created:
        _enqueue_after_commit(SEND_TASK, email.pk)
    return email


def emails_queue(*, kind: str, messages: Sequence[tuple[str, EmailMessage]]) -> list[int]:
    """Queue many (key, message) in the caller's transaction, in a constant number of queries.

    Like `email_queue`, a key already queued is left as it is; the new rows are handed to one
    `outbox_send_batch` task after the commit, which sends them over one SMTP connection.
    Returns the new rows' ids.
    """
    rows = [_row(key=key, kind=kind, message=message) for key, message in messages]
    keys = [row.key for row in rows]
    existing = set(OutgoingEmail.objects.filter(key__in=keys).values_list("key", flat=True))
    # ignore_conflicts: a concurrent batch that queued the same key first wins, as above.
    new_rows = [row for row in rows if row.key not in existing]
    OutgoingEmail.objects.bulk_create(new_rows, ignore_conflicts=True)
    new_keys = [row.key for row in new_rows]
    ids = list(OutgoingEmail.objects.filter(key__in=new_keys).values_list("id", flat=True))
    if ids:
        _enqueue_after_commit(SEND_BATCH_TASK, ids)
    return ids


def templated_email_queue(
    *,
    key: str,
    kind: str,
    to: Recipient | str,
    template: str,
    context: dict[str, Any],
    language: str | None = None,
    attachments: Sequence[Attachment] = (),
    category: str | None = None,
) -> OutgoingEmail | None:
    """Render now, in the recipient's language and timezone, and queue the result.

    `category` marks email the person did not ask for (mentoring.core.optout): it carries the
    one-click unsubscribe, and nothing is queued (None) for someone who opted out of it.
    """
    optout = None
    if category is not None:
        optout = optout_for(to, category)
        if optout is None:
            return None
    message = build_templated(
        to=to,
        template=template,
        context=context,
        language=language,
        attachments=attachments,
        optout=optout,
    )
    return email_queue(key=key, kind=kind, message=message)


def in_business_transaction(using: str | None = None) -> bool:
    """Is a transaction open on this connection?

    The atomic block a test case wraps around each test (pytest-django's `db`) does not count:
    Django marks it `_from_testcase`, and ignores it the same way for `atomic(durable=True)`.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return not connection.get_autocommit()
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _claim(email_id: int) -> OutgoingEmail | None:
    now = timezone.now()
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or not email.claimable(now):
            return None
        if email.status == Status.SENDING and email.attempts >= MAX_ATTEMPTS:
            # Its worker died mid-send on the last attempt: give up rather than loop forever.
            email.status = Status.FAILED
            email.last_error = email.last_error or "The sending worker never reported back."
            email.save(update_fields=["status", "last_error"])
            return None
        email.status, email.claimed_at = Status.SENDING, now
        email.attempts += 1
        email.save(update_fields=["status", "claimed_at", "attempts"])
    return email


def _backoff(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def _release(email: OutgoingEmail, error: str) -> None:
    """Give the row back for a later attempt, or mark it failed once the budget is spent."""
    failed = email.attempts >= MAX_ATTEMPTS
    # Only our own claim: if it expired and another worker took the row, that one decides.
    OutgoingEmail.objects.filter(
        pk=email.pk, status=Status.SENDING, claimed_at=email.claimed_at
    ).update(
        status=Status.FAILED if failed else Status.PENDING,
        next_attempt_at=timezone.now() + _backoff(email.attempts),
        last_error=error[:2000],
    )


def _timeout() -> float:
    # Every Django backend accepts timeout; only SMTP uses it.
    return getattr(settings, "EMAIL_TIMEOUT", None) or SMTP_TIMEOUT


def _deliver(connection: Any, email: OutgoingEmail) -> bool:
    """Hand one claimed row to an open connection; a failure gives the row back for later."""
    try:
        sent = connection.send_messages([email.as_message()])
    except OSError as error:  # smtplib's errors, refused connections, timeouts
        logger.warning("Email %s not sent (attempt %s): %s", email.pk, email.attempts, error)
        _release(email, f"{type(error).__name__}: {error}")
        return False
    except Exception as error:
        logger.exception("Email %s could not be sent", email.pk)
        _release(email, f"{type(error).__name__}: {error}")
        return False
    if not sent:
        _release(email, "The email backend accepted nothing.")
        return False
    return True


def _stamp_sent(email_ids: Sequence[int]) -> None:
    OutgoingEmail.objects.filter(pk__in=list(email_ids)).exclude(status=Status.SENT).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )


def _refuse_inside_a_transaction() -> None:
    if in_business_transaction():
        raise RuntimeError("The outbox talks to SMTP: send after the transaction commits.")


def outbox_send(*, email_id: int) -> bool:
    """Send one queued email unless it was sent or another worker holds it; True if this did.

    Never inside a transaction: the SMTP server may take its time, and the email must not go
    out for a change that then rolls back.
    """
    _refuse_inside_a_transaction()
    email = _claim(email_id)
    if email is None or not _deliver(get_connection(timeout=_timeout()), email):
        return False
    _stamp_sent([email.pk])
    return True


def _claim_batch(email_ids: Sequence[int]) -> list[OutgoingEmail]:
    """Claim, in one short transaction, every row of the batch nobody sent or holds.

    skip_locked: a row another worker is claiming right now is theirs, not waited for.
    """
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            OutgoingEmail.objects.due(now)
            .filter(pk__in=list(email_ids))
            .select_for_update(skip_locked=True)
            .order_by("id")
        )
        spent = [r for r in rows if r.status == Status.SENDING and r.attempts >= MAX_ATTEMPTS]
        if spent:  # as in _claim: a worker died on the last attempt, give up
            OutgoingEmail.objects.filter(pk__in=[r.pk for r in spent]).update(
                status=Status.FAILED, last_error="The sending worker never reported back."
            )
        claimed = [r for r in rows if r not in spent]
        OutgoingEmail.objects.filter(pk__in=[r.pk for r in claimed]).update(
            status=Status.SENDING, claimed_at=now, attempts=models.F("attempts") + 1
        )
    for email in claimed:
        email.status, email.claimed_at, email.attempts = Status.SENDING, now, email.attempts + 1
    return claimed


def outbox_send_batch(*, email_ids: Sequence[int]) -> int:
    """Send a batch over one SMTP connection, each row at most once; returns how many this sent.

    A constant number of queries for the batch: one claim, one stamp at the end (plus one per
    failure). The stamp comes once for the batch, so a worker killed mid-batch leaves its
    claims to expire and the whole batch is sent again: the window the module docstring
    leaves open, a batch wide instead of an email wide.
    """
    _refuse_inside_a_transaction()
    emails = _claim_batch(email_ids)
    if not emails:
        return 0
    connection = get_connection(timeout=_timeout())
    try:
        connection.open()
    except Exception as error:  # the server cannot be reached: the whole batch waits
        logger.warning("Email batch of %s not sent: %s", len(emails), error)
        for email in emails:
            _release(email, f"{type(error).__name__}: {error}")
        return 0
    sent: list[int] = []  # filled as it goes: what went out is stamped even if a later row breaks
    try:
        for email in emails:
            if _deliver(connection, email):
                sent.append(email.pk)
    finally:
        try:
            connection.close()
        except Exception:  # a server that hangs up on QUIT has still accepted the batch
            logger.info("The SMTP connection did not close cleanly", exc_info=True)
        _stamp_sent(sent)
    return len(sent)


def outbox_due(*, limit: int = 1000) -> list[int]:
    """Ids of rows to send now: pending and due, or claimed by a worker that never came back."""
    due = OutgoingEmail.objects.due(timezone.now()).order_by("next_attempt_at", "id")
    return list(due.values_list("id", flat=True)[:limit])


def _enqueue_all(email_ids: Sequence[int]) -> None:
    # enqueue never raises for a broker that is down: what it could not hand over waits here.
    for email_id in email_ids:
        enqueue(SEND_TASK, email_id)


def outbox_flush(*, limit: int = 1000) -> int:
    """The beat scan: hand every due row to the broker again; returns how many were due."""
    ids = outbox_due(limit=limit)
    _enqueue_all(ids)
    return len(ids)


def outbox_retry(*, email_ids: Sequence[int]) -> int:
    """A coordinator's "send again": failed or pending rows go back to the queue, due now.

    Sent rows stay sent (exactly once), and a row being sent is left to its worker.
    """
    with transaction.atomic():
        rows = OutgoingEmail.objects.select_for_update().filter(
            pk__in=list(email_ids), status__in=[Status.PENDING, Status.FAILED]
        )
        ids = list(rows.values_list("id", flat=True))
        # A fresh budget of attempts; last_error stays to show what went wrong before.
        OutgoingEmail.objects.filter(pk__in=ids).update(
            status=Status.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
        transaction.on_commit(partial(_enqueue_all, ids), robust=True)
    return len(ids)


def oldest_unsent_age() -> timedelta | None:
    """How long the oldest email still on its way has waited (for the health endpoint)."""
    oldest = OutgoingEmail.objects.unsent().aggregate(oldest=models.Min("created"))["oldest"]
    return None if oldest is None else max(timezone.now() - oldest, timedelta(0))
