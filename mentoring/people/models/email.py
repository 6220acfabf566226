"""Which emails a person did not ask for they still accept, one row per category they changed.

Only mail nobody asked for has a category (see mentoring.core.optout): confirmations, reminders
a person asked for and safety emails always go out. No row means subscribed, so a new account
gets prompts and nudges until it says otherwise.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailCategory(models.TextChoices):
    OBSERVANCES = "observances", _("National Mentoring Month days (observance prompts)")
    NUDGES = "nudges", _("Nudges about my mentoring (check-ins due, a quiet spell)")


class EmailPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    category = models.CharField(_("category"), max_length=20, choices=EmailCategory.choices)
    subscribed = models.BooleanField(_("subscribed"), default=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="email_preference_once")
        ]

    def __str__(self) -> str:
        state = "subscribed" if self.subscribed else "unsubscribed"
        return f"{self.user_id} {self.category}: {state}"
