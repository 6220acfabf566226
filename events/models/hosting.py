"""What hosts send their registrants through the site."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models.events import Event


class HostMessage(models.Model):
    """A host's message to their registrants; the site sends it, so no address is revealed."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="host_messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=5000)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("message from a host")
        verbose_name_plural = _("messages from hosts")
        indexes = [models.Index(fields=["event", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.event} ({self.sent_at:%Y-%m-%d %H:%M})"
