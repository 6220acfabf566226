"""The emails a registration is due, each kind sent once."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models.registrations import Registration


class Reminder(models.Model):
    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation")
        DAY_BEFORE = "day_before", _("Day before")
        HOUR_BEFORE = "hour_before", _("Hour before")
        FOLLOW_UP = "follow_up", _("Follow-up")
        PROMOTION = "promotion", _("Promoted from the waitlist")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_at = models.DateTimeField(_("due at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="reminder_once_per_kind")
        ]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(sent_at__isnull=True), name="reminder_due")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.registration}"
