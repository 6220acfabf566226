"""The outbox: one row per email, written in the transaction of the change that causes it."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.core.fields import status_field

# A claim older than this is taken to belong to a worker that died mid-send. It must stay far
# longer than an SMTP conversation can last (outbox.SMTP_TIMEOUT), or a slow send is doubled.
LEASE = timedelta(minutes=10)
KEY_LENGTH = 500


def lease() -> timedelta:
    """LEASE, unless settings.OUTBOX_LEASE_SECONDS says otherwise.

    Only the fault tests shorten it: to watch a dead worker's email go out again in seconds.
    """
    return timedelta(seconds=getattr(settings, "OUTBOX_LEASE_SECONDS", LEASE.total_seconds()))


class OutgoingEmailQuerySet(models.QuerySet["OutgoingEmail"]):
    def due(self, now: datetime) -> OutgoingEmailQuerySet:
        """Waiting rows whose time has come, and rows whose sender vanished mid-send."""
        waiting = models.Q(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)
        abandoned = models.Q(status=OutgoingEmail.Status.SENDING, claimed_at__lt=now - lease())
        return self.filter(waiting | abandoned)

    def unsent(self) -> OutgoingEmailQuerySet:
        """Still on their way (failed rows wait for a coordinator, not for the queue)."""
        return self.filter(status__in=[OutgoingEmail.Status.PENDING, OutgoingEmail.Status.SENDING])


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # (kind, object, recipient): the same email can never be queued twice.
    key = models.CharField(_("key"), max_length=KEY_LENGTH, unique=True)
    kind = models.CharField(_("kind"), max_length=100)
    to = models.EmailField(_("to"), max_length=254)
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    text_body = models.TextField(_("text body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    # [[filename, content as text, mimetype], ...]
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Extra headers, e.g. Reply-To, List-Unsubscribe.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = status_field(default=Status.PENDING, max_length=10)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="core_outbox_due"),
            models.Index(fields=["status", "created"], name="core_outbox_oldest"),
        ]
        permissions = [("resend_outgoingemail", _("Can send an outgoing email again"))]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to}"

    def claimable(self, now: datetime) -> bool:
        if self.status == self.Status.PENDING:
            return self.next_attempt_at <= now
        if self.status == self.Status.SENDING:
            return self.claimed_at is None or self.claimed_at < now - lease()
        return False

    def as_message(self) -> EmailMultiAlternatives:
        """The email exactly as it was rendered when queued."""
        message = EmailMultiAlternatives(
            self.subject,
            self.text_body,
            self.from_email or settings.DEFAULT_FROM_EMAIL,
            [self.to],
            headers=dict(self.headers),
        )
        if self.html_body:
            message.attach_alternative(self.html_body, "text/html")
        for filename, content, mimetype in self.attachments:
            message.attach(filename, content, mimetype)
        return message
